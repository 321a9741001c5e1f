"""STYLE rule 1: imports point inward (ui -> app -> db), and start-up stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_OR_UI = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in imported_modules(path):
            if module.split(".")[0] in forbidden:
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return bad


@pytest.mark.parametrize("package", ["app", "db"])
def test_app_and_db_never_import_qt_or_ui(package: str) -> None:
    assert offenders(package, QT_OR_UI) == []


def test_db_never_imports_app() -> None:
    assert offenders("db", ("app",)) == []


def test_the_scan_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n    import ui.tasks\n")
    assert [m for _, m in imported_modules(sample)] == ["PySide6.QtCore", "ui.tasks"]


@pytest.mark.parametrize("module", ["ui.main", "ui.app_main"])
def test_starting_the_client_does_not_load_sqlalchemy(module: str) -> None:
    """The login window paints before SQLAlchemy is imported (it costs ~0.3 s)."""
    code = (
        f"import sys, {module}\n"
        "import ui.client, ui.dialogs.login, ui.dialogs.connection\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy')\n"
        "print(len(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "0", result.stderr
