"""Dunning letters (催收函), Chinese and English: what is overdue, the penalties, the
total to bring the loan current, how to pay and whom to contact. Firm but lawful:
facts and lawful next steps only, no threats, and the right to dispute.

One letter per case, or a batch for a bucket in one PDF. Cases under a dispute or
hardship hold get no letter (dunning is paused with contact).

The letter is a canvas template, not a platypus story: a batch prints thousands of
letters, and platypus re-measured and re-wrapped the same fixed paragraphs for each
one. The fixed text is wrapped once per font, size and width (cached); each letter
draws its own lines (names, amounts, the overdue rows) straight onto the page. The
geometry follows the platypus layout it replaced (A4, 20 mm side margins, 1 inch top
and bottom, body 10/15 pt, headings 11 pt bold, the overdue table centred).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select, true

from app.collections.letters import DunningData, OverdueLine, dunning_data, letter_facts, pages
from app.context import ServiceContext
from app.money import format_amount
from app.reports.fonts import CJK_FONT, LATIN_BOLD, LATIN_FONT, register_fonts, runs
from app.security import audit
from app.security.permissions import Permission

__all__ = [
    "DunningData",
    "OverdueLine",
    "bucket_letters",
    "dunning_data",
    "letter_facts",
    "render_batch",
    "render_dunning_letter",
]

PLATFORM = "P2PDesk 网贷平台 P2P Lending Platform"
PAY_TO = "Bank transfer to 招商银行 China Merchants Bank, account 6214 8301 0000 8888, quoting your contract number"  # noqa: E501
CONTACT = "Collections hotline 催收热线 400-820-8820 (09:00-21:00), collections@p2pdesk.example.cn"
TITLE = "逾期还款催收函 Notice of Overdue Payment"
CONSEQUENCES = (
    "If the amount stays unpaid, we may report the overdue status to credit "
    "reference agencies and pursue the remedies the law and your agreement allow. "
    "如仍未还款，我们可能依法依约向征信机构报送逾期信息并采取法律允许的措施。"
)
RIGHTS = (
    CONTACT + ". If you cannot pay because of hardship, or you believe this notice "
    "is wrong, contact us: we will review it and pause collection while we do. "
    "如您有困难或对本函有异议，请联系我们，核实期间我们将暂停催收。"
)
HEADER = ("No. 期数", "Due date 到期日", "Amount owed 欠款")

# Page geometry: the frame SimpleDocTemplate used (its 6 pt padding included).
PAGE_W, PAGE_H = A4
LEFT = 20 * mm + 6
WIDTH = PAGE_W - 40 * mm - 12
TOP = PAGE_H - 72 - 6
BOTTOM = 72 + 6
COLUMNS = (25 * mm, 45 * mm, 45 * mm)
TABLE_X = LEFT + (WIDTH - sum(COLUMNS)) / 2
CELL_PAD, ROW_H = 6.0, 18.0  # 3 pt above and below a 12 pt line
GRID_GREY = "#888888"


@dataclass(frozen=True)
class Style:
    font: str  # for Latin text; runs of Chinese use the CJK font at the same size
    size: float
    leading: float
    space_before: float


BODY = Style(LATIN_FONT, 10, 15, 6)
HEADING = Style(LATIN_BOLD, 11, 15, 8)
TITLE_STYLE = Style(LATIN_BOLD, 15, 20, 8)

_DIGIT = re.compile("[0-9]")
Line = tuple[tuple[tuple[str, str], ...], float]  # ((font, text) runs, width)


def _width(text: str, font: str, size: float) -> float:
    """Cached by the text with its digits as 0: Helvetica's figures are all one width
    (556/1000 em, roman and bold), so "8,559.20" measures as "0,000.00" and the
    words and amounts of thousands of letters hit the same few entries."""
    return _shape_width(_DIGIT.sub("0", text), font, size)


@lru_cache(maxsize=4096)
def _shape_width(text: str, font: str, size: float) -> float:
    return float(sum(stringWidth(part, face, size) for face, part in runs(text, font)))


def _line(text: str, font: str, size: float) -> Line:
    return runs(text, font), _width(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> tuple[Line, ...]:
    """``text`` broken into lines at most ``width`` wide: at spaces (runs of spaces count
    as one, as in a platypus Paragraph), and inside a word only when the word alone is
    wider than the line (a long run of Chinese)."""
    space = stringWidth(" ", font, size)
    lines: list[Line] = []
    words: list[str] = []
    used = 0.0
    for word in text.split():
        w = _width(word, font, size)
        if words and used + space + w <= width:
            words.append(word)
            used += space + w
            continue
        if words:
            lines.append((runs(" ".join(words), font), used))
        rest = word
        while w > width and len(rest) > 1:
            cut = len(rest) - 1
            while cut > 1 and _width(rest[:cut], font, size) > width:
                cut -= 1
            lines.append(_line(rest[:cut], font, size))
            rest = rest[cut:]
            w = _width(rest, font, size)
        words, used = [rest], w
    if words:
        lines.append((runs(" ".join(words), font), used))
    return tuple(lines)


fixed_wrap = lru_cache(maxsize=256)(wrap)  # the template's fixed paragraphs: wrapped once


class _Page:
    """The canvas and the cursor (top of the next block): page breaks, text, the table grid.

    Each line is its own text object placed with an absolute origin; the operators after
    the origin are cached for the template's fixed lines, keyed by the document's font
    resource names (fixed by ``_fonts``, so every document of the batch shares them)."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.y = TOP
        self.grid_rows: list[float] = []  # tops of the table rows on this page, then bottom
        self.font_ops: dict[tuple[str, float], str] = {}
        self.cjk = getFont(CJK_FONT)
        self.fonts = self._fonts()

    def _fonts(self) -> str:
        """Name the three fonts in one order in every document: their resource names
        (/F1 ...) become part of the cached operators."""
        probe = self.canvas.beginText()
        for face in (LATIN_FONT, LATIN_BOLD, CJK_FONT):
            probe.setFont(face, 10)
        self.canvas.setStrokeColor(GRID_GREY)
        self.canvas.setLineWidth(0.4)
        return str(probe.getCode())

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM and self.y < TOP:
            self.new_page()

    def new_page(self) -> None:
        self.end_table()
        self.canvas.showPage()  # resets the graphics state: the grid pen is set again
        self.canvas.setStrokeColor(GRID_GREY)
        self.canvas.setLineWidth(0.4)
        self.y = TOP

    def draw(self, line: Line, x: float, baseline: float, size: float, fixed: bool) -> None:
        key = (self.fonts, line[0], size)
        code = _OPERATORS.get(key) if fixed else None
        if code is None:
            code = self._operators(line[0], size)
            if fixed:
                if len(_OPERATORS) > 512:
                    _OPERATORS.clear()
                _OPERATORS[key] = code
        self.canvas.addLiteral(f"BT 1 0 0 1 {x:.3f} {baseline:.3f} Tm {code}")

    def _operators(self, line: tuple[tuple[str, str], ...], size: float) -> str:
        """The text operators of one line after its origin, through " ET". ASCII and
        Chinese runs are encoded here as reportlab encodes them (a literal string; the
        CID font's UTF-16); anything else goes through a reportlab text object."""
        code = []
        for face, part in line:
            if face == CJK_FONT:
                encoded = self.cjk.formatForPdf(part)
            elif part.isascii():
                encoded = escapePDF(part)
            else:
                return self._slow_operators(line, size)
            code.append(f"{self._font_operator(face, size)} ({encoded}) Tj")
        code.append("ET")
        return " ".join(code)

    def _slow_operators(self, line: tuple[tuple[str, str], ...], size: float) -> str:
        text = self.canvas.beginText()
        for face, part in line:
            text.setFont(face, size)
            text.textOut(part)
        return str(text.getCode()).removeprefix(_AT_ORIGIN)

    def _font_operator(self, face: str, size: float) -> str:
        """ "/F1 10 Tf 12 TL": the font's resource name in this document, as reportlab
        writes it (asking for it also puts the font in the document's resources)."""
        found = self.font_ops.get((face, size))
        if found is None:
            probe = self.canvas.beginText()
            probe.setFont(face, size)
            found = str(probe.getCode()).removeprefix(_AT_ORIGIN).removesuffix(" ET")
            self.font_ops[face, size] = found
        return found

    def para(
        self, lines: Sequence[Line], style: Style, centred: bool = False, fixed: bool = False
    ) -> None:
        if self.y < TOP:
            self.y -= style.space_before
        for line in lines:
            self.need(style.leading)
            x = LEFT + (WIDTH - line[1]) / 2 if centred else LEFT
            self.draw(line, x, self.y - style.size, style.size, fixed)
            self.y -= style.leading

    def row(self, cells: Sequence[Line], fixed: bool = False) -> None:
        """One table row: number and date flush left, the amount flush right."""
        self.need(ROW_H)
        top, x = self.y, TABLE_X
        for n, (cell, width) in enumerate(zip(cells, COLUMNS, strict=True)):
            left = x + width - CELL_PAD - cell[1] if n == 2 else x + CELL_PAD
            self.draw(cell, left, top - 3 - BODY.size, BODY.size, fixed)
            x += width
        self.grid_rows.append(top)
        self.y = top - ROW_H

    def end_table(self) -> None:
        """The grid of the rows drawn on this page, as one path."""
        if self.grid_rows:
            self.canvas.grid(list(_COLUMN_XS), [*self.grid_rows, self.y])
            self.grid_rows = []


