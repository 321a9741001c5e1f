"""Login, lockout and user administration."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.clock import Clock, utc_now
from app.context import Actor, ServiceContext
from app.errors import (
    AuthenticationError,
    ConflictError,
    NotFound,
    PermissionDenied,
    StateError,
    ValidationError,
)
from app.security import audit
from app.security.passwords import fingerprint, hash_password, needs_rehash, verify_password
from app.security.permissions import Permission, Role
from db.models.security import User, UserRole

log = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
USER_KINDS = ("person", "service")
_USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
# A real hash of a random password: verifying against it costs as much as a real
# check, so an unknown user name takes as long as a wrong password.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=2$r0d7URt8eMjJn/y64i7PJw$"
    "UbnBlvMVqUzfRSTvMOw8hKPTCaKSHT7HwGk89jXdH9Q"
)


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool
    locked_until: datetime | None
    failed_logins: int
    last_login_at: datetime | None
    version: int
    kind: str = "person"
    #: "create" or "grant" while a change waits for a second admin, else None.
    pending_change: str | None = None
    pending_roles: frozenset[Role] = frozenset()
    pending_by: int | None = None


def _roles_text(roles: set[Role] | frozenset[Role]) -> str:
    return ",".join(sorted(str(r) for r in roles))


def _roles_of(text: str | None) -> frozenset[Role]:
    return frozenset(Role(r) for r in (text or "").split(",") if r)


def _info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=frozenset(Role(r.role) for r in user.roles),
        active=user.active,
        locked_until=user.locked_until,
        failed_logins=user.failed_logins,
        last_login_at=user.last_login_at,
        version=user.version,
        kind=user.kind,
        pending_change=user.pending_change,
        pending_roles=_roles_of(user.pending_roles),
        pending_by=user.pending_by,
    )


def _snapshot(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "roles": sorted(r.role for r in user.roles),
        "active": user.active,
        "locked_until": user.locked_until,
        "kind": user.kind,
        "pending_change": user.pending_change,
        "pending_roles": user.pending_roles,
        "pending_by": user.pending_by,
        "password": fingerprint(user.password_hash),
    }


def validate_username(username: str) -> str:
    name = username.strip().lower()
    if not 3 <= len(name) <= 64 or not set(name) <= _USERNAME_CHARS:
        raise ValidationError(
            "username", "use 3 to 64 characters: letters, digits, dot, dash or underscore"
        )
    return name


def authenticate(
    sessions: sessionmaker[Session],
    username: str,
    password: str,
    clock: Clock = utc_now,
    *,
    service_ok: bool = False,
) -> Actor:
    """Check a login. Five failures in a row lock the account for 15 minutes.

    The failure counter is committed even when the login fails. Service accounts
    authenticate only where ``service_ok`` (commands), never in the client.
    """
    now = clock()
    name = username.strip().lower()
    failure: str | None = None
    with sessions.begin() as session:
        # A workstation without the master key cannot sign the audit trail: its users
        # still log in (to enter the key, or read), their logins only logged here.
        signed = audit.can_sign(session)
        user = session.scalar(select(User).where(User.username == name))
        if user is None:
            verify_password(_DUMMY_HASH, password)
            failure = "Wrong user name or password."
        elif user.pending_change == "create":
            failure = "This account waits for a second administrator's approval."
        elif user.kind == "service" and not service_ok:
            failure = "This is a service account; it runs commands and cannot log in here."
        elif not user.active:
            failure = "This account is deactivated. Ask an administrator."
        elif user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            failure = (
                f"This account is locked after {MAX_FAILED_LOGINS} failed logins. "
                f"Try again in {minutes} minutes or ask an administrator."
            )
        elif not verify_password(user.password_hash, password):
            user.failed_logins += 1
            system = Actor.system()
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
                _record_login(
                    signed,
                    session,
                    system,
                    "user.locked",
                    "user",
                    user.id,
                    now=now,
                    after={"locked_until": user.locked_until},
                )
                failure = (
                    f"Wrong password. The account is now locked for "
                    f"{int(LOCKOUT.total_seconds() // 60)} minutes."
                )
            else:
                _record_login(
                    signed,
                    session,
                    system,
                    "user.login_failed",
                    "user",
                    user.id,
                    now=now,
                    after={"failed_logins": user.failed_logins},
                )
                failure = "Wrong user name or password."
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            rehashed = signed and needs_rehash(user.password_hash)
            if rehashed:
                user.password_hash = hash_password(password)
            roles = frozenset(Role(r.role) for r in user.roles)
            actor = Actor.for_user(user.id, user.username, user.display_name, roles)
            if rehashed:
                audit.record(
                    session, actor, "user.password_rehashed", "user", user.id, now=now,
                    after={"password": fingerprint(user.password_hash)},
                )  # fmt: skip
            _record_login(signed, session, actor, "user.login", "user", user.id, now=now)
    if failure is not None:
        raise AuthenticationError(failure)
    return actor


def _record_login(signed: bool, session: Session, *args: Any, **kwargs: Any) -> None:
    if signed:
        audit.record(session, *args, **kwargs)
    else:
        log.warning("unsigned workstation: %s for user %s not audited", args[1], args[3])


class UserService:
    """Admin use cases: create users, assign roles, reset passwords, deactivate."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list_users(self) -> list[UserInfo]:
        self.ctx.require(Permission.USER_MANAGE)
        with self.ctx.transaction() as session:
            return [_info(u) for u in session.scalars(select(User).order_by(User.username))]

    def create_user(
        self,
        username: str,
        display_name: str,
        password: str,
        roles: set[Role],
        kind: str = "person",
    ) -> UserInfo:
        """Request a new user: the account exists but cannot log in, and holds no role,
        until a second administrator approves it (maker-checker, issue 20 #16).
        ``kind`` "service" makes a service account, which runs commands only."""
        self.ctx.require(Permission.USER_MANAGE)
        name = validate_username(username)
        if not display_name.strip():
            raise ValidationError("display name", "is required")
        if not roles:
            raise ValidationError("roles", "choose at least one role")
        if kind not in USER_KINDS:
            raise ValidationError("kind", f"is 'person' or 'service', not '{kind}'")
        password_hash = hash_password(password)
        with self.ctx.transaction() as session:
            if session.scalar(select(User.id).where(User.username == name)) is not None:
                raise ValidationError("username", f"'{name}' is already taken")
            user = User(
                username=name,
                display_name=display_name.strip(),
                password_hash=password_hash,
                must_change_password=False,
                active=False,
                kind=kind,
                pending_change="create",
                pending_roles=_roles_text(roles),
                pending_by=self.ctx.actor.user_id,
                roles=[],
            )
            session.add(user)
            session.flush()
            audit.record(
                session,
                self.ctx.actor,
                "user.created",
                "user",
                user.id,
                now=self.ctx.now(),
                after=_snapshot(user),
            )
            return _info(user)

    def approve(self, user_id: int, version: int | None = None) -> UserInfo:
        """A second administrator applies a pending creation or role grant. The one
        who asked for it, and the user it concerns, may not approve it."""
        return self._decide(user_id, version, approve=True)

    def reject(self, user_id: int, version: int | None = None) -> UserInfo:
        """Drop a pending change (the requester may withdraw it). A rejected creation
        leaves the account inactive without roles."""
        return self._decide(user_id, version, approve=False)

    def _decide(self, user_id: int, version: int | None, *, approve: bool) -> UserInfo:
        self.ctx.require(Permission.USER_MANAGE)
        me = self.ctx.actor.user_id
        try:
            with self.ctx.transaction() as session:
                user = self._load(session, user_id, version)
                before = _snapshot(user)
                change = user.pending_change
                if change is None:
                    raise StateError(f"user {user.username} has no change waiting for approval")
                if approve and (me is None or me in (user.pending_by, user.id)):
                    who = "you asked for" if me == user.pending_by else "it concerns you"
                    raise PermissionDenied(
                        f"{self.ctx.actor.username} may not approve this change to "
                        f"{user.username} ({who}); a second administrator must"
                    )
                if approve:
                    wanted = _roles_of(user.pending_roles)
                    have = {r.role for r in user.roles}
                    user.roles.extend(
                        UserRole(role=r) for r in sorted(str(w) for w in wanted) if r not in have
                    )
                    if change == "create":
                        user.active = True
                user.pending_change = user.pending_roles = user.pending_by = None
                session.flush()
                audit.record(
                    session,
                    self.ctx.actor,
                    f"user.{change}_{'approved' if approve else 'rejected'}",
                    "user",
                    user.id,
                    now=self.ctx.now(),
                    before=before,
                    after=_snapshot(user),
                )
                return _info(user)
        except StaleDataError as exc:
            raise ConflictError("the user was changed by someone else; reload") from exc

    def _load(self, session: Session, user_id: int, version: int | None) -> User:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"user {user_id} does not exist")
        if version is not None and user.version != version:
            raise ConflictError(
                f"user {user.username} was changed by someone else; reload and try again"
            )
        return user

    def _update(
        self, user_id: int, version: int | None, action: str, change: str, **values: object
    ) -> UserInfo:
        self.ctx.require(Permission.USER_MANAGE)
        try:
            with self.ctx.transaction() as session:
                user = self._load(session, user_id, version)
                before = _snapshot(user)
                if change == "roles":
                    roles = values["roles"]
                    assert isinstance(roles, set)
                    if not roles:
                        raise ValidationError("roles", "choose at least one role")
                    if user.id == self.ctx.actor.user_id and Role.ADMIN not in roles:
                        raise ValidationError("roles", "you cannot remove your own admin role")
                    if user.pending_change == "create":
                        raise StateError(
                            f"user {user.username} waits for approval; approve or reject it first"
                        )
                    wanted = {str(r) for r in roles}
                    # Removing a role takes effect at once; adding one waits for a
                    # second administrator (maker-checker, issue 20 #16).
                    user.roles = [r for r in user.roles if r.role in wanted]
                    have = {r.role for r in user.roles}
                    if wanted - have:
                        user.pending_change = "grant"
                        user.pending_roles = ",".join(sorted(wanted - have))
                        user.pending_by = self.ctx.actor.user_id
                    else:
                        user.pending_change = user.pending_roles = user.pending_by = None
                elif change == "password":
                    user.password_hash = str(values["password_hash"])
                    user.failed_logins = 0
                    user.locked_until = None
                    user.must_change_password = True
                elif change == "active":
                    if user.id == self.ctx.actor.user_id and not values["active"]:
                        raise ValidationError("user", "you cannot deactivate yourself")
                    if user.pending_change == "create":
                        raise StateError(
                            f"user {user.username} waits for approval; approve or reject it first"
                        )
                    user.active = bool(values["active"])
                elif change == "unlock":
                    user.failed_logins = 0
                    user.locked_until = None
                elif change == "display_name":
                    user.display_name = str(values["display_name"])
                session.flush()
                audit.record(
                    session,
                    self.ctx.actor,
                    action,
                    "user",
                    user.id,
                    now=self.ctx.now(),
                    before=before,
                    after=_snapshot(user),
                )
                return _info(user)
        except StaleDataError as exc:
            raise ConflictError("the user was changed by someone else; reload") from exc

    def set_roles(self, user_id: int, roles: set[Role], version: int | None = None) -> UserInfo:
        return self._update(user_id, version, "user.roles_changed", "roles", roles=set(roles))

    def reset_password(self, user_id: int, new_password: str) -> UserInfo:
        password_hash = hash_password(new_password)
        return self._update(
            user_id, None, "user.password_reset", "password", password_hash=password_hash
        )

    def deactivate(self, user_id: int, version: int | None = None) -> UserInfo:
        return self._update(user_id, version, "user.deactivated", "active", active=False)

    def reactivate(self, user_id: int, version: int | None = None) -> UserInfo:
        return self._update(user_id, version, "user.reactivated", "active", active=True)

    def unlock(self, user_id: int) -> UserInfo:
        return self._update(user_id, None, "user.unlocked", "unlock")


