"""The detail pane: applicant header (masked), requested terms, affordability, KYC,
scorecard points and reasons, the live quote, notes and history. GUI thread."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import P2PDeskError
from app.money import format_amount, parse_amount
from app.origination.affordability import format_bp, format_percent
from app.origination.detail import ApplicationDetail, live_quote
from app.origination.pricing import above_ceiling, offer_cost
from ui.i18n import QT_TRANSLATE_NOOP, pick_label
from ui.views.applications.queue_model import status_name
from ui.views.kyc.labels import gate_reason, kyc_state_text, view_gate


def _money(minor: int | None) -> str:
    return "—" if minor is None else format_amount(minor, grouping=True)


# What happened, for people: the audit action of each application event.
HISTORY_ACTIONS = {
    "application.submitted": QT_TRANSLATE_NOOP("ApplicationHistory", "Submitted"),
    "application.imported": QT_TRANSLATE_NOOP("ApplicationHistory", "Imported"),
    "application.assigned": QT_TRANSLATE_NOOP("ApplicationHistory", "Assigned"),
    "application.taken": QT_TRANSLATE_NOOP("ApplicationHistory", "Taken for review"),
    "application.info_requested": QT_TRANSLATE_NOOP("ApplicationHistory", "Information requested"),
    "application.info_received": QT_TRANSLATE_NOOP("ApplicationHistory", "Information received"),
    "application.recommended": QT_TRANSLATE_NOOP("ApplicationHistory", "Recommended"),
    "application.sent_back": QT_TRANSLATE_NOOP("ApplicationHistory", "Sent back for review"),
    "application.approved": QT_TRANSLATE_NOOP("ApplicationHistory", "Approved"),
    "application.declined": QT_TRANSLATE_NOOP("ApplicationHistory", "Declined"),
    "application.withdrawn": QT_TRANSLATE_NOOP("ApplicationHistory", "Withdrawn"),
    "application.expired": QT_TRANSLATE_NOOP("ApplicationHistory", "Expired"),
    "application.funded": QT_TRANSLATE_NOOP("ApplicationHistory", "Funded"),
    "application.funding_changed": QT_TRANSLATE_NOOP("ApplicationHistory", "Funding changed"),
    "application.disbursed": QT_TRANSLATE_NOOP("ApplicationHistory", "Disbursed"),
    "application.disbursement_reversed": QT_TRANSLATE_NOOP(
        "ApplicationHistory", "Disbursement reversed"
    ),
    "application.note_added": QT_TRANSLATE_NOOP("ApplicationHistory", "Note added"),
}
# The details worth reading, by key; anything else (ids, bookkeeping) is left out.
HISTORY_KEYS = {
    "status": QT_TRANSLATE_NOOP("ApplicationHistory", "status"),
    "channel": QT_TRANSLATE_NOOP("ApplicationHistory", "channel"),
    "product": QT_TRANSLATE_NOOP("ApplicationHistory", "product"),
    "amount": QT_TRANSLATE_NOOP("ApplicationHistory", "amount"),
    "term": QT_TRANSLATE_NOOP("ApplicationHistory", "term (months)"),
    "score": QT_TRANSLATE_NOOP("ApplicationHistory", "score"),
    "grade": QT_TRANSLATE_NOOP("ApplicationHistory", "grade"),
    "reasons": QT_TRANSLATE_NOOP("ApplicationHistory", "reasons"),
    "offer_amount": QT_TRANSLATE_NOOP("ApplicationHistory", "offered amount"),
    "offer_term": QT_TRANSLATE_NOOP("ApplicationHistory", "offered term (months)"),
    "offer_rate": QT_TRANSLATE_NOOP("ApplicationHistory", "offered rate"),
    "total": QT_TRANSLATE_NOOP("ApplicationHistory", "committed"),
    "message": QT_TRANSLATE_NOOP("ApplicationHistory", "request"),
    "due": QT_TRANSLATE_NOOP("ApplicationHistory", "due"),
    "note": QT_TRANSLATE_NOOP("ApplicationHistory", "note"),
    "business_date": QT_TRANSLATE_NOOP("ApplicationHistory", "business date"),
    "external_id": QT_TRANSLATE_NOOP("ApplicationHistory", "external reference"),
}
CHANNELS = {
    "counter": QT_TRANSLATE_NOOP("ApplicationHistory", "counter"),
    "phone": QT_TRANSLATE_NOOP("ApplicationHistory", "phone"),
    "web": QT_TRANSLATE_NOOP("ApplicationHistory", "web"),
}
_MONEY_KEYS = frozenset({"amount", "offer_amount", "total"})


def history_action(action: str) -> str:
    """An application event's name in the reader's language. Main thread."""
    from PySide6.QtCore import QCoreApplication

    name = HISTORY_ACTIONS.get(action)
    return QCoreApplication.translate("ApplicationHistory", name or "Changed")


def _history_details(after: dict[str, object]) -> str:
    """An audit event's details for people, in their language: amounts in yuan,
    statuses and channels named, internal ids and bookkeeping left out."""
    from PySide6.QtCore import QCoreApplication

    parts = []
    for key, value in after.items():
        label = HISTORY_KEYS.get(key)
        if label is None or value in (None, "", [], {}):
            continue
        if key in _MONEY_KEYS and isinstance(value, int):
            shown = _money(value)
        elif key == "offer_rate":
            shown = format_percent(Decimal(str(value)))
        elif isinstance(value, list):
            shown = " ".join(str(v) for v in value)
        elif key == "status":
            shown = status_name(str(value))
        elif key == "channel" and str(value) in CHANNELS:
            shown = QCoreApplication.translate("ApplicationHistory", CHANNELS[str(value)])
        else:
            shown = str(value)
        parts.append(
            QCoreApplication.translate("ApplicationHistory", "{0}: {1}").format(
                QCoreApplication.translate("ApplicationHistory", label), shown
            )
        )
    return QCoreApplication.translate("ApplicationHistory", "; ").join(parts)


class DetailPane(QWidget):
    customer_link_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: ApplicationDetail | None = None
        layout = QVBoxLayout(self)
        self.header = QLabel(self.tr("Select an application"))
        self.header.setObjectName("detail_header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.linkActivated.connect(self._link)
        layout.addWidget(self.header)
        split = QSplitter(Qt.Orientation.Vertical)
        self.body = QTextBrowser()
        self.body.setObjectName("detail_body")
        split.addWidget(self.body)
        quote_box = QWidget()
        quote_layout = QVBoxLayout(quote_box)
        inputs = QHBoxLayout()
        self.q_amount = QLineEdit()
        self.q_term = QLineEdit()
        self.q_rate = QComboBox()
        for label, widget in (
            (self.tr("Amount"), self.q_amount),
            (self.tr("Term"), self.q_term),
            (self.tr("Rate"), self.q_rate),
        ):
            inputs.addWidget(QLabel(label))
            inputs.addWidget(widget)
        self.q_amount.setMaximumWidth(140)
        self.q_term.setMaximumWidth(60)
        inputs.addStretch(1)
        self.q_amount.editingFinished.connect(self.update_quote)
        self.q_term.editingFinished.connect(self.update_quote)
        self.q_rate.currentIndexChanged.connect(lambda _i: self.update_quote())
        quote_layout.addLayout(inputs)
        self.quote_summary = QLabel()
        self.quote_summary.setObjectName("quote_summary")
        quote_layout.addWidget(self.quote_summary)
        self.schedule = QTableWidget(0, 6)
        self.schedule.setObjectName("quote_table")
        self.schedule.setHorizontalHeaderLabels(
            [self.tr("#"), self.tr("Due"), self.tr("Principal"), self.tr("Interest"),
             self.tr("Payment"), self.tr("Balance")]
        )  # fmt: skip
        self.schedule.verticalHeader().setVisible(False)
        self.schedule.horizontalHeader().setStretchLastSection(True)
        self.schedule.setColumnWidth(0, 36)
        self.schedule.verticalHeader().setDefaultSectionSize(22)
        quote_layout.addWidget(self.schedule)
        split.addWidget(quote_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([420, 220])
        layout.addWidget(split, 1)

    def _link(self, href: str) -> None:
        if href.startswith("customer:"):
            self.customer_link_activated.emit(int(href.split(":", 1)[1]))

    def show_detail(self, d: ApplicationDetail) -> None:
        self.detail = d
        c = d.customer
        self.header.setText(
            f"<b>{escape(d.number)}</b> · <a href='customer:{c.id}'>{escape(c.name)}</a> "
            f"({escape(c.number)}) · {escape(c.id_number_masked)} · {escape(c.phone_masked)}"
            f" · {escape(status_name(d.status))}"
        )
        self.body.setHtml(self._html(d))
        amount, term, rate = d.terms
        self.q_amount.setText(format_amount(amount))
        self.q_term.setText(str(term))
        self.q_rate.blockSignals(True)
        self.q_rate.clear()
        for r in sorted(set(d.product.grade_rates.values())):
            self.q_rate.addItem(format_percent(r), r)
        # findData cannot compare Decimals held in a QVariant; match them here
        rates = [self.q_rate.itemData(i) for i in range(self.q_rate.count())]
        if rate in rates:
            self.q_rate.setCurrentIndex(rates.index(rate))
        self.q_rate.blockSignals(False)
        self.update_quote()

    def update_quote(self) -> None:
        """Rebuild the schedule for the terms on screen with the loan engine's rules."""
        d = self.detail
        if d is None:
            return
        try:
            rate: Decimal = self.q_rate.currentData()
            schedule = live_quote(
                d.product, parse_amount(self.q_amount.text()), int(self.q_term.text()),
                rate, d.business_date,
            )  # fmt: skip
        except (P2PDeskError, ValueError, TypeError) as exc:
            self.quote_summary.setText(str(exc))
            self.schedule.setRowCount(0)
            return
        cost = offer_cost(d.product, schedule)
        summary = self.tr(
            "Total interest {0} · total repayment {1} · received {2} · "
            "comprehensive annual cost {3}"
        ).format(
            _money(schedule.total_interest),
            _money(schedule.total_payment),
            _money(cost.received),
            format_percent(cost.annual_cost),
        )
        over = above_ceiling(cost.annual_cost, d.cost_ceiling)
        if over:
            summary += " — " + self.tr(
                "above the {0} ceiling: these terms cannot be offered"
            ).format(format_percent(d.cost_ceiling))
        self.quote_summary.setProperty("cost_over_ceiling", over)
        self.quote_summary.setText(summary)
        self.schedule.setRowCount(len(schedule.installments))
        for i, inst in enumerate(schedule.installments):
            values = [str(inst.n), inst.due_date.isoformat(), _money(inst.principal),
                      _money(inst.interest), _money(inst.payment),
                      _money(inst.balance)]  # fmt: skip
            for j, value in enumerate(values):
                self.schedule.setItem(i, j, QTableWidgetItem(value))

    def _trail_html(self, d: ApplicationDetail) -> str:
        """Who recommended, approved, declined or sent back, when, with the note."""
        steps = {
            "recommended": self.tr("Recommended by {0}"),
            "approved": self.tr("Approved by {0}"),
            "declined": self.tr("Declined by {0}"),
            "sent_back": self.tr("Sent back by {0}"),
            "info_requested": self.tr("Information requested by {0}"),
            "withdrawn": self.tr("Withdrawn by {0}"),
        }
        html = ["<h3>" + self.tr("Decision trail") + "</h3>"]
        if not d.trail:
            return html[0] + "<p id='trail'>" + self.tr("No decision yet.") + "</p>"
        html.append("<ul id='trail'>")
        for t in d.trail:
            line = [f"{t.occurred_at.astimezone():%Y-%m-%d %H:%M}", steps[t.step].format(t.actor)]
            if t.offer is not None:
                amount, term, rate = t.offer
                line.append(
                    self.tr("{0} over {1} months at {2}").format(
                        _money(amount), term, format_percent(rate)
                    )
                )
            if t.reasons:
                line.append(" ".join(t.reasons))
            text = escape(" · ".join(line))
            if t.note:
                text += " — <i>" + escape(t.note) + "</i>"
            html.append(f"<li>{text}</li>")
        html.append("</ul>")
        return "".join(html)

    def _affordability_html(self, d: ApplicationDetail) -> str:
        """DTI with the platform's own installments, the income check, a balloon
        warning and the borrowing cap's headroom (issue 13 #5)."""
        a, warn = d.affordability, "color:#b00020"
        colour = "green" if a.within_limit else "#b00020"
        html = ["<h3>" + self.tr("Affordability") + "</h3><p id='dti'>"]
        html.append(
            self.tr("Income {0}, existing debt {1}, new installment {2}: DTI "
                    "<b style='color:{3}'>{4}</b> against the limit {5}").format(
                _money(a.monthly_income), _money(a.existing_debt), _money(a.new_installment),
                colour, format_bp(a.dti_bp), format_bp(a.limit_bp))
        )  # fmt: skip
        html.append("</p><p id='debt'>")
        html.append(
            self.tr("Existing debt: {0} stated elsewhere + {1} on this platform's running "
                    "loans + {2} on offers approved but not paid out").format(
                _money(a.stated_debt), _money(a.platform.loans), _money(a.platform.offers))
        )  # fmt: skip
        html.append("</p><p id='income'>")
        income = d.income
        deviation = income.deviation_bp
        if income.on_file is None or deviation is None:
            html.append(self.tr("No income on file to compare the stated income with."))
        elif income.mismatch:
            html.append(
                f"<b style='{warn}'>"
                + self.tr("Stated income {0} differs from the income on file {1} by {2} "
                          "(tolerance {3}): check it.").format(
                    _money(income.stated), _money(income.on_file), format_bp(deviation),
                    format_bp(income.tolerance_bp))
                + "</b>"
            )  # fmt: skip
        else:
            html.append(
                self.tr("Stated income agrees with the income on file {0} (within {1}).").format(
                    _money(income.on_file), format_bp(income.tolerance_bp)
                )
            )
        html.append("</p>")
        if d.balloon is not None:
            html.append(f"<p id='balloon'><b style='{warn}'>")
            html.append(
                self.tr("Balloon: the principal falls due at the end, a final payment of {0} "
                        "(the DTI counts {1} a month); the borrower must save for it or "
                        "refinance.").format(
                    _money(d.balloon), _money(a.new_installment))
            )  # fmt: skip
            html.append("</b></p>")
        cap = d.cap
        html.append("<p id='cap'>")
        if cap.excess > 0:
            html.append(
                f"<b style='{warn}'>"
                + self.tr("Borrowing cap {0}: {1} owed here, {2} left; this application "
                          "exceeds it by {3}.").format(
                    _money(cap.cap), _money(cap.owed), _money(cap.available), _money(cap.excess))
                + "</b>"
            )  # fmt: skip
        else:
            html.append(
                self.tr("Borrowing cap {0}: {1} owed here, {2} left; {3} left after this "
                        "application.").format(
                    _money(cap.cap), _money(cap.owed), _money(cap.available), _money(cap.after))
            )  # fmt: skip
        html.append("</p>")
        return "".join(html)

    def _html(self, d: ApplicationDetail) -> str:
        rows = [
            (self.tr("Product"), f"{d.product.name} ({d.product.code})"),
            (self.tr("Requested"), f"{_money(d.amount)} · {d.term} " + self.tr("months")),
            (self.tr("Purpose"), d.purpose),
            (self.tr("Underwriter"), d.assigned_name or "—"),
            (self.tr("Offer"), f"{_money(d.offer_amount)} · {d.offer_term or '—'} · "
             f"{format_percent(d.offer_rate) if d.offer_rate is not None else '—'}"),
            (self.tr("Recommended by"), d.recommended_by_name or "—"),
        ]  # fmt: skip
        if d.decided_by_name:
            when = f" · {d.decided_at.astimezone():%Y-%m-%d %H:%M}" if d.decided_at else ""
            rows.append(
                (self.tr("Decided by"), f"{d.decided_by_name} ({status_name(d.status)}){when}")
            )
        if d.info_message:
            rows.append((self.tr("Information requested"), f"{d.info_message} ({d.info_due})"))
        if d.decline_reasons:
            rows.append(
                (
                    self.tr("Declined for"),
                    "; ".join(
                        f"{c} {pick_label(t, zh)}"
                        for (c, t), zh in zip(d.decline_reasons, d.decline_reasons_zh, strict=False)
                    ),
                )
            )
        html = ["<h3>" + self.tr("Request") + "</h3><table>"]
        html += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in rows]
        html.append("</table>")
        html.append(self._trail_html(d))
        html.append(self._affordability_html(d))
        html.append("<h3>" + self.tr("KYC") + "</h3>")
        kyc = self.tr("open") if d.kyc.ok else self.tr("blocked")
        gate = self.tr("{0} — {1}.").format(kyc_state_text(d.kyc.state), kyc)
        if not d.kyc.ok:
            gate += " " + gate_reason(view_gate(d.kyc))
        html.append(f"<p id='kyc'>{escape(gate)}</p>")
        html.append(
            "<h3>"
            + self.tr("Scorecard (version {0}): {1} of {2}, grade {3}, PD {4}").format(
                d.scorecard_version, d.score, d.max_score, d.grade, format_percent(d.pd)
            )
            + "</h3><table cellpadding='2'>"
        )
        for line in d.score_lines:
            label, bin_label = (
                pick_label(line.label, line.label_zh),
                pick_label(line.bin_label, line.bin_label_zh),
            )
            html.append(
                f"<tr><td>{escape(label)}</td><td>{escape(bin_label)}</td>"
                f"<td align='right'>{line.points} / {line.max_points}</td></tr>"
            )
        html.append("</table><p><b>" + self.tr("Top reasons") + "</b></p><ol>")
        html += [
            f"<li>{escape(r.reason_code)} {escape(pick_label(r.reason, r.reason_zh))}</li>"
            for r in d.reasons
        ]
        html.append(
            "</ol><p>"
            + self.tr("Recommended rate: {0}").format(
                format_percent(d.recommended_rate) if d.recommended_rate is not None else "—"
            )
            + "</p>"
        )
        html.append("<h3>" + self.tr("Notes") + "</h3>")
        html += [f"<p>{n.created_at:%Y-%m-%d %H:%M} {escape(n.author)}: {escape(n.body)}</p>"
                 for n in d.notes]  # fmt: skip
        html.append("<h3>" + self.tr("History") + "</h3><ul>")
        for h in d.history:
            after = _history_details(h.after or {})
            html.append(
                f"<li>{h.occurred_at:%Y-%m-%d %H:%M} {escape(h.actor)} "
                f"<b>{escape(history_action(h.action))}</b> {escape(after[:200])}</li>"
            )
        html.append("</ul>")
        return "".join(html)
