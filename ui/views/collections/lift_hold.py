"""Lifting a dispute or hardship hold once its ticket is resolved: a supervisor
gives a reason (audited by the service). Used by the case view and the customer page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from app.context import ServiceContext
from app.servicedesk.holds import Hold, lift_hold
from ui.tasks import TaskRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("LiftHold", text)


def lift_choice(holds: Sequence[Hold]) -> tuple[Hold | None, str, str]:
    """Which hold a "Lift hold" button lifts, its text and its tooltip: the first
    whose ticket is resolved; when none is, no hold, and the text says why."""
    for hold in holds:
        if hold.liftable:
            return (
                hold,
                _tr("Lift hold (ticket {0})…").format(hold.ticket_number),
                _tr("The ticket is resolved; give a reason to lift the hold."),
            )
    waiting = ", ".join(h.ticket_number for h in holds)
    why = _tr("Ticket {0} is not resolved yet; the hold can be lifted once it is.").format(waiting)
    return None, _tr("Cannot lift hold: ticket {0} is not resolved").format(waiting), why


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
