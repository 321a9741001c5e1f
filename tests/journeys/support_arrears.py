"""Shared pieces of the collections journeys (J2 arrears, J3 dispute): a disbursed loan
whose borrower has a phone on file, the people who work it, and days passing through
the real ``p2pdesk eod`` command.

The contact rules read the wall clock in the debtor's time zone; the fixture gives the
borrower a zone where it is now daytime, so the journeys run at any hour."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from app.collections.assignment import AssignmentService
from app.customers.service import CustomerInput, insert_customer
from app.loans.delinquency import Bucket
from app.loans.disbursement import LoanService
from app.security.permissions import Role
from tests.journeys.support_intake import journey_db, start_client  # noqa: F401  (fixture)
from tests.loan_support import START, LoanWorld
from tests.support import ADMIN_PASSWORD, TestDB
from ui.client import ClientController

PHONE = "13912345678"
PEOPLE: dict[str, tuple[Role, ...]] = {
    "agent": (Role.COLLECTIONS_AGENT,),
    "boss": (Role.COLLECTIONS_SUPERVISOR,),
    "support": (Role.SUPPORT_AGENT,),
}
ZONES = (
    "Asia/Shanghai", "Europe/London", "America/New_York", "America/Los_Angeles",
    "Pacific/Auckland", "Asia/Dubai", "Pacific/Honolulu",
)  # fmt: skip


def daytime_zone(now: datetime | None = None) -> str:
    """A time zone where it is between 10:00 and 19:59 now (never quiet hours)."""
    moment = now or datetime.now(UTC)
    for zone in ZONES:
        if 10 <= moment.astimezone(ZoneInfo(zone)).hour < 20:
            return zone
    raise AssertionError("no daytime zone in the list")  # the list spans the globe


@dataclass
class Arrears:
    db: TestDB
    loan_id: int
    customer_id: int
    first_due: date


@pytest.fixture
def arrears(journey_db: TestDB) -> Arrears:  # noqa: F811
    """A 12,000.00 loan disbursed on START to 李娜 (phone on file, daytime zone), its M1
    bucket routed to the agent's team."""
    world = LoanWorld(journey_db)
    with journey_db.sessions.begin() as s:
        customer = insert_customer(
            s,
            journey_db.vault,
            CustomerInput(kind="individual", name="李娜", phone=PHONE, timezone=daytime_zone()),
            None,
        )
        s.flush()
        customer_id = customer.id
    loan = LoanService(world.ctx).disburse(
        customer_id, world.product.id, "B", 1_200_000, 12, world.holdings(1_200_000)
    )
    return Arrears(journey_db, loan.id, customer_id, START.replace(month=START.month + 1))


@pytest.fixture
def collections_client(
    qtbot: QtBot, arrears: Arrears, tmp_path: Path
) -> Iterator[ClientController]:
    """The real client on the arrears database, with the agent in the team the M1
    bucket goes to (one agent: every case is theirs)."""
    yield from _client(qtbot, arrears, tmp_path)


def _client(qtbot: QtBot, arrears: Arrears, tmp_path: Path) -> Iterator[ClientController]:
    db = arrears.db
    gen = start_client(qtbot, db, tmp_path, PEOPLE)
    ctl = next(gen)
    from app.context import ServiceContext
    from app.security.users import authenticate
    from tests.support import USER_PASSWORD

    boss = ServiceContext(db.sessions, authenticate(db.sessions, "boss", USER_PASSWORD))
    agent = authenticate(db.sessions, "agent", USER_PASSWORD)
    team = AssignmentService(boss).create_team("Early arrears", [agent.user_id or 0])
    AssignmentService(boss).assign_bucket(Bucket.M1, team.id, agent.user_id)
    yield ctl
    yield from gen


def end_of_day(arrears: Arrears, day: date, monkeypatch: pytest.MonkeyPatch) -> None:
    """Days pass: ``p2pdesk --db URL eod --date DAY --user admin --password-stdin``."""
    from app.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    code = main(
        ["eod", "--db", arrears.db.url, "--date", day.isoformat(), "--user", "admin",
         "--password-stdin", "--json"]
    )  # fmt: skip
    assert code == 0


def days_after_due(arrears: Arrears, days: int) -> date:
    return arrears.first_due + timedelta(days=days)
