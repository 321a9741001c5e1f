"""Timing helpers and the result table every benchmark prints."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measured path: baseline and measured seconds, and the target ratio."""

    path: str
    backend: str
    baseline_s: float
    measured_s: float
    target: float | None  # ratio must be <= target; None = recorded only
    note: str = ""
    ok: bool | None = None  # an absolute check (ms, MB, rows) when there is no ratio target

    @property
    def ratio(self) -> float:
        return self.measured_s / self.baseline_s if self.baseline_s > 0 else float("inf")

    @property
    def passed(self) -> bool | None:
        if self.target is None:
            return self.ok
        return self.ratio <= self.target and self.ok is not False


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(
    baseline: Callable[[], object], measured: Callable[[], object], repeat: int = 7
) -> tuple[float, float]:
    """Median times of two callables run alternately, so machine noise hits both."""
    baseline()
    measured()
    b: list[float] = []
    m: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        baseline()
        b.append(time.perf_counter() - start)
        start = time.perf_counter()
        measured()
        m.append(time.perf_counter() - start)
    return statistics.median(b), statistics.median(m)


def table(rows: list[Row]) -> str:
    """The one table `make bench` prints."""
    header = (
        f"{'path':<58} {'backend':<10} {'baseline':>10} {'measured':>10} {'ratio':>7} "
        f"{'target':>7}  result"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        target = f"<={r.target:g}" if r.target is not None else "abs" if r.ok is not None else "-"
        result = {None: "record", True: "pass", False: "FAIL"}[r.passed]
        lines.append(
            f"{r.path:<58} {r.backend:<10} {r.baseline_s * 1000:>8.1f}ms "
            f"{r.measured_s * 1000:>8.1f}ms"
            f" {r.ratio:>7.2f} {target:>7}  {result}{'  ' + r.note if r.note else ''}"
        )
    return "\n".join(lines)
