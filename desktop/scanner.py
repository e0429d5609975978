"""Barcode input: one path for every scan, and the USB keyboard-wedge detector.

A USB scanner types its code as a fast burst of key presses ending with Enter. The
:class:`WedgeScanner` watches every key press of the application (an event filter on the
QApplication). Keys still reach the focused field as they arrive (a person's typing is never
delayed); when a burst ends, :func:`takes_scans` decides where it belongs:

- in the counter window, with the search box focused (or another field marked with the
  :data:`SCAN_FIELD` property, such as the lock screen's PIN) or no text field focused, the
  burst is a scan: the field gets its text from before the burst back and the code goes to
  :class:`ScanInput`;
- anywhere else — any other text field (a receipt or invoice number, a phone being typed),
  a dialog, a message box, a popup — the characters stay where they were typed: a scanned
  POS receipt barcode lands in the receipt field, a file name typed fast stays whole.

A burst is told from typing by the gaps between keys, or for certain by a prefix and/or
suffix character the scanner is programmed to send (settings ``scanner.prefix`` and
``scanner.suffix``). Modifier keys (a scanner presses Shift for capitals) never break a burst.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

log = logging.getLogger(__name__)

SCAN_FIELD = "scanField"  # a widget property: a burst typed into this field is a scan
MODIFIER_KEYS = frozenset({Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt,
                           Qt.Key.Key_Meta, Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock,
                           Qt.Key.Key_NumLock, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
                           Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R})
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_SHORTCUT_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                       | Qt.KeyboardModifier.MetaModifier)


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


def parse_marker(text: str) -> str:
    """A prefix/suffix setting as typed: one character, or caret notation for a control
    character (``^B`` is STX, which scanners send as Ctrl+B). ``""`` means none.

    Raises:
        ValueError: anything longer, or a space.
    """
    text = text.strip()
    if len(text) == 2 and text[0] == "^" and "@" <= text[1].upper() <= "_":
        return chr(ord(text[1].upper()) - 64)
    if len(text) > 1 or text.isspace():
        raise ValueError(text)
    return text


def show_marker(char: str) -> str:
    """The setting as the settings page shows it (control characters in caret notation)."""
    return f"^{chr(ord(char) + 64)}" if char and ord(char) < 32 else char


@dataclass(frozen=True, slots=True)
class ScannerSettings:
    """How a scan is told from typing (settings ``scanner.*``).

    Without a prefix or suffix, by timing: scanners send a key every 1–20 ms; fast typists
    rarely go under 60 ms between keys for six keys in a row. With a ``prefix`` and/or
    ``suffix`` character (programmed into the scanner), only codes carrying them are scans,
    whatever the timing, and the characters never stay in a field.
    """

    min_length: int = 6
    max_gap_ms: float = 50.0
    enabled: bool = True
    prefix: str = ""
    suffix: str = ""

    @property
    def marked(self) -> bool:
        return bool(self.prefix or self.suffix)


class ScanInput(QObject):
    """The one entrance for scanned codes: the keyboard wedge and the camera.

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


def is_text_field(widget: QWidget) -> bool:
    """A widget that takes typed characters."""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox)


def takes_scans(focus: QWidget | None, window: QWidget | None,
                area: Callable[[], bool] = lambda: True) -> bool:
    """Whether a burst typed now is a scan: only in ``window`` (the counter's, when given),
    with no dialog, message box or popup open, while ``area()`` (the page shown takes
    scans), and with the focus on a :data:`SCAN_FIELD` field or on no text field."""
    if QApplication.activePopupWidget() is not None \
            or QApplication.activeModalWidget() is not None:
        return False
    active = QApplication.activeWindow()
    if window is not None and active is not None and active is not window:
        return False
    if focus is not None and window is not None and focus.window() is not window:
        return False
    if not area():
        return False
    if focus is None:
        return True
    return bool(focus.property(SCAN_FIELD)) or not is_text_field(focus)


