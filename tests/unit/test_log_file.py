"""The client's log file rolls over past its cap and keeps three older files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app import paths


def test_the_log_rolls_over_and_keeps_three_backups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "LOG_MAX_BYTES", 200)
    path = tmp_path / "p2pdesk.log"
    handler = paths.CappedFileHandler(path)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("test.capped")
    log.propagate = False
    log.addHandler(handler)
    try:
        for n in range(40):
            log.warning("record %02d %s", n, "x" * 30)  # 41 bytes a line
    finally:
        log.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["p2pdesk.log", "p2pdesk.log.1", "p2pdesk.log.2", "p2pdesk.log.3"]
    sizes = [p.stat().st_size for p in tmp_path.iterdir()]
    assert all(0 < size <= 200 for size in sizes)
    assert path.read_text().splitlines()[-1].startswith("record 39")
    newest_backup = (tmp_path / "p2pdesk.log.1").read_text().splitlines()
    current = path.read_text().splitlines()
    # No record lost between the current file and its newest backup.
    assert int(current[0].split()[1]) == int(newest_backup[-1].split()[1]) + 1


def test_setup_logging_adds_one_handler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "log_file", lambda: tmp_path / "log" / "p2pdesk.log")
    root = logging.getLogger()
    level = root.level
    ours = [h for h in root.handlers if isinstance(h, paths.CappedFileHandler)]
    for h in ours:  # an earlier test in this process may have set up logging
        root.removeHandler(h)
    before = list(root.handlers)
    try:
        assert paths.setup_logging() == tmp_path / "log" / "p2pdesk.log"
        paths.setup_logging()
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1 and isinstance(added[0], paths.CappedFileHandler)
    finally:
        for h in [h for h in root.handlers if h not in before]:
            root.removeHandler(h)
            h.close()
        for h in ours:
            root.addHandler(h)
        root.setLevel(level)


def test_log_file_and_folder_are_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tracebacks can quote customer data: 0700 folder, 0600 files, whatever the umask."""
    import os
    import stat

    monkeypatch.setattr(paths, "log_file", lambda: tmp_path / "log" / "p2pdesk.log")
    monkeypatch.setattr(paths, "LOG_MAX_BYTES", 100)
    old_umask = os.umask(0o022)
    handler = paths.CappedFileHandler(tmp_path / "log" / "p2pdesk.log")
    try:
        path = paths.log_file()
        path.parent.mkdir(mode=0o755)  # an older client made it world-readable
        log = logging.getLogger("test.modes")
        log.propagate = False
        log.addHandler(handler)
        paths.setup_logging()  # tightens the existing folder
        for n in range(10):
            log.warning("record %02d %s", n, "x" * 30)
        log.removeHandler(handler)
    finally:
        handler.close()
        os.umask(old_umask)
        root = logging.getLogger()
        for h in [h for h in root.handlers if isinstance(h, paths.CappedFileHandler)]:
            if h.baseFilename.startswith(str(tmp_path)):
                root.removeHandler(h)
                h.close()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    files = sorted(path.parent.iterdir())
    assert len(files) >= 2  # rolled over: the new files are owner-only too
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
