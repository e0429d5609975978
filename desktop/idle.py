"""Locking the counter after a time without input (setting ``lock.idle_minutes``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
             QEvent.Type.Wheel, QEvent.Type.InputMethod}


class IdleLock(QObject):
    """Application-wide event filter: any key, click or touch restarts the idle timer.

    Signals:
        idle_timeout(): nobody touched the counter for ``interval_ms``; lock it.
    """

    idle_timeout = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle_timeout)
        self.set_interval(interval_ms)

    def set_interval(self, interval_ms: int) -> None:
        """0 switches idle locking off."""
        self.interval_ms = max(0, interval_ms)

    def arm(self) -> None:
        if self.interval_ms > 0:
            self.timer.start(self.interval_ms)

    def disarm(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start(self.interval_ms)
        return False