def change_own_password(ctx: ServiceContext, old_password: str, new_password: str) -> None:
    """The logged-in user changes their own password."""
    if ctx.actor.user_id is None:
        raise ValidationError("user", "the system account has no password")
    new_hash = hash_password(new_password)
    with ctx.transaction() as session:
        user = session.get(User, ctx.actor.user_id)
        if user is None or not verify_password(user.password_hash, old_password):
            raise AuthenticationError("The current password is wrong.")
        user.password_hash = new_hash
        user.must_change_password = False
        audit.record(
            session, ctx.actor, "user.password_changed", "user", user.id, now=ctx.now(),
            after={"password": fingerprint(new_hash)},
        )  # fmt: skip


def must_change_password(sessions: sessionmaker[Session], user_id: int) -> bool:
    """Whether the user must choose a new password before working (set when an
    administrator resets it). Read-only; any thread."""
    with sessions() as session:
        flag = session.scalar(select(User.must_change_password).where(User.id == user_id))
    return bool(flag)


def verify_current_password(ctx: ServiceContext, password: str) -> bool:
    """Unlock an idle-locked window: is this the logged-in user's password?"""
    with ctx.sessions() as session:
        user = session.get(User, ctx.actor.user_id)
        return user is not None and user.active and verify_password(user.password_hash, password)
