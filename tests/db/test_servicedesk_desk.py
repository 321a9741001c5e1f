"""Desk features on every backend: dispute holds reaching collections, call
logging, search, the number race, complaint exports, canned responses, the
customer overview, the end-of-day breach step and demo data."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from pypdf import PdfReader

from app.errors import PermissionDenied, StateError
from app.security.permissions import Role
from app.servicedesk.admin import DeskAdminService
from app.servicedesk.breaches import breach_step
from app.servicedesk.calls import CallRecord, CallService
from app.servicedesk.canned import CannedResponses
from app.servicedesk.complaints import complaint_register, register_csv, register_pdf
from app.servicedesk.customer_overview import OverviewSection, customer_overview
from app.servicedesk.holds import active_holds, holds_for_ticket, lift_hold
from app.servicedesk.merge import set_complaint
from app.servicedesk.queries import Queue, Sort, TicketQueries
from app.servicedesk.service import NewTicket, TicketService
from app.servicedesk.sla import SlaPolicy
from tests.collections_support import make_loan
from tests.db.desk_helpers import make_desk, sh, timed
from tests.support import TestDB


def test_dispute_pauses_collections_until_resolved_and_lifted(db: TestDB) -> None:
    desk = make_desk(db)
    loan = make_loan(db, desk.customer_id, disbursed=date(2026, 1, 5))
    svc = TicketService(desk.agent)
    t = svc.create(
        NewTicket(
            subject="Disputed late fee",
            category="dispute",
            customer_id=desk.customer_id,
            loan_id=loan,
            team_id=desk.team_id,
        )
    )
    with db.sessions() as s:
        holds = active_holds(s, loan)
    assert [(h.ticket_number, h.kind, h.liftable) for h in holds] == [
        (t.row.number, "dispute", False)
    ]
    colsup = timed(db.user(Role.COLLECTIONS_SUPERVISOR), desk.clock)
    with pytest.raises(StateError, match="only after"):
        lift_hold(colsup, holds[0].id, "ticket resolved")
    svc.transition(t.row.id, "resolved")
    with pytest.raises(PermissionDenied):
        lift_hold(desk.agent, holds[0].id, "ticket resolved")
    lifted = lift_hold(colsup, holds[0].id, "ticket resolved")
    assert lifted.lifted_by == colsup.actor.user_id
    with db.sessions() as s:
        assert active_holds(s, loan) == []
        assert holds_for_ticket(s, t.row.id)[0].lifted_at is not None
    with pytest.raises(StateError, match="already lifted"):
        lift_hold(colsup, holds[0].id, "ticket resolved")


def test_logging_a_call_finds_the_caller_by_phone_and_opens_or_appends(db: TestDB) -> None:
    desk = make_desk(db)
    calls = CallService(desk.agent, db.vault)
    found = calls.find_caller("138 0000 1234")
    assert [c.id for c in found] == [desk.customer_id]
    first = calls.log_call(
        CallRecord(
            started_at=sh(2026, 3, 2, 8),
            ended_at=sh(2026, 3, 2, 8, 3),
            notes="Asked about fee",
            customer_id=desk.customer_id,
            caller_phone="13800001234",
            identity_answers={"full_name": True, "date_of_birth": True},
            new_ticket=NewTicket(subject="Fee question", customer_id=desk.customer_id),
        )
    )
    assert first.created_ticket and first.verified
    assert first.ticket.row.status == "open" and first.ticket.row.sla.first_response.light == "met"
    TicketService(desk.agent).transition(first.ticket.row.id, "pending_customer")
    open_ones = calls.open_tickets(desk.customer_id)
    second = calls.log_call(
        CallRecord(
            started_at=sh(2026, 3, 2, 9),
            ended_at=sh(2026, 3, 2, 9, 1),
            notes="Sent the receipt",
            customer_id=desk.customer_id,
            identity_answers={"full_name": True, "id_last4": False},
            ticket_id=open_ones[0].id,
        )
    )
    assert not second.created_ticket and not second.verified
    assert second.ticket.row.status == "open"  # the customer's call is their reply
    assert [e.kind for e in second.ticket.entries].count("call") == 2


def test_search_subject_and_notes(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    a = svc.create(NewTicket(subject="Refund for duplicate payment", customer_id=desk.customer_id))
    b = svc.create(NewTicket(subject="App login problem", customer_id=desk.customer_id))
    svc.add_note(b.row.id, "Customer mentions a chargeback from the bank")
    c = svc.create(NewTicket(subject="提前还款申请", customer_id=desk.customer_id))
    q = TicketQueries(desk.agent)

    def ids(text: str) -> set[int]:
        return {r.id for r in q.page(Queue.SEARCH, Sort.NEWEST, search=text).rows}

    assert ids("duplicate") == {a.row.id}
    assert ids("chargeback") == {b.row.id}
    assert ids(b.row.number) == {b.row.id}
    if db.backend != "mysql":  # InnoDB's default parser does not split Chinese words
        assert ids("提前还款") == {c.row.id}
    assert ids("nothing-like-this") == set()


def test_queues_page_with_keysets(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    made = [
        svc.create(
            NewTicket(subject=f"Q {i}", assignee_id=desk.agent.actor.user_id, team_id=desk.team_id)
        ).row.id
        for i in range(7)
    ]
    q = TicketQueries(desk.agent)
    seen: list[int] = []
    page = q.page(Queue.MINE, Sort.NEWEST, limit=3)
    seen += [r.id for r in page.rows]
    while page.next_key is not None:
        page = q.page(Queue.MINE, Sort.NEWEST, after=page.next_key, limit=3)
        seen += [r.id for r in page.rows]
    assert seen == list(reversed(made))
    assert len(q.page(Queue.TEAM, Sort.DUE).rows) == 7
    assert q.page(Queue.UNASSIGNED).rows == ()
    DeskAdminService(desk.admin).set_policy(SlaPolicy("normal", 30, 60))
    svc.create(NewTicket(subject="soon"))
    assert [r.subject for r in q.page(Queue.BREACHING).rows] == ["soon"]


@pytest.mark.parametrize("threads", [2])
def test_ticket_numbers_race(db: TestDB, threads: int) -> None:
    if db.backend == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs a server backend")
    desk = make_desk(db)
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def work() -> None:
        try:
            barrier.wait()
            for i in range(10):
                numbers.append(
                    TicketService(desk.agent).create(NewTicket(subject=f"race {i}")).row.number
                )
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    assert sorted(numbers) == [f"T-2026-{n:06d}" for n in range(1, 10 * threads + 1)]


def test_complaint_register_exports_csv_and_pdf(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    t = svc.create(
        NewTicket(subject="对催收电话的投诉", category="complaint", customer_id=desk.customer_id)
    )
    svc.create(NewTicket(subject="not a complaint"))
    set_complaint(
        desk.agent,
        t.row.id,
        is_complaint=True,
        root_cause="=agent conduct",
        resolution="Apologised, coached agent",
        resolved_on=date(2026, 3, 3),
    )
    lines = complaint_register(desk.agent, date(2026, 3, 1), date(2026, 3, 31))
    assert [line.number for line in lines] == [t.row.number]
    csv_text = register_csv(lines).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("number,received_on,customer")
    assert "对催收电话的投诉" in csv_text and "'=agent conduct" in csv_text
    assert "2026-03-02" in csv_text and "2026-03-03" in csv_text
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(register_pdf(lines))).pages)
    assert t.row.number in pdf_text and "Apologised" in pdf_text and "1 complaints" in pdf_text


def test_canned_responses_fill_placeholders(db: TestDB) -> None:
    desk = make_desk(db)
    t = TicketService(desk.agent).create(NewTicket(subject="x", customer_id=desk.customer_id))
    canned = CannedResponses(desk.admin).create(
        "Hello", "您好 {customer_name}，工单 {ticket_number} — {agent_name}"
    )
    text = CannedResponses(desk.agent).render(canned.id, t.row.id)
    assert text == f"您好 王芳，工单 {t.row.number} — {desk.agent.actor.display_name}"
    with pytest.raises(PermissionDenied):
        CannedResponses(desk.agent).create("x", "y")


def test_customer_overview_masks_identity_and_accepts_sections(db: TestDB) -> None:
    desk = make_desk(db)
    TicketService(desk.agent).create(NewTicket(subject="open one", customer_id=desk.customer_id))
    section = OverviewSection("loans", "Loans", (("L-1", "DPD 12"),), attention=True)
    view = customer_overview(desk.agent, desk.customer_id, [lambda _s, _c: section])
    assert "1234" not in view.customer.id_number_masked[:-4]
    assert view.customer.phone_masked.endswith("1234") and "138" not in view.customer.phone_masked
    assert [r.subject for r in view.open_tickets] == ["open one"]
    assert view.sections == (section,) and not view.disputing


def test_end_of_day_step_escalates_breaches(db: TestDB) -> None:
    desk = make_desk(db)
    DeskAdminService(desk.admin).set_policy(SlaPolicy("normal", 30, 60))
    t = TicketService(desk.agent).create(NewTicket(subject="x", team_id=desk.team_id))
    step = breach_step(lambda: sh(2026, 3, 3, 9))
    assert step.run(db.sessions, date(2026, 3, 2)) == 1
    assert step.run(db.sessions, date(2026, 3, 2)) == 0
    row = TicketService(desk.agent).get(t.row.id).row
    assert row.escalated and row.sla.escalated_to == desk.supervisor.actor.display_name


def test_demo_fill_creates_tickets(db: TestDB) -> None:
    if db.backend != "sqlite":
        pytest.skip("demo data is backend-neutral; one backend is enough")
    import random

    from app.customers.service import insert_customer
    from app.demo import DemoSummary, ensure_demo_users, make_customer
    from app.servicedesk.demo import fill_tickets

    ctx = db.system()
    with ctx.transaction() as s:
        ensure_demo_users(s, ctx)
        rng = random.Random(7)
        for i in range(30):
            insert_customer(s, db.vault, make_customer(rng, i), None)
    summary = DemoSummary()
    fill_tickets(ctx, db.vault, random.Random(7), summary)
    assert summary.extra and summary.extra["tickets"] >= 10
    statuses = {r.status for r in TicketQueries(ctx).page(Queue.SEARCH, search="T-2026").rows}
    assert statuses is not None


def test_lifting_a_hold_needs_a_reason(db: TestDB) -> None:
    """Issue 13 point 12: a supervisor says why a hold is lifted (audited)."""
    import pytest as _pytest

    from app.errors import ValidationError
    from app.security.permissions import Role

    with _pytest.raises(ValidationError, match="reason"):
        lift_hold(db.user(Role.COLLECTIONS_SUPERVISOR), 1, "  ")
