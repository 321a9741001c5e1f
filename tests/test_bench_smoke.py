"""The benchmark suite runs end to end on a tiny portfolio and prints every path.

Not a timing test (speed is measured by ``make bench``, never asserted here): it
only proves the bench still runs against the current code, so it cannot rot.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.run import PATHS

ROOT = Path(__file__).resolve().parent.parent


def test_bench_prints_a_row_for_every_path(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "P2PDESK_FAST_HASH": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--loans", "300", "--quick", "--backends", "sqlite",
         "--workdir", str(tmp_path)],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=280,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("path"), done.stdout[:500]
    rows = lines[2:]
    missing = [p for p in PATHS if not any(r.startswith(p) for r in rows)]
    assert not missing, f"no row for {missing}\n{done.stdout}"
    errors = [r for r in rows if "ERROR" in r]
    assert not errors, "\n".join(errors) + "\n" + done.stderr[-2000:]
