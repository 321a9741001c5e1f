"""Run something once a widget has painted for the first time.

The login window is the client's first paint; work that can wait (opening the
database, building Qt's ``Qt`` namespace for a flag) waits for it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer


class FirstPaint(QObject):
    """Event filter: on the watched widget's first Paint, queue ``then`` once. GUI thread."""

    def __init__(self, then: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._then is not None and event.type() == QEvent.Type.Paint:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            # Queued: the paint (and the backing-store flush) completes first. The
            # filter is the timer's context, so a window closed before it fires
            # (a test's teardown, a quick quit) drops the call instead of running
            # it on a deleted object.
            QTimer.singleShot(0, self, then)
        return False
