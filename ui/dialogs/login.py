"""The login window: the first thing the client paints.

It only collects the user name and password and shows what the controller tells
it (opening the database, wrong password, account locked); the checking runs in a
task. It must import nothing that loads SQLAlchemy: it paints before that. Nor does
it touch ``PySide6.QtCore.Qt`` before then (building that namespace of every Qt
enum costs about 14 ms, a tenth of an empty window's start-up) or load its icon
(the SVG icon engine, about 8 ms): both follow the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.first_paint import FirstPaint

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QKeyEvent


class LoginDialog(QDialog):
    """User name and password. GUI thread.

    ``login_requested`` carries what was typed; the controller answers with
    :meth:`show_error` or closes the window.
    """

    login_requested = Signal(str, str)
    connection_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle(self.tr("p2pdesk — log in"))
        self.setMinimumWidth(520)
        self._ready = False
        self._busy = False

        title = QLabel(self.tr("p2pdesk back office"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.database_label = QLabel()
        self.database_label.setObjectName("database_label")
        self.database_label.setWordWrap(True)

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("demo_hint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setStyleSheet("background: #eef4fb; padding: 6px; border-radius: 4px;")
        self.demo_hint.hide()

        self.login_button = QPushButton(self.tr("&Log in"))
        self.login_button.setObjectName("login_button")
        self.login_button.setDefault(True)
        self.connection_button = QPushButton(self.tr("&Connection…"))
        self.connection_button.setObjectName("connection_button")
        quit_button = QPushButton(self.tr("&Quit"))
        quit_button.setObjectName("quit_button")
        buttons = QHBoxLayout()
        buttons.addWidget(self.connection_button)
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        buttons.addWidget(self.login_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.database_label)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.demo_hint)
        layout.addLayout(buttons)

        # Enter is handled in keyPressEvent; the other buttons must never become the
        # default button when focus moves, or Enter would open the connection dialog.
        self.connection_button.setAutoDefault(False)
        quit_button.setAutoDefault(False)
        self.login_button.clicked.connect(self._submit)
        self.connection_button.clicked.connect(self.connection_requested)
        quit_button.clicked.connect(self.quit_requested)
        self.username.textChanged.connect(self._update_enabled)
        self._update_enabled()
        self._painted = FirstPaint(self._after_first_paint, self)
        self.installEventFilter(self._painted)

    def _after_first_paint(self) -> None:
        """The window icon, and the database and demo users made copyable."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from ui.icons import Icon, icon

        app_icon = icon(Icon.APP)
        self.setWindowIcon(app_icon)
        app = QApplication.instance()
        if isinstance(app, QApplication) and app.windowIcon().isNull():
            app.setWindowIcon(app_icon)  # every later window's default
        for label in (self.database_label, self.demo_hint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _submit(self) -> None:
        if not self.login_button.isEnabled():
            return
        username = self.username.text().strip()
        if not username:
            self.show_error(self.tr("Enter your user name."))
            self.username.setFocus()
            return
        self.set_busy(True, self.tr("Checking…"))
        self.login_requested.emit(username, self.password.text())

    def _update_enabled(self) -> None:
        self.login_button.setEnabled(self._ready and not self._busy)
        # read-only rather than disabled: the fields keep the keyboard focus
        self.username.setReadOnly(self._busy)
        self.password.setReadOnly(self._busy)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # not at import: see the module docstring

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.username.hasFocus() and not self.password.text():
                self.password.setFocus()
            else:
                self._submit()
            return
        super().keyPressEvent(event)

    def set_ready(self, ready: bool) -> None:
        """Whether a database is open to log in to."""
        self._ready = ready
        self._update_enabled()

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        if busy:
            self._show(text, error=False)
        self._update_enabled()

    def set_progress(self, percent: int, text: str) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(percent)
        self._show(text, error=False)

    def set_database(self, text: str) -> None:
        self.database_label.setText(self.tr("Database: {0}").format(text))
        self.adjustSize()

    def set_demo_hint(self, users: list[tuple[str, str]], password: str) -> None:
        """Show the demo users and their roles; only for a demo database this client
        created."""
        names = ", ".join(f"{username} ({role})" for username, role in users)
        self.demo_hint.setText(
            self.tr("Demo database. Log in as one of: {0}. Password: {1}").format(names, password)
        )
        self.demo_hint.show()
        self.adjustSize()

    def hide_demo_hint(self) -> None:
        self.demo_hint.hide()
        self.adjustSize()

    def show_info(self, text: str) -> None:
        self.set_busy(False)
        self._show(text, error=False)

    def show_error(self, text: str) -> None:
        """Show why the login (or opening the database) failed; the window stays."""
        self.set_busy(False)
        self._show(text, error=True)
        self.password.selectAll()
        self.password.setFocus()

    def _show(self, text: str, *, error: bool) -> None:
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)
        if self.isVisible() and self.sizeHint().height() > self.height():
            self.adjustSize()

    def reset(self) -> None:
        """Back to an empty password, e.g. after logging out."""
        self.password.clear()
        self.set_busy(False)
        self.message.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.quit_requested.emit()
        super().closeEvent(event)

    def reject(self) -> None:  # Escape
        self.quit_requested.emit()
