"""Dunning letters: the PDF's text carries the engine's amounts; held cases get none."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.collections.queries import case_view, owed
from app.collections.rules import Channel, Outcome
from app.collections.service import CaseService, ContactInput
from app.money import format_amount
from app.platform import load_state
from app.reports.dunning import bucket_letters, dunning_data, render_dunning_letter
from tests.db.test_collections_service import NOON_SH, Desk, with_clock
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
    assert "催收函" in text and "Notice of Overdue Payment" in text


def test_bucket_batch_skips_held_cases_and_cancels(db: TestDB) -> None:
    desk = Desk(db)
    pdf, count = bucket_letters(desk.agent, "M1")
    assert count == 1 and pdf is not None and len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    assert bucket_letters(desk.agent, "M1", cancelled=lambda: True) == (None, 0)
    CaseService(with_clock(desk.agent, NOON_SH)).log_contact(
        desk.case.id, ContactInput(Channel.CALL, Outcome.HARDSHIP_CLAIMED)
    )
    assert bucket_letters(desk.agent, "M1")[1] == 0
