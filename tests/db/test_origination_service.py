"""Origination services on every backend: intake, import, take next, decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import ConflictError, PermissionDenied, StateError, ValidationError
from app.origination.csv_import import COLUMNS
from app.origination.decisions import DecisionService
from app.origination.detail import ApplicationQueries
from app.origination.intake import IntakeError
from app.origination.queries import OPEN_STATUSES, QueueFilter, QueueRow, QueueSort
from app.origination.service import ApplicationService
from app.security.permissions import Role
from app.settings import SettingsService
from db.models.origination import Application, ApplicationScorePart, Scorecard
from tests.db.desk_helpers import FakeClock, timed
from tests.origination_support import FakeGate, form, make_customer, make_product
from tests.support import TestDB


def _setup(db: TestDB) -> tuple[ApplicationService, int]:
    make_product(db)
    clerk = db.user(Role.UNDERWRITER)
    return ApplicationService(clerk, db.vault), make_customer(db)


def test_submit_scores_with_the_stored_scorecard(db: TestDB) -> None:
    svc, customer = _setup(db)
    made = svc.submit(form(), customer_id=customer)
    assert made.status == "submitted" and made.number.startswith("AP")
    with db.sessions() as s:
        app = s.get(Application, made.id)
        assert app is not None
        card = s.scalars(select(Scorecard)).one()
        assert app.scorecard_id == card.id and card.version == 1
        parts = s.scalars(
            select(ApplicationScorePart).where(ApplicationScorePart.application_id == app.id)
        ).all()
        assert len(parts) == 6 and sum(p.points for p in parts) == app.score
        assert app.grade in "ABCDEFG" and app.recommended_rate is not None


def test_intake_names_each_bad_field_including_product_range(db: TestDB) -> None:
    svc, customer = _setup(db)
    with pytest.raises(IntakeError) as caught:
        svc.submit(form(amount="600000", term="48"), customer_id=customer)
    assert set(caught.value.errors) == {"amount", "term"}
    assert "500,000.00" in caught.value.errors["amount"]
    with pytest.raises(IntakeError) as caught:
        svc.submit(form(product="NOPE", bureau_score="100"))
    assert set(caught.value.errors) == {"customer", "bureau_score"}
    with pytest.raises(IntakeError, match="not an active product"):
        svc.submit(form(product="NOPE"), customer_id=customer)


ID1, ID2 = "11010519491231002X", "110105194912310038"


def _csv_text() -> str:
    rows = [
        f"W-1,individual,李四,{ID1},13800138000,PL,8000,12,rent,9000,0,700,2,0,1",
        f"W-2,individual,王五,{ID2},13800138001,PL,abc,12,rent,9000,0,700,2,0,1",
        f"W-3,individual,王五,{ID2},13800138001,PL,8000,99,rent,9000,0,700,2,0,1",
        f"W-4,individual,王五,{ID2},13800138001,PL,9000,6,car,9000,0,650,2,0,1",
    ]
    return ",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n"


def test_csv_import_lists_rejections_and_is_idempotent(db: TestDB) -> None:
    svc, _ = _setup(db)
    first = svc.import_csv(_csv_text())
    assert [r.external_id for r in first.accepted] == ["W-1", "W-4"]
    assert [(r.line, r.external_id) for r in first.rejected] == [(3, "W-2"), (4, "W-3")]
    assert "Term" in first.rejected[1].reason
    again = svc.import_csv(_csv_text())
    assert again.accepted == () and len(again.already_imported) == 2
    with db.sessions() as s:
        assert len(s.scalars(select(Application)).all()) == 2


def _three(db: TestDB) -> tuple[ApplicationService, int, list[int]]:
    svc, customer = _setup(db)
    ids = []
    for amount in ("20000", "30000", "80000"):
        ids.append(svc.submit(form(amount=amount), customer_id=customer).id)
    return svc, customer, ids


def test_take_next_assigns_oldest_unassigned(db: TestDB) -> None:
    _, _, ids = _three(db)
    uw1 = DecisionService(db.user(Role.UNDERWRITER), FakeGate())
    uw2 = DecisionService(db.user(Role.UNDERWRITER), FakeGate())
    a = uw1.take_next()
    b = uw2.take_next()
    assert a is not None and b is not None
    assert (a.id, b.id) == (ids[0], ids[1])
    assert a.status == "in_review" and a.assigned_to != b.assigned_to


def test_approve_under_threshold_four_eyes_above(db: TestDB) -> None:
    _, _, ids = _three(db)
    uw = DecisionService(db.user(Role.UNDERWRITER), FakeGate())
    small = uw.take_next()
    assert small is not None
    done = uw.approve(small.id, small.version, amount=1_500_000)
    assert done.status == "approved"
    big = uw.claim(ids[2], None)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        uw.approve(big.id, big.version)
    senior1 = DecisionService(db.user(Role.SENIOR_UNDERWRITER), FakeGate())
    rec = senior1.recommend(big.id, big.version, term=6)
    with pytest.raises(PermissionDenied, match="you recommended"):
        senior1.approve(rec.id, rec.version)
    with pytest.raises(PermissionDenied, match="senior"):
        uw.approve(rec.id, rec.version)
    senior2 = DecisionService(db.user(Role.SENIOR_UNDERWRITER), FakeGate())
    ok = senior2.approve(rec.id, rec.version)
    assert ok.status == "approved"
    with db.sessions() as s:
        app = s.get(Application, rec.id)
        assert app is not None and app.offer_term == 6 and app.offer_amount == 8_000_000
        assert app.decided_by != app.recommended_by


def test_counter_offer_may_only_lower(db: TestDB) -> None:
    _, _, ids = _three(db)
    uw = DecisionService(db.user(Role.UNDERWRITER), FakeGate())
    a = uw.claim(ids[0], None)
    with pytest.raises(ValidationError, match="amount"):
        uw.approve(a.id, a.version, amount=3_000_000)
    with pytest.raises(ValidationError, match="rate"):
        uw.approve(a.id, a.version, rate=Decimal("0.5"))


def test_decline_with_reasons_and_illegal_moves(db: TestDB) -> None:
    _, _, ids = _three(db)
    uw = DecisionService(db.user(Role.UNDERWRITER), FakeGate())
    with pytest.raises(ValidationError, match="not a decline reason"):
        uw.decline(ids[0], None, ["X99"])
    done = uw.decline(ids[0], None, ["d02", "D03"], "too much debt")
    assert done.status == "declined"
    with pytest.raises(StateError, match="declined cannot become approved"):
        uw.approve(ids[0], None)
    with db.sessions() as s:
        app = s.get(Application, ids[0])
        assert app is not None and app.decline_reasons == "D02,D03"


def test_kyc_gate_blocks_approval_with_missing_items(db: TestDB) -> None:
    _, customer, ids = _three(db)
    gate = FakeGate(blocked={customer})
    uw = DecisionService(db.user(Role.UNDERWRITER), gate)
    a = uw.claim(ids[0], None)
    with pytest.raises(StateError, match=r"KYC blocks approval.*ID card, Proof of income"):
        uw.approve(a.id, a.version)


def test_real_kyc_gate_refuses_a_customer_without_checklist(db: TestDB) -> None:
    _, _, ids = _three(db)
    uw = DecisionService(db.user(Role.UNDERWRITER))
    a = uw.claim(ids[0], None)
    with pytest.raises(StateError, match="KYC blocks approval"):
        uw.approve(a.id, a.version)


def test_borrowing_limit_gives_the_figures(db: TestDB) -> None:
    _, _, ids = _three(db)
    ctx = db.user(Role.SENIOR_UNDERWRITER)
    with db.sessions.begin() as s:  # an earlier approved offer of 190,000.00
        app = s.get(Application, ids[1])
        assert app is not None
        app.status, app.offer_amount = "approved", 19_000_000
    uw = DecisionService(ctx, FakeGate())
    a = uw.claim(ids[0], None)
    with pytest.raises(StateError, match=r"owes 190,000\.00.*20,000\.00.*210,000\.00.*200,000\.00"):
        uw.approve(a.id, a.version)


def test_stale_version_names_who_changed_it(db: TestDB) -> None:
    _, _, ids = _three(db)
    first = db.user(Role.UNDERWRITER, username="first.uw")
    a = DecisionService(first, FakeGate()).claim(ids[0], None)
    with pytest.raises(ConflictError, match=r"first\.uw"):
        DecisionService(db.user(Role.UNDERWRITER), FakeGate()).withdraw(
            ids[0], a.version - 1, "the customer changed their mind"
        )


def test_take_next_skips_a_row_another_session_holds(db: TestDB) -> None:
    if db.backend == "sqlite":
        pytest.skip("SQLite serialises writers with its database lock; no row locks")
    _, _, ids = _three(db)
    uw = DecisionService(db.user(Role.UNDERWRITER), FakeGate())
    with db.sessions.begin() as holder:
        holder.execute(select(Application).where(Application.id == ids[0]).with_for_update())
        taken = uw.take_next()
    assert taken is not None and taken.id == ids[1]
    assert uw.take_next() is not None  # the released one is next


def test_queue_pages_with_bound_cut_offs_and_the_current_review_target(db: TestDB) -> None:
    """One cached statement per filter serves every page: the age cut-offs move with
    the clock, and a changed review target shows on the next page."""
    make_product(db)
    clock = FakeClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    clerk = timed(db.user(Role.UNDERWRITER), clock)
    svc, customer = ApplicationService(clerk, db.vault), make_customer(db)
    made = []
    for hours, amount in ((0, "20000"), (10, "30000"), (30, "80000"), (30, "50000")):
        clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(hours=hours))
        made.append(svc.submit(form(amount=amount), customer_id=customer).id)
    queries = ApplicationQueries(clerk, FakeGate())
    clock.set(datetime(2026, 3, 4, 9, tzinfo=UTC))  # ages 48, 38, 18 and 18 hours

    def every(flt: QueueFilter, sort: QueueSort, descending: bool) -> list[QueueRow]:
        rows: list[QueueRow] = []
        while page := queries.queue(flt, sort, descending, rows[-1].key(sort) if rows else None, 1):
            rows.extend(page)
        return rows

    by_amount = every(QueueFilter(statuses=OPEN_STATUSES), QueueSort.AMOUNT, True)
    assert [r.id for r in by_amount] == [made[2], made[3], made[1], made[0]]
    assert [r.age_hours for r in by_amount] == [18, 18, 38, 48]
    assert {r.target_hours for r in by_amount} == {48} and not any(r.overdue for r in by_amount)
    older = QueueFilter(min_age_hours=24)
    assert [r.id for r in every(older, QueueSort.SUBMITTED, False)] == made[:2]
    clock.set(datetime(2026, 3, 4, 16, tzinfo=UTC))  # the cut-off moves with the clock
    assert [r.id for r in every(older, QueueSort.SUBMITTED, False)] == made
    recent = QueueFilter(max_age_hours=30, min_amount=3_000_000)
    assert [r.id for r in every(recent, QueueSort.SUBMITTED, True)] == [made[3], made[2]]
    SettingsService(db.admin()).set("origination.review_target_hours", 40)
    first = queries.queue(QueueFilter(), QueueSort.SUBMITTED, False, None, 2)
    assert [(r.id, r.target_hours, r.overdue) for r in first] == [
        (made[0], 40, True),  # 55 hours old
        (made[1], 40, True),  # 45 hours old
    ]
    assert queries.queue(QueueFilter(statuses=("approved",))) == []
