"""Revealing personal data needs a reason (recorded in the audit event) and is limited
per user per hour, with an alert the admins see beyond it. Every backend (issue 20, item 4)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.audit_queries import AuditFilter, AuditViewer
from app.context import ServiceContext
from app.customers.reveal import RevealLimitReached
from app.customers.service import CustomerService
from app.errors import ValidationError
from app.security.permissions import Role
from app.settings import SettingsService
from db.models.audit import AuditEvent
from tests.kyc_support import new_customer
from tests.support import TestDB

PHONE = "13712345678"


def _events(db: TestDB, action: str) -> list[AuditEvent]:
    with db.sessions() as s:
        return list(
            s.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        )


def test_reveal_asks_a_reason_and_audits_it(db: TestDB) -> None:
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer, phone=PHONE)
    service = CustomerService(officer, db.vault)
    for reason, detail in (("", ""), ("because", ""), ("other", "   ")):
        with pytest.raises(ValidationError, match="reason"):
            service.reveal(cid, "phone", reason, detail)
    assert _events(db, "pii.revealed") == []

    assert service.reveal(cid, "phone", "kyc_review") == PHONE
    typed = "customer 13812345678 asked for a letter"
    assert service.reveal(cid, "phone", "other", typed) == PHONE
    after = [json.loads(e.after_json or "{}") for e in _events(db, "pii.revealed")]
    assert after[0] == {"field": "phone", "reason": "kyc_review"}
    assert after[1] == {
        "field": "phone",
        "reason": "other",
        "reason_detail": "customer *******5678 asked for a letter",
    }


def test_reveals_beyond_the_hourly_allowance_are_refused_and_alert_the_admins(
    db: TestDB,
) -> None:
    SettingsService(db.admin()).set("security.reveals_per_hour", 3)
    officer = db.user(Role.KYC_OFFICER)
    cid = new_customer(db, officer, phone=PHONE)
    start = datetime.now(UTC)
    moment = [start]
    timed = ServiceContext(officer.sessions, officer.actor, lambda: moment[0])
    service = CustomerService(timed, db.vault)
    for _ in range(3):
        assert service.reveal(cid, "phone", "verification_call") == PHONE
        moment[0] += timedelta(minutes=1)
    for _ in range(2):  # refused; one alert for the hour, not one per attempt
        with pytest.raises(RevealLimitReached, match="3"):
            service.reveal(cid, "phone", "verification_call")
    assert len(_events(db, "pii.revealed")) == 3
    alerts = _events(db, "security.alert")
    assert len(alerts) == 1
    assert alerts[0].entity == "security_alert"
    assert alerts[0].entity_id == str(officer.actor.user_id)
    assert json.loads(alerts[0].after_json or "{}")["reveals_last_hour"] == 3
    # what the admin's client reads
    viewer = AuditViewer(db.admin())
    assert viewer.recent_alerts() == 1
    assert [r.action for r in viewer.page(AuditFilter(entity="security_alert"), None, 10)] == [
        "security.alert"
    ]
    # another user is not limited by the first one's reveals
    other = CustomerService(db.user(Role.KYC_OFFICER), db.vault)
    assert other.reveal(cid, "phone", "complaint_handling") == PHONE
    # an hour after the first reveal the allowance comes back
    moment[0] = start + timedelta(hours=1, seconds=1)
    assert service.reveal(cid, "phone", "verification_call") == PHONE
