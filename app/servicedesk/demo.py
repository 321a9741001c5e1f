"""Demo data for the desk: a team, canned responses, and tickets in every state,
category and priority with timelines, calls, complaints and dispute holds."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from app.context import Actor, ServiceContext
from app.demo import DemoSummary
from app.errors import P2PDeskError
from app.security.permissions import Role
from app.security.pii import PiiVault
from app.servicedesk.admin import DeskAdminService
from app.servicedesk.calls import CallRecord, CallService
from app.servicedesk.canned import CannedResponses
from app.servicedesk.merge import merge_tickets, set_complaint
from app.servicedesk.rules import Category, Priority
from app.servicedesk.service import NewTicket, TicketService
from db.models.customers import Customer
from db.models.loans import Loan
from db.models.security import User

_SUBJECTS = {
    Category.REPAYMENT_QUESTION: ["还款日期咨询", "Why was my repayment higher this month?"],
    Category.PAYOFF_REQUEST: ["提前还款申请", "Payoff amount for early settlement"],
    Category.COMPLAINT: ["对催收电话的投诉", "Complaint: rude collection call"],
    Category.DISPUTE: ["对逾期罚息有异议", "Disputed late fee on installment 3"],
    Category.HARDSHIP: ["失业，申请延期还款", "Hospitalised, asking for a payment holiday"],
    Category.FRAUD_REPORT: ["非本人申请的借款", "Loan I never applied for"],
    Category.CONTACT_CHANGE: ["更换手机号码", "New address after moving"],
    Category.KYC_QUESTION: ["身份证过期如何更新", "Which documents do you need?"],
    Category.OTHER: ["App 无法登录", "Request for a statement"],
}
_CANNED = [
    (
        "Greeting",
        "您好 {customer_name}，您的工单 {ticket_number} 已收到，我们会尽快处理。— {agent_name}",
    ),
    ("Payoff quote", "Dear {customer_name}, the payoff figure for loan {loan_number} is attached."),
    ("Closing", "Ticket {ticket_number} is resolved. Reply within 7 days to reopen it."),
]


def _fixed(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def _actor(user: User) -> Actor:
    return Actor.for_user(
        user.id, user.username, user.display_name, frozenset(Role(r.role) for r in user.roles)
    )


def fill_tickets(
    ctx: ServiceContext, vault: PiiVault, rng: random.Random, summary: DemoSummary
) -> None:
    with ctx.transaction() as session:
        users = {u.username: u for u in session.scalars(select(User))}
        customers = list(session.scalars(select(Customer.id).order_by(Customer.id).limit(400)))
        loans = dict(session.execute(select(Loan.customer_id, Loan.id).limit(400)).all())
        agents = [_actor(users[n]) for n in ("sup.huang", "sup.lin") if n in users]
    if not agents or not customers:
        return
    desk = DeskAdminService(ctx)
    team = desk.create_team(
        "一线客服 Front line", agents[0].user_id, tuple(a.user_id or 0 for a in agents)
    )
    canned = CannedResponses(ctx)
    for title, body in _CANNED:
        canned.create(title, body)
    now = ctx.now()
    count = min(80, max(12, len(customers) // 3))
    created: list[int] = []
    for i in range(count):
        agent = agents[i % len(agents)]
        opened = now - timedelta(hours=rng.randrange(1, 24 * 20))
        actx = ServiceContext(ctx.sessions, agent, _fixed(opened))
        category = list(Category)[i % len(Category)]
        customer = rng.choice(customers)
        loan = loans.get(customer) if category in (Category.DISPUTE, Category.HARDSHIP) else None
        data = NewTicket(
            subject=rng.choice(_SUBJECTS[category]),
            category=category,
            priority=list(Priority)[rng.randrange(4)],
            customer_id=customer,
            loan_id=loan,
            team_id=team.id,
            assignee_id=None if i % 5 == 0 else agent.user_id,
            description="客户来电说明情况。 Customer explained the situation.",
            tags=("demo", category.value),
        )
        try:
            if i % 3 == 0:
                result = CallService(actx, vault).log_call(
                    CallRecord(
                        started_at=opened - timedelta(minutes=4),
                        ended_at=opened,
                        notes="Caller asked about " + data.subject,
                        customer_id=customer,
                        identity_answers={"full_name": True, "date_of_birth": i % 6 != 0},
                        new_ticket=data,
                    )
                )
                ticket_id = result.ticket.row.id
            else:
                ticket_id = TicketService(actx).create(data).row.id
            _work(actx, ticket_id, i, rng, opened)
        except P2PDeskError:
            continue
        created.append(ticket_id)
    if len(created) > 4:
        last = ServiceContext(ctx.sessions, agents[0], lambda: now)
        with contextlib.suppress(P2PDeskError):
            merge_tickets(last, created[-1], created[-2])
    summary.add("tickets", len(created))


def _work(actx: ServiceContext, ticket_id: int, i: int, rng: random.Random, opened: object) -> None:
    """Move the ticket along so the demo shows every state and a real timeline."""
    svc = TicketService(actx)
    stage = i % 7
    if stage >= 1:
        svc.add_note(ticket_id, "已核实还款记录。Checked the repayment history.")
    if stage >= 2:
        svc.add_note(
            ticket_id, "We are looking into it and will call you back.", visible_to_customer=True
        )
    if stage == 3:
        svc.transition(ticket_id, "pending_customer", note="Waiting for the bank receipt")
    if stage == 4:
        svc.transition(ticket_id, "pending_internal", note="Asked finance")
    if stage >= 5:
        detail = svc.get(ticket_id)
        if detail.row.status == "new":
            svc.transition(ticket_id, "open")
        svc.transition(ticket_id, "resolved", note="Explained and confirmed with customer")
        if detail.row.is_complaint:
            set_complaint(
                actx,
                ticket_id,
                is_complaint=True,
                root_cause=rng.choice(["agent conduct", "fee disclosure", "app bug"]),
                resolution="Apologised; fee waived and agent coached.",
            )
    if stage == 6:
        svc.transition(ticket_id, "closed")
