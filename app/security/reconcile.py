"""``p2pdesk verify``: users' roles and password hashes against the audit trail.

Every service that grants roles or sets a password records the result in its audit
event (``roles``; ``password``, a fingerprint of the hash), and the chain protects
those events. A role row inserted, or a hash swapped, straight in the database
therefore disagrees with the user's latest audited state. Users are few, so the
latest event per user is read once and compared in memory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.security.passwords import fingerprint
from app.verify import CheckResult
from db.models.audit import AuditEvent
from db.models.security import User, UserRole

# User events that carry no state (and are the bulk of them).
_STATELESS = ("user.login", "user.login_failed", "user.locked")


@dataclass
class _Audited:
    roles: tuple[int, list[str]] | None = None  # (event seq, roles)
    password: tuple[int, str] | None = None  # (event seq, fingerprint)
    seen: list[int] = field(default_factory=list)


def _audited_state(session: Session) -> dict[int, _Audited]:
    state: dict[int, _Audited] = {}
    rows = session.execute(
        select(AuditEvent.seq, AuditEvent.entity_id, AuditEvent.after_json)
        .where(
            AuditEvent.entity == "user",
            AuditEvent.action.not_in(_STATELESS),
            AuditEvent.after_json.is_not(None),
        )
        .order_by(AuditEvent.seq)
    )
    for seq, entity_id, after_json in rows:
        if not entity_id.isdigit():
            continue
        after = json.loads(after_json or "{}")
        audited = state.setdefault(int(entity_id), _Audited())
        if isinstance(after.get("roles"), list):
            audited.roles = (seq, sorted(str(r) for r in after["roles"]))
        if isinstance(after.get("password"), str):
            audited.password = (seq, after["password"])
    return state


def _initial_admin(session: Session) -> str | None:
    """Databases initialised before users' creation was audited name their first admin
    in the ``platform.initialised`` event only."""
    after = session.scalar(
        select(AuditEvent.after_json)
        .where(AuditEvent.action == "platform.initialised")
        .order_by(AuditEvent.seq)
        .limit(1)
    )
    admin = json.loads(after).get("admin") if after else None
    return str(admin) if admin else None


def check_users(session: Session) -> CheckResult:
    name = "user roles and passwords"
    audited = _audited_state(session)
    roles: dict[int, list[str]] = {}
    for user_id, role in session.execute(select(UserRole.user_id, UserRole.role)):
        roles.setdefault(int(user_id), []).append(role)
    first_admin = _initial_admin(session)
    users = session.execute(select(User.id, User.username, User.password_hash).order_by(User.id))
    for user_id, username, password_hash in users:
        have = sorted(roles.get(user_id, []))
        state = audited.get(user_id, _Audited())
        if state.roles is not None:
            granted, where = state.roles[1], f"audit event {state.roles[0]}"
        elif username == first_admin:
            granted, where = ["admin"], "the initialisation"
        else:
            granted, where = [], "no audit event"
        if have != granted:
            return CheckResult(
                name, False,
                f"user {username} (id {user_id}) holds roles {', '.join(have) or 'none'} but "
                f"{where} granted {', '.join(granted) or 'none'}",
            )  # fmt: skip
        if state.password is not None and state.password[1] != fingerprint(password_hash):
            return CheckResult(
                name, False,
                f"user {username} (id {user_id}): the password hash is not the one audit "
                f"event {state.password[0]} recorded (replaced in the database)",
            )  # fmt: skip
    return CheckResult(name, True, "every user's roles and password match the audit trail")
