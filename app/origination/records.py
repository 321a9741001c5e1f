"""Shared service plumbing: loading an application for a change under the
optimistic version check, status moves with their audit event, plain results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.errors import ConflictError, NotFound
from app.origination.status import LABELS, Status, check_transition
from app.security import audit
from app.security.redact import redact_pii
from db.models.audit import AuditEvent
from db.models.origination import Application

ENTITY = "application"


class GateLike(Protocol):
    @property
    def ok(self) -> bool: ...
    @property
    def state(self) -> str: ...
    @property
    def missing(self) -> list[str]: ...
    @property
    def reason(self) -> str: ...


KycGate = Callable[[Session, int], GateLike]


def default_kyc_gate(session: Session, customer_id: int) -> GateLike:
    """The KYC feature's gate (imported late so origination has no import-time tie)."""
    from app.kyc.gate import kyc_gate

    return kyc_gate(session, customer_id)


@dataclass(frozen=True)
class ApplicationRef:
    """What changed: enough for a view to refresh its row."""

    id: int
    number: str
    status: str
    version: int
    assigned_to: int | None


def ref(app: Application) -> ApplicationRef:
    return ApplicationRef(app.id, app.number, app.status, app.version, app.assigned_to)


def last_changer(session: Session, app_id: int) -> str:
    name = session.scalar(
        select(AuditEvent.actor_name)
        .where(AuditEvent.entity == ENTITY, AuditEvent.entity_id == str(app_id))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )
    return name or "another user"


def load_for_change(session: Session, app_id: int, version: int | None) -> Application:
    """The application, locked for this transaction; ConflictError naming who changed
    it when ``version`` is not the one the user was looking at."""
    app = session.get(Application, app_id, with_for_update=True)
    if app is None:
        raise NotFound(f"application {app_id} does not exist")
    if version is not None and app.version != version:
        who = last_changer(session, app_id)
        raise ConflictError(
            f"Application {app.number} was changed by {who} while you were looking at it "
            f"(it is now {LABELS[Status(app.status)]}). Reload it and try again."
        )
    return app


def move(
    session: Session,
    ctx: ServiceContext,
    app: Application,
    target: Status,
    action: str,
    **details: Any,
) -> None:
    """Check and apply one status transition and append its audit event."""
    if isinstance(details.get("note"), str):
        details["note"] = redact_pii(details["note"])
    before = app.status
    check_transition(before, target)
    app.status = target.value
    app.status_changed_at = ctx.now()
    session.flush()
    audit.record(
        session,
        ctx.actor,
        action,
        ENTITY,
        app.id,
        now=ctx.now(),
        before={"status": before},
        after={"status": target.value, **details},
    )
