"""The task runner when the widget that owns it goes away while its task still runs.

A page with its own runner (the tickets desk, the call panel) can be closed, or a
test can end, while a pool thread is busy; the thread then reports into a runner
that no longer exists. That must neither crash the process nor reach the dead
page, and every other runner must go on receiving its own results.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.tasks import TaskControl, TaskRunner


def test_a_runner_destroyed_mid_task_drops_the_result_and_others_still_deliver(
    qtbot: QtBot,
) -> None:
    release = threading.Event()
    started = threading.Event()
    page = QWidget()
    doomed = TaskRunner(page)
    reached: list[str] = []

    def slow(control: TaskControl) -> str:
        started.set()
        release.wait(10)
        control.progress(50, "half")
        return "late"

    doomed.submit(slow, reached.append, reached.append)
    assert started.wait(10)
    page.deleteLater()  # the page and its runner go while the task runs
    qtbot.waitUntil(lambda: not _alive(doomed), timeout=5_000)
    gc.collect()
    release.set()

    survivor = TaskRunner()
    got: list[object] = []
    failed: list[str] = []
    with qtbot.waitSignal(survivor.task_finished, timeout=10_000):
        survivor.submit(lambda _c: 42, got.append, failed.append)
    survivor.wait_for_done()
    qtbot.wait(50)  # anything the dead runner's task sent has been delivered or dropped
    assert got == [42] and failed == []
    assert reached == []  # the result never reached the dead page


def test_two_runners_each_get_only_their_own_results(qtbot: QtBot) -> None:
    first, second = TaskRunner(), TaskRunner()
    a: list[object] = []
    b: list[object] = []
    with qtbot.waitSignals([first.task_finished, second.task_finished], timeout=10_000):
        first.submit(lambda _c: "first", a.append)
        second.submit(lambda _c: "second", b.append)
    assert a == ["first"] and b == ["second"]
    assert first.active == 0 and second.active == 0


def _alive(obj: object) -> bool:
    from shiboken6 import isValid

    return bool(isValid(obj))
