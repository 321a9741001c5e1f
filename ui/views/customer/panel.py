"""The customer panel: one glance at a customer, used by every view.

Identity (masked), then what matters on a call — overdue, disputing,
mid-application — as badges, then a block per section: KYC state, loans with
balance and DPD, the collection case and its last contacts, open applications
(contributed through the overview's section providers), open tickets and active
collection holds. Loaded on the task runner; nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.kyc.gate import GateResult
from app.servicedesk.customer_overview import CustomerOverview, OverviewSection, customer_overview
from app.servicedesk.overview_sections import (
    ApplicationFact,
    CaseFact,
    LoanFact,
    sections_for,
)
from ui.i18n import QT_TRANSLATE_NOOP, pick_label
from ui.views.kyc.labels import gate_reason
from ui.views.tickets.labels import status_text

if TYPE_CHECKING:
    from app.context import ServiceContext
    from app.servicedesk.holds import Hold
    from ui.tasks import TaskRunner
    from ui.views.registry import PageContext

CONTEXT = "CustomerOverview"
#: Titles and labels the section providers use (app/ has no Qt; translated here).
WORDS = (
    QT_TRANSLATE_NOOP("CustomerOverview", "KYC"),
    QT_TRANSLATE_NOOP("CustomerOverview", "Loans"),
    QT_TRANSLATE_NOOP("CustomerOverview", "Collection case"),
    QT_TRANSLATE_NOOP("CustomerOverview", "Open applications"),
    QT_TRANSLATE_NOOP("CustomerOverview", "State"),
    QT_TRANSLATE_NOOP("CustomerOverview", "Missing"),
    QT_TRANSLATE_NOOP("CustomerOverview", "Reason"),
    QT_TRANSLATE_NOOP("CustomerOverview", "Case"),
    QT_TRANSLATE_NOOP("CustomerOverview", "Overdue"),
    QT_TRANSLATE_NOOP("CustomerOverview", "Status"),
    QT_TRANSLATE_NOOP("CustomerOverview", "On hold"),
    QT_TRANSLATE_NOOP("CustomerOverview", "Last contact"),
)
ATTENTION_STYLE = "QGroupBox { border: 1px solid #c0392b; border-radius: 3px; margin-top: 1.2em; }"
BADGE_STYLE = "background: #f4c7c3; color: #7a1c12; padding: 2px 6px; border-radius: 3px;"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class CustomerPanel(QWidget):
    """GUI thread. ``show_customer`` loads in a task; ``loaded`` carries the
    CustomerOverview (tests wait on it). Built from a PageContext, or from a
    read context and a runner."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        page: PageContext | None = None,
        parent: QWidget | None = None,
        *,
        ctx: ServiceContext | None = None,
        runner: TaskRunner | None = None,
        open_customer: Any = None,
        lift_hold: Callable[[Hold], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer_panel")
        # The customer page hands this in for collections supervisors: each hold
        # gets a "Lift hold" button (disabled, saying why, until its ticket is resolved).
        self._lift_hold = lift_hold
        self.lift_buttons: dict[int, QPushButton] = {}
        if page is not None:
            ctx, runner, open_customer = page.read_ctx, page.runner, page.open_customer
        assert ctx is not None and runner is not None
        self._ctx = ctx
        self._runner = runner
        self._open_customer = open_customer
        self._sections = sections_for(ctx.actor)
        self._request = 0
        self.customer_id: int | None = None
        self.overview: CustomerOverview | None = None

        self.header = QLabel()
        self.header.setObjectName("customer_panel_header")
        font = self.header.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.header.setFont(font)
        self.header.setWordWrap(True)
        self.identity = QLabel()
        self.identity.setObjectName("customer_panel_identity")
        self.identity.setWordWrap(True)
        self.badges = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open customer page"))
        self.open_button.setObjectName("customer_panel_open")
        self.open_button.setVisible(open_customer is not None)
        self.open_button.clicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.open_button)
        self.body = QVBoxLayout()
        self.message = QLabel()
        self.message.setObjectName("customer_panel_message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.identity)
        layout.addLayout(self.badges)
        layout.addLayout(self.body)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.clear()

    # loading ----------------------------------------------------------------

    def show_customer(self, customer_id: int) -> None:
        """Load ``customer_id`` in a task (a newer request wins)."""
        self._request += 1
        request, ctx, sections = self._request, self._ctx, self._sections
        self.customer_id = customer_id
        self.message.setText(self.tr("Loading…"))
        self._runner.submit(
            lambda _c: customer_overview(ctx, customer_id, sections),
            lambda result: self._loaded(request, result),
            lambda text: self._failed(request, text),
            owner=self,
            name="customer-overview",
        )

    def reload(self) -> None:
        if self.customer_id is not None:
            self.show_customer(self.customer_id)

    def clear(self) -> None:
        self.overview = None
        self.header.setText(self.tr("No customer"))
        self.identity.clear()
        self.message.clear()
        self.open_button.setEnabled(False)
        self._clear_layout(self.badges)
        self._clear_layout(self.body)

    def _failed(self, request: int, text: str) -> None:
        if request == self._request:
            self.message.setText(text)
            self.failed.emit(text)

    def _loaded(self, request: int, result: Any) -> None:
        if request != self._request:
            return
        overview: CustomerOverview = result
        self.clear()
        self.overview = overview
        c = overview.customer
        self.header.setText(f"{c.name}  ·  {c.number}")
        self.identity.setText(
            self.tr("Phone {0} · ID {1} · {2}").format(
                c.phone_masked, c.id_number_masked, c.city or "—"
            )
        )
        self.open_button.setEnabled(True)
        for text in self.attention(overview):
            badge = QLabel(text)
            badge.setObjectName("customer_badge")
            badge.setStyleSheet(BADGE_STYLE)
            self.badges.addWidget(badge)
        self.badges.addStretch(1)
        for section in overview.sections:
            self._add_section(section)
        self._add_tickets(overview)
        self._add_holds(overview)
        self.loaded.emit(overview)

    def attention(self, overview: CustomerOverview) -> list[str]:
        """The one-glance flags: overdue, disputing, mid-application."""
        keys = {s.key for s in overview.sections if s.attention}
        flags = []
        if "loans" in keys or "collections" in keys:
            flags.append(self.tr("Overdue"))
        if overview.disputing:
            kinds = sorted({h.kind for h in overview.holds})
            names = " / ".join(_tr_kind(k) for k in kinds)
            flags.append(self.tr("{0}: collections paused").format(names))
        if "applications" in keys:
            flags.append(self.tr("Mid-application"))
        if "kyc" in keys:
            flags.append(self.tr("KYC not complete"))
        return flags

    # building ---------------------------------------------------------------

    def _group(self, key: str, title: str, attention: bool) -> QFormLayout:
        box = QGroupBox(title)
        box.setObjectName(f"customer_section_{key}")
        box.setProperty("attention", attention)
        if attention:
            box.setStyleSheet(ATTENTION_STYLE)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addWidget(box)
        return form

    def _line(self, form: QFormLayout, label: str, value: str) -> None:
        text = QLabel(value)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(label, text)

    def _add_section(self, section: OverviewSection) -> None:
        form = self._group(section.key, _tr(section.title), section.attention)
        lines = section.lines
        facts = section.facts
        if isinstance(facts, GateResult):
            lines = _kyc_lines(facts)
        elif isinstance(facts, CaseFact):
            lines = _case_lines(facts)
        elif isinstance(facts, tuple) and facts and isinstance(facts[0], LoanFact):
            lines = tuple(_loan_line(f) for f in facts)
        elif isinstance(facts, tuple) and facts and isinstance(facts[0], ApplicationFact):
            lines = tuple(_application_line(f) for f in facts)
        for label, value in lines:
            self._line(form, _tr(label), value)

    def _add_tickets(self, overview: CustomerOverview) -> None:
        if not overview.open_tickets:
            return
        form = self._group("tickets", self.tr("Open tickets"), False)
        for t in overview.open_tickets:
            self._line(form, t.number, f"{t.subject} · {status_text(t.status)}")

    def _add_holds(self, overview: CustomerOverview) -> None:
        self.lift_buttons = {}
        if not overview.holds:
            return
        form = self._group("holds", self.tr("Collection holds"), True)
        for h in overview.holds:
            since = h.raised_at.astimezone().date().isoformat()
            self._line(
                form,
                h.ticket_number,
                self.tr("{0}: collections contact paused since {1}").format(
                    _tr_kind(h.kind), since
                ),
            )
            if self._lift_hold is not None:
                form.addRow("", self._lift_button(h))

    def _lift_button(self, hold: Hold) -> QPushButton:
        from ui.views.collections.lift_hold import lift_choice

        liftable, text, why = lift_choice([hold])
        button = QPushButton(text)
        button.setObjectName("customer_lift_hold")
        button.setToolTip(why)
        button.setEnabled(liftable is not None)
        lift = self._lift_hold
        assert lift is not None
        button.clicked.connect(lambda _=False: lift(hold))
        self.lift_buttons[hold.id] = button
        return button

    def _open(self) -> None:
        if self.customer_id is not None and self._open_customer is not None:
            self._open_customer(self.customer_id)

    @staticmethod
    def _clear_layout(layout: Any) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()


def _kyc_lines(gate: GateResult) -> tuple[tuple[str, str], ...]:
    """The KYC section in the reader's language (state, missing items, reason)."""
    from ui.views.kyc.queue_model import STATE_NAMES

    state = STATE_NAMES.get(gate.state) or QT_TRANSLATE_NOOP("CustomerOverview", "No checklist")
    lines = [("State", QCoreApplication.translate("KycQueue", state))]
    if gate.missing:
        zh = gate.missing_zh or [""] * len(gate.missing)
        names = [pick_label(en, cn) for en, cn in zip(gate.missing, zh, strict=False)]
        lines.append(("Missing", QCoreApplication.translate("KycGate", ", ").join(names)))
    if not gate.ok:
        lines.append(("Reason", gate_reason(gate)))
    return tuple(lines)


LOAN_STATUSES = {
    "active": QT_TRANSLATE_NOOP("CustomerOverview", "repaying"),
    "paid_off": QT_TRANSLATE_NOOP("CustomerOverview", "paid off"),
    "written_off": QT_TRANSLATE_NOOP("CustomerOverview", "written off"),
    "reversed": QT_TRANSLATE_NOOP("CustomerOverview", "disbursement reversed"),
}


def _word(table: dict[str, str], code: str) -> str:
    """A stored code named in the reader's language (the code itself when new)."""
    return QCoreApplication.translate(CONTEXT, table[code]) if code in table else code


def _money(minor: int) -> str:
    from app.money import format_amount

    return format_amount(minor, grouping=True)


def bucket_text(code: str) -> str:
    from ui.views.collections.labels import bucket_text as named

    return named(code)


def _loan_line(f: LoanFact) -> tuple[str, str]:
    text = QCoreApplication.translate(CONTEXT, "{0} owed · {1} days past due · {2} · {3}")
    return f.number, text.format(
        _money(f.outstanding), f.dpd, bucket_text(f.bucket), _word(LOAN_STATUSES, f.status)
    )


def _case_lines(f: CaseFact) -> tuple[tuple[str, str], ...]:
    from ui.views.collections.labels import CHANNELS, OUTCOMES, STATUSES, label

    case = QCoreApplication.translate(CONTEXT, "{0} · {1} · {2} days past due").format(
        f.loan_number, bucket_text(f.bucket), f.dpd
    )
    lines = [("Case", case), ("Overdue", _money(f.overdue)), ("Status", label(STATUSES, f.status))]
    for kind, ticket in f.holds:
        lines.append(
            ("On hold", QCoreApplication.translate(CONTEXT, "{0} (ticket {1})").format(
                _tr_kind(kind), ticket))
        )  # fmt: skip
    for c in f.contacts:
        note = f" · {c.note[:60]}" if c.note else ""
        lines.append(
            (c.on.isoformat(), f"{label(CHANNELS, c.channel)} · {label(OUTCOMES, c.outcome)}{note}")
        )
    if not f.contacts:
        lines.append(("Last contact", "—"))
    return tuple(lines)


def _application_line(f: ApplicationFact) -> tuple[str, str]:
    from ui.views.applications.queue_model import status_name

    return f.number, f"{status_name(f.status)} · {_money(f.amount)} · {f.product}"


def _tr_kind(kind: str) -> str:
    from ui.views.tickets.labels import category_text

    return category_text(kind)  # dispute | hardship are ticket categories
