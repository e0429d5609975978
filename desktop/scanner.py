"""Barcode input: one path for every scan, and the USB keyboard-wedge detector.

A USB scanner types its code as a fast burst of key presses ending with Enter. The
:class:`WedgeScanner` watches every key press of the application (an event filter on the
QApplication), so a scan works wherever the focus is; a burst is told from a person typing
by the gaps between keys. Keys still reach the focused field as they arrive (a person's
typing is never delayed); when the Enter of a burst arrives, the field gets its text from
before the burst back and the code goes to :class:`ScanInput` instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

log = logging.getLogger(__name__)


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


@dataclass(frozen=True, slots=True)
class ScannerSettings:
    """Timing that tells a scanner from a person (settings ``scanner.min_length`` and
    ``scanner.max_gap_ms``). Scanners send a key every 1–20 ms; fast typists rarely go
    under 60 ms between keys for six keys in a row."""

    min_length: int = 6
    max_gap_ms: float = 50.0
    enabled: bool = True


class ScanInput(QObject):
    """The one entrance for scanned codes: the keyboard wedge and, later, the camera.

    Signals:
        scan_received(str): a code was scanned (whatever its source); the counter looks
            it up exactly like a member code typed in the search box.
    """

    scan_received = Signal(str)

    def submit(self, code: str, source: str = "wedge") -> None:
        code = code.strip()
        if code:
            log.info("scan from %s (%d characters)", source, len(code))
            self.scan_received.emit(code)


class WedgeScanner(QObject):
    """Application-wide event filter that turns fast key bursts ending in Enter into scans.

    ``clock`` returns milliseconds (injectable so tests control key timing without sleeps).
    """

    def __init__(self, sink: ScanInput, settings: ScannerSettings | None = None,
                 clock: Callable[[], float] = monotonic_ms,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self.settings = settings or ScannerSettings()
        self.clock = clock
        self._chars: list[str] = []
        self._last_at = 0.0
        self._field: QLineEdit | None = None
        self._field_text = ""
        self._field_cursor = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not self.settings.enabled:
            return False
        # An unaccepted key event is re-sent to each parent; count it once, at its target.
        target = QApplication.focusWidget() or QApplication.activeWindow()
        if watched is not target or not isinstance(event, QKeyEvent):
            return False
        return self._key(watched, event)

    def _key(self, target: QObject, event: QKeyEvent) -> bool:
        now = self.clock()
        gap = now - self._last_at
        self._last_at = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            is_scan = (len(self._chars) >= self.settings.min_length
                       and gap <= self.settings.max_gap_ms)
            code = "".join(self._chars)
            if is_scan:
                self._restore_field()
            self._start(None)
            if is_scan:
                self.sink.submit(code, "wedge")
                return True
            return False
        text = event.text()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & \
            ~Qt.KeyboardModifier.KeypadModifier
        if len(text) != 1 or not text.isprintable() or modifiers:
            self._start(None)
            return False
        if not self._chars or gap > self.settings.max_gap_ms:
            self._start(target)
        self._chars.append(text)
        return False

    def _start(self, target: QObject | None) -> None:
        """Begin a new candidate burst (every gap inside it is short), remembering the
        field's text before it."""
        self._chars = []
        self._field = target if isinstance(target, QLineEdit) else None
        if self._field is not None:
            self._field_text = self._field.text()
            self._field_cursor = self._field.cursorPosition()

    def _restore_field(self) -> None:
        field = self._field
        if field is not None:
            field.setText(self._field_text)
            field.setCursorPosition(self._field_cursor)
