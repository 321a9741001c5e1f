"""The acting user and what every service is built with."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.clock import Clock, utc_now
from app.errors import PermissionDenied, SessionRevoked
from app.security.permissions import Permission, Role, permissions_for
from db.models.security import User, UserRole

# Permissions a service required before opening its transaction, and for which actor:
# the transaction re-checks them against the user's roles as they are now.
_REQUIRED: ContextVar[tuple[Actor | None, frozenset[Permission]]] = ContextVar(
    "p2pdesk_required", default=(None, frozenset())
)
# Inside a transaction: the actor and the permissions their current roles grant.
_LIVE: ContextVar[tuple[Actor, frozenset[Permission]] | None] = ContextVar(
    "p2pdesk_live", default=None
)


def live_permissions(session: Session, actor: Actor) -> frozenset[Permission] | None:
    """What ``actor``'s roles grant now, read in ``session`` (one indexed read).

    None for the system actor. Raises SessionRevoked when the account is deactivated
    or gone: permissions are not a snapshot taken at login (issue 20 #15).
    """
    if actor.user_id is None:
        return None
    rows = session.execute(
        select(User.active, UserRole.role)
        .outerjoin(UserRole, UserRole.user_id == User.id)
        .where(User.id == actor.user_id)
    ).all()
    if not rows or not rows[0].active:
        raise SessionRevoked(
            f"The account {actor.username} was deactivated by an administrator; you are logged out."
        )
    roles = {Role(row.role) for row in rows if row.role is not None and row.role in _ROLES}
    return permissions_for(roles)


_ROLES = frozenset(str(r) for r in Role)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user, or the system (end of day, CLI)."""

    user_id: int | None
    username: str
    display_name: str
    roles: frozenset[Role]
    permissions: frozenset[Permission] = field(default=frozenset())

    @classmethod
    def for_user(
        cls, user_id: int | None, username: str, display_name: str, roles: frozenset[Role]
    ) -> Actor:
        return cls(user_id, username, display_name, roles, permissions_for(roles))

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """The actor for unattended work (end of day, init). Holds every permission."""
        return cls(None, name, name, frozenset({Role.ADMIN}), frozenset(Permission))

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


@dataclass(frozen=True)
class ServiceContext:
    """Sessions plus the acting user plus the clock; every service is built with one."""

    sessions: sessionmaker[Session]
    actor: Actor
    clock: Clock = utc_now

    def now(self) -> datetime:
        return self.clock()

    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied unless the actor holds ``permission``.

        Checked at once against the login snapshot, and again against the user's
        current roles: immediately when called inside ``transaction()``, else by the
        next ``transaction()`` this actor opens in this thread.
        """
        if not self.actor.can(permission):
            raise PermissionDenied(
                f"{self.actor.username} may not do this (needs permission '{permission}')"
            )
        live = _LIVE.get()
        if live is not None and live[0] == self.actor:
            if permission not in live[1]:
                raise self._revoked(permission)
            return
        actor, required = _REQUIRED.get()
        if actor != self.actor:
            required = frozenset()
        _REQUIRED.set((self.actor, required | {permission}))

    def _revoked(self, permission: Permission) -> PermissionDenied:
        return PermissionDenied(
            f"{self.actor.username} no longer holds permission '{permission}': "
            "an administrator changed your roles since you logged in"
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: a session in a transaction, committed on success.

        Opens by reading the acting user's status and roles as they are now: a
        deactivated account is refused (SessionRevoked), and so is any permission
        required for this call that the current roles no longer grant.
        """
        actor, required = _REQUIRED.get()
        if actor == self.actor:
            _REQUIRED.set((None, frozenset()))
        else:
            required = frozenset()
        with self.sessions.begin() as session:
            live = live_permissions(session, self.actor)
            if live is None:
                yield session
                return
            for permission in sorted(required):
                if permission not in live:
                    raise self._revoked(permission)
            token = _LIVE.set((self.actor, live))
            try:
                yield session
            finally:
                _LIVE.reset(token)

    def as_actor(self, actor: Actor) -> ServiceContext:
        return ServiceContext(self.sessions, actor, self.clock)
