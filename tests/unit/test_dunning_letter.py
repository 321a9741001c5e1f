"""The dunning letter's canvas template: every fact on the page, long letters flow onto
more pages, each letter of a batch starts a page, and the cached wrapping measures
text exactly as reportlab does."""

from __future__ import annotations

import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.money import format_amount
from app.reports.dunning import (
    BODY,
    CONSEQUENCES,
    HEADING,
    WIDTH,
    DunningData,
    OverdueLine,
    _width,
    render_batch,
    render_dunning_letter,
    wrap,
)
from app.reports.fonts import LATIN_BOLD, LATIN_FONT, register_fonts, runs


def _letter(case_id: int = 7, name: str = "王小明 Wang Xiaoming", lines: int = 3) -> DunningData:
    due = tuple(
        OverdueLine(n, date(2025 + n // 12, n % 12 + 1, 15), 855_617 + 1_000_003 * n)
        for n in range(1, lines + 1)
    )
    return DunningData(
        case_id=case_id,
        letter_date=date(2026, 11, 28),
        customer_name=name,
        loan_number=f"LN-2026-{case_id:06d}",
        dpd=137,
        lines=due,
        penalties=12_345,
        total=sum(x.owed for x in due),
    )


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_every_fact_and_section_is_on_the_page() -> None:
    data = _letter()
    pages = _pages(render_dunning_letter(data))
    assert len(pages) == 1
    text = pages[0]
    for fact in (
        "逾期还款催收函 Notice of Overdue Payment",
        "Date 日期: 2026-11-28",
        "合同编号: LN-2026-000007",
        "案件: 7",
        "Dear 尊敬的 王小明 Wang Xiaoming,",
        "137 days past due",
        "已逾期 137 天",
        "Amount owed 欠款",
        "其中罚息及滞纳金: 123.45",
        "应还总额: 85,668.69",
        "Please pay 85,668.69 within 7 days",
        "How to pay 还款方式",
        "招商银行",
        "Contact us 联系我们",
        "400-820-8820",
        "核实期间我们将暂停催收",
    ):
        assert fact in text, fact
    for x in data.lines:
        assert x.due_date.isoformat() in text and format_amount(x.owed, True) in text
    # the same letter again (fixed lines now from the operator cache) reads the same
    assert _pages(render_dunning_letter(data)) == pages


def test_a_long_letter_flows_onto_more_pages() -> None:
    data = _letter(lines=40)
    pages = _pages(render_dunning_letter(data))
    assert len(pages) == 2
    text = "\n".join(pages)
    for x in data.lines:
        assert format_amount(x.owed, True) in text
    assert "联系我们" in pages[1] and format_amount(data.total, True) in pages[1]


def test_each_letter_of_a_batch_starts_a_page_and_cancel_stops() -> None:
    letters = [_letter(n, f"Cust {n}", lines=n) for n in (1, 2, 3)]
    seen: list[tuple[int, int]] = []
    pdf = render_batch(letters, lambda done, total: seen.append((done, total)))
    assert pdf is not None
    pages = _pages(pdf)
    assert len(pages) == 3 and seen == [(1, 3), (2, 3), (3, 3)]
    for page, letter in zip(pages, letters, strict=True):
        assert f"Dear 尊敬的 {letter.customer_name}," in page
        assert format_amount(letter.total, True) in page
    assert render_batch(letters, cancelled=lambda: True) is None


def test_fixed_paragraph_wraps_like_the_platypus_letter() -> None:
    """Golden: the line breaks the platypus Paragraph made at 10/15 pt in 469.9 pt."""
    register_fonts()
    lines = ["".join(text for _, text in line[0]) for line in wrap(CONSEQUENCES, **_body())]
    assert lines == [
        "If the amount stays unpaid, we may report the overdue status to credit reference"
        " agencies and pursue the",
        "remedies the law and your agreement allow.",
        "如仍未还款，我们可能依法依约向征信机构报送逾期信息并采取法律允许的措施。",
    ]


def _body() -> dict[str, object]:
    return {"font": BODY.font, "size": BODY.size, "width": WIDTH}


words = st.lists(
    st.one_of(
        st.text("abcdefghijklmnopqrstuvwxyzABC0123456789.,:()-@", min_size=1, max_size=14),
        st.text("逾期还款催收函应总额罚息", min_size=1, max_size=40),
        st.from_regex(r"[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}", fullmatch=True),
    ),
    max_size=60,
)


@settings(max_examples=100, deadline=None)
@given(words, st.sampled_from([LATIN_FONT, LATIN_BOLD]), st.floats(60, 470))
def test_wrap_keeps_every_character_and_fits(parts: list[str], font: str, width: float) -> None:
    register_fonts()
    size = HEADING.size if font == LATIN_BOLD else BODY.size
    text = " ".join(parts)
    lines = wrap(text, font, size, width)
    shown = ["".join(t for _, t in line[0]) for line in lines]
    assert "".join(shown).replace(" ", "") == "".join(parts)  # nothing lost, nothing added
    for line, line_text in zip(lines, shown, strict=True):
        exact = sum(stringWidth(t, face, size) for face, t in runs(line_text, font))
        assert abs(line[1] - exact) < 1e-6  # the cached width is reportlab's width
        assert line[1] <= width + 1e-6 or len(line_text) == 1


@settings(deadline=None)
@given(st.text("0123456789,.-: abcXYZ逾期", max_size=30), st.sampled_from([LATIN_FONT, LATIN_BOLD]))
def test_width_cache_by_digit_shape_is_exact(text: str, font: str) -> None:
    register_fonts()
    exact = sum(stringWidth(t, face, 10) for face, t in runs(text, font))
    assert abs(_width(text, font, 10) - exact) < 1e-9
