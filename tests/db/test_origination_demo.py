"""The demo fills the underwriter's desk: every status, scored, gated by KYC."""

from __future__ import annotations

from sqlalchemy import func, select

from app.context import Actor, ServiceContext
from app.demo import fill_demo
from app.kyc.gate import kyc_gate
from app.origination.status import Status
from app.settings import get_setting
from db.models.kyc import KycChecklist
from db.models.loans import Loan
from db.models.origination import Application, ApplicationScorePart, Scorecard
from tests.support import TestDB


def test_demo_applications_cover_every_status(sqlite_db: TestDB) -> None:
    ctx = ServiceContext(sqlite_db.sessions, Actor.system("demo"))
    summary = fill_demo(ctx, sqlite_db.vault, 70, 7)
    assert summary.extra is not None and summary.extra["applications"] >= 30
    with sqlite_db.sessions() as s:
        apps = s.scalars(select(Application)).all()
        assert {a.status for a in apps} == {st.value for st in Status}
        card = s.scalars(select(Scorecard).where(Scorecard.active.is_(True))).one()
        assert all(a.scorecard_id == card.id and a.grade for a in apps)
        parts = s.scalar(select(func.count()).select_from(ApplicationScorePart))
        assert parts == 6 * len(apps)
        threshold = int(get_setting(s, "origination.four_eyes_threshold"))
        assert any(a.amount > threshold for a in apps if a.status == Status.RECOMMENDED.value)
        assert len({a.grade for a in apps}) >= 4
        with_checklist = set(s.scalars(select(KycChecklist.customer_id)))
        assert {a.customer_id for a in apps} <= with_checklist
        gates = {a.customer_id: kyc_gate(s, a.customer_id).ok for a in apps}
        assert not all(gates.values())  # some wait on KYC
        lent = ("approved", "funding", "disbursed")
        assert all(gates[a.customer_id] for a in apps if a.status in lent)
        for a in apps:
            if a.status == Status.DISBURSED.value:
                loan = s.get(Loan, a.loan_id)
                assert loan is not None and loan.principal == a.offer_amount
            if a.status == Status.RECOMMENDED.value:
                assert a.recommended_by is not None and a.decided_by is None
            if a.status == Status.DECLINED.value:
                assert a.decline_reasons
