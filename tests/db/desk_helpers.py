"""Helpers for the service-desk tests: a settable clock and desk set-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from app.context import ServiceContext
from app.customers.service import CustomerInput, CustomerService
from app.security.permissions import Role
from app.servicedesk.admin import DeskAdminService
from tests.support import TestDB

SH = ZoneInfo("Asia/Shanghai")


def sh(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


@dataclass
class FakeClock:
    at: datetime

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at


def timed(ctx: ServiceContext, clock: FakeClock) -> ServiceContext:
    return ServiceContext(ctx.sessions, ctx.actor, clock)


@dataclass
class Desk:
    db: TestDB
    clock: FakeClock
    admin: ServiceContext
    agent: ServiceContext
    supervisor: ServiceContext
    team_id: int
    customer_id: int


def make_desk(db: TestDB, start: datetime | None = None) -> Desk:
    """Mon-Fri 08:00-16:00 Shanghai calendar, a team with a supervisor, a customer."""
    clock = FakeClock(start or sh(2026, 3, 2, 8))
    admin = timed(db.admin(), clock)
    agent = timed(db.user(Role.SUPPORT_AGENT), clock)
    supervisor = timed(db.user(Role.SUPPORT_AGENT), clock)
    desk_admin = DeskAdminService(admin)
    desk_admin.set_calendar("Asia/Shanghai", frozenset(range(5)), time(8), time(16))
    team = desk_admin.create_team(
        "Front line", supervisor.actor.user_id, (agent.actor.user_id or 0,)
    )
    customer = CustomerService(admin, db.vault).create(
        CustomerInput(
            kind="individual", name="王芳", phone="13800001234", id_number="110105199001011234"
        )
    )
    return Desk(db, clock, admin, agent, supervisor, team.id, customer.id)
