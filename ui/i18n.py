"""Translation helpers shared by the client."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` without translating it yet.

    The same as ``PySide6.QtCore.QT_TRANSLATE_NOOP``, typed ``str -> str`` for mypy.
    """
    return text
