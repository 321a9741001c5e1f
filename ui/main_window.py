"""The main window: navigation to the desks, customer search, menus, status bar."""

from __future__ import annotations

import platform
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app.context import Actor, ServiceContext
from app.security.permissions import Permission
from ui.actions import ActionId, create_action
from ui.db_connect import OpenDatabase
from ui.icons import Icon, icon
from ui.idle_lock import IdleWatcher, LockReason, UnlockChoice, UnlockDialog
from ui.models.users import roles_text
from ui.settings import AppSettings
from ui.tasks import TaskRunner
from ui.views.placeholder import EmptyStatePage
from ui.views.registry import PAGES, PageContext, PageSpec

if TYPE_CHECKING:
    from app.platform import VaultStatus
    from app.security.keys import SecretStore
    from app.security.pii import PiiVault


@dataclass(frozen=True)
class UserSession:
    """A logged-in user on an open database."""

    actor: Actor
    db: OpenDatabase

    @property
    def ctx(self) -> ServiceContext:
        return ServiceContext(self.db.sessions, self.actor)

    @property
    def read_ctx(self) -> ServiceContext:
        return ServiceContext(self.db.read_sessions, self.actor)


ADMIN_ACTIONS = (
    ActionId.ADMIN_USERS,
    ActionId.ADMIN_AUDIT,
    ActionId.ADMIN_MASTER_KEY,
    ActionId.ADMIN_KYC_TEMPLATES,
    ActionId.ADMIN_KYC_BLACKLIST,
    ActionId.ADMIN_SLA,
)


