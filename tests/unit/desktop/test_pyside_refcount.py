"""PySide6 6.12 on Python 3.11 loses a reference to None on each void-returning call and
aborts the interpreter after a few thousand; the pinned version must not."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_none_refcount_survives_many_settext_calls(qapp: QApplication) -> None:
    label = QLabel()
    for i in range(100):  # warm up caches that may hold a reference or two
        label.setText(str(i))
    before = sys.getrefcount(None)
    for i in range(10_000):
        label.setText(str(i))
    after = sys.getrefcount(None)
    assert after >= before - 10, f"None lost {before - after} references"
