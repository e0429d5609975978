"""Logging for the counter app: rotating files (0600) that never hold PINs, tokens or phones.

The redaction itself is :mod:`loyalty.redact`, shared with central and the sync command line.
"""

from __future__ import annotations

import logging
from pathlib import Path

from loyalty.logfiles import add_log_file
from loyalty.redact import RedactingFilter, redact

__all__ = ["RedactingFilter", "redact", "setup_logging"]


def setup_logging(log_dir: Path, level: int = logging.INFO, name: str = "counter.log") -> Path:
    """Log to ``log_dir/name``, 5 files of 2 MB, redacted, mode 0600. Returns the file path."""
    path = log_dir / name
    add_log_file(path, level)
    return path
