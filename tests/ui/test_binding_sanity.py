"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on CPython 3.11 drops a reference to None on every wrapped call that
returns nothing; after a few thousand calls the interpreter aborts (none_dealloc).
constraints.txt pins a release without the bug; this test fails on one with it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_wrapped_calls_keep_none_and_bool_reference_counts() -> None:
    obj = QObject()
    none_before = sys.getrefcount(None)
    false_before = sys.getrefcount(False)
    for _ in range(2000):
        obj.setObjectName("probe")
        obj.signalsBlocked()
    assert sys.getrefcount(None) - none_before > -10
    assert sys.getrefcount(False) - false_before > -10
