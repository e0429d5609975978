"""Fail a test that logs an unexpected WARNING or worse (qutebrowser's ``logfail`` habit).

A test expects such a message in one of two ways:

* ``with caplog.at_level(logging.WARNING, logger="x"):`` around the code: a record whose
  level is the level set on its logger (or an ancestor) was asked for, as in qutebrowser;
* ``@pytest.mark.expect_log_warnings("desktop.backups", ...)``: warnings from those loggers
  (and their children) are part of what the test shows; with no names, any logger;
* Qt's own messages that the app routes into :mod:`logging` (loggers ``qt``, ``qt.*``: see
  :mod:`desktop.qtlog`) are expected where the test's ``qt_log_ignore`` patterns match them,
  as pytest-qt would have ignored them.

Records are collected while the test runs, from every thread, and judged at its end, so a
warning logged on a worker thread fails the test too (raising inside a handler would only
end that thread).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence

MIN_LEVEL = logging.WARNING


def _asked_for(record: logging.LogRecord, root_level: int) -> bool:
    """The record's level is one a test set on its logger or an ancestor (the root counts
    only when its level is not the one it had when the test started: Python's default
    root level *is* WARNING)."""
    logger: logging.Logger | None = logging.getLogger(record.name)
    root = logging.getLogger()
    while logger is not None:
        if logger.level == record.levelno and (logger is not root or root.level != root_level):
            return True
        logger = logger.parent
    return False


class LogFailHandler(logging.Handler):
    """Keeps the WARNING-or-worse records nobody asked for."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.unexpected: list[logging.LogRecord] = []
        self._root_level = logging.getLogger().level
        self._lock_list = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < MIN_LEVEL or _asked_for(record, self._root_level):
            return
        with self._lock_list:
            self.unexpected.append(record)

    def judged(self, allowed: tuple[str, ...] | None,
               qt_ignored: Sequence[str] = ()) -> list[str]:
        """The unexpected records as lines, minus those of ``allowed`` loggers (None: all
        loggers allowed) and Qt's messages matching a ``qt_ignored`` pattern."""
        if allowed is None:
            return []
        lines = []
        for record in self.unexpected:
            if any(record.name == name or record.name.startswith(name + ".")
                   for name in allowed):
                continue
            if (record.name == "qt" or record.name.startswith("qt.")) and any(
                    re.search(pattern, record.getMessage()) for pattern in qt_ignored):
                continue
            lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")
        return lines
