"""The case view: customer header, loan and arrears, payments with their allocation,
contacts, promises, notes and open tickets. Read only; GUI thread."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.collections.queries import CaseView, owed
from app.money import format_amount
from ui.views.collections.call_bar import CallBar
from ui.views.collections.labels import (
    ARRANGEMENT_STATES,
    CHANNELS,
    COMPONENTS,
    DIRECTIONS,
    OUTCOMES,
    PAYMENT_CHANNELS,
    STATUSES,
    bucket_text,
    explain_priority,
    label,
    tr,
)
from ui.views.collections.lift_hold import lift_choice
from ui.views.tickets.labels import category_text, status_text

_NOWRAP = "white-space: nowrap"


def _table(headers: list[str], rows: list[list[str]], wrap_last: bool = False) -> str:
    """An HTML table; cells do not break inside words (dates, references, amounts),
    except the last column when it holds free text."""
    head = "".join(f"<th align='left' style='{_NOWRAP}'>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(c)}</td>"
            if wrap_last and k == len(row) - 1
            else f"<td style='{_NOWRAP}'>{escape(c)}</td>"
            for k, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table border='1' cellspacing='0' cellpadding='3'><tr>{head}</tr>{body}</table>"


def _local(at: datetime) -> str:
    """A stored UTC time in the workstation's time zone (DESIGN: shown local)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone().strftime("%Y-%m-%d %H:%M")


def _h3(text: str) -> str:
    return f"<h3>{escape(text)}</h3>"


class CasePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collections_case_panel")
        self.view: CaseView | None = None
        self.browser = QTextBrowser()
        self.browser.setObjectName("collections_case_text")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Start call: the debtor's number for this call only (rules checked first).
        self.can_call = False
        self.call_bar = CallBar()
        layout.addWidget(self.call_bar)
        layout.addWidget(self.browser)
        # A supervisor lifts a hold once its ticket is resolved; before that the
        # button is there, disabled, and says why.
        self.can_lift = False
        self.lift_button = QPushButton(tr("Lift hold…"))
        self.lift_button.setObjectName("collections_lift_hold")
        self.lift_button.clicked.connect(self._lift_clicked)
        layout.addWidget(self.lift_button)
        self._lift_hold: Any = None
        self.show_case(None)

    lift_requested = Signal(object)  # the Hold to lift

    def liftable(self) -> list[Any]:
        return [h for h in (self.view.hold_views if self.view else ()) if h.liftable]

    def _lift_clicked(self) -> None:
        if self._lift_hold is not None:
            self.lift_requested.emit(self._lift_hold)

    def _show_lift(self, view: CaseView | None) -> None:
        holds = view.hold_views if view is not None else ()
        self.lift_button.setVisible(self.can_lift and bool(holds))
        hold, text, why = lift_choice(holds)
        self._lift_hold = hold
        self.lift_button.setText(text)
        self.lift_button.setToolTip(why)
        self.lift_button.setEnabled(hold is not None)

    def show_case(self, view: CaseView | None) -> None:
        self.view = view
        self._show_lift(view)
        self.call_bar.setVisible(self.can_call)
        self.call_bar.set_case(
            view.row.case_id if view is not None and view.status == "open" else None
        )
        if view is None:
            self.browser.setHtml(
                "<p>" + escape(tr("Take the next case or pick one from the queue.")) + "</p>"
            )
            return
        self.browser.setHtml(self._html(view))

    def _html(self, v: CaseView) -> str:
        c, r = v.customer, v.row
        money = format_amount
        parts = [
            f"<h2>{escape(c.name)} <small>{escape(c.number)}</small></h2>",
            "<p>"
            + escape(
                tr("Phone {0} · ID {1} · City {2} · Time zone {3}").format(
                    c.phone_masked, c.id_number_masked, c.city or "-", v.timezone
                )
            )
            + "</p>",
            "<p><b>"
            + escape(
                tr("Contract {0} · bucket {1} · {2} days past due · case {3}").format(
                    r.loan_number, bucket_text(r.bucket), r.dpd, label(STATUSES, v.status)
                )
            )
            + "</b></p>",
        ]
        if v.holds:
            parts.append(
                "<p style='color:#b00020'><b>"
                + escape(tr("Contact and letters paused: {0}").format("; ".join(v.holds)))
                + "</b></p>"
            )
        parts.append(
            "<p>"
            + escape(tr("Priority {0}:").format(r.priority.total))
            + "<br>"
            + escape(explain_priority(r.priority)).replace("\n", "<br>")
            + "</p>"
        )
        parts.append(_h3(tr("Overdue installments")))
        parts.append(
            _table(
                [
                    tr("No."),
                    tr("Due"),
                    tr("Principal"),
                    tr("Interest"),
                    tr("Fees"),
                    tr("Penalty"),
                    tr("Owed"),
                ],
                [
                    [
                        str(i.n),
                        i.due_date.isoformat(),
                        money(i.principal - i.paid_principal, True),
                        money(i.interest - i.paid_interest, True),
                        money(i.fees - i.paid_fees, True),
                        money(i.penalty - i.paid_penalty, True),
                        money(owed(i), True),
                    ]
                    for i in v.overdue_installments
                ],
            )
        )
        parts.append(
            "<p>"
            + escape(tr("Penalties and fees: {0}").format(money(v.penalties, True)))
            + "<br><b>"
            + escape(
                tr("Total to bring current: {0}").format(money(v.total_to_bring_current, True))
            )
            + "</b></p>"
        )
        parts.append(_h3(tr("Payments")))
        parts.append(
            _table(
                [
                    tr("Value date"),
                    tr("Reference"),
                    tr("Channel"),
                    tr("Amount"),
                    tr("Status"),
                    tr("Allocation"),
                ],
                [
                    [
                        p.value_date.isoformat(),
                        p.external_ref,
                        label(PAYMENT_CHANNELS, p.channel),
                        money(p.amount, True),
                        label(STATUSES, p.status),
                        ", ".join(
                            (f"#{ln.installment_n} " if ln.installment_n else "")
                            + f"{label(COMPONENTS, ln.component)} {money(ln.amount, True)}"
                            for ln in p.lines
                        ),
                    ]
                    for p in v.payments
                ],
                wrap_last=True,
            )
        )
        parts.append(_h3(tr("Promises to pay")))
        parts.append(
            _table(
                [tr("Made"), tr("Due"), tr("Amount"), tr("Paid"), tr("Status")],
                [
                    [
                        p.made_on.isoformat(),
                        p.due_date.isoformat(),
                        money(p.amount, True),
                        money(p.paid_amount, True),
                        label(STATUSES, p.status),
                    ]
                    for p in v.promises
                ],
            )
        )
        if v.arrangements:
            parts.append(_h3(tr("Payment arrangement")))
            parts.append(
                _table(
                    [
                        tr("Proposed by"),
                        tr("Plan"),
                        tr("Agent's note"),
                        tr("State"),
                        tr("Decided by"),
                    ],
                    [
                        [
                            a.info.proposed_by,
                            "; ".join(f"{d.isoformat()} {money(m, True)}" for d, m in a.info.plan),
                            a.info.reason or "-",
                            label(ARRANGEMENT_STATES, a.state),
                            a.decided_by or "-",
                        ]
                        for a in v.arrangements
                    ],
                    wrap_last=False,
                )
            )
        parts.append(_h3(tr("Contacts")))
        parts.append(
            _table(
                [tr("When"), tr("Agent"), tr("Channel"), tr("To"), tr("Outcome"), tr("Note")],
                [
                    [
                        _local(x.at),
                        x.agent_name,
                        f"{label(CHANNELS, x.channel)} / {label(DIRECTIONS, x.direction)}",
                        x.address_masked,
                        label(OUTCOMES, x.outcome),
                        x.note,
                    ]
                    for x in v.contacts
                ],
                wrap_last=True,
            )
        )
        if v.notes:
            parts.append(_h3(tr("Notes")))
            parts += [f"<p><b>{escape(n.author_name)}</b>: {escape(n.body)}</p>" for n in v.notes]
        if v.open_tickets:
            parts.append(_h3(tr("Open tickets")))
            parts.append(
                _table(
                    [tr("Ticket"), tr("Subject"), tr("Category"), tr("Status")],
                    [
                        [t.number, t.subject, category_text(t.category), status_text(t.status)]
                        for t in v.open_tickets
                    ],
                    wrap_last=False,
                )
            )
        return "".join(parts)
