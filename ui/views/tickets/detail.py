"""Ticket detail: header, SLA indicator, then tabs — timeline, the customer panel,
attachments — and the note box with canned responses and the actions of my role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.security.permissions import Permission
from app.security.pii import PiiVault
from app.servicedesk.canned import CannedResponses
from app.servicedesk.read import TicketDetail
from app.servicedesk.service import TicketService
from app.servicedesk.sla import Light, format_left
from ui.tasks import TaskRunner
from ui.views.customer.panel import CustomerPanel
from ui.views.tickets.attachments import AttachmentsBox
from ui.views.tickets.labels import (
    category_text,
    channel_text,
    entry_kind_text,
    entry_text,
    priority_text,
    status_text,
)
from ui.views.tickets.manage import AssignDialog, ChangeTicketDialog, MergeDialog
from ui.views.tickets.queue_model import LIGHT_COLOURS

if TYPE_CHECKING:
    from app.context import ServiceContext
    from ui.views.registry import PageContext


class TicketDetailPane(QWidget):
    """GUI thread. Loads and saves on the runner; ``shown`` fires once a ticket (or
    none) is on screen, ``changed`` after a save."""

    changed = Signal(int)  # ticket id
    shown = Signal(object)  # TicketDetail | None

    def __init__(
        self,
        service: TicketService,
        runner: TaskRunner,
        page: PageContext | None = None,
        parent: QWidget | None = None,
        *,
        read_ctx: ServiceContext | None = None,
        vault: PiiVault | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticket_detail")
        self._service = service
        self._runner = runner
        self._read_ctx = read_ctx or (page.read_ctx if page is not None else service.ctx)
        self.dialog: QDialog | None = None  # the manage dialog open now (tests reach it)
        self._canned = CannedResponses(service.ctx)
        self._detail: TicketDetail | None = None
        self.header = QLabel()
        self.header.setObjectName("ticket_header")
        self.header.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setObjectName("ticket_facts")
        self.facts.setWordWrap(True)
        self.sla = QLabel()
        self.sla.setObjectName("ticket_sla")
        self.timeline = QListWidget()
        self.timeline.setObjectName("ticket_timeline")
        self.timeline.setWordWrap(True)
        if page is not None:
            self.customer = CustomerPanel(page)
        else:
            self.customer = CustomerPanel(ctx=read_ctx or service.ctx, runner=runner)
        self.attachments = AttachmentsBox(service.ctx, runner, vault)
        self.attachments.attached.connect(self._saved)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ticket_tabs")
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.description = QPlainTextEdit()
        self.description.setObjectName("ticket_description")
        self.description.setPlaceholderText(self.tr("What the customer asks for, in full"))
        self.description_save = QPushButton(self.tr("Save description"))
        self.description_save.setObjectName("ticket_description_save")
        self.description_save.clicked.connect(self.save_description)
        described = QWidget()
        described_layout = QVBoxLayout(described)
        described_layout.addWidget(self.description, 1)
        described_layout.addWidget(self.description_save)
        scroll = QScrollArea()  # a long customer page scrolls; it never grows the window
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.customer)
        self.tabs.addTab(scroll, self.tr("Customer"))
        self.tabs.addTab(self.attachments, self.tr("Attachments"))
        self.tabs.addTab(described, self.tr("Description"))
        self.canned = QComboBox()
        self.canned.setObjectName("ticket_canned")
        self.canned.setToolTip(self.tr("Fill the note with a canned response"))
        self.canned.activated.connect(self._canned_chosen)
        self.note = QPlainTextEdit()
        self.note.setObjectName("ticket_note")
        self.note.setMaximumHeight(90)
        self.note.setPlaceholderText(
            self.tr("Note, reply to the customer, or why the status changes")
        )
        self.message = QLabel()
        self.message.setObjectName("ticket_message")
        self.message.setWordWrap(True)
        notes, buttons = QHBoxLayout(), QHBoxLayout()  # writing; then the status moves
        manage = QHBoxLayout()  # who has it, what it is about, duplicates
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
            (notes if key in ("note", "reply") else buttons).addWidget(button)
        for key, text, slot in (
            ("assign", self.tr("Assign…"), self.assign),
            ("change", self.tr("Category, priority, loan…"), self.change),
            ("merge", self.tr("Merge into…"), self.merge),
        ):
            button = QPushButton(text)
            button.setObjectName(f"ticket_action_{key}")
            button.setVisible(can_work)
            button.clicked.connect(slot)
            self.buttons[key] = button
            manage.addWidget(button)
        manage.addStretch(1)
        self.description_save.setVisible(can_work)
        self.description.setReadOnly(not can_work)
        self.canned.setVisible(can_work)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.facts)
        layout.addWidget(self.sla)
        layout.addLayout(manage)
        layout.addWidget(self.tabs, 1)
        notes.insertWidget(0, self.canned, 1)
        layout.addWidget(self.note)
        layout.addLayout(notes)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._canned_loaded = False
        self.show_ticket(None)

    @property
    def detail(self) -> TicketDetail | None:
        return self._detail

    # loading ----------------------------------------------------------------

    def load(self, ticket_id: int) -> None:
        """Fetch the ticket in a task and show it."""
        service = self._service
        self.message.setText(self.tr("Loading…"))
        self._runner.submit(
            lambda _c: service.get(ticket_id),
            self._loaded,
            self.message.setText,
            owner=self,
            name="ticket",
        )

    def _loaded(self, detail: Any) -> None:
        self.message.clear()
        self.show_ticket(detail)

    def show_ticket(self, detail: TicketDetail | None) -> None:
        previous = self._detail
        same_ticket = (
            previous is not None and detail is not None and previous.row.id == detail.row.id
        )
        previous_description = previous.description if previous is not None else ""
        self._detail = detail
        self.timeline.clear()
        for button in self.buttons.values():
            button.setEnabled(detail is not None)
        self.canned.setEnabled(detail is not None)
        if detail is None:
            self.header.setText(self.tr("Select a ticket."))
            self.facts.clear()
            self.description.clear()
            self.description_save.setEnabled(False)
            self.sla.clear()
            self.sla.setStyleSheet("")
            self.customer.clear()
            self.attachments.show_ticket(None)
            self.shown.emit(None)
            return
        r = detail.row
        self.header.setText(
            self.tr("{0} · {1} · {2} · {3} · {4}").format(
                r.number,
                r.subject,
                status_text(r.status),
                priority_text(r.priority),
                r.customer_name or "—",
            )
        )
        self.facts.setText(
            self.tr("{0} · via {1} · loan {2} · team {3}").format(
                category_text(r.category),
                channel_text(r.channel),
                detail.loan_number or "—",
                r.team_name or "—",
            )
            + (
                " · " + self.tr("merged into {0}").format(detail.merged_into_number)
                if detail.merged_into_number
                else ""
            )
        )
        if not same_ticket or self.description.toPlainText() == previous_description:
            self.description.setPlainText(detail.description)
        workable = r.status not in ("merged", "closed")
        for key in ("assign", "change", "description"):
            widget = self.description_save if key == "description" else self.buttons[key]
            widget.setEnabled(workable)
        self.buttons["merge"].setEnabled("merged" in detail.allowed_statuses)
        self._show_sla(detail)
        for e in detail.entries:
            when = e.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M")
            self.timeline.addItem(
                f"{when}  {e.author_name}  [{entry_kind_text(e.kind)}]  {entry_text(e)}"
            )
        for key in ("open", "pending_customer", "pending_internal", "resolved", "closed"):
            self.buttons[key].setEnabled(key in detail.allowed_statuses)
        same = previous is not None and previous.row.id == r.id
        if r.customer_id is None:
            self.customer.clear()
        elif not same or self.customer.customer_id != r.customer_id:
            self.customer.show_customer(r.customer_id)
        self.attachments.show_ticket(r.id)
        self._load_canned(r.category)
        self.shown.emit(detail)

    def _show_sla(self, detail: TicketDetail) -> None:
        r = detail.row
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
        self.sla.setStyleSheet(f"background: {colour.name()}; padding: 2px;" if colour else "")

    # canned responses -----------------------------------------------------------

    def _load_canned(self, category: str) -> None:
        canned = self._canned
        self._runner.submit(
            lambda _c: canned.list(category),
            self._canned_listed,
            self.message.setText,
            owner=self,
            name="canned",
        )

    def _canned_listed(self, rows: Any) -> None:
        self.canned.clear()
        self.canned.addItem(self.tr("Canned response…"), None)
        for c in rows:
            self.canned.addItem(c.title, c.id)
        self._canned_loaded = True

    def _canned_chosen(self, index: int) -> None:
        canned_id = self.canned.itemData(index)
        if canned_id is None or self._detail is None:
            return
        canned, ticket_id = self._canned, self._detail.row.id
        self._runner.submit(
            lambda _c: canned.render(int(canned_id), ticket_id),
            self._canned_rendered,
            self.message.setText,
            owner=self,
            name="canned-render",
        )

    def _canned_rendered(self, text: Any) -> None:
        self.note.setPlainText(str(text))
        self.canned.setCurrentIndex(0)
        self.note.setFocus()

    # managing the ticket ----------------------------------------------------

    def assign(self) -> AssignDialog | None:
        """Open the assign dialog for the ticket shown (window modal, not blocking)."""
        if self._detail is None:
            return None
        return self._open(
            AssignDialog(self._service, self._detail, self._runner, self, read_ctx=self._read_ctx)
        )

    def change(self) -> ChangeTicketDialog | None:
        """Open the category / priority / loan dialog for the ticket shown."""
        if self._detail is None:
            return None
        return self._open(
            ChangeTicketDialog(
                self._service, self._detail, self._runner, self, read_ctx=self._read_ctx
            )
        )

    def merge(self) -> MergeDialog | None:
        """Open the merge dialog: this ticket is the duplicate."""
        if self._detail is None:
            return None
        return self._open(
            MergeDialog(self._service, self._detail, self._runner, self, read_ctx=self._read_ctx)
        )

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._managed)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_description(self) -> None:
        if self._detail is None:
            return
        tid, version = self._detail.row.id, self._detail.row.version
        text, service = self.description.toPlainText(), self._service
        self.description_save.setEnabled(False)
        self.message.setText(self.tr("Saving…"))
        self._runner.submit(
            lambda _c: service.edit_description(tid, text, expected_version=version),
            self._description_saved,
            self._save_failed,
            owner=self,
            name="ticket-description",
        )

    def _description_saved(self, result: Any) -> None:
        detail: TicketDetail = result
        self.description.setPlainText(detail.description)
        self._managed(detail)

    def _managed(self, result: Any) -> None:
        """Shown after an assign, change, merge or description save (a typed note stays)."""
        detail: TicketDetail = result
        self.message.clear()
        self.show_ticket(detail)
        self.changed.emit(detail.row.id)

    # actions ----------------------------------------------------------------

    def _act(self, key: str) -> None:
        if self._detail is None:
            return
        tid, version = self._detail.row.id, self._detail.row.version
        text, service = self.note.toPlainText(), self._service
        for button in self.buttons.values():
            button.setEnabled(False)
        self.message.setText(self.tr("Saving…"))

        def job(_c: Any) -> TicketDetail:
            if key in ("note", "reply"):
                return service.add_note(
                    tid, text, visible_to_customer=key == "reply", expected_version=version
                )
            return service.transition(tid, key, expected_version=version, note=text)

        self._runner.submit(job, self._saved, self._save_failed, owner=self, name="ticket-save")

    def _saved(self, result: Any) -> None:
        detail: TicketDetail = result
        self.note.clear()
        self.message.clear()
        self.show_ticket(detail)
        self.changed.emit(detail.row.id)

    def _save_failed(self, message: str) -> None:
        self.message.setText(message)
        self.show_ticket(self._detail)  # buttons back as the ticket allows