_OPERATORS: dict[tuple[str, tuple[tuple[str, str], ...], float], str] = {}
_AT_ORIGIN = "BT 1 0 0 1 0 0 Tm "  # how beginText() opens a text object at (0, 0)
_COLUMN_XS = (
    TABLE_X,
    TABLE_X + COLUMNS[0],
    TABLE_X + COLUMNS[0] + COLUMNS[1],
    TABLE_X + sum(COLUMNS),
)


def _body(text: str) -> tuple[Line, ...]:
    return wrap(text, BODY.font, BODY.size, WIDTH)


def _fixed(text: str, style: Style = BODY) -> tuple[Line, ...]:
    return fixed_wrap(text, style.font, style.size, WIDTH)


@lru_cache(maxsize=8)
def _header() -> tuple[Line, ...]:
    return tuple(_line(text, BODY.font, BODY.size) for text in HEADER)


def _letter(page: _Page, data: DunningData) -> None:
    total = format_amount(data.total, True)
    page.para(_fixed(TITLE, TITLE_STYLE), TITLE_STYLE, centred=True, fixed=True)
    page.para(_body(f"{PLATFORM}    Date 日期: {data.letter_date.isoformat()}"), BODY)
    page.para(_body(f"Contract 合同编号: {data.loan_number}    Case 案件: {data.case_id}"), BODY)
    page.y -= 5 * mm
    page.para(_body(f"Dear 尊敬的 {data.customer_name},"), BODY)
    page.para(
        _body(
            f"Our records show that your loan is {data.dpd} days past due. "
            f"您的借款已逾期 {data.dpd} 天。The following installments are unpaid:"
        ),
        BODY,
    )
    # The table: one row per overdue installment; amounts flush right, Latin text
    # in the Latin font (the CJK font spaces Latin letters unevenly: "D ue date").
    page.row(_header(), fixed=True)
    for x in data.lines:
        page.row(
            (
                _line(str(x.n), BODY.font, BODY.size),
                _line(x.due_date.isoformat(), BODY.font, BODY.size),
                _line(format_amount(x.owed, True), BODY.font, BODY.size),
            )
        )
    page.end_table()
    page.para(
        _body(
            "Penalties and late fees included 其中罚息及滞纳金: "
            f"{format_amount(data.penalties, True)}"
        ),
        BODY,
    )
    heading = f"Total to bring your loan current 应还总额: {total}"
    page.para(wrap(heading, HEADING.font, HEADING.size, WIDTH), HEADING)
    page.para(
        _body(
            f"Please pay {total} within 7 days of this letter. 请于本函日期起7日内还清上述款项。"
            " Penalty interest continues to accrue daily on overdue principal under your "
            "loan agreement. 逾期本金将按合同约定继续计收罚息。"
        ),
        BODY,
    )
    page.para(_fixed(CONSEQUENCES), BODY, fixed=True)
    page.para(_fixed("How to pay 还款方式", HEADING), HEADING, fixed=True)
    page.para(_fixed(PAY_TO + "。"), BODY, fixed=True)
    page.para(_fixed("Contact us 联系我们", HEADING), HEADING, fixed=True)
    page.para(_fixed(RIGHTS), BODY, fixed=True)


