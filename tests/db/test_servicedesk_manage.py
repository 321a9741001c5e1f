"""Working a ticket beyond the call panel, on every backend (issue 13 #18): take next,
assign to a person or team, edit the description, change category, priority and loan,
and the lists the desk's dialogs offer."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import ConflictError, StateError, ValidationError
from app.security.permissions import Role
from app.servicedesk.admin import DeskAdminService
from app.servicedesk.choices import TicketChoices
from app.servicedesk.merge import merge_tickets
from app.servicedesk.service import NewTicket, TicketService
from db.models.audit import AuditEvent
from tests.collections_support import make_loan
from tests.db.desk_helpers import make_desk, sh, timed
from tests.support import TestDB


def _events(db: TestDB, action: str) -> list[AuditEvent]:
    with db.sessions() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_take_next_hands_out_the_soonest_due_waiting_ticket_of_my_teams(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.supervisor)
    other_team = timed(db.user(Role.SUPPORT_AGENT), desk.clock)
    elsewhere = DeskAdminService(desk.admin).create_team(
        "Back office", other_team.actor.user_id, (other_team.actor.user_id or 0,)
    )
    low = svc.create(NewTicket(subject="low, my team", priority="low", team_id=desk.team_id))
    svc.create(NewTicket(subject="urgent, other team", priority="urgent", team_id=elsewhere.id))
    svc.create(
        NewTicket(
            subject="urgent, someone's",
            priority="urgent",
            team_id=desk.team_id,
            assignee_id=desk.supervisor.actor.user_id,
        )
    )
    high = svc.create(NewTicket(subject="high, no team", priority="high"))
    waiting = svc.create(NewTicket(subject="urgent, waiting", priority="urgent"))
    svc.transition(waiting.row.id, "pending_customer")

    agent = TicketService(desk.agent)
    first = agent.take_next()
    assert first is not None and first.row.id == high.row.id
    assert first.row.assignee_id == desk.agent.actor.user_id and first.row.status == "open"
    second = agent.take_next()
    assert second is not None and second.row.id == low.row.id
    assert agent.take_next() is None
    taken = _events(db, "ticket.taken")
    assert [e.entity_id for e in taken] == [str(high.row.id), str(low.row.id)]


def test_a_ticket_assigned_to_a_team_is_taken_next_by_its_member(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.supervisor)
    t = svc.create(
        NewTicket(subject="to the team", assignee_id=desk.supervisor.actor.user_id)
    ).row.id
    assert TicketService(desk.agent).take_next() is None  # someone has it
    moved = svc.assign(t, None, desk.team_id)
    assert moved.row.assignee_id is None and moved.row.team_id == desk.team_id
    got = TicketService(desk.agent).take_next()
    assert got is not None and got.row.id == t
    assert got.row.assignee_name is not None


def test_assign_refuses_people_who_cannot_work_tickets(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    t = svc.create(NewTicket(subject="who takes it")).row
    auditor = db.user(Role.AUDITOR)
    with pytest.raises(ValidationError, match="cannot work tickets"):
        svc.assign(t.id, auditor.actor.user_id)
    with pytest.raises(ValidationError, match="cannot work tickets"):
        svc.create(NewTicket(subject="x", assignee_id=auditor.actor.user_id))
    names = [c.id for c in TicketChoices(desk.agent).assignees()]
    assert desk.agent.actor.user_id in names and auditor.actor.user_id not in names
    done = svc.assign(t.id, desk.supervisor.actor.user_id, desk.team_id)
    assert done.row.assignee_id == desk.supervisor.actor.user_id
    assert [e.kind for e in done.entries][-1] == "assignment"
    assert [c.id for c in TicketChoices(desk.agent).teams()] == [desk.team_id]


def test_description_is_edited_masked_and_audited(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    t = svc.create(NewTicket(subject="Letter", channel="letter", description="first")).row
    edited = svc.edit_description(
        t.id, "Customer wrote from 13800001234 about the fee", expected_version=t.version
    )
    assert edited.description.startswith("Customer wrote from ")
    assert "13800001234" not in edited.description
    assert edited.entries[-1].kind == "change"
    (event,) = _events(db, "ticket.description_edited")
    assert "first" in (event.before_json or "") and "13800001234" not in (event.after_json or "")
    unchanged = svc.edit_description(t.id, edited.description)
    assert len(unchanged.entries) == len(edited.entries)  # nothing written
    with pytest.raises(ConflictError):
        svc.edit_description(t.id, "stale", expected_version=t.version)
    survivor = svc.create(NewTicket(subject="Survivor")).row.id
    merge_tickets(desk.agent, t.id, survivor)
    with pytest.raises(StateError):
        svc.edit_description(t.id, "too late")


def test_priority_category_and_loan_changes_recompute_the_due_time(db: TestDB) -> None:
    desk = make_desk(db)  # Mon 2 March 2026 08:00, business hours 08-16
    svc = TicketService(desk.agent)
    t = svc.create(NewTicket(subject="Fee", customer_id=desk.customer_id)).row
    assert t.due_at == sh(2026, 3, 3, 16)  # normal: 16 business hours
    urgent = svc.update(t.id, priority="urgent", expected_version=t.version)
    assert urgent.row.due_at == sh(2026, 3, 2, 12)  # urgent: 4 business hours
    assert urgent.entries[-1].data == {"priority": "urgent"}
    (event,) = _events(db, "ticket.updated")
    assert '"normal"' in (event.before_json or "") and '"urgent"' in (event.after_json or "")
    same = svc.update(t.id, priority="urgent")
    assert len(same.entries) == len(urgent.entries)  # nothing changed, nothing written
    assert len(_events(db, "ticket.updated")) == 1
    loan = make_loan(db, desk.customer_id, disbursed=date(2026, 1, 5))
    loans = TicketChoices(desk.agent).customer_loans(desk.customer_id)
    assert [c.id for c in loans] == [loan]
    linked = svc.update(t.id, category="dispute", loan_id=loan)
    assert linked.row.loan_id == loan and linked.row.category == "dispute"


def test_merge_targets_are_the_same_customers_working_tickets(db: TestDB) -> None:
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    dup = svc.create(NewTicket(subject="dup", customer_id=desk.customer_id)).row.id
    keep = svc.create(NewTicket(subject="keep", customer_id=desk.customer_id)).row.id
    done = svc.create(NewTicket(subject="done", customer_id=desk.customer_id)).row.id
    svc.transition(done, "resolved")
    svc.create(NewTicket(subject="no customer"))
    assert [r.id for r in TicketChoices(desk.agent).merge_targets(dup)] == [keep]


def test_a_dispute_or_hardship_names_the_customers_loan_however_it_is_opened(
    db: TestDB,
) -> None:
    """Issue 13 #16 for the new-ticket dialog and the change dialog: without the loan
    no collections hold is raised."""
    desk = make_desk(db)
    svc = TicketService(desk.agent)
    no_loans = svc.create(
        NewTicket(subject="Dispute, no loans yet", category="dispute", customer_id=desk.customer_id)
    )
    assert no_loans.row.loan_id is None  # nothing to hold: allowed
    loan = make_loan(db, desk.customer_id, disbursed=date(2026, 1, 5))
    with pytest.raises(ValidationError, match="loan"):
        svc.create(
            NewTicket(subject="Dispute by letter", category="dispute", customer_id=desk.customer_id)
        )
    question = svc.create(NewTicket(subject="Question", customer_id=desk.customer_id)).row.id
    with pytest.raises(ValidationError, match="loan"):
        svc.update(question, category="hardship")
    assert svc.get(question).row.category == "other"  # nothing written
    moved = svc.update(question, category="hardship", loan_id=loan)
    assert (moved.row.category, moved.row.loan_id) == ("hardship", loan)
