"""Ticket detail: header, SLA indicator, timeline, and the actions of my role."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import P2PDeskError
from app.security.permissions import Permission
from app.servicedesk.read import TicketDetail
from app.servicedesk.service import TicketService
from app.servicedesk.sla import Light, format_left
from ui.views.tickets.queue_model import LIGHT_COLOURS


class TicketDetailPane(QWidget):
    """GUI thread. Shows one ticket; actions call TicketService (short writes)."""

    changed = Signal(int)  # ticket id

    def __init__(self, service: TicketService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticket_detail")
        self._service = service
        self._detail: TicketDetail | None = None
        self.header = QLabel()
        self.header.setObjectName("ticket_header")
        self.header.setWordWrap(True)
        self.sla = QLabel()
        self.sla.setObjectName("ticket_sla")
        self.timeline = QListWidget()
        self.timeline.setObjectName("ticket_timeline")
        self.note = QPlainTextEdit()
        self.note.setObjectName("ticket_note")
        self.note.setMaximumHeight(80)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        can_work = service.ctx.actor.can(Permission.TICKET_WORK)
        for key, text in (
            ("note", self.tr("Internal note")),
            ("reply", self.tr("Note to customer")),
            ("open", self.tr("Open")),
            ("pending_customer", self.tr("Pending customer")),
            ("pending_internal", self.tr("Pending internal")),
            ("resolved", self.tr("Resolve")),
            ("closed", self.tr("Close")),
        ):
            button = QPushButton(text)
            button.setObjectName(f"ticket_action_{key}")
            button.setVisible(can_work)
            button.clicked.connect(lambda _=False, k=key: self._act(k))
            self.buttons[key] = button
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.sla)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.show_ticket(None)

    def show_ticket(self, detail: TicketDetail | None) -> None:
        self._detail = detail
        self.timeline.clear()
        for button in self.buttons.values():
            button.setEnabled(detail is not None)
        if detail is None:
            self.header.setText(self.tr("Select a ticket."))
            self.sla.clear()
            self.sla.setStyleSheet("")
            return
        r = detail.row
        self.header.setText(
            self.tr("{0} · {1} · {2} · {3}").format(
                r.number, r.subject, r.status.replace("_", " "), r.customer_name or "—"
            )
        )
        light = r.sla.light
        if light is Light.PAUSED:
            text = self.tr("SLA paused (waiting on the customer)")
        elif light in (Light.MET, Light.MISSED):
            text = self.tr("SLA stopped")
        else:
            text = self.tr("Time left: {0}").format(format_left(r.sla.left_seconds))
        if r.escalated:
            text += " · " + self.tr("escalated to {0}").format(r.sla.escalated_to or "—")
        self.sla.setText(text)
        self.sla.setProperty("light", str(light))
        colour = LIGHT_COLOURS.get(light)
        self.sla.setStyleSheet(f"background: {colour.name()};" if colour else "")
        for e in detail.entries:
            who = e.author_name
            when = e.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M")
            body = e.body or ", ".join(f"{k}: {v}" for k, v in e.data.items())
            self.timeline.addItem(f"{when}  {who}  [{e.kind}]  {body}")
        for key in ("open", "pending_customer", "pending_internal", "resolved", "closed"):
            self.buttons[key].setEnabled(key in detail.allowed_statuses)

    def _act(self, key: str) -> None:
        if self._detail is None:
            return
        tid, version = self._detail.row.id, self._detail.row.version
        text = self.note.toPlainText()
        try:
            if key in ("note", "reply"):
                detail = self._service.add_note(
                    tid, text, visible_to_customer=key == "reply", expected_version=version
                )
            else:
                detail = self._service.transition(tid, key, expected_version=version, note=text)
        except P2PDeskError as exc:
            self.message.setText(str(exc))
            return
        self.note.clear()
        self.message.clear()
        self.show_ticket(detail)
        self.changed.emit(tid)
