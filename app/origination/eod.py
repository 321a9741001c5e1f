"""End-of-day step: expire applications nobody finished.

Information requests past their due date, and open applications untouched for
``origination.expire_after_days``, become expired. Set-based, restartable.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.context import Actor, ServiceContext
from app.eod import EodStep
from app.origination.records import move
from app.origination.status import OPEN, Status
from app.settings import get_setting
from db.models.origination import Application

BATCH = 500


def expire_stale(sessions: sessionmaker[Session], day: date) -> int:
    ctx = ServiceContext(sessions, Actor.system("eod"))
    changed = 0
    while True:
        with sessions.begin() as session:
            days = int(get_setting(session, "origination.expire_after_days"))
            cutoff = datetime.combine(day - timedelta(days=days), time.min, tzinfo=UTC)
            rows = session.scalars(
                select(Application)
                .where(
                    or_(
                        and_(
                            Application.status == Status.INFO_REQUESTED.value,
                            Application.info_due < day,
                        ),
                        and_(
                            Application.status.in_([s.value for s in OPEN]),
                            Application.status_changed_at < cutoff,
                        ),
                    )
                )
                .order_by(Application.id)
                .limit(BATCH)
            ).all()
            for app in rows:
                move(session, ctx, app, Status.EXPIRED, "application.expired", business_date=day)
            changed += len(rows)
        if len(rows) < BATCH:
            return changed


def origination_steps() -> list[EodStep]:
    return [EodStep("origination.expire", expire_stale)]
