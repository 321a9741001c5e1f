"""The end-of-day runner on every backend: catch-up, idempotence, the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.eod import EodStep, refuse_far_future, run_eod
from app.errors import PermissionDenied, StateError, ValidationError
from app.platform import load_state
from app.security.permissions import Role
from db.models.platform import EodRun, Setting
from tests.support import TestDB, key_env


class CountingStep:
    def __init__(self, fail_on: date | None = None) -> None:
        self.days: list[date] = []
        self.fail_on = fail_on

    def __call__(self, sessions: sessionmaker[Session], day: date) -> int:
        if day == self.fail_on:
            self.fail_on = None
            raise RuntimeError("power cut")
        self.days.append(day)
        return 2


def _business_date(db: TestDB) -> date:
    with db.sessions() as s:
        return load_state(s).business_date


def test_catch_up_one_day_at_a_time_and_rerun_changes_nothing(db: TestDB) -> None:
    start = _business_date(db)
    step = CountingStep()
    ctx = db.system()
    seen: list[tuple[date, str]] = []
    result = run_eod(
        ctx,
        start + timedelta(days=3),
        steps=[EodStep("count", step)],
        progress=lambda d, s, i, n: seen.append((d, s)),
    )
    assert step.days == [start + timedelta(days=k) for k in (1, 2, 3)]
    assert result.rows_changed == 6
    assert [d for d, _ in seen] == step.days
    assert _business_date(db) == start + timedelta(days=3)
    again = run_eod(ctx, start + timedelta(days=3), steps=[EodStep("count", step)])
    assert again.rows_changed == 0 and again.days[0].skipped_steps == ("count",)
    assert len(step.days) == 3
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(EodRun)) == 3


def test_crash_mid_day_is_finished_by_the_next_run(db: TestDB) -> None:
    start = _business_date(db)
    first = CountingStep()
    second = CountingStep(fail_on=start + timedelta(days=2))
    steps = [EodStep("first", first), EodStep("second", second)]
    with pytest.raises(RuntimeError):
        run_eod(db.system(), start + timedelta(days=2), steps=steps)
    assert _business_date(db) == start + timedelta(days=1)
    run_eod(db.system(), start + timedelta(days=2), steps=steps)
    assert first.days == [start + timedelta(days=1), start + timedelta(days=2)]
    assert second.days == [start + timedelta(days=1), start + timedelta(days=2)]
    assert _business_date(db) == start + timedelta(days=2)


def test_lock_refuses_a_second_runner(db: TestDB) -> None:
    start = _business_date(db)
    ctx = db.system()
    holder_msgs: list[str] = []

    def nested(sessions: sessionmaker[Session], day: date) -> int:
        with pytest.raises(StateError) as info:
            run_eod(ctx, day, steps=[], host="desk-2")
        holder_msgs.append(str(info.value))
        return 0

    run_eod(ctx, start + timedelta(days=1), steps=[EodStep("nested", nested)], host="desk-1")
    assert "running on desk-1" in holder_msgs[0] and "since" in holder_msgs[0]
    assert "--force" not in holder_msgs[0]
    with db.sessions() as s:
        assert load_state(s).eod_holder is None  # released after the run


def test_dates_never_go_back_and_only_admins_run(db: TestDB) -> None:
    start = _business_date(db)
    with pytest.raises(ValidationError, match="never go back"):
        run_eod(db.system(), start - timedelta(days=1), steps=[])
    with pytest.raises(PermissionDenied):
        run_eod(db.user(Role.COLLECTIONS_AGENT), start + timedelta(days=1), steps=[])


def test_a_dead_holders_row_does_not_block_the_next_run(db: TestDB) -> None:
    """The row only names the holder; with no live session lock behind it the next
    run starts at once (it used to wait six hours or need --force)."""
    start = _business_date(db)
    with db.sessions.begin() as s:
        state = load_state(s)
        state.eod_holder = "crashed-desk (eod)"
        state.eod_started_at = db.system().now()
    run_eod(db.system(), start + timedelta(days=1), steps=[])
    assert _business_date(db) == start + timedelta(days=1)


RUNNER = """
import sys, time
from datetime import date
from app.context import Actor, ServiceContext
from app.eod import EodStep, refuse_far_future, run_eod
from app.errors import StateError
from db.engine import make_engine, make_sessionmaker
url, target, marker, hold, host = sys.argv[1:6]
def step(sessions, day):
    with open(marker, "a") as f:
        f.write(f"{day}\\n")
    time.sleep(float(hold))
    return 1
from app.platform import open_vault
from app.security.keys import MemoryStore
engine = make_engine(url)
with make_sessionmaker(engine)() as s:
    assert open_vault(s, MemoryStore(), engine).vault is not None  # the audit key
ctx = ServiceContext(make_sessionmaker(engine), Actor.system("eod"))
try:
    run_eod(ctx, date.fromisoformat(target), steps=[EodStep("slow", step)], host=host)
except StateError as exc:
    print(exc)
    sys.exit(3)
"""


def _runner(
    db: TestDB, target: date, marker: Path, hold: float, host: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, db.url, target.isoformat(), str(marker), str(hold), host],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "P2PDESK_FAST_HASH": "1", **key_env(db)},
    )


def _wait_for(marker: Path, lines: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not (marker.exists() and len(marker.read_text().splitlines()) >= lines):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_two_processes_only_one_runs(db: TestDB, tmp_path: Path) -> None:
    start = _business_date(db)
    target = start + timedelta(days=2)
    marker = tmp_path / "days.txt"
    first = _runner(db, target, marker, 1.5, "desk-1")
    _wait_for(marker, 1, first)
    second = _runner(db, target, marker, 0, "desk-2")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 3, err
    assert "running on desk-1" in out and "since" in out
    out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    days = [start + timedelta(days=k) for k in (1, 2)]
    assert marker.read_text().split() == [d.isoformat() for d in days]  # each day once
    assert _business_date(db) == target


def test_a_killed_holder_frees_the_lock_at_once(db: TestDB, tmp_path: Path) -> None:
    start = _business_date(db)
    target = start + timedelta(days=1)
    marker = tmp_path / "days.txt"
    first = _runner(db, target, marker, 120, "desk-1")
    _wait_for(marker, 1, first)
    os.kill(first.pid, signal.SIGKILL)
    first.communicate(timeout=30)
    begun = time.monotonic()
    second = _runner(db, target, marker, 0, "desk-2")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, out + err
    assert time.monotonic() - begun < 30
    assert _business_date(db) == target


def test_a_date_far_past_the_wall_clock_is_refused(db: TestDB) -> None:
    today = db.system().now().date()
    with pytest.raises(ValidationError, match=r"--date.*--allow-future"):
        refuse_far_future(db.system(), today + timedelta(days=8))
    refuse_far_future(db.system(), today + timedelta(days=7))  # within the default 7
    with db.sessions.begin() as s:
        s.add(Setting(key="eod.max_days_ahead", value_json="30"))
    refuse_far_future(db.system(), today + timedelta(days=30))
    with pytest.raises(ValidationError, match="more than 30 days"):
        refuse_far_future(db.system(), date(2100, 1, 1))
