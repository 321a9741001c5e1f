"""Lifting a dispute or hardship hold once its ticket is resolved: a supervisor
gives a reason (audited by the service). Used by the case view and the customer page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from app.context import ServiceContext
from app.servicedesk.holds import Hold, lift_hold
from ui.tasks import TaskRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("LiftHold", text)


def ask_to_lift(
    parent: QWidget,
    ctx: ServiceContext,
    runner: TaskRunner,
    hold: Hold,
    done: Callable[[Hold], None],
    failed: Callable[[str], None],
) -> QInputDialog:
    """Open the reason dialog (window modal, not blocking); on OK lift in a task.
    Returns the dialog so the caller (and tests) can reach it."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("lift_hold_dialog")
    dialog.setWindowTitle(_tr("Lift hold"))
    dialog.setLabelText(_tr("Why is the hold from ticket {0} lifted?").format(hold.ticket_number))
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)

    def accepted(reason: str) -> None:
        def finished(result: Any) -> None:
            done(result)

        runner.submit(
            lambda _c: lift_hold(ctx, hold.id, reason),
            finished,
            failed,
            owner=parent,
            name="lift-hold",
        )

    dialog.textValueSelected.connect(accepted)
    dialog.open()
    return dialog