def render_dunning_letter(data: DunningData) -> bytes:
    """One letter as PDF bytes. Pure; callable from any thread."""
    return render_batch([data]) or b""


Progress = Callable[[int, int], None]


def render_batch(
    letters: Sequence[DunningData],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes | None:
    """Many letters in one PDF, each starting on a new page; None when cancelled."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle("Dunning letters")
    page = _Page(canvas)
    for n, data in enumerate(letters, start=1):
        if cancelled is not None and cancelled():
            return None
        if n > 1:
            page.new_page()
        _letter(page, data)
        if progress is not None:
            progress(n, len(letters))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bucket_letters(
    ctx: ServiceContext,
    bucket: str,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[bytes | None, int]:
    """A batch PDF for every open case of ``bucket`` not on hold; (pdf, letters).
    Off the GUI thread: opens its own sessions (one per page of cases)."""
    from app.platform import load_state
    from db.models.collections import CollectionCase

    ctx.require(Permission.COLLECTIONS_WORK)
    with ctx.transaction() as session:
        day = load_state(session).business_date
        ids = list(
            session.scalars(
                select(CollectionCase.id)
                .where(CollectionCase.is_open == true(), CollectionCase.bucket == bucket)
                .order_by(CollectionCase.id)
            )
        )
    letters: list[DunningData] = []
    done = 0
    for page in pages(ids):
        if cancelled is not None and cancelled():
            return None, 0
        with ctx.transaction() as session:
            letters += letter_facts(session, page, day)
        done += len(page)
        if progress is not None:
            progress(done, 2 * len(ids))
    half = len(ids)

    def rendering(done: int, total: int) -> None:
        if progress is not None:
            progress(half + done * half // max(total, 1), 2 * half)

    pdf = render_batch(letters, rendering, cancelled)
    if pdf is not None:
        with ctx.transaction() as session:
            audit.record(
                session,
                ctx.actor,
                "collections.letters_printed",
                "collection_bucket",
                bucket,
                now=ctx.now(),
                after={"letters": len(letters), "cases": [d.case_id for d in letters]},
            )
    return pdf, len(letters)
