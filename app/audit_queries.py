"""Read model of the audit trail for the audit viewer: filtered keyset pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.context import ServiceContext
from app.security.permissions import Permission
from db.models.audit import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    """Empty fields do not filter. Dates are whole days in UTC, both inclusive."""

    actor_name: str = ""
    entity: str = ""
    date_from: date | None = None
    date_to: date | None = None
    newest_first: bool = True


@dataclass(frozen=True)
class AuditRow:
    seq: int
    occurred_at: datetime
    actor_name: str
    action: str
    entity: str
    entity_id: str
    before_json: str | None
    after_json: str | None


def _filtered(flt: AuditFilter) -> Select[AuditEvent]:
    query = select(AuditEvent)
    if flt.actor_name.strip():
        query = query.where(AuditEvent.actor_name == flt.actor_name.strip().lower())
    if flt.entity.strip():
        query = query.where(AuditEvent.entity == flt.entity.strip())
    if flt.date_from is not None:
        start = datetime.combine(flt.date_from, time.min, tzinfo=UTC)
        query = query.where(AuditEvent.occurred_at >= start)
    if flt.date_to is not None:
        end = datetime.combine(flt.date_to + timedelta(days=1), time.min, tzinfo=UTC)
        query = query.where(AuditEvent.occurred_at < end)
    return query


def audit_page(
    session: Session, flt: AuditFilter, after_seq: int | None, limit: int
) -> list[AuditRow]:
    """One page of events in sequence order, after ``after_seq`` (keyset, no OFFSET)."""
    query = _filtered(flt)
    if flt.newest_first:
        if after_seq is not None:
            query = query.where(AuditEvent.seq < after_seq)
        query = query.order_by(AuditEvent.seq.desc())
    else:
        if after_seq is not None:
            query = query.where(AuditEvent.seq > after_seq)
        query = query.order_by(AuditEvent.seq.asc())
    return [
        AuditRow(
            e.seq,
            e.occurred_at,
            e.actor_name,
            e.action,
            e.entity,
            e.entity_id,
            e.before_json,
            e.after_json,
        )
        for e in session.scalars(query.limit(limit))
    ]


def audit_entities(session: Session) -> list[str]:
    """The kinds of entity the trail mentions (served by the entity index)."""
    return list(session.scalars(select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)))


class AuditViewer:
    """The audit viewer's use cases: read only, for admins and auditors."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def page(self, flt: AuditFilter, after_seq: int | None, limit: int) -> list[AuditRow]:
        self.ctx.require(Permission.AUDIT_VIEW)
        with self.ctx.sessions() as session:
            return audit_page(session, flt, after_seq, limit)

    def entities(self) -> list[str]:
        self.ctx.require(Permission.AUDIT_VIEW)
        with self.ctx.sessions() as session:
            return audit_entities(session)

    def recent_alerts(self, hours: int = 24) -> int:
        """Security alerts (entity ``security_alert``) raised in the last ``hours``."""
        from app.customers.reveal import recent_alerts

        self.ctx.require(Permission.AUDIT_VIEW)
        with self.ctx.sessions() as session:
            return recent_alerts(session, self.ctx.now(), hours)
