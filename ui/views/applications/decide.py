"""What the decision buttons do: open the decision's dialog, run the service on the
task runner, and report back to the page. GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

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

    def _on_approve(self, recommend: bool = False) -> None:
        d = self.current()
        if d is None:
            return
        me = self.page.ctx.actor.user_id
        if d.status == Status.IN_REVIEW.value and d.assigned_to not in (None, me):
            answer = QMessageBox.question(
                self.widget,
                self.tr("Assigned to someone else"),
                self.tr("{0} is assigned to {1}. Decide it anyway?").format(
                    d.number, d.assigned_name or "?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        amount, term, rate = d.terms
        if d.cap.excess > 0 and d.cap.available > 0:
            amount = min(amount, d.cap.available)  # the most the cap still allows
        rates = sorted(r for r in d.product.grade_rates.values() if rate is None or r <= rate)
        dialog = ApproveDialog(amount, term, list(reversed(rates)), self.widget)
        if dialog.exec():
            a, t, r = dialog.values()
            (self.recommend if recommend else self.approve)(a, t, r)

    def _on_recommend(self) -> None:
        self._on_approve(recommend=True)

    def _on_send_back(self) -> None:
        dialog = TextDialog(self.tr("Send back to review"), parent=self.widget)
        if dialog.exec():
            note = dialog.text.toPlainText()
            self._act(lambda i, v: self.decisions().send_back(i, v, note), self.tr("Sent back."))

    def _on_request_info(self) -> None:
        d = self.current()
        today = d.business_date if d else None
        dialog = TextDialog(self.tr("Request information"), today, self.widget)
        if dialog.exec():
            text, due = dialog.text.toPlainText(), dialog.due_date()
            assert due is not None
            self._act(lambda i, v: self.decisions().request_info(i, v, text, due),
                      self.tr("Information requested."))  # fmt: skip

    def _on_note(self) -> None:
        dialog = TextDialog(self.tr("Add a note"), parent=self.widget)
        if dialog.exec():
            self.add_note(dialog.text.toPlainText())

    def _on_info_received(self) -> None:
        self._act(self.decisions().info_received, self.tr("Back in review."))

    def _on_decline(self) -> None:
        dialog = DeclineDialog(self.widget)
        if dialog.exec():
            self.decline(dialog.codes(), dialog.note.toPlainText())

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
