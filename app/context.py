"""The acting user and what every service is built with."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from app.clock import Clock, utc_now
from app.errors import PermissionDenied
from app.security.permissions import Permission, Role, permissions_for


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
        """Raise PermissionDenied unless the actor holds ``permission``."""
        if not self.actor.can(permission):
            raise PermissionDenied(
                f"{self.actor.username} may not do this (needs permission '{permission}')"
            )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: a session in a transaction, committed on success."""
        with self.sessions.begin() as session:
            yield session

    def as_actor(self, actor: Actor) -> ServiceContext:
        return ServiceContext(self.sessions, actor, self.clock)
