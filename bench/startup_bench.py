"""Start-up: the login window's first paint vs a minimal QMainWindow's, each in a fresh
interpreter, timed by the parent from spawn to the child's "painted" line.

The login child runs the real entry point (``p2pdesk gui --db URL``) with one
addition: an event filter on the login window that reports the first paint, which
modules were imported by then, and exits.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row

HEAVY = ("sqlalchemy", "reportlab")


def _early() -> list[str]:
    """What the client leaves until after its first paint and is built already:
    Qt's namespace of every enum (about 14 ms) and logging.handlers (about 7 ms)."""
    core = sys.modules.get("PySide6.QtCore")
    early = ["PySide6.QtCore.Qt"] if core is not None and "Qt" in vars(core) else []
    return early + (["logging.handlers"] if "logging.handlers" in sys.modules else [])


def _report_and_exit() -> None:
    heavy = sorted(m for m in HEAVY if m in sys.modules)
    print(json.dumps({"painted": True, "heavy": heavy, "early": _early()}), flush=True)
    os._exit(0)


def _paint_filter() -> object:
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                _report_and_exit()
            return False

    return FirstPaint()


def child_minimal() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("minimal")
    window.resize(400, 300)
    paint = _paint_filter()
    window.installEventFilter(paint)  # type: ignore[arg-type]
    window.show()
    app.exec()


def child_login(db_url: str) -> None:
    import ui.client

    start = ui.client.ClientController.start
    paint = _paint_filter()

    def watched_start(self: ui.client.ClientController) -> None:
        self.login.installEventFilter(paint)  # type: ignore[arg-type]
        start(self)

    ui.client.ClientController.start = watched_start  # type: ignore[method-assign]
    from ui.main import entry

    sys.argv = ["p2pdesk", "gui", "--db", db_url]
    entry()


def _spawn(args: list[str], env: dict[str, str]) -> tuple[float, dict[str, object]]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.startup_bench", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=30)
    if not line:
        raise RuntimeError(f"start-up child {args} printed nothing: {proc.stderr.read()[-800:]}")  # type: ignore[union-attr]
    return elapsed, json.loads(line)


def measure_startup(db_url: str, repeat: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": home,
               "XDG_CONFIG_HOME": home, "XDG_DATA_HOME": home,
               "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}  # fmt: skip
        base: list[float] = []
        login: list[float] = []
        heavy: set[str] = set()
        early: set[str] = set()
        for _ in range(repeat + 1):  # the first pair warms the OS file cache
            b, _info = _spawn(["minimal"], env)
            m, info = _spawn(["login", db_url], env)
            base.append(b)
            login.append(m)
            heavy.update(info.get("heavy", []))  # type: ignore[arg-type]
            early.update(info.get("early", []))  # type: ignore[arg-type]
    base_s, meas_s = statistics.median(base[1:]), statistics.median(login[1:])
    return [
        Row("start-up: login window painted vs minimal QMainWindow", "-", base_s, meas_s,
            1.5, "subprocesses, spawn to first paint; built before it: "
            + (", ".join(sorted(early)) or "nothing deferred")),
        Row("start-up: sqlalchemy/reportlab not imported before first paint", "-", 0, 0,
            None, "imported: " + (", ".join(sorted(heavy)) or "none"), not heavy),
    ]  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1] == "minimal":
        child_minimal()
    else:
        child_login(sys.argv[2])
