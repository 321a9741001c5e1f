"""Dunning letters: the PDF's text carries the engine's amounts; held cases get none; the
batch reads the same facts as the case view, a page of cases per query."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import event, select

from app.collections.actions import CaseActions
from app.collections.letters import DunningData, OverdueLine, letter_facts
from app.collections.queries import case_view, owed
from app.collections.rules import Channel, Outcome
from app.collections.service import CaseService, ContactInput
from app.errors import NotFound
from app.loans.disbursement import LoanService
from app.money import format_amount
from app.platform import load_state
from app.reports.dunning import bucket_letters, dunning_data, render_dunning_letter
from app.security.permissions import Role
from db.models.collections import CollectionCase
from tests.db.test_collections_service import NOON_SH, Desk, with_clock
from tests.loan_support import START, LoanWorld
from tests.support import TestDB


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_letter_amounts_match_the_engine(db: TestDB) -> None:
    desk = Desk(db, overdue_days=40)
    with db.sessions() as s:
        day = load_state(s).business_date
        view = case_view(s, desk.case.id, day)
        data = dunning_data(s, desk.case.id, day)
    assert data is not None
    text = _text(render_dunning_letter(data))
    assert format_amount(view.total_to_bring_current, True) in text
    assert format_amount(view.penalties, True) in text
    assert view.penalties > 0
    for inst in view.overdue_installments:
        assert format_amount(owed(inst), True) in text
        assert inst.due_date.isoformat() in text
    assert view.row.loan_number in text and "40" in text
    assert view.customer.name in text
    assert "催收函" in text and "Notice of Overdue Payment" in text
    for section in ("How to pay 还款方式", "Contact us 联系我们", "应还总额", "暂停催收"):
        assert section in text


def test_bucket_batch_skips_held_cases_and_cancels(db: TestDB) -> None:
    desk = Desk(db)
    pdf, count = bucket_letters(desk.agent, "M1")
    assert count == 1 and pdf is not None and len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    assert bucket_letters(desk.agent, "M1", cancelled=lambda: True) == (None, 0)
    CaseService(with_clock(desk.agent, NOON_SH)).log_contact(
        desk.case.id, ContactInput(Channel.CALL, Outcome.HARDSHIP_CLAIMED)
    )
    assert bucket_letters(desk.agent, "M1")[1] == 0


class Portfolio:
    """Four overdue loans of different sizes and terms: one partly paid by phone, one
    under a hardship hold; and one loan with nothing due yet (no case)."""

    def __init__(self, db: TestDB) -> None:
        world = LoanWorld(db)
        loans = LoanService(world.ctx)
        terms = [(1_200_000, 12), (3_456_789, 24), (500_000, 6), (9_999_999, 36)]
        ids = [
            loans.disburse(
                world.customers[n % 3], world.product.id, "B", amount, term,
                world.holdings(amount),
            ).id
            for n, (amount, term) in enumerate(terms)
        ]  # fmt: skip
        first_due = START.replace(month=START.month + 1)
        world.eod_to(first_due + timedelta(days=70))  # three installments overdue
        with db.sessions() as s:
            self.day: date = load_state(s).business_date
            by_loan = {
                loan_id: case_id
                for loan_id, case_id in s.execute(select(CollectionCase.loan_id, CollectionCase.id))
            }
        self.cases = [by_loan[loan_id] for loan_id in ids]
        agent = with_clock(db.user(Role.COLLECTIONS_AGENT), NOON_SH)
        CaseActions(agent).record_phone_payment(self.cases[1], 123_456, "RCPT-LETTER")
        CaseService(agent).log_contact(
            self.cases[2], ContactInput(Channel.CALL, Outcome.HARDSHIP_CLAIMED)
        )
        self.agent = agent


def _from_case_view(db: TestDB, case_id: int, day: date) -> DunningData | None:
    """What the letter said when it was built from each case's full view."""
    with db.sessions() as s:
        view = case_view(s, case_id, day)
    if view.holds or not view.overdue_installments:
        return None
    return DunningData(
        case_id=case_id,
        letter_date=day,
        customer_name=view.customer.name,
        loan_number=view.row.loan_number,
        dpd=view.row.dpd,
        lines=tuple(OverdueLine(i.n, i.due_date, owed(i)) for i in view.overdue_installments),
        penalties=view.penalties,
        total=view.total_to_bring_current,
    )


def test_batch_facts_equal_the_case_view(db: TestDB) -> None:
    p = Portfolio(db)
    expected = [_from_case_view(db, case_id, p.day) for case_id in p.cases]
    assert expected[2] is None  # the hardship hold pauses dunning
    assert all(e is not None and len(e.lines) == 3 and e.penalties > 0 for e in expected[:2])
    assert expected[0] is not None and expected[1] is not None
    paid = expected[1].lines  # the phone payment went to the oldest installment
    assert paid[0].owed < paid[1].owed and expected[0].lines[0].owed > expected[0].lines[1].owed
    missing = max(p.cases) + 1000
    with db.sessions() as s:
        got = letter_facts(s, [*reversed(p.cases), missing], p.day)
        assert [dunning_data(s, case_id, p.day) for case_id in p.cases] == expected
        with pytest.raises(NotFound):
            dunning_data(s, missing, p.day)
    assert got == [e for e in reversed(expected) if e is not None]  # the caller's order


def test_batch_facts_cost_two_queries_per_page(db: TestDB) -> None:
    p = Portfolio(db)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    with db.sessions() as s:
        s.connection()  # begin outside the count
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            got = letter_facts(s, p.cases * 300, p.day)  # 1,200 ids: three pages
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(got) == 3 * 300
    assert len(statements) == 3 * 2


def test_bucket_batch_prints_each_letter_on_its_page(db: TestDB) -> None:
    p = Portfolio(db)
    with db.sessions() as s:
        bucket = s.scalar(select(CollectionCase.bucket).where(CollectionCase.id == p.cases[0]))
        same = list(s.scalars(select(CollectionCase.id).where(CollectionCase.bucket == bucket)))
    seen: list[tuple[int, int]] = []
    pdf, count = bucket_letters(p.agent, str(bucket), lambda d, t: seen.append((d, t)))
    expected = [_from_case_view(db, case_id, p.day) for case_id in sorted(same)]
    letters = [e for e in expected if e is not None]
    assert pdf is not None and count == len(letters) == 3
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == count  # each letter on its own page
    for page, letter in zip(reader.pages, letters, strict=True):
        text = page.extract_text()
        assert letter.loan_number in text and format_amount(letter.total, True) in text
    assert seen[-1] == (2 * len(same), 2 * len(same))