class WedgeScanner(QObject):
    """Application-wide event filter that turns key bursts into scans (see the module).

    ``clock`` returns milliseconds (injectable so tests control key timing without sleeps);
    ``window`` is the counter's window and ``area`` says whether its current page takes
    scans (the report page does not). ``anywhere`` names codes that are scans in any field
    of that window (an e-invoice QR code is never typed), still never in a dialog.
    """

    def __init__(self, sink: ScanInput, settings: ScannerSettings | None = None,
                 clock: Callable[[], float] = monotonic_ms,
                 parent: QObject | None = None, *, window: QWidget | None = None,
                 area: Callable[[], bool] = lambda: True,
                 anywhere: Callable[[str], bool] = lambda code: False) -> None:
        super().__init__(parent)
        self.anywhere = anywhere
        self.sink = sink
        self.settings = settings or ScannerSettings()
        self.clock = clock
        self.window = window
        self.area = area
        self._chars: list[str] = []
        self._prefixed = False  # the current burst began with the prefix
        self._last_at = 0.0
        self._field: QLineEdit | None = None
        self._field_text = ""
        self._field_cursor = 0
        self._swallow_enter_until = -1.0  # an Enter right after a suffix ends nothing new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not self.settings.enabled:
            return False
        # An unaccepted key event is re-sent to each parent; count it once, at its target.
        target = QApplication.focusWidget() or QApplication.activeWindow()
        if watched is not target or not isinstance(event, QKeyEvent):
            return False
        if event.key() in MODIFIER_KEYS:
            return False  # Shift before a capital: the burst goes on
        return self._key(watched, event)

    def _key(self, target: QObject, event: QKeyEvent) -> bool:
        now = self.clock()
        gap, self._last_at = now - self._last_at, now
        text, s = event.text(), self.settings
        if s.prefix and text == s.prefix:
            self._start(target, prefixed=True)
            return True  # the prefix never reaches a field
        if event.key() in _ENTER:
            if now <= self._swallow_enter_until:
                self._swallow_enter_until = -1.0
                return True
            return self._end(gap, by_suffix=False)
        if s.suffix and text == s.suffix and self._chars:
            return self._end(gap, by_suffix=True)
        shortcut = bool(event.modifiers() & _SHORTCUT_MODIFIERS)
        if len(text) != 1 or not text.isprintable() or shortcut:
            self._start(None)
            return False
        if not self._prefixed and (not self._chars or gap > s.max_gap_ms):
            self._start(target)
        self._chars.append(text)
        return False

    def _is_scan(self, gap: float, by_suffix: bool) -> bool:
        s = self.settings
        if s.marked:
            return bool(self._chars) and (self._prefixed or not s.prefix) \
                and (by_suffix or not s.suffix)
        return len(self._chars) >= s.min_length and gap <= s.max_gap_ms

    def _end(self, gap: float, *, by_suffix: bool) -> bool:
        """A burst ended (Enter or the suffix): a scan goes to the sink when it was typed
        where scans belong; otherwise its characters stay in the field. Returns whether
        the terminating key is consumed."""
        is_scan = self._is_scan(gap, by_suffix)
        code = "".join(self._chars)
        field = self._field
        self._start(None)
        if not is_scan:
            return False
        if not takes_scans(QApplication.focusWidget(), self.window, self.area) and not (
                self.anywhere(code) and takes_scans(None, self.window, self.area)):
            return by_suffix  # the field keeps the code; Enter does what it does there
        if field is not None:
            self._restore(field)
        if by_suffix:
            self._swallow_enter_until = self._last_at + self.settings.max_gap_ms
        self.sink.submit(code, "wedge")
        return True

    def _start(self, target: QObject | None, *, prefixed: bool = False) -> None:
        """Begin a new candidate burst, remembering the field's text before it."""
        self._chars = []
        self._prefixed = prefixed
        self._field = target if isinstance(target, QLineEdit) else None
        if self._field is not None:
            self._field_text = self._field.text()
            self._field_cursor = self._field.cursorPosition()

    def _restore(self, field: QLineEdit) -> None:
        field.setText(self._field_text)
        field.setCursorPosition(self._field_cursor)
