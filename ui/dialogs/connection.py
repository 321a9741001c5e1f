"""Connections: add, edit, test and choose database profiles.

Profiles live in QSettings (ui/settings.py); passwords only in the keyring
(service ``p2pdesk``, name ``db:<profile>``). Without a keyring backend the dialog
says so and the password is asked for at each connect. Testing and connecting run
in the task runner; a failure is one sentence and the dialog stays open.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.settings import DEFAULT_PORTS, KINDS, AppSettings, ConnectionProfile, db_password_name
from ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:
    from app.security.keys import SecretStore
    from ui.db_connect import OpenDatabase, SchemaProblem


class ConnectionDialog(QDialog):
    """Choose a database. After ``accept()``, :attr:`opened` holds the open database
    (schema at head, or upgraded by an administrator). GUI thread."""

    def __init__(
        self,
        settings: AppSettings,
        store: SecretStore,
        runner: TaskRunner,
        *,
        default_profile: ConnectionProfile | None = None,
        selected: str = "",
        message: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connection_dialog")
        self.setWindowTitle(self.tr("Database connections"))
        self.setMinimumWidth(640)
        self._settings = settings
        self._store = store
        self._runner = runner
        self._keyring = self._keyring_available()
        self._editing: str | None = None  # name of the saved profile in the form
        self._default = default_profile
        self.opened: OpenDatabase | None = None
        self.profile: ConnectionProfile | None = None

        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profiles")
        new_button = QPushButton(self.tr("&New"))
        new_button.setObjectName("new_button")
        self.delete_button = QPushButton(self.tr("&Delete"))
        self.delete_button.setObjectName("delete_button")
        left = QVBoxLayout()
        left.addWidget(self.profile_list)
        row = QHBoxLayout()
        row.addWidget(new_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)

        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        labels = {
            "sqlite": self.tr("SQLite file (this computer)"),
            "postgresql": self.tr("PostgreSQL server"),
            "mysql": self.tr("MySQL / MariaDB server"),
        }
        for kind in KINDS:
            self.kind.addItem(labels[kind], kind)
        self.path = QLineEdit()
        self.path.setObjectName("path")
        browse = QPushButton(self.tr("&Browse…"))
        browse.setObjectName("browse_button")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path)
        path_row.addWidget(browse)
        self.path_widget = QWidget()
        self.path_widget.setLayout(path_row)
        path_row.setContentsMargins(0, 0, 0, 0)
        self.host = QLineEdit()
        self.host.setObjectName("host")
        self.port = QSpinBox()
        self.port.setObjectName("port")
        self.port.setRange(1, 65535)
        self.database = QLineEdit()
        self.database.setObjectName("database")
        self.user = QLineEdit()
        self.user.setObjectName("user")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password in the system keyring"))
        self.remember.setObjectName("remember")
        self.keyring_notice = QLabel(
            self.tr(
                "No system keyring is available on this computer, so the password is "
                "not saved: enter it each time you connect."
            )
        )
        self.keyring_notice.setObjectName("keyring_notice")
        self.keyring_notice.setWordWrap(True)
        self.remember.setEnabled(self._keyring)
        self.remember.setChecked(self._keyring)
        self.keyring_notice.setVisible(not self._keyring)

        self.form = QFormLayout()
        self.form.addRow(self.tr("&Name:"), self.name)
        self.form.addRow(self.tr("&Kind:"), self.kind)
        self.form.addRow(self.tr("&File:"), self.path_widget)
        self.form.addRow(self.tr("&Host:"), self.host)
        self.form.addRow(self.tr("P&ort:"), self.port)
        self.form.addRow(self.tr("Data&base:"), self.database)
        self.form.addRow(self.tr("U&ser:"), self.user)
        self.form.addRow(self.tr("Pass&word:"), self.password)
        self.form.addRow("", self.remember)
        self.form.addRow("", self.keyring_notice)

        self.message = QLabel(message)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setObjectName("save_button")
        self.test_button = QPushButton(self.tr("&Test"))
        self.test_button.setObjectName("test_button")
        self.connect_button = QPushButton(self.tr("C&onnect"))
        self.connect_button.setObjectName("connect_button")
        self.connect_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setObjectName("cancel_button")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.connect_button)

        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addWidget(self.message)
        right.addStretch(1)
        right.addLayout(buttons)
        top = QHBoxLayout(self)
        top.addLayout(left, 1)
        top.addLayout(right, 2)

        self.profile_list.currentItemChanged.connect(self._on_profile_chosen)
        new_button.clicked.connect(self._new_profile)
        self.delete_button.clicked.connect(self._delete_profile)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        browse.clicked.connect(self._browse)
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.test_connection)
        self.connect_button.clicked.connect(self.connect_database)
        cancel.clicked.connect(self.reject)

        self._reload_list(selected)
        if self.profile_list.count() == 0:
            self._load_form(default_profile or ConnectionProfile(self.tr("Local database")))
        self._on_kind_changed()

    def _keyring_available(self) -> bool:
        try:
            return bool(self._store.available())
        except Exception:
            return False

    # the profile list --------------------------------------------------------

    def _reload_list(self, select: str = "") -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for profile in self._settings.profiles():
            item = QListWidgetItem(profile.name)
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            item.setToolTip(profile.describe())
            self.profile_list.addItem(item)
        self.profile_list.blockSignals(False)
        wanted = select or self._settings.last_profile()
        matches = self.profile_list.findItems(wanted, Qt.MatchFlag.MatchExactly) if wanted else []
        if matches:
            self.profile_list.setCurrentItem(matches[0])
        elif self.profile_list.count():
            self.profile_list.setCurrentRow(0)
        self.delete_button.setEnabled(self.profile_list.count() > 0)

    def _on_profile_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is None:
            return
        profile = self._settings.profile(str(item.data(Qt.ItemDataRole.UserRole)))
        if profile is not None:
            self._load_form(profile)

    def _load_form(self, profile: ConnectionProfile) -> None:
        self._editing = profile.name if self._settings.profile(profile.name) else None
        self.name.setText(profile.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(profile.kind)))
        self.path.setText(profile.path)
        self.host.setText(profile.host)
        self.port.setValue(profile.port or DEFAULT_PORTS.get(profile.kind, 5432))
        self.database.setText(profile.database)
        self.user.setText(profile.user)
        stored = self._stored_password(profile.name) if profile.is_server else None
        self.password.setText(stored or "")
        self._on_kind_changed()

    def _stored_password(self, name: str) -> str | None:
        if not self._keyring:
            return None
        return self._store.get(db_password_name(name))

    def _new_profile(self) -> None:
        self.profile_list.clearSelection()
        self._load_form(ConnectionProfile(self.tr("New connection")))
        self._editing = None
        self.name.selectAll()
        self.name.setFocus()

    def _delete_profile(self) -> None:
        item = self.profile_list.currentItem()
        if item is None:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        self._settings.delete_profile(name)
        if self._keyring:
            self._forget_password(name)
        self._reload_list()

    def _on_kind_changed(self) -> None:
        kind = self.kind.currentData()
        server = kind != "sqlite"
        for widget in (self.host, self.port, self.database, self.user, self.password):
            self.form.setRowVisible(widget, server)
        self.form.setRowVisible(self.path_widget, not server)
        self.form.setRowVisible(self.remember, server)
        self.form.setRowVisible(self.keyring_notice, server and not self._keyring)
        if server and self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[str(kind)])

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a p2pdesk database"),
            self.path.text(),
            self.tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"),
        )
        if path:
            self.path.setText(path)

    # the form ------------------------------------------------------------------

    def form_profile(self) -> ConnectionProfile | None:
        """The profile in the form, or None after showing what is missing."""
        kind = str(self.kind.currentData())
        profile = ConnectionProfile(
            name=self.name.text().strip(),
            kind=kind,
            path=self.path.text().strip() if kind == "sqlite" else "",
            host=self.host.text().strip() if kind != "sqlite" else "",
            port=self.port.value() if kind != "sqlite" else 0,
            database=self.database.text().strip() if kind != "sqlite" else "",
            user=self.user.text().strip() if kind != "sqlite" else "",
        )
        missing = ""
        if not profile.name:
            missing = self.tr("Give the connection a name.")
        elif kind == "sqlite" and not profile.path:
            missing = self.tr("Choose the database file.")
        elif kind != "sqlite" and not profile.host:
            missing = self.tr("Enter the server's host name.")
        elif kind != "sqlite" and not profile.database:
            missing = self.tr("Enter the database name.")
        elif kind != "sqlite" and not profile.user:
            missing = self.tr("Enter the database user.")
        if missing:
            self.show_error(missing)
            return None
        return profile

    def save(self) -> ConnectionProfile | None:
        """Store the profile (and, if wanted, its password in the keyring)."""
        profile = self.form_profile()
        if profile is None:
            return None
        old = self._editing
        self._settings.save_profile(profile, old_name=old)
        if old and old != profile.name and self._keyring:
            self._forget_password(old)
        if profile.is_server and self._keyring:
            if self.remember.isChecked() and self.password.text():
                try:
                    self._store.set(db_password_name(profile.name), self.password.text())
                except Exception:
                    self.show_error(
                        self.tr(
                            "The system keyring refused to store the password; "
                            "enter it each time you connect."
                        )
                    )
                    self._editing = profile.name
                    self._reload_list(profile.name)
                    return profile
            elif not self.remember.isChecked():
                self._forget_password(profile.name)
        self._editing = profile.name
        self._reload_list(profile.name)
        self.show_info(self.tr("Saved."))
        return profile

    def _forget_password(self, name: str) -> None:
        # nothing stored, or a keyring that cannot delete: nothing to undo either way
        with contextlib.suppress(Exception):
            self._store.delete(db_password_name(name))

    def _url(self, profile: ConnectionProfile) -> Any:
        from ui.db_connect import profile_url

        return profile_url(profile, self.password.text() if profile.is_server else None)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.test_button, self.connect_button, self.save_button):
            button.setEnabled(not busy)

    def test_connection(self) -> None:
        """Open the database in a task, report, close it again."""
        profile = self.form_profile()
        if profile is None:
            return
        from ui.db_connect import open_database

        url = self._url(profile)
        store = self._store

        def job(_control: TaskControl) -> tuple[SchemaProblem | None, str, str]:
            db = open_database(url, store)
            try:
                return db.schema_problem, db.backend, db.name
            finally:
                db.dispose()

        self._set_busy(True)
        self.show_info(self.tr("Testing the connection…"))
        self._runner.submit(job, self._tested, self._failed, owner=self, name="test-connection")

    def _tested(self, result: Any) -> None:
        problem, backend, name = result
        self._set_busy(False)
        if problem is not None:
            self.show_error(problem.shown())
        else:
            self.show_info(
                self.tr("The connection works ({0} database {1}).").format(backend, name)
            )

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.show_error(message)

    def connect_database(self) -> None:
        """Save the profile, open the database in a task, accept when it is usable."""
        profile = self.save()
        if profile is None:
            return
        if profile.is_server and not self.password.text():
            self.show_error(self.tr("Enter the database password."))
            self.password.setFocus()
            return
        from ui.db_connect import open_database

        url = self._url(profile)
        store = self._store
        self.profile = profile
        self._set_busy(True)
        self.show_info(self.tr("Connecting…"))
        self._runner.submit(
            lambda _c: open_database(url, store),
            self._opened,
            self._failed,
            owner=self,
            name="connect",
        )

    def _opened(self, result: object) -> None:
        from ui.db_connect import OpenDatabase
        from ui.dialogs.upgrade import offer_upgrade

        assert isinstance(result, OpenDatabase)
        self._set_busy(False)

        def usable(db: OpenDatabase) -> None:
            self.opened = db
            if self.profile is not None:
                self._settings.set_last_profile(self.profile.name)
            self.accept()

        def unusable(message: str) -> None:
            result.dispose()
            self.show_error(message)

        offer_upgrade(self, result, self._runner, self._store, usable, unusable)

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