class MainWindow(QMainWindow):
    """GUI thread. ``logout_requested``: back to the login window;
    ``switch_connection_requested``: choose another database. ``store`` is the
    workstation's secret store (Admin > Master key); without it that action is hidden."""

    logout_requested = Signal()
    switch_connection_requested = Signal()
    quit_requested = Signal()
    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        session: UserSession,
        settings: AppSettings,
        runner: TaskRunner,
        *,
        idle_ms: int,
        store: SecretStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("p2pdesk — {0}").format(session.db.name))
        self.setWindowIcon(icon(Icon.APP))
        self.session = session
        self._settings = settings
        self._runner = runner
        self._store = store
        self._hidden_windows: list[QWidget] = []
        self.unlock_dialog: UnlockDialog | None = None
        self.actions_by_id: dict[ActionId, QAction] = {}
        actor = session.actor
        self.pages: list[PageSpec] = [p for p in PAGES if actor.can(p.permission)]
        self._page_widgets: dict[ActionId, QWidget] = {}
        self.call_dock: QDockWidget | None = None  # built on the first Ctrl+Shift+L

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(24, 24))
        self.navigation.setMinimumWidth(150)
        self.navigation.setMaximumWidth(220)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        for spec in self.pages:
            item = QListWidgetItem(
                icon(spec.icon), QCoreApplication.translate("Navigation", spec.title)
            )
            item.setData(Qt.ItemDataRole.UserRole, spec.nav.value)
            self.navigation.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the page on first visit
        if not self.pages:
            self.stack.addWidget(
                EmptyStatePage(
                    Icon.APP,
                    self.tr("No desk for your role"),
                    self.tr("Your roles do not include any of the desks. Ask an administrator."),
                )
            )
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        self.lock_screen = EmptyStatePage(
            Icon.LOCK, self.tr("Locked"), self.tr("Enter your password to continue.")
        )
        self.central = QStackedWidget()
        self.central.addWidget(splitter)
        self.central.addWidget(self.lock_screen)
        self.setCentralWidget(self.central)

        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self.navigation.currentRowChanged.connect(self._show_page)
        if self.pages:
            self.navigation.setCurrentRow(0)

        self.idle = IdleWatcher(idle_ms, self)
        self.idle.idle.connect(self._lock_idle)
        self.idle.start()
        self._restore_window()

    # building -------------------------------------------------------------

    def _action(self, action_id: ActionId) -> QAction:
        action = create_action(action_id, self)
        self.actions_by_id[action_id] = action
        return action

    def _build_actions(self) -> None:
        actor = self.session.actor
        self._action(ActionId.SWITCH_CONNECTION).triggered.connect(self.switch_connection_requested)
        backup = self._action(ActionId.BACKUP)
        backup.setEnabled(self.session.db.backend == "sqlite" and actor.can(Permission.BACKUP))
        backup.triggered.connect(self.back_up)
        self._action(ActionId.LOCK).triggered.connect(self._lock_manual)
        self._action(ActionId.CHANGE_PASSWORD).triggered.connect(self.change_password)
        self._action(ActionId.LOG_OUT).triggered.connect(self.log_out)
        self._action(ActionId.QUIT).triggered.connect(self.close)
        self._action(ActionId.FIND_CUSTOMER).triggered.connect(self._focus_search)
        from ui.views.tickets.call_panel import create_log_call_action

        log_call = self.actions_by_id[ActionId.LOG_CALL] = create_log_call_action(
            self, self.open_call_panel
        )
        log_call.setVisible(actor.can(Permission.TICKET_WORK))
        for spec in PAGES:
            action = self._action(spec.nav)
            action.setText(QCoreApplication.translate("Navigation", spec.title))
            action.setVisible(actor.can(spec.permission))
            action.triggered.connect(lambda _=False, nav=spec.nav: self.show_page(nav))
        users = self._action(ActionId.ADMIN_USERS)
        users.setVisible(actor.can(Permission.USER_MANAGE))
        users.triggered.connect(self.open_users)
        audit = self._action(ActionId.ADMIN_AUDIT)
        audit.setVisible(actor.can(Permission.AUDIT_VIEW))
        audit.triggered.connect(self.open_audit)
        master_key = self._action(ActionId.ADMIN_MASTER_KEY)
        master_key.setVisible(self._store is not None and actor.can(Permission.SETTINGS_EDIT))
        master_key.triggered.connect(self.open_master_key)
        kyc_templates = self._action(ActionId.ADMIN_KYC_TEMPLATES)
        kyc_templates.setVisible(actor.can(Permission.KYC_TEMPLATE_EDIT))
        kyc_templates.triggered.connect(self.open_kyc_templates)
        kyc_blacklist = self._action(ActionId.ADMIN_KYC_BLACKLIST)
        kyc_blacklist.setVisible(
            actor.can(Permission.KYC_VIEW)
            and (actor.can(Permission.KYC_VERIFY) or actor.can(Permission.KYC_WAIVE))
        )
        kyc_blacklist.triggered.connect(self.open_kyc_blacklist)
        sla = self._action(ActionId.ADMIN_SLA)
        sla.setVisible(actor.can(Permission.SETTINGS_EDIT))
        sla.triggered.connect(self.open_sla_admin)
        self._action(ActionId.HELP_ABOUT).triggered.connect(self.about)
        group = QActionGroup(self)
        language = self._settings.language() or "en"
        for action_id, code in ((ActionId.LANGUAGE_EN, "en"), (ActionId.LANGUAGE_ZH, "zh_CN")):
            action = self._action(action_id)
            group.addAction(action)
            action.setChecked(code == language)
            action.triggered.connect(lambda _=False, code=code: self.set_language(code))

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Search"))
        bar.setObjectName("search_toolbar")
        bar.setMovable(False)
        self.search = QLineEdit()
        self.search.setObjectName("customer_search")
        self.search.setPlaceholderText(
            self.tr("Find a customer: name, phone, ID number or customer number")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(420)
        self.search.addAction(icon(Icon.SEARCH), QLineEdit.ActionPosition.LeadingPosition)
        self.search.returnPressed.connect(lambda: self.search_customers(self.search.text()))
        self.search.setEnabled(self.session.actor.can(Permission.CUSTOMER_VIEW))
        bar.addWidget(self.search)
        self.addToolBar(bar)

    def _build_menus(self) -> None:
        a = self.actions_by_id
        menu = self.menuBar().addMenu(self.tr("&File"))
        menu.setObjectName("menu_file")
        for action_id in (
            ActionId.SWITCH_CONNECTION,
            ActionId.BACKUP,
            ActionId.LOCK,
            ActionId.CHANGE_PASSWORD,
            ActionId.LOG_OUT,
        ):
            menu.addAction(a[action_id])
        menu.addSeparator()
        menu.addAction(a[ActionId.QUIT])
        view = self.menuBar().addMenu(self.tr("&View"))
        view.setObjectName("menu_view")
        for spec in PAGES:
            view.addAction(a[spec.nav])
        view.addSeparator()
        view.addAction(a[ActionId.FIND_CUSTOMER])
        view.addAction(a[ActionId.LOG_CALL])
        language = view.addMenu(icon(Icon.LANGUAGE), self.tr("&Language"))
        language.setObjectName("menu_language")
        language.addAction(a[ActionId.LANGUAGE_EN])
        language.addAction(a[ActionId.LANGUAGE_ZH])
        admin = self.menuBar().addMenu(self.tr("&Admin"))
        admin.setObjectName("menu_admin")
        admin.addAction(a[ActionId.ADMIN_USERS])
        admin.addAction(a[ActionId.ADMIN_AUDIT])
        admin.addAction(a[ActionId.ADMIN_MASTER_KEY])
        admin.addSeparator()
        admin.addAction(a[ActionId.ADMIN_KYC_TEMPLATES])
        admin.addAction(a[ActionId.ADMIN_KYC_BLACKLIST])
        admin.addAction(a[ActionId.ADMIN_SLA])
        admin.menuAction().setVisible(any(a[i].isVisible() for i in ADMIN_ACTIONS))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.setObjectName("menu_help")
        help_menu.addAction(a[ActionId.HELP_ABOUT])

    def _status_label(self, name: str, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        self.statusBar().addPermanentWidget(label)
        return label

    def _build_status_bar(self) -> None:
        actor, db = self.session.actor, self.session.db
        self.statusBar().setStyleSheet(
            "QStatusBar QLabel { padding: 0 8px; border-left: 1px solid #c8c8c8; }"
        )
        self.pii_label = QLabel()
        self.pii_label.setObjectName("pii_status")
        self.pii_label.setStyleSheet("color: #8a5300;")
        if db.vault is None:
            self.pii_label.setText(self.tr("Personal data hidden"))
            self.pii_label.setToolTip(db.vault_reason or "")
            self.statusBar().addWidget(self.pii_label)
        self.user_label = self._status_label(
            "status_user", self.tr("User: {0}").format(actor.display_name)
        )
        self.roles_label = self._status_label(
            "status_roles", self.tr("Role: {0}").format(roles_text(actor.roles))
        )
        self.database_label = self._status_label(
            "status_database", self.tr("Database: {0} · {1}").format(db.backend, db.name)
        )
        self.database_label.setToolTip(db.url)
        business = db.business_date.isoformat() if db.business_date else "—"
        self.date_label = self._status_label(
            "status_business_date", self.tr("Business date: {0}").format(business)
        )
        # Security alerts (e.g. too many reveals in an hour) for those who read the
        # audit trail: shown when there are any; the link opens the audit viewer.
        self.alerts_label = QLabel()
        self.alerts_label.setObjectName("status_security_alerts")
        self.alerts_label.setStyleSheet("color: #b00020;")
        self.alerts_label.linkActivated.connect(lambda _link: self.open_audit())
        self.alerts_label.hide()
        self.statusBar().addWidget(self.alerts_label)
        if actor.can(Permission.AUDIT_VIEW):
            self.refresh_alerts()

    def refresh_alerts(self) -> None:
        """Count the last day's security alerts in a task. GUI thread."""
        from app.audit_queries import AuditViewer

        viewer = AuditViewer(self.session.read_ctx)

        def shown(count: Any) -> None:
            if count:
                text = self.tr("Security alerts in the last 24 hours: {0}").format(count)
                self.alerts_label.setText(f'<a href="audit">{text}</a>')
            self.alerts_label.setVisible(bool(count))

        self._runner.submit(lambda _c: viewer.recent_alerts(), shown, owner=self, name="alerts")

    def _restore_window(self) -> None:
        geometry = self._settings.window_geometry()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        state = self._settings.window_state()
        if not state.isEmpty():
            self.restoreState(state)

    # navigation ----------------------------------------------------------

    def page_context(self) -> PageContext:
        # Pages keep their context. A bound method here would make window -> page ->
        # window a reference cycle: a closed window's wrapper then outlives its C++
        # object until a cyclic collection. A weak reference breaks the cycle.
        window = weakref.ref(self)

        def open_customer(customer_id: int) -> None:
            alive = window()
            if alive is not None:
                alive.open_customer(customer_id)

        return PageContext(
            self.session.ctx,
            self.session.read_ctx,
            self.session.db,
            self._runner,
            open_customer,
        )

    def show_page(self, nav: ActionId) -> None:
        for row, spec in enumerate(self.pages):
            if spec.nav == nav:
                self.navigation.setCurrentRow(row)

    def _show_page(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        spec = self.pages[row]
        widget = self._page_widgets.get(spec.nav)
        if widget is None:
            widget = spec.factory(self.page_context())
            old = self.stack.widget(row)
            self.stack.insertWidget(row, widget)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self._page_widgets[spec.nav] = widget
        self.stack.setCurrentWidget(widget)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    # customers -----------------------------------------------------------

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def customer_service(self) -> Any:
        from app.customers.service import CustomerService

        return CustomerService(self.session.read_ctx, self.session.db.vault)

    def search_customers(self, text: str) -> None:
        """Search in a task; one hit opens the customer page, several a pick list."""
        if not text.strip():
            return
        service = self.customer_service()
        self.statusBar().showMessage(self.tr("Searching…"))
        self._runner.submit(
            lambda _c: service.search(text),
            self._search_done,
            self._error,
            owner=self,
            name="customer-search",
        )

    def _search_done(self, results: Any) -> None:
        from ui.dialogs.customer import CustomerResultsDialog

        self.statusBar().clearMessage()
        if not results:
            self.statusBar().showMessage(self.tr("No customer matches."), 5000)
        elif len(results) == 1:
            self.open_customer(results[0].id)
        else:
            dialog = CustomerResultsDialog(list(results), self.open_customer, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()

    def open_customer(self, customer_id: int) -> None:
        from app.customers.service import CustomerService
        from ui.dialogs.customer import CustomerDialog

        # reveals write an audit event, so this service uses the writing sessions
        service = CustomerService(self.session.ctx, self.session.db.vault)
        dialog = CustomerDialog(
            service,
            customer_id,
            self._runner,
            can_reveal=self.session.actor.can(Permission.PII_REVEAL),
            parent=self,
            open_kyc=self.open_kyc_checklist
            if self.session.actor.can(Permission.KYC_VIEW)
            else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def open_kyc_checklist(self, customer_id: int) -> None:
        """The customer page's "KYC checklist…": the KYC desk with their checklist."""
        from ui.views.kyc.page import KycPage

        self.show_page(ActionId.NAV_KYC)
        page = self.current_page()
        if isinstance(page, KycPage):
            page.open_customer(customer_id)

    def open_call_panel(self) -> None:
        """Ctrl+Shift+L on any desk: the call panel docks beside the current desk."""
        from ui.views.tickets.call_dock import CallDock

        if self.call_dock is None:
            self.call_dock = CallDock(self.page_context(), self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.call_dock)
        assert isinstance(self.call_dock, CallDock)
        self.call_dock.open_call()

    # admin -----------------------------------------------------------------

    def open_users(self) -> None:
        from app.security.users import UserService
        from ui.dialogs.users import UsersDialog

        dialog = UsersDialog(UserService(self.session.ctx), self._runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def open_audit(self) -> None:
        from app.audit_queries import AuditViewer
        from ui.dialogs.audit import AuditDialog

        dialog = AuditDialog(AuditViewer(self.session.read_ctx), self._runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def open_master_key(self) -> None:
        """Admin > Master key: enter the key here, or show it for another workstation."""
        from app.kyc.master_key import MasterKeyService
        from app.security.master_key_export import show_master_key
        from ui.dialogs.master_key import MasterKeyDialog

        store = self._store
        if store is None:
            return
        db = self.session.db
        ctx, engine = self.session.ctx, db.engine
        service = MasterKeyService(ctx, store, engine, db.passphrase)

        def enter(key_text: str, passphrase: str) -> VaultStatus:
            status = service.enter(key_text, passphrase)
            db.passphrase = service.passphrase
            db.key_source = status.source.value if status.source is not None else None
            return status

        dialog = MasterKeyDialog(
            enter,
            lambda password: show_master_key(ctx, store, engine, password, db.passphrase),
            self._runner,
            vault_open=db.vault is not None,
            key_source=db.key_source,
            keyring=self._keyring_available(store),
            parent=self,
        )
        dialog.vault_opened.connect(self.use_vault)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def open_kyc_templates(self) -> None:
        """Admin > KYC templates: publish a new version of a checklist template."""
        from app.kyc.templates import TemplateService
        from ui.views.kyc.admin_templates import TemplateEditorDialog

        dialog = TemplateEditorDialog(
            TemplateService(self.session.ctx),
            self._runner,
            can_edit=self.session.actor.can(Permission.KYC_TEMPLATE_EDIT),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def open_kyc_blacklist(self) -> None:
        """Admin > KYC blacklist: add and remove entries (masked; blind index only)."""
        from app.kyc.blacklist import BlacklistService
        from ui.views.kyc.admin_blacklist import BlacklistDialog

        db, actor = self.session.db, self.session.actor
        dialog = BlacklistDialog(
            BlacklistService(self.session.ctx, db.vault),
            self._runner,
            can_add=actor.can(Permission.KYC_VERIFY),
            can_remove=actor.can(Permission.KYC_WAIVE),
            vault_reason=db.vault_reason,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def open_sla_admin(self) -> None:
        """Admin > SLA calendar and targets: work days, hours, holidays, time zone."""
        from app.servicedesk.admin import DeskAdminService
        from ui.views.tickets.sla_admin import SlaAdminDialog

        dialog = SlaAdminDialog(DeskAdminService(self.session.ctx), self._runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    @staticmethod
    def _keyring_available(store: SecretStore) -> bool:
        try:
            return bool(store.available())
        except Exception:  # a keyring probe must never break the dialog
            return False

    def use_vault(self, vault: PiiVault) -> None:
        """The master key was entered: personal data opens without a restart."""
        db = self.session.db
        db.vault = vault
        db.vault_reason = None
        self.pii_label.clear()
        self.pii_label.setToolTip("")
        self.pii_label.hide()
        self._rebuild_pages()
        self.statusBar().showMessage(self.tr("Personal data is open on this workstation."), 10000)

    def _rebuild_pages(self) -> None:
        # Desks take the vault when they are built; build them again on their next visit.
        for row, spec in enumerate(self.pages):
            old = self._page_widgets.pop(spec.nav, None)
            if old is None:
                continue
            self.stack.insertWidget(row, QWidget())
            self.stack.removeWidget(old)
            old.deleteLater()
        self._show_page(self.navigation.currentRow())

    def change_password(self) -> None:
        """File > Change password, for every user."""
        from app.security.users import change_own_password
        from ui.dialogs.password import ChangePasswordDialog

        ctx = self.session.ctx
        dialog = ChangePasswordDialog(
            lambda old, new: change_own_password(ctx, old, new), self._runner, parent=self
        )
        dialog.password_changed.connect(
            lambda: self.statusBar().showMessage(self.tr("Your password is changed."), 10000)
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def back_up(self, target: str | None = None) -> None:
        """Online backup of the SQLite file to a file the user picks, in a task."""
        source = self.session.db.sqlite_path
        if source is None:
            return
        if target is None:
            suggested = str(source.with_name(source.stem + "-backup.db"))
            target, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Back up the database"),
                suggested,
                self.tr("SQLite databases (*.db)"),
            )
        if not target:
            return
        from db.sqlite_files import backup

        destination = Path(target)
        self.statusBar().showMessage(self.tr("Backing up…"))
        self._runner.submit(
            lambda _c: backup(source, destination),
            lambda size: self.statusBar().showMessage(
                self.tr("Backed up to {0} ({1} KB).").format(destination, int(size) // 1024),
                10000,
            ),
            self._error,
            owner=self,
            name="backup",
        )

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About p2pdesk"), about_text())

    def set_language(self, code: str) -> None:
        self._settings.set_language(code)
        self.statusBar().showMessage(
            self.tr("The language changes the next time p2pdesk starts."), 10000
        )

    def _error(self, message: str) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, self.tr("p2pdesk"), message)

    # idle lock -------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.central.currentWidget() is self.lock_screen

    def _lock_idle(self) -> None:
        self.lock(LockReason.IDLE)

    def _lock_manual(self) -> None:
        self.lock(LockReason.MANUAL)

    def lock(self, reason: LockReason = LockReason.MANUAL) -> None:
        """Hide everything and ask for the password (idle timeout or Ctrl+L)."""
        if self.is_locked:
            return
        self.idle.pause()
        self.central.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)
        for bar in self.findChildren(QToolBar):
            bar.setEnabled(False)
        self._hidden_windows = [
            w
            for w in self.findChildren(QWidget)
            if (w.isWindow() or isinstance(w, QDockWidget)) and w.isVisible() and w is not self
        ]
        self.actions_by_id[ActionId.LOG_CALL].setEnabled(False)
        for window in self._hidden_windows:
            window.hide()
        dialog = UnlockDialog(self.session.actor.display_name, self, reason=reason)
        dialog.unlock_requested.connect(self._check_unlock)
        dialog.choice_made.connect(self._unlock_choice)
        self.unlock_dialog = dialog
        self.locked.emit()
        dialog.open()

    def _check_unlock(self, password: str) -> None:
        from app.security.users import verify_current_password

        ctx = self.session.ctx
        dialog = self.unlock_dialog

        def checked(ok: Any) -> None:
            if dialog is None:
                return
            if ok:
                dialog.unlocked()
            else:
                dialog.show_error(self.tr("Wrong password."))

        self._runner.submit(
            lambda _c: verify_current_password(ctx, password),
            checked,
            lambda message: dialog.show_error(message) if dialog else None,
            owner=self,
            name="unlock",
        )

    def _unlock_choice(self, choice: Any) -> None:
        self.unlock_dialog = None
        if choice == UnlockChoice.UNLOCKED:
            self.central.setCurrentIndex(0)
            self.menuBar().setEnabled(True)
            for bar in self.findChildren(QToolBar):
                bar.setEnabled(True)
            for window in self._hidden_windows:
                window.show()
            self._hidden_windows = []
            self.actions_by_id[ActionId.LOG_CALL].setEnabled(True)
            self.idle.start()
            self.unlocked.emit()
        elif choice == UnlockChoice.SWITCH_USER:
            self.logout_requested.emit()
        else:
            self.close()

    # closing -------------------------------------------------------------

    def log_out(self) -> None:
        """File > Log out: the client closes this window and its session and shows
        the login window again (the same path as Switch user on the lock screen)."""
        self.logout_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.set_window(self.saveGeometry(), self.saveState())
        self.idle.stop()
        super().closeEvent(event)
        self.quit_requested.emit()

    def shut_down(self) -> None:
        """Close without quitting the client (log out, switch database)."""
        self._settings.set_window(self.saveGeometry(), self.saveState())
        self.idle.stop()
        self.blockSignals(True)
        self.hide()
        self.deleteLater()


def about_text() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    try:
        from importlib.metadata import version

        app_version = version("p2pdesk")
    except Exception:
        app_version = "?"
    try:
        import sqlalchemy

        sa_version = sqlalchemy.__version__
    except ImportError:
        sa_version = "?"
    return QCoreApplication.translate(
        "MainWindow",
        "<h3>p2pdesk {0}</h3><p>Back office for a peer-to-peer lending platform.</p>"
        "<p>Qt {1} · PySide6 {2} · SQLAlchemy {3} · Python {4}</p>",
    ).format(app_version, qVersion(), PySide6.__version__, sa_version, platform.python_version())
