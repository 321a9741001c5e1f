"""The customer page: one customer's data, personal data masked, audited reveal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import QT_TRANSLATE_NOOP, translate_service_message
from ui.icons import Icon, icon
from ui.models.customers import KIND_NAMES, CustomerResultsModel
from ui.models.paged import ROW_ROLE
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.customers.service import CustomerDetail, CustomerService, CustomerSummary

PII_LABELS = {
    "id_number": QT_TRANSLATE_NOOP("CustomerDialog", "ID number:"),
    "phone": QT_TRANSLATE_NOOP("CustomerDialog", "Phone:"),
    "bank_card": QT_TRANSLATE_NOOP("CustomerDialog", "Bank card:"),
}


def _money(minor: int | None) -> str:
    if minor is None:
        return "—"
    return f"{minor // 100:,}.{minor % 100:02d}"


class CustomerDialog(QDialog):
    """Loads the customer in a task; Reveal needs Permission.PII_REVEAL and a vault,
    and every reveal is audited by the service. GUI thread."""

    def __init__(
        self,
        service: CustomerService,
        customer_id: int,
        runner: TaskRunner,
        *,
        can_reveal: bool,
        parent: QWidget | None = None,
        open_kyc: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer_dialog")
        self._open_kyc = open_kyc
        self.setWindowTitle(self.tr("Customer"))
        self.setWindowIcon(icon(Icon.CUSTOMER))
        self.setMinimumWidth(900)
        self._service = service
        self._customer_id = customer_id
        self._runner = runner
        self._can_reveal = can_reveal and service.vault is not None
        self.detail: CustomerDetail | None = None

        self.header = QLabel(self.tr("Loading…"))
        self.header.setObjectName("customer_header")
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.header.setFont(font)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        self.reveal_buttons: dict[str, QPushButton] = {}
        self.reason_dialog: QDialog | None = None
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.start_kyc_button = QPushButton(self.tr("Start KYC"))
        self.start_kyc_button.setObjectName("customer_start_kyc")
        self.start_kyc_button.setToolTip(
            self.tr("Create this customer's KYC checklist from the active template")
        )
        self.start_kyc_button.clicked.connect(self.start_kyc)
        buttons.addButton(self.start_kyc_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_kyc_button = QPushButton(self.tr("KYC checklist…"))
        self.open_kyc_button.setObjectName("customer_open_kyc")
        self.open_kyc_button.setToolTip(self.tr("Open this customer's checklist on the KYC desk"))
        self.open_kyc_button.clicked.connect(self._kyc_clicked)
        buttons.addButton(self.open_kyc_button, QDialogButtonBox.ButtonRole.ActionRole)
        # hidden until the checklist question is answered (addButton shows a button)
        self.start_kyc_button.setVisible(False)
        self.open_kyc_button.setVisible(False)
        # The details (with audited reveal) on the left; on the right the customer
        # panel every view shows: KYC, loans, collections, applications, tickets.
        from app.security.permissions import Permission
        from ui.views.customer.panel import CustomerPanel

        supervise = service.ctx.actor.can(Permission.COLLECTIONS_SUPERVISE)
        self.lift_dialog: QDialog | None = None
        self.overview = CustomerPanel(
            ctx=service.ctx, runner=runner, lift_hold=self.lift_hold if supervise else None
        )
        self.overview.header.hide()  # the dialog has its own header and identity rows
        self.overview.identity.hide()
        columns = QHBoxLayout()
        columns.addLayout(self.form, 1)
        columns.addWidget(self.overview, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.overview.show_customer(customer_id)
        self._offer_kyc_start()
        self._runner.submit(
            lambda _c: service.get(customer_id),
            self._loaded,
            self._failed,
            owner=self,
            name="customer",
        )

    def _row(self, key: str, label: str, value: str, reveal: bool = False) -> None:
        text = QLabel(value)
        text.setObjectName(f"value_{key}")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.values[key] = text
        if not reveal:
            self.form.addRow(label, text)
            return
        button = QPushButton(icon(Icon.REVEAL), self.tr("Reveal"))
        button.setObjectName(f"reveal_{key}")
        button.setEnabled(self._can_reveal)
        if not self._can_reveal:
            button.setToolTip(self.tr("Revealing personal data needs the reveal permission."))
        button.clicked.connect(lambda: self.reveal(key))
        self.reveal_buttons[key] = button
        row = QHBoxLayout()
        row.addWidget(text, 1)
        row.addWidget(button)
        self.form.addRow(label, row)

    def _loaded(self, result: Any) -> None:
        from PySide6.QtCore import QCoreApplication

        detail: CustomerDetail = result
        self.detail = detail
        s = detail.summary
        self.header.setText(f"{s.name}  ·  {s.number}")
        self.setWindowTitle(self.tr("Customer {0}").format(s.number))
        kind = QCoreApplication.translate("CustomerTable", KIND_NAMES.get(s.kind, s.kind))
        self._row("kind", self.tr("Kind:"), kind)
        masked = {
            "id_number": s.id_number_masked,
            "phone": s.phone_masked,
            "bank_card": s.bank_card_masked,
        }
        for key, label in PII_LABELS.items():
            self._row(key, QCoreApplication.translate("CustomerDialog", label), masked[key], True)
        self._row("email", self.tr("E-mail:"), detail.email or "—")
        self._row("birth_date", self.tr("Born:"), str(detail.birth_date or "—"))
        # the stored address is the full one; province and city only stand in without it
        address = detail.address or " ".join(p for p in (detail.province, s.city) if p)
        self._row("address", self.tr("Address:"), address or "—")
        self._row("employer", self.tr("Employer:"), detail.employer or "—")
        self._row("occupation", self.tr("Occupation:"), detail.occupation or "—")
        self._row("income", self.tr("Monthly income:"), _money(detail.monthly_income))
        if s.kind == "business":
            self._row(
                "legal_rep", self.tr("Legal representative:"), detail.legal_representative or "—"
            )
            self._row("capital", self.tr("Registered capital:"), _money(detail.registered_capital))
        if self._service.vault is None:
            self.message.setText(
                self.tr("Personal data is locked on this workstation (no master key).")
            )

    def _checklists(self) -> Any:
        from app.kyc.service import ChecklistService

        return ChecklistService(self._service.ctx, self._service.vault)

    def _offer_kyc_start(self) -> None:
        """ "Start KYC" for a KYC officer when the customer has no checklist, else
        "KYC checklist…" (to the KYC desk) for whoever may see checklists."""
        from app.security.permissions import Permission

        actor = self._service.ctx.actor
        if not actor.can(Permission.KYC_VIEW):
            return
        checklists, customer_id = self._checklists(), self._customer_id

        def known(has: Any) -> None:
            self.start_kyc_button.setVisible(not has and actor.can(Permission.KYC_VERIFY))
            self.open_kyc_button.setVisible(bool(has) and self._open_kyc is not None)

        self._runner.submit(
            lambda _c: checklists.has_checklist(customer_id),
            known,
            self._failed,
            owner=self,
            name="kyc-exists",
        )

    def _kyc_clicked(self) -> None:
        if self._open_kyc is not None:
            self._open_kyc(self._customer_id)
            self.accept()

    def start_kyc(self) -> None:
        checklists, customer_id = self._checklists(), self._customer_id
        self.start_kyc_button.setEnabled(False)

        def started(_view: Any) -> None:
            self.start_kyc_button.setVisible(False)
            self.open_kyc_button.setVisible(self._open_kyc is not None)
            self.message.setStyleSheet("")
            self.message.setText(self.tr("KYC checklist started."))
            self.overview.reload()

        def failed(message: str) -> None:
            self.start_kyc_button.setEnabled(True)
            self._failed(message)

        self._runner.submit(
            lambda _c: checklists.start(customer_id), started, failed, owner=self, name="kyc-start"
        )

    def lift_hold(self, hold: Any) -> None:
        """A collections supervisor lifts a hold whose ticket is resolved: the reason
        dialog, then the service (audited); the customer's sections reload."""
        from ui.views.collections.lift_hold import ask_to_lift

        def done(_lifted: Any) -> None:
            self.message.setStyleSheet("")
            self.message.setText(self.tr("Hold lifted."))
            self.overview.reload()

        self.lift_dialog = ask_to_lift(
            self, self._service.ctx, self._runner, hold, done, self._failed
        )

    def reveal(self, kind: str) -> None:
        """Ask why (RevealReasonDialog, kept as ``reason_dialog``), then decrypt."""
        from ui.dialogs.reveal import RevealReasonDialog

        label = QCoreApplication.translate("CustomerDialog", PII_LABELS[kind]).rstrip(":：")
        dialog = RevealReasonDialog(label, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.reveal_for(kind, *dialog.purpose()))
        self.reason_dialog = dialog
        dialog.open()

    def reveal_for(self, kind: str, reason: str, detail: str = "") -> None:
        """Decrypt one field in a task; the service checks the permission, the reason
        and the hourly allowance, and audits."""
        service, customer_id = self._service, self._customer_id
        self.reveal_buttons[kind].setEnabled(False)

        def shown(value: Any) -> None:
            self.values[kind].setText(str(value) or "—")

        def failed(message: str) -> None:
            self.reveal_buttons[kind].setEnabled(self._can_reveal)
            self._failed(message)

        self._runner.submit(
            lambda _c: service.reveal(customer_id, kind, reason, detail),
            shown,
            failed,
            owner=self,
            name="reveal",
        )

    def _failed(self, message: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(translate_service_message(message))


class CustomerResultsDialog(QDialog):
    """Several customers matched: pick one. Emits nothing; calls ``open_customer``."""

    def __init__(
        self, results: list[CustomerSummary], open_customer: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer_results_dialog")
        self.setWindowTitle(self.tr("Customers found: {0}").format(len(results)))
        self.resize(860, 420)
        self.model = CustomerResultsModel(
            lambda after, limit: [] if after else results[:limit], lambda row: row.id, parent=self
        )
        self.model.reload()
        self.table = QTableView()
        self.table.setObjectName("customer_results")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(1, 180)
        self.table.setColumnWidth(3, 190)  # 18-character ID numbers, masked
        self._open = open_customer
        self.table.activated.connect(self._activated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Double-click a customer (or press Enter) to open the page."))
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        if results:
            self.table.selectRow(0)

    def _activated(self, index: Any) -> None:
        row = self.model.data(index, ROW_ROLE)
        if row is not None:
            self._open(row.id)
