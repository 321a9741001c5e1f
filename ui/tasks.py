"""The one way work leaves the GUI thread: a small task runner over QThreadPool.

A task is a plain function ``fn(control) -> result`` that runs on a pool thread.
It opens its own database session and never touches a widget; it may report
progress and should check ``control.cancelled`` in long loops. Results, errors
and progress come back to the GUI thread as signals of the runner, which then
calls the callbacks given to :meth:`TaskRunner.submit`.

A pool thread reports through one process-wide signals object that is never
deleted, and the pool owns the function it runs: a runner (or the page that owns
it) destroyed while its task still runs cannot leave the thread emitting on a
deleted object or running a freed QRunnable, which crashed the process at the
end of a test or a window. Each runner picks its own tasks out of those signals.
When the task's owner is destroyed first (a closed window, a rebuilt desk), the
task is cancelled and its callbacks dropped at once: they are bound to the dead
widget, and holding them would keep its Python wrapper alive past its C++ object.
"""

from __future__ import annotations

import functools
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QMetaObject,
    QObject,
    QThreadPool,
    Signal,
    Slot,
)
from shiboken6 import isValid

from app.errors import P2PDeskError, SessionRevoked

log = logging.getLogger(__name__)


class TaskControl:
    """What a running task may use: progress reports and the cancel flag.

    Thread-safe; called from the pool thread.
    """

    def __init__(self, task_id: int, signals: _TaskSignals) -> None:
        self._task_id = task_id
        self._signals = signals
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, percent: int, text: str = "") -> None:
        self._signals.progress.emit(self._task_id, percent, text)


class _TaskSignals(QObject):
    """Signals a pool thread emits; the receiver (the runner) lives in the GUI thread."""

    finished = Signal(int, object)
    failed = Signal(int, str)
    revoked = Signal(int, str)
    progress = Signal(int, int, str)


def friendly_error(exc: BaseException) -> str:
    """One sentence for the user about ``exc``; the traceback belongs in the log."""
    if isinstance(exc, P2PDeskError):
        return str(exc)
    from ui.db_connect import describe_database_error, describe_file_error

    file_message = describe_file_error(exc)
    if file_message is not None:
        return file_message

    described = describe_database_error(exc)
    if described is not None:
        return described
    return QCoreApplication.translate(
        "Tasks", "Something went wrong ({0}); the details are in the log file."
    ).format(type(exc).__name__)


_SIGNALS: _TaskSignals | None = None
_IDS = itertools.count(1)


def _signals() -> _TaskSignals:
    """The process-wide signals object, made on the GUI thread on first use and kept
    for the life of the process (a pool thread may emit on it at any time)."""
    global _SIGNALS
    if _SIGNALS is None:
        _SIGNALS = _TaskSignals()
    return _SIGNALS


def _run(task_id: int, fn: Callable[[TaskControl], Any], control: TaskControl) -> None:
    """The body a pool thread runs: ``fn``, then its result or error as a signal."""
    signals = _signals()
    try:
        result = fn(control)
    except Exception as exc:
        if isinstance(exc, SessionRevoked):
            signals.revoked.emit(task_id, str(exc))
            return
        if not isinstance(exc, P2PDeskError):
            log.exception("background task %s failed", task_id)
        signals.failed.emit(task_id, friendly_error(exc))
    else:
        signals.finished.emit(task_id, result)


@dataclass
class Task:
    """A submitted task: keep it to cancel it; the runner keeps it alive meanwhile."""

    id: int
    control: TaskControl
    on_done: Callable[[Any], None] | None
    on_error: Callable[[str], None] | None
    on_progress: Callable[[int, str], None] | None
    owner: QObject | None
    name: str = field(default="")
    owner_watch: QMetaObject.Connection | None = None

    def cancel(self) -> None:
        self.control.cancel()


class TaskRunner(QObject):
    """Runs functions on a thread pool and delivers their results on the GUI thread.

    Create and use it on the GUI thread only.
    """

    task_finished = Signal(int)  # for tests and busy indicators: a task was delivered
    busy_changed = Signal(bool)
    # A task found the logged-in account deactivated: the client logs out. The task's
    # own error callback is not called (its window is about to close).
    session_revoked = Signal(str)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._tasks: dict[int, Task] = {}
        # Queued (the emitter is a pool thread); Qt drops these connections, and
        # anything still queued for them, when this runner is destroyed.
        signals = _signals()
        signals.finished.connect(self._on_finished)
        signals.failed.connect(self._on_failed)
        signals.revoked.connect(self._on_revoked)
        signals.progress.connect(self._on_progress)

    @property
    def active(self) -> int:
        return len(self._tasks)

    def submit(
        self,
        fn: Callable[[TaskControl], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, str], None] | None = None,
        *,
        owner: QObject | None = None,
        name: str = "",
    ) -> Task:
        """Run ``fn`` on the pool. Callbacks run on the GUI thread, and are skipped
        when ``owner`` (usually the widget that asked) has been deleted meanwhile."""
        task_id = next(_IDS)
        control = TaskControl(task_id, _signals())
        task = Task(task_id, control, on_done, on_error, on_progress, owner, name)
        self._tasks[task_id] = task
        if owner is not None:
            task.owner_watch = owner.destroyed.connect(
                functools.partial(self._owner_destroyed, task_id)
            )
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)
        self._pool.start(functools.partial(_run, task_id, fn, control))
        return task

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (shutdown only; callbacks still arrive later)."""
        return self._pool.waitForDone(msecs)

    def cancel_all(self) -> None:
        for task in self._tasks.values():
            task.cancel()

    def _alive(self, task: Task) -> bool:
        return task.owner is None or isValid(task.owner)

    def _owner_destroyed(self, task_id: int, *_args: object) -> None:
        task = self._tasks.get(task_id)
        if task is None:
            return
        task.cancel()
        task.on_done = task.on_error = task.on_progress = None
        task.owner_watch = None  # the connection went with the owner

    def _finish(self, task_id: int) -> Task | None:
        task = self._tasks.pop(task_id, None)
        if task is not None and task.owner_watch is not None and self._alive(task):
            QObject.disconnect(task.owner_watch)
            task.owner_watch = None
        if not self._tasks:
            self.busy_changed.emit(False)
        return task

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        if task_id not in self._tasks:
            return  # another runner's task
        task = self._finish(task_id)
        delivered = task is not None and self._alive(task) and not task.control.cancelled
        if delivered and task is not None and task.on_done is not None:
            task.on_done(result)
        self.task_finished.emit(task_id)

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        if task_id not in self._tasks:
            return
        task = self._finish(task_id)
        if task is not None and self._alive(task) and not task.control.cancelled:
            if task.on_error is not None:
                task.on_error(message)
            else:
                log.warning("task %s failed without a handler: %s", task_id, message)
        self.task_finished.emit(task_id)

    @Slot(int, str)
    def _on_revoked(self, task_id: int, message: str) -> None:
        if task_id not in self._tasks:
            return
        self._finish(task_id)
        self.session_revoked.emit(message)
        self.task_finished.emit(task_id)

    @Slot(int, int, str)
    def _on_progress(self, task_id: int, percent: int, text: str) -> None:
        task = self._tasks.get(task_id)
        if task is not None and task.on_progress is not None and self._alive(task):
            task.on_progress(percent, text)
