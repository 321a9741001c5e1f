"""The idle screen lock: no input for a while locks the window until the password.

:class:`IdleWatcher` filters the application's input events and restarts a
single-shot timer on each; when it fires, the main window locks and shows an
:class:`UnlockDialog`. The interval comes from the ``security.idle_lock_minutes``
platform setting, read once at login; tests inject milliseconds.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.icons import Icon, icon

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``interval_ms`` without keyboard or mouse input. GUI thread."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, interval_ms))
        self._timer.timeout.connect(self.idle)
        self._installed = False

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def pause(self) -> None:
        """Stop counting (while locked): input then does not restart the timer."""
        self._timer.stop()
        self._remove_filter()

    def stop(self) -> None:
        self.pause()

    def _remove_filter(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._installed:
            self._timer.start()
        return False


class UnlockChoice(Enum):
    UNLOCKED = "unlocked"
    SWITCH_USER = "switch_user"
    QUIT = "quit"


class LockReason(Enum):
    """Why the window locked: the wording differs, the unlocking does not."""

    IDLE = "idle"  # no input for the idle-lock interval
    MANUAL = "manual"  # the user chose File > Lock window (Ctrl+L)


class UnlockDialog(QDialog):
    """Asks the locked-out user's password; or switch user, or quit.

    ``unlock_requested`` carries the password; the owner checks it in a task and
    calls :meth:`unlocked` or :meth:`show_error`.
    """

    unlock_requested = Signal(str)
    choice_made = Signal(object)  # UnlockChoice

    def __init__(
        self,
        display_name: str,
        parent: QWidget | None = None,
        *,
        reason: LockReason = LockReason.MANUAL,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_dialog")
        self.setWindowTitle(self.tr("p2pdesk — locked"))
        self.setWindowIcon(icon(Icon.LOCK))
        self.setModal(True)
        if reason == LockReason.IDLE:
            sentence = self.tr(
                "The window was locked after a period without use. Enter the password "
                "of {0} to continue."
            )
        else:
            sentence = self.tr("The window is locked. Enter the password of {0} to continue.")
        self.explanation = QLabel(sentence.format(display_name))
        self.explanation.setObjectName("unlock_text")
        self.explanation.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("unlock_message")
        self.message.setStyleSheet("color: #b00020;")
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        switch = QPushButton(self.tr("&Switch user"))
        switch.setObjectName("switch_user_button")
        quit_button = QPushButton(self.tr("&Quit"))
        quit_button.setObjectName("unlock_quit_button")
        buttons = QHBoxLayout()
        buttons.addWidget(switch)
        buttons.addWidget(quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        switch.setAutoDefault(False)
        quit_button.setAutoDefault(False)
        self.unlock_button.clicked.connect(self._submit)
        switch.clicked.connect(lambda: self._choose(UnlockChoice.SWITCH_USER))
        quit_button.clicked.connect(lambda: self._choose(UnlockChoice.QUIT))

    def _submit(self) -> None:
        self.unlock_button.setEnabled(False)
        self.message.clear()
        self.unlock_requested.emit(self.password.text())

    def _choose(self, choice: UnlockChoice) -> None:
        self.choice_made.emit(choice)
        self.accept()

    def unlocked(self) -> None:
        self._choose(UnlockChoice.UNLOCKED)

    def show_error(self, text: str) -> None:
        self.unlock_button.setEnabled(True)
        self.message.setText(text)
        self.password.selectAll()
        self.password.setFocus()

    def reject(self) -> None:
        """Escape does not unlock."""
