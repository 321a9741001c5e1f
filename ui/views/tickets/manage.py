"""The desk's dialogs beyond the call panel (issue 13 #18): a new ticket from an email,
a walk-in, a letter or online; assign; merge a duplicate; category, priority and loan.

Each dialog is window modal without blocking (``open()``); its service call runs on
the task runner, and a refusal shows inside the dialog with the input kept. ``saved``
carries the TicketDetail to show once the dialog has closed. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import ServiceContext
from app.security.pii import PiiVault
from app.servicedesk.calls import CallService
from app.servicedesk.choices import TicketChoices
from app.servicedesk.merge import merge_tickets
from app.servicedesk.read import TicketDetail
from app.servicedesk.rules import Category, Channel, Priority
from app.servicedesk.service import NewTicket, TicketService
from ui.tasks import TaskRunner
from ui.views.tickets.labels import category_text, channel_text, priority_text, status_text

#: Channels a ticket is opened on from this dialog; calls go through the call panel.
NEW_TICKET_CHANNELS = (Channel.EMAIL, Channel.CHAT, Channel.WALK_IN, Channel.LETTER)


class _TicketDialog(QDialog):
    """Buttons, an error line, and the save-in-a-task plumbing the dialogs share."""

    saved = Signal(object)  # TicketDetail
    loaded = Signal()  # the dialog's choices arrived (tests and the busy cursor wait on it)

    def __init__(self, runner: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("dialog_message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _fetch(self, job: Callable[[], Any], done: Callable[[Any], None], name: str) -> None:
        self._runner.submit(lambda _c: job(), done, self.message.setText, owner=self, name=name)

    def _submit(self, job: Callable[[], TicketDetail]) -> None:
        self.ok_button.setEnabled(False)
        self.message.setText(QCoreApplication.translate("TicketDialogs", "Saving…"))
        self._runner.submit(
            lambda _c: job(), self._done, self._failed, owner=self, name="ticket-dialog"
        )

    def _done(self, result: Any) -> None:
        self.message.clear()
        self.accept()
        self.saved.emit(result)

    def _failed(self, message: str) -> None:
        self.message.setText(message)  # the input stays as typed
        self.ok_button.setEnabled(True)

    def _save(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError


def _loan_text(number: str, dpd: int) -> str:
    return QCoreApplication.translate("TicketDialogs", "{0} · DPD {1}").format(number, dpd)


class NewTicketDialog(_TicketDialog):
    """A ticket that did not start as a phone call: customer found by customer number
    or phone, channel, category, priority, subject, description, optional loan."""

    customers_found = Signal(int)

    def __init__(
        self,
        service: TicketService,
        vault: PiiVault | None,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        read_ctx: ServiceContext | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self.setObjectName("new_ticket_dialog")
        self.setWindowTitle(self.tr("New ticket"))
        self._service = service
        self._calls = CallService(read_ctx or service.ctx, vault)
        self._choices = TicketChoices(read_ctx or service.ctx)
        self.search = QLineEdit()
        self.search.setObjectName("new_ticket_search")
        self.search.setPlaceholderText(self.tr("Customer number or phone number"))
        self.search.returnPressed.connect(self.find_customer)
        self.find_button = QPushButton(self.tr("&Find"))
        self.find_button.setObjectName("new_ticket_find")
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_customer)
        self.customer = QComboBox()
        self.customer.setObjectName("new_ticket_customer")
        self.customer.addItem(self.tr("No customer"), None)
        self.customer.currentIndexChanged.connect(self._customer_changed)
        self.channel = QComboBox()
        self.channel.setObjectName("new_ticket_channel")
        for ch in NEW_TICKET_CHANNELS:
            self.channel.addItem(channel_text(ch), ch.value)
        self.category = QComboBox()
        self.category.setObjectName("new_ticket_category")
        for c in Category:
            self.category.addItem(category_text(c), c.value)
        self.priority = QComboBox()
        self.priority.setObjectName("new_ticket_priority")
        for p in Priority:
            self.priority.addItem(priority_text(p), p.value)
        self.priority.setCurrentIndex(self.priority.findData(Priority.NORMAL.value))
        self.subject = QLineEdit()
        self.subject.setObjectName("new_ticket_subject")
        self.description = QPlainTextEdit()
        self.description.setObjectName("new_ticket_description")
        self.loan = QComboBox()
        self.loan.setObjectName("new_ticket_loan")
        self.loan.addItem(self.tr("No loan"), None)
        find_row = QHBoxLayout()
        find_row.addWidget(self.search, 1)
        find_row.addWidget(self.find_button)
        self.form.addRow(self.tr("Find customer"), find_row)
        self.form.addRow(self.tr("Customer"), self.customer)
        self.form.addRow(self.tr("Channel"), self.channel)
        self.form.addRow(self.tr("Category"), self.category)
        self.form.addRow(self.tr("Priority"), self.priority)
        self.form.addRow(self.tr("Subject"), self.subject)
        self.form.addRow(self.tr("Description"), self.description)
        self.form.addRow(self.tr("Loan"), self.loan)
        self.ok_button.setText(self.tr("Create ticket"))
        # Return in the search box finds the customer; it must not create the ticket.
        self.ok_button.setDefault(False)
        self.ok_button.setAutoDefault(False)
        self.resize(520, 480)

    def find_customer(self) -> None:
        text, calls = self.search.text(), self._calls
        self.message.setText(self.tr("Searching…"))
        self._fetch(lambda: calls.find_caller(text), self._found, "new-ticket-find")

    def _found(self, result: Any) -> None:
        self.customer.blockSignals(True)
        while self.customer.count() > 1:
            self.customer.removeItem(1)
        for c in result:
            self.customer.addItem(f"{c.number} · {c.name}", c.id)
        self.customer.blockSignals(False)
        if result:
            self.message.clear()
            self.customer.setCurrentIndex(1)
            self._customer_changed()
        else:
            self.message.setText(self.tr("No customer matches “{0}”.").format(self.search.text()))
        self.customers_found.emit(len(result))

    def _customer_changed(self, _index: int = 0) -> None:
        while self.loan.count() > 1:
            self.loan.removeItem(1)
        customer_id = self.customer.currentData()
        if customer_id is None:
            self.loaded.emit()
            return
        choices = self._choices
        self._fetch(
            lambda: choices.customer_loans(int(customer_id)), self._loans, "new-ticket-loans"
        )

    def _loans(self, result: Any) -> None:
        for loan in result:
            self.loan.addItem(_loan_text(loan.number, loan.dpd), loan.id)
        if len(result) == 1:
            self.loan.setCurrentIndex(1)  # the one loan is what the ticket is about
        self.loaded.emit()

    def _save(self) -> None:
        data = NewTicket(
            subject=self.subject.text(),
            category=str(self.category.currentData()),
            priority=str(self.priority.currentData()),
            channel=str(self.channel.currentData()),
            description=self.description.toPlainText(),
            customer_id=self.customer.currentData(),
            loan_id=self.loan.currentData(),
        )
        service = self._service
        self._submit(lambda: service.create(data))


class AssignDialog(_TicketDialog):
    """Give the ticket to a person, or back to a team's queue (nobody: take next)."""

    def __init__(
        self,
        service: TicketService,
        detail: TicketDetail,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        read_ctx: ServiceContext | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self.setObjectName("assign_ticket_dialog")
        self.setWindowTitle(self.tr("Assign {0}").format(detail.row.number))
        self._service = service
        self._detail = detail
        self.assignee = QComboBox()
        self.assignee.setObjectName("assign_person")
        self.assignee.addItem(self.tr("Nobody (the team's queue)"), None)
        self.team = QComboBox()
        self.team.setObjectName("assign_team")
        if detail.row.team_id is None:
            self.team.addItem(self.tr("No team"), None)
        self.form.addRow(self.tr("Person"), self.assignee)
        self.form.addRow(self.tr("Team"), self.team)
        self.ok_button.setText(self.tr("Assign"))
        self.ok_button.setEnabled(False)
        choices = TicketChoices(read_ctx or service.ctx)
        self._fetch(lambda: (choices.assignees(), choices.teams()), self._listed, "assign-list")

    def _listed(self, result: Any) -> None:
        people, teams = result
        for p in people:
            self.assignee.addItem(p.name, p.id)
        for t in teams:
            self.team.addItem(t.name, t.id)
        row = self._detail.row
        self.assignee.setCurrentIndex(max(0, self.assignee.findData(row.assignee_id)))
        self.team.setCurrentIndex(max(0, self.team.findData(row.team_id)))
        self.ok_button.setEnabled(True)
        self.loaded.emit()

    def _save(self) -> None:
        row, service = self._detail.row, self._service
        person, team = self.assignee.currentData(), self.team.currentData()
        self._submit(lambda: service.assign(row.id, person, team, expected_version=row.version))


class MergeDialog(_TicketDialog):
    """Merge this ticket (a duplicate) into another of the same customer's tickets:
    the timeline and attachments move over, this one is closed as merged."""

    def __init__(
        self,
        service: TicketService,
        detail: TicketDetail,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        read_ctx: ServiceContext | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self.setObjectName("merge_ticket_dialog")
        self.setWindowTitle(self.tr("Merge {0}").format(detail.row.number))
        self._service = service
        self._detail = detail
        note = QLabel(
            self.tr(
                "{0} is closed as a duplicate; its timeline, calls and attachments move to "
                "the ticket chosen here."
            ).format(detail.row.number)
        )
        note.setWordWrap(True)
        self.target = QComboBox()
        self.target.setObjectName("merge_target")
        self.form.addRow(note)
        self.form.addRow(self.tr("Merge into"), self.target)
        self.ok_button.setText(self.tr("Merge"))
        self.ok_button.setEnabled(False)
        choices, tid = TicketChoices(read_ctx or service.ctx), detail.row.id
        self._fetch(lambda: choices.merge_targets(tid), self._listed, "merge-list")

    def _listed(self, result: Any) -> None:
        for r in result:
            self.target.addItem(f"{r.number} · {r.subject} · {status_text(r.status)}", r.id)
        if not result:
            self.message.setText(self.tr("This customer has no other open ticket."))
        self.ok_button.setEnabled(bool(result))
        self.loaded.emit()

    def _save(self) -> None:
        row, ctx = self._detail.row, self._service.ctx
        target = self.target.currentData()
        if target is None:
            return
        self._submit(lambda: merge_tickets(ctx, row.id, int(target), expected_version=row.version))


class ChangeTicketDialog(_TicketDialog):
    """Category, priority (the SLA due time follows) and the loan the ticket is about."""

    def __init__(
        self,
        service: TicketService,
        detail: TicketDetail,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        read_ctx: ServiceContext | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self.setObjectName("change_ticket_dialog")
        self.setWindowTitle(self.tr("Change {0}").format(detail.row.number))
        self._service = service
        self._detail = detail
        row = detail.row
        self.category = QComboBox()
        self.category.setObjectName("change_category")
        for c in Category:
            self.category.addItem(category_text(c), c.value)
        self.category.setCurrentIndex(self.category.findData(row.category))
        self.priority = QComboBox()
        self.priority.setObjectName("change_priority")
        for p in Priority:
            self.priority.addItem(priority_text(p), p.value)
        self.priority.setCurrentIndex(self.priority.findData(row.priority))
        self.loan = QComboBox()
        self.loan.setObjectName("change_loan")
        if row.loan_id is None:
            self.loan.addItem(self.tr("No loan"), None)
        else:
            self.loan.addItem(detail.loan_number or str(row.loan_id), row.loan_id)
        self.form.addRow(self.tr("Category"), self.category)
        self.form.addRow(self.tr("Priority"), self.priority)
        self.form.addRow(self.tr("Loan"), self.loan)
        self.ok_button.setText(self.tr("Save"))
        if row.customer_id is None:
            self.loan.setEnabled(False)
            self.loan.setToolTip(self.tr("Link a customer first: the loan is one of theirs."))
            return
        choices, customer_id = TicketChoices(read_ctx or service.ctx), row.customer_id
        self._fetch(lambda: choices.customer_loans(customer_id), self._loans, "change-loans")

    def _loans(self, result: Any) -> None:
        current = self._detail.row.loan_id
        for loan in result:
            text = _loan_text(loan.number, loan.dpd)
            if loan.id == current:
                self.loan.setItemText(0, text)
            else:
                self.loan.addItem(text, loan.id)
        self.loaded.emit()

    def _save(self) -> None:
        row, service = self._detail.row, self._service
        category = str(self.category.currentData())
        priority = str(self.priority.currentData())
        loan = self.loan.currentData()
        self._submit(
            lambda: service.update(
                row.id,
                category=None if category == row.category else category,
                priority=None if priority == row.priority else priority,
                loan_id=None if loan == row.loan_id else loan,
                expected_version=row.version,
            )
        )
