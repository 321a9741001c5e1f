"""Start the desktop client: application, logging, translations, error hook.

Imports here stay light (no SQLAlchemy): the login window paints first and the
database opens afterwards, in a task.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"


def choose_language(setting: str) -> str:
    """The language to load: the setting, else the system's if we have it."""
    if setting:
        return setting
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_translators(
    app: QCoreApplication, language: str, directory: Path = TRANSLATIONS_DIR
) -> list[QTranslator]:
    """Load p2pdesk's and Qt's own translations for ``language`` when a .qm exists
    (the .qm files are built from the .ts sources by pyside6-lrelease)."""
    if language == "en":
        return []
    installed: list[QTranslator] = []
    candidates = [
        (directory, f"p2pdesk_{language}"),
        (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), f"qtbase_{language}"),
    ]
    for folder, name in candidates:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.info("no translation %s in %s", name, folder)
    return installed


def install_excepthook(log_path: Path) -> None:
    """Unexpected errors go to the log with their traceback; the user gets a sentence."""
    showing = False

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        log.critical("unexpected error", exc_info=(kind, value, tb))
        if showing or QApplication.instance() is None:
            return
        showing = True
        try:
            QMessageBox.critical(
                None,
                QCoreApplication.translate("Client", "p2pdesk"),
                QCoreApplication.translate(
                    "Client", "Something went wrong. The details are in the log file {0}."
                ).format(log_path),
            )
        finally:
            showing = False

    sys.excepthook = hook


def run_client(db_url: str | None, first_run_demo: bool) -> int:
    """Run the desktop client until it quits; returns the exit code. Main thread."""
    from app.paths import setup_logging
    from app.security.keys import KeyringStore
    from ui.client import ClientController
    from ui.settings import AppSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("p2pdesk")
    app.setOrganizationName("p2pdesk")  # the window icon follows the first paint (login)
    log_path = setup_logging()
    install_excepthook(log_path)
    settings = AppSettings()
    translators = install_translators(app, choose_language(settings.language()))
    controller = ClientController(
        settings,
        KeyringStore(),
        db_url=db_url,
        first_run_demo=first_run_demo,
        quit_app=app.quit,
    )
    controller.start()
    code = app.exec()
    controller.runner.wait_for_done(10_000)
    del translators
    return int(code)
