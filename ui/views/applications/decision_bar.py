"""The decision buttons under the detail pane, enabled for what the user may do, and
the reason a disabled Approve gives (on the button and under it). GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.context import Actor
from app.origination.detail import ApplicationDetail, allowed_actions, approve_blocker
from ui.views.applications.queue_model import status_name
from ui.views.kyc.labels import gate_reason, view_gate

BUTTONS = ("claim", "approve", "recommend", "send_back", "request_info", "info_received",
           "decline", "withdraw", "fund", "disburse", "agreement", "decline_letter",
           "note")  # fmt: skip


class DecisionBar(QWidget):
    """``requested(name)`` says which button was clicked (a name from BUTTONS)."""

    requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        labels = {
            "claim": self.tr("Assign to me"), "approve": self.tr("Approve…"),
            "recommend": self.tr("Recommend…"), "send_back": self.tr("Send back…"),
            "request_info": self.tr("Request info…"), "info_received": self.tr("Info received"),
            "decline": self.tr("Decline…"), "withdraw": self.tr("Withdraw"),
            "fund": self.tr("Fund from pool"), "disburse": self.tr("Disburse"),
            "agreement": self.tr("Agreement PDF…"), "decline_letter": self.tr("Decline letter…"),
            "note": self.tr("Add note…"),
        }  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for n, name in enumerate(BUTTONS):
            button = QPushButton(labels[name])
            button.setObjectName(f"action_{name}")
            button.clicked.connect(lambda _checked=False, name=name: self.requested.emit(name))
            button.setEnabled(False)
            self.buttons[name] = button
            grid.addWidget(button, n // 5, n % 5)
        layout.addLayout(grid)
        self.approve_hint = QLabel()
        self.approve_hint.setObjectName("approve_hint")
        self.approve_hint.setWordWrap(True)
        self.approve_hint.setStyleSheet("color: #8a5a00")
        layout.addWidget(self.approve_hint)

    def show_for(self, d: ApplicationDetail, actor: Actor) -> None:
        """Enable what ``actor`` may do with ``d``; say why Approve is not open."""
        allowed = allowed_actions(d, actor)
        for name, button in self.buttons.items():
            button.setEnabled(name in allowed)
        blocker = approve_blocker(d, actor)
        code = blocker[0] if blocker is not None else ""
        why = self.approve_reason(blocker, d) if blocker is not None else ""
        approve = self.buttons["approve"]
        # over the cap with room left, a lower counter-offer can still be approved
        if code == "kyc" or (code == "cap" and d.cap.available == 0):
            approve.setEnabled(False)
        approve.setToolTip(why)
        if why and not approve.isEnabled() and code not in ("status", "permission"):
            self.approve_hint.setText(self.tr("Approve is disabled: {0}").format(why))
        elif code == "cap":
            self.approve_hint.setText(self.tr("Approve only a lower amount: {0}").format(why))
        else:
            self.approve_hint.setText("")

    def approve_reason(
        self, blocker: tuple[str, tuple[str, ...]], d: ApplicationDetail | None = None
    ) -> str:
        code, params = blocker
        texts = {
            "status": self.tr("the application is {0}"),
            "permission": self.tr("your role does not decide applications"),
            "threshold": self.tr(
                "{0} is above the four-eyes threshold {1}; recommend it for a senior underwriter"
            ),
            "own_recommendation": self.tr(
                "you recommended it; another senior underwriter approves (four eyes)"
            ),
            "needs_senior": self.tr("recommended by {0}; a senior underwriter approves"),
            "kyc": self.tr("KYC blocks approval: {0}"),
            "cap": self.tr(
                "{0} over the borrowing cap {1} (running loans and approved offers count); "
                "at most {2} can be lent"
            ),
        }
        if code == "kyc" and d is not None:  # the gate's reason in the reader's language
            params = (gate_reason(view_gate(d.kyc)),)
        shown = tuple(status_name(p) if code == "status" else p for p in params)
        return texts.get(code, code).format(*shown)
