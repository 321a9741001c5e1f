"""The client's flow: login window → open database → log in → main window.

The login window paints first; the database opens afterwards in a task, so
SQLAlchemy is never imported before the first paint. The controller owns the
open database, the task runner and the one main window, and handles logging out,
switching the connection and quitting.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui.dialogs.login import LoginDialog
from ui.first_paint import FirstPaint
from ui.settings import AppSettings, ConnectionProfile, db_password_name
from ui.tasks import TaskControl, TaskRunner

if TYPE_CHECKING:
    from app.context import Actor
    from app.security.keys import SecretStore
    from ui.db_connect import LoginResult, OpenDatabase
    from ui.dialogs.connection import ConnectionDialog
    from ui.dialogs.new_passphrase import NewPassphraseDialog
    from ui.dialogs.passphrase import PassphraseDialog
    from ui.dialogs.password import ChangePasswordDialog
    from ui.main_window import MainWindow

DEMO_CUSTOMERS = 300
DEMO_SEED = 2026


class ClientController(QObject):
    """Runs the client. GUI thread.

    ``idle_ms`` overrides the idle-lock setting (tests); ``quit_app`` ends the
    application (``QApplication.quit`` in production); ``default_db_path`` replaces
    the per-user default SQLite file.
    """

    database_opened = Signal(object)  # OpenDatabase
    logged_in = Signal(object)  # MainWindow

    def __init__(
        self,
        settings: AppSettings,
        store: SecretStore,
        *,
        db_url: str | None = None,
        first_run_demo: bool = False,
        idle_ms: int | None = None,
        quit_app: Callable[[], None] | None = None,
        default_db_path: Path | None = None,
        runner: TaskRunner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.store = store
        self.runner = runner or TaskRunner(self)
        self._db_url = db_url
        self._first_run_demo = first_run_demo
        self._idle_ms = idle_ms
        self._quit_app = quit_app or (lambda: None)
        self._default_db_path = default_db_path
        self.db: OpenDatabase | None = None
        self.passphrase_dialog: PassphraseDialog | None = None
        self.new_passphrase_dialog: NewPassphraseDialog | None = None
        self.window: MainWindow | None = None
        self.connection_dialog: ConnectionDialog | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self._in_use: IO[str] | None = None
        self._first_paint: FirstPaint | None = None
        self.login = LoginDialog()
        self.runner.session_revoked.connect(self._session_revoked)
        self.login.login_requested.connect(self._login)
        self.login.connection_requested.connect(self.choose_connection)
        self.login.quit_requested.connect(self.quit)

    # start-up --------------------------------------------------------------

    def start(self) -> None:
        """Show the login window now; open the database once it has painted.

        The open is posted from the login window's first Paint event, not from a
        zero timer: a timer can fire before the first paint is delivered, and the
        task's thread would then import SQLAlchemy while the window is still blank.
        """
        self.login.set_ready(False)
        self.login.set_busy(True, self.tr("Opening the database…"))
        self._first_paint = FirstPaint(self._open_initial, self)
        self.login.installEventFilter(self._first_paint)
        self.login.show()

    def default_db_path(self) -> Path:
        if self._default_db_path is not None:
            return self._default_db_path
        from app.paths import default_db_path

        return default_db_path()

    def _open_initial(self) -> None:
        if self._db_url:
            self.open_url(self._db_url)
            return
        last = self.settings.profile(self.settings.last_profile())
        if last is not None:
            self.open_profile(last)
            return
        path = self.default_db_path()
        if path.exists():
            self.open_url(str(path))
        elif self._first_run_demo:
            self.create_demo(path)
        else:
            self.login.show_error(
                self.tr(
                    "There is no database yet at {0}. Create one with “p2pdesk init” "
                    "or choose a connection."
                ).format(path)
            )

    def open_profile(self, profile: ConnectionProfile) -> None:
        from ui.db_connect import profile_url

        password: str | None = None
        if profile.is_server:
            password = self.store.get(db_password_name(profile.name)) if self._keyring() else None
            if not password:
                self.login.show_info(self.tr("Enter the password of {0}.").format(profile.name))
                self.choose_connection(selected=profile.name)
                return
        self.open_url(profile_url(profile, password))

    def _keyring(self) -> bool:
        try:
            return bool(self.store.available())
        except Exception:
            return False

    def open_url(self, url: Any, passphrase: str | None = None) -> None:
        """Open a database in a task; the login window shows progress and errors.
        ``passphrase`` (just chosen at first start) opens a wrapped master key."""
        from ui.db_connect import open_database

        store = self.store
        self.login.set_ready(False)
        self.login.set_busy(True, self.tr("Opening the database…"))
        self.runner.submit(
            lambda _c: open_database(url, store, passphrase),
            self._opened,
            self._open_failed,
            owner=self.login,
            name="open-database",
        )

    def _opened(self, result: Any) -> None:
        from ui.dialogs.upgrade import offer_upgrade

        offer_upgrade(
            self.login, result, self.runner, self.store, self.use_database, self._open_failed
        )

    def _open_failed(self, message: str) -> None:
        self.login.set_ready(False)
        self.login.show_error(message)

    def use_database(self, db: OpenDatabase) -> None:
        """Make ``db`` the open database and let the user log in to it."""
        self._close_database()
        self.db = db
        if db.sqlite_path is not None:
            from db.sqlite_files import hold_in_use_lock

            self._in_use = hold_in_use_lock(db.sqlite_path)
        where = str(db.sqlite_path) if db.sqlite_path is not None else db.url
        self.login.set_database(f"{db.backend} · {where}")
        self.login.set_ready(True)
        self.login.show_info(self.tr("Log in to continue."))
        demo = self.settings.demo_database()
        if demo and db.sqlite_path is not None and str(db.sqlite_path) == demo:
            from app.demo import DEMO_PASSWORD, DEMO_USERS
            from ui.models.users import role_name

            users = [(username, role_name(role.value)) for username, _name, role in DEMO_USERS]
            self.login.set_demo_hint(users, DEMO_PASSWORD)
        else:
            self.login.hide_demo_hint()
        self.login.username.setFocus()
        self.database_opened.emit(db)
        if db.needs_passphrase and db.vault is None:
            self.ask_passphrase(db)

    def ask_passphrase(self, db: OpenDatabase) -> None:
        """The master key is wrapped by a passphrase: ask it once, at start."""
        from ui.dialogs.passphrase import PassphraseDialog

        dialog = PassphraseDialog(db, self.store, self.runner, self.login)
        self.passphrase_dialog = dialog
        dialog.finished.connect(self.login.username.setFocus)
        dialog.open()

    def _close_database(self) -> None:
        if self._in_use is not None:
            self._in_use.close()
            self._in_use = None
        if self.db is not None:
            self.db.dispose()
            self.db = None

    # the demo database -------------------------------------------------------

    def _key_needs_a_passphrase(self) -> bool:
        """No keyring, no P2PDESK_MASTER_PASSPHRASE and no P2PDESK_MASTER_KEY: a new
        master key would have nowhere to live but in plaintext."""
        import os

        if self._keyring():
            return False
        return not any(
            os.environ.get(v) for v in ("P2PDESK_MASTER_PASSPHRASE", "P2PDESK_MASTER_KEY")
        )

    def create_demo(self, path: Path) -> None:
        """First start of ``make run``: create and fill a demo database in a task;
        without a keyring, first ask for the passphrase that will wrap its key."""
        if not self._key_needs_a_passphrase():
            self._create_demo(path, None)
            return
        from PySide6.QtWidgets import QDialog

        from ui.dialogs.new_passphrase import NewPassphraseDialog

        self.login.set_busy(False)
        self.login.show_info(self.tr("Choose a passphrase for the master key."))
        dialog = NewPassphraseDialog(self.login)
        self.new_passphrase_dialog = dialog

        def chosen(code: int) -> None:
            self.new_passphrase_dialog = None
            dialog.deleteLater()
            if code == QDialog.DialogCode.Accepted and dialog.chosen:
                self._create_demo(path, dialog.chosen)
                return
            self.login.show_error(
                self.tr(
                    "No demo database was created: this computer has no keyring, so its "
                    "master key needs a passphrase. Restart to choose one, or set "
                    "P2PDESK_MASTER_PASSPHRASE."
                )
            )

        dialog.finished.connect(chosen)
        dialog.open()

    def _create_demo(self, path: Path, passphrase: str | None) -> None:
        store = self.store
        creating = self.tr("Creating the demo database…")
        filling = self.tr("Adding demo users and customers…")
        ready = self.tr("Demo database ready.")

        def job(control: TaskControl) -> Path:
            from app.bootstrap import initialise
            from app.demo import DEMO_PASSWORD, fill_demo_atomically
            from app.platform import open_vault
            from db.engine import make_engine, make_sessionmaker
            from db.private_files import sqlite_files

            control.progress(5, creating)
            new_file = not path.exists()
            engine = make_engine(str(path))
            try:
                initialise(
                    engine,
                    admin_username="admin",
                    admin_password=DEMO_PASSWORD,
                    store=store,
                    passphrase=passphrase,
                )
                sessions = make_sessionmaker(engine)
                with sessions() as session:
                    status = open_vault(session, store, engine, passphrase)
                if status.vault is None:
                    raise RuntimeError(status.reason or "no vault")
                control.progress(30, filling)
                # one transaction; a failure leaves no half-filled demo (issue 20 #14)
                fill_demo_atomically(engine, status.vault, DEMO_CUSTOMERS, DEMO_SEED)
            except BaseException:
                engine.dispose()
                if new_file:  # the demo made this file: take it away again
                    for made in [*sqlite_files(path), Path(f"{path}.masterkey.wrapped")]:
                        made.unlink(missing_ok=True)
                raise
            finally:
                engine.dispose()
            control.progress(100, ready)
            return path

        def done(created: Any) -> None:
            self.settings.set_demo_database(str(created))
            self.open_url(str(created), passphrase)

        self.login.set_busy(True, self.tr("Creating a demo database (first start)…"))
        self.runner.submit(
            job, done, self._open_failed, self.login.set_progress, owner=self.login, name="demo"
        )

    # connections -------------------------------------------------------------

    def choose_connection(self, selected: str = "", message: str = "") -> None:
        """Open the connection dialog (non-modal for the event loop, modal for the user)."""
        from ui.dialogs.connection import ConnectionDialog

        if self.connection_dialog is not None:
            self.connection_dialog.raise_()
            return
        parent = self.window if self.window is not None else self.login
        default = ConnectionProfile(
            self.tr("Local database"), "sqlite", path=str(self.default_db_path())
        )
        dialog = ConnectionDialog(
            self.settings,
            self.store,
            self.runner,
            default_profile=default,
            selected=selected,
            message=message,
            parent=parent,
        )
        self.connection_dialog = dialog
        dialog.finished.connect(lambda _code: self._connection_chosen(dialog))
        dialog.open()

    def _connection_chosen(self, dialog: ConnectionDialog) -> None:
        self.connection_dialog = None
        opened = dialog.opened
        dialog.deleteLater()
        if opened is None:
            return
        if self.window is not None:
            self.logout()
        self.use_database(opened)

    # logging in and out ----------------------------------------------------

    def _login(self, username: str, password: str) -> None:
        from ui.db_connect import login

        db = self.db
        if db is None:
            self.login.show_error(self.tr("No database is open."))
            return
        self.runner.submit(
            lambda _c: login(db, username, password),
            self._logged_in,
            self._login_failed,
            owner=self.login,
            name="login",
        )

    def _login_failed(self, message: str) -> None:
        from ui.i18n import translate_service_message

        self.login.show_error(translate_service_message(message))

    def _logged_in(self, result: LoginResult) -> None:
        if result.must_change_password:
            self._force_password_change(result)
        else:
            self._open_main_window(result.actor, result.idle_minutes)

    def _force_password_change(self, result: LoginResult) -> None:
        """After an administrator reset: a new password first, or back to the login."""
        from app.context import ServiceContext
        from app.security.users import change_own_password
        from ui.dialogs.password import ChangePasswordDialog

        db = self.db
        assert db is not None
        ctx = ServiceContext(db.sessions, result.actor)
        self.login.show_info(self.tr("Choose a new password to continue."))
        self.login.set_ready(False)
        dialog = ChangePasswordDialog(
            lambda old, new: change_own_password(ctx, old, new),
            self.runner,
            forced=True,
            parent=self.login,
        )
        self.password_dialog = dialog
        dialog.finished.connect(lambda code: self._forced_change_done(dialog, code, result))
        dialog.open()

    def _forced_change_done(
        self, dialog: ChangePasswordDialog, code: int, result: LoginResult
    ) -> None:
        from PySide6.QtWidgets import QDialog

        self.password_dialog = None
        dialog.deleteLater()
        if self.db is None or self.login.isHidden():  # quit or switched meanwhile
            return
        if code == QDialog.DialogCode.Accepted:
            self._open_main_window(result.actor, result.idle_minutes)
            return
        self.login.reset()
        self.login.set_ready(True)
        self.login.show_info(
            self.tr("Your password was not changed. Log in again to choose a new one.")
        )
        self.login.username.setFocus()

    def _open_main_window(self, actor: Actor, minutes: int) -> None:
        from ui.main_window import MainWindow, UserSession

        assert self.db is not None
        idle_ms = self._idle_ms if self._idle_ms is not None else int(minutes) * 60_000
        window = MainWindow(
            UserSession(actor, self.db),
            self.settings,
            self.runner,
            idle_ms=idle_ms,
            store=self.store,
        )
        window.logout_requested.connect(self.logout)
        window.switch_connection_requested.connect(self.choose_connection)
        window.quit_requested.connect(self.quit)
        self.window = window
        self.login.hide()
        self.login.reset()
        window.show()
        self.logged_in.emit(window)

    def _session_revoked(self, message: str) -> None:
        """A service refused the logged-in account (deactivated since login): back to
        the login window, saying why. GUI thread."""
        if self.window is not None:
            self.logout()
        self.login.show_error(self.tr("You were logged out. {0}").format(message))

    def logout(self) -> None:
        """Close the main window and show the login window again."""
        window, self.window = self.window, None
        if window is not None:
            window.shut_down()
        self.login.reset()
        self.login.set_ready(self.db is not None)
        self.login.show()

    def quit(self) -> None:
        self.runner.cancel_all()
        # A task still querying when the engine is disposed under it crashes the
        # process (seen on PostgreSQL); cancelled tasks stop at their next check.
        self.runner.wait_for_done(5_000)
        if self.window is not None:
            self.window.shut_down()
            self.window = None
        self.login.hide()
        self._close_database()
        self._quit_app()
