"""Qt's own messages go to the app's log file, not to the terminal that started it.

Qt Multimedia announces on every start which optional libraries it did not find (PipeWire,
VA-API) and which FFmpeg it uses: harmless on a counter, alarming in a visitor's terminal.
The app routes every Qt message through :mod:`logging` (its rotating file); those known
start-up notes are kept at INFO there. A handler installed before (pytest-qt's, which fails
a test on any real Qt warning) still gets every message, so tests that run the app's
``main`` see what they saw before; ``main`` puts it back when the app ends.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

Handler = Callable[[QtMsgType, QMessageLogContext, str], Any] | None

# Optional libraries Qt Multimedia looks for and does without (see tests/helpers/qt_media.py).
_NOISE = re.compile(r"Couldn't (load|resolve) .* (library|symbols)|^Using Qt multimedia with")
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def level_of(kind: QtMsgType, category: str, message: str) -> int:
    """The logging level a Qt message is kept at (known multimedia noise: INFO at most)."""
    level = _LEVELS.get(kind, logging.WARNING)
    if category.startswith("qt.multimedia") and _NOISE.search(message):
        return min(level, logging.INFO)
    return level


class _Route:
    """The installed handler: to :mod:`logging`, then to the handler it replaced if any."""

    def __init__(self, previous: Handler) -> None:
        self.previous = previous

    def __call__(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        category = context.category or "default"
        name = "qt" if category == "default" else f"qt.{category.removeprefix('qt.')}"
        logging.getLogger(name).log(level_of(kind, category, message), "%s", message)
        if self.previous is not None:
            self.previous(kind, context, message)


def route_qt_messages() -> Handler:
    """Send Qt's messages to :mod:`logging` from now on (and on to a handler installed
    before, if any); returns that handler, for :func:`restore`."""
    route = _Route(None)
    route.previous = qInstallMessageHandler(route)
    return route.previous


def restore(previous: Handler) -> None:
    """Put back the handler :func:`route_qt_messages` replaced."""
    qInstallMessageHandler(previous)
