"""What the decision buttons do: open the decision's dialog, run the service on the
task runner, and report back to the page. GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.money import format_amount
from app.origination.decisions import DecisionService
from app.origination.detail import ApplicationDetail
from app.origination.funding import FundingService
from app.origination.records import KycGate
from app.origination.service import ApplicationService
from app.origination.status import Status
from ui.views.applications.confirm import ConfirmDialog
from ui.views.applications.dialogs import ApproveDialog, DeclineDialog, TextDialog
from ui.views.registry import PageContext


class DecisionHandler(QObject):
    """Runs the decisions on the application ``current()`` returns. ``done(message,
    application_id)`` after a success; ``failed(message)`` after a refusal that no
    dialog is open to show."""

    def __init__(
        self,
        page: PageContext,
        gate: KycGate,
        widget: QWidget,
        current: Callable[[], ApplicationDetail | None],
        done: Callable[[str, int], None],
        failed: Callable[[str], None],
    ) -> None:
        super().__init__(widget)
        self.page = page
        self.gate = gate
        self.widget = widget
        self.current = current
        self.done = done
        self.failed = failed
        self.confirm_dialog: ConfirmDialog | None = None
        self.dialog: QDialog | None = None  # the decision dialog last opened
        self.assign_warning: QMessageBox | None = None

    def run(self, name: str) -> None:
        """The button ``name`` (see decision_bar.BUTTONS) was clicked."""
        getattr(self, f"_on_{name}")()

    def decisions(self) -> DecisionService:
        return DecisionService(self.page.ctx, self.gate)

    def _act(self, job: Callable[[int, int], Any], message: str) -> None:
        """Run a decision on the open application, then tell the page."""
        d = self.current()
        if d is None:
            return
        self.page.runner.submit(
            lambda _c: job(d.id, d.version),
            lambda _result: self.done(message, d.id),
            self.failed,
            owner=self,
        )

    # decisions, callable directly (tests, shortcuts) or through their dialogs
    def approve(self, amount: int | None = None, term: int | None = None,
                rate: Decimal | None = None) -> None:  # fmt: skip
        self._act(lambda i, v: self.decisions().approve(i, v, amount, term, rate),
                  self.tr("Approved."))  # fmt: skip

    def recommend(self, amount: int | None = None, term: int | None = None,
                  rate: Decimal | None = None) -> None:  # fmt: skip
        self._act(lambda i, v: self.decisions().recommend(i, v, amount, term, rate),
                  self.tr("Recommended for a senior underwriter's approval."))  # fmt: skip

    def decline(self, codes: list[str], note: str = "") -> None:
        self._act(lambda i, v: self.decisions().decline(i, v, codes, note), self.tr("Declined."))

    def add_note(self, body: str) -> None:
        service = ApplicationService(self.page.ctx)
        self._act(lambda i, _v: service.add_note(i, body), self.tr("Note added."))

    def _on_claim(self) -> None:
        self._act(self.decisions().claim, self.tr("Assigned to you."))

    def _open(self, dialog: QDialog, message: str, d: ApplicationDetail) -> None:
        """Show a decision's dialog; it runs the service itself and keeps its input
        on a refusal; the page hears of it once it succeeded."""
        dialog.accepted.connect(lambda: self.done(message, d.id))
        self.dialog = dialog
        dialog.open()

    def _on_approve(self, recommend: bool = False) -> None:
        d = self.current()
        if d is None:
            return
        me = self.page.ctx.actor.user_id
        if d.status == Status.IN_REVIEW.value and d.assigned_to not in (None, me):
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Assigned to someone else"),
                self.tr("{0} is assigned to {1}. Decide it anyway?").format(
                    d.number, d.assigned_name or "?"
                ),
                QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                self.widget,
            )
            box.setObjectName("assigned_warning")
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            ok = box.button(QMessageBox.StandardButton.Ok)
            box.finished.connect(
                lambda _r: self._open_approve(d, recommend) if box.clickedButton() is ok else None
            )
            self.assign_warning = box
            box.open()
            return
        self._open_approve(d, recommend)

    def _open_approve(self, d: ApplicationDetail, recommend: bool) -> None:
        amount, term, rate = d.terms
        if d.cap.excess > 0 and d.cap.available > 0:
            amount = min(amount, d.cap.available)  # the most the cap still allows
        rates = sorted(r for r in d.product.grade_rates.values() if rate is None or r <= rate)
        decisions = self.decisions()
        if recommend:
            decide = decisions.recommend
            message = self.tr("Recommended for a senior underwriter's approval.")
        else:
            decide = decisions.approve
            message = self.tr("Approved.")
        dialog = ApproveDialog(
            amount,
            term,
            list(reversed(rates)),
            lambda a, t, r, note: decide(d.id, d.version, a, t, r, note),
            self.page.runner,
            self.widget,
        )
        if recommend:
            dialog.setWindowTitle(self.tr("Recommend for approval / counter-offer"))
        self._open(dialog, message, d)

    def _on_recommend(self) -> None:
        self._on_approve(recommend=True)

    def _on_send_back(self) -> None:
        d = self.current()
        if d is None:
            return
        decisions = self.decisions()
        dialog = TextDialog(
            self.tr("Send back to review"),
            lambda text, _due: decisions.send_back(d.id, d.version, text),
            self.page.runner,
            parent=self.widget,
        )
        self._open(dialog, self.tr("Sent back."), d)

    def _on_request_info(self) -> None:
        d = self.current()
        if d is None:
            return
        decisions = self.decisions()

        def request(text: str, due: date | None) -> object:
            assert due is not None
            return decisions.request_info(d.id, d.version, text, due)

        dialog = TextDialog(
            self.tr("Request information"), request, self.page.runner, d.business_date,
            self.widget,
        )  # fmt: skip
        self._open(dialog, self.tr("Information requested."), d)

    def _on_note(self) -> None:
        d = self.current()
        if d is None:
            return
        service = ApplicationService(self.page.ctx)
        dialog = TextDialog(
            self.tr("Add a note"),
            lambda text, _due: service.add_note(d.id, text),
            self.page.runner,
            parent=self.widget,
        )
        self._open(dialog, self.tr("Note added."), d)

    def _on_info_received(self) -> None:
        self._act(self.decisions().info_received, self.tr("Back in review."))

    def _on_decline(self) -> None:
        d = self.current()
        if d is None:
            return
        decisions = self.decisions()
        dialog = DeclineDialog(
            lambda codes, note: decisions.decline(d.id, d.version, codes, note),
            self.page.runner,
            self.widget,
        )
        self._open(dialog, self.tr("Declined."), d)

    # -- confirmed one-click actions ----------------------------------------------------
    def _summary(self, d: ApplicationDetail) -> list[tuple[str, str]]:
        amount, term, rate = d.terms
        rate_text = f"{rate * 100:.2f}%" if rate is not None else "—"
        return [
            (self.tr("Application"), d.number),
            (self.tr("Borrower"), f"{d.customer.name} ({d.customer.number})"),
            (self.tr("Amount"), format_amount(amount, grouping=True)),
            (self.tr("Term and rate"), self.tr("{0} months at {1}").format(term, rate_text)),
        ]

    def _confirm(self, title: str, ok_text: str, extra: list[tuple[str, str]],
                 run: Callable[[ApplicationDetail, str], Any], message: str,
                 reason_label: str | None = None) -> ConfirmDialog | None:  # fmt: skip
        """Ask before a consequential click; the dialog runs the service and shows
        its refusal inside, keeping what was typed."""
        d = self.current()
        if d is None:
            return None
        dialog = ConfirmDialog(title, self._summary(d) + extra, lambda reason: run(d, reason),
                               self.page.runner, ok_text=ok_text, reason_label=reason_label,
                               parent=self.widget)  # fmt: skip
        dialog.accepted.connect(lambda: self.done(message, d.id))
        self.confirm_dialog = dialog
        dialog.open()
        return dialog

    def _on_withdraw(self) -> None:
        self._confirm(self.tr("Withdraw application"), self.tr("Withdraw"), [],
                      lambda d, reason: self.decisions().withdraw(d.id, d.version, reason),
                      self.tr("Withdrawn."), reason_label=self.tr("Reason"))  # fmt: skip

    def _on_fund(self) -> None:
        funding = FundingService(self.page.ctx, self.gate)
        note = (self.tr("Funding"), self.tr("Investors' cash is reserved pro rata from the pool."))
        self._confirm(self.tr("Fund from the pool"), self.tr("Fund"), [note],
                      lambda d, _r: funding.fill_from_pool(d.id, d.version),
                      self.tr("Funded."))  # fmt: skip

    def _on_disburse(self) -> None:
        funding = FundingService(self.page.ctx, self.gate)
        text = self.tr("Pays the borrower today and starts the loan and its schedule.")
        note = (self.tr("Disbursement"), text)
        self._confirm(self.tr("Disburse the loan"), self.tr("Disburse"), [note],
                      lambda d, _r: funding.disburse(d.id, d.version),
                      self.tr("Disbursed."))  # fmt: skip
