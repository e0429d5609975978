"""Log files readable by their owner only, with every line redacted.

A log line may still say which member a till served (the last digits of a phone, an id), so
a log file is personal data too: it is created with mode 0600 and an existing file from an
earlier version is narrowed to 0600 when opened. Rotated files keep the mode (they are
renamed, not copied).

On Windows the mode bits mean nothing beyond read-only; the equivalent is the data folder's
ACL (``%PROGRAMDATA%\\Regulars`` readable by the service account and administrators only —
the installer's job, see ``docs/central-tls.md``). Central logs to standard error, kept by
the service manager's journal, whose access the operating system controls.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import sys
from pathlib import Path

from loyalty.redact import FORMAT, RedactingFormatter

FILE_MODE = 0o600


def open_private(path: Path) -> io.BufferedWriter:
    """``path`` opened for appending bytes, created (or narrowed to) mode 0600 — for a child
    process's output, which is a log like any other."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    if sys.platform != "win32":
        os.fchmod(fd, FILE_MODE)
    return open(fd, "ab")


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose files are created (or narrowed to) mode 0600."""

    def _open(self) -> io.TextIOWrapper:
        # always appended (RotatingFileHandler opens its files "a"); a file left by an
        # earlier version may be 0644 and is narrowed
        raw = open_private(Path(self.baseFilename))
        return io.TextIOWrapper(raw, encoding=self.encoding, errors=self.errors)


def add_log_file(path: Path, level: int = logging.INFO, *, max_bytes: int = 2_000_000,
                 backups: int = 5) -> logging.Handler:
    """Send the root logger to ``path`` (0600, rotated, redacted); returns the handler.

    Calling it again for the same file adds nothing.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "baseFilename", None) == os.path.abspath(path):
            return handler
    handler = PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups,
                                         encoding="utf-8")
    handler.setFormatter(RedactingFormatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def log_to_stderr(level: int = logging.INFO) -> None:
    """Root logging to standard error, redacted (command-line tools, central)."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
