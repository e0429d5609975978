"""Logging for the counter app: rotating files that never hold PINs, tokens or full phones."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

_PHONE = re.compile(r"(?<!\d)(\+?886|0)?(9\d{2})[- ]?(\d{3})[- ]?(\d{3})(?!\d)")
_HK_PHONE = re.compile(r"(?<!\d)(\+?852)?([4-9]\d{3})[- ]?(\d{2})(\d{2})(?!\d)")
_SECRET = re.compile(r"(?i)\b(pin|token|password|secret|authorization)(\W{1,3})(bearer\s+)?"
                     r"[^\s,;\"'}]+")


def redact(text: str) -> str:
    """Mask phone numbers (keep the last three digits) and the values of secret fields."""
    text = _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
    text = _PHONE.sub(lambda m: f"09**-***-{m.group(4)}", text)
    return _HK_PHONE.sub(lambda m: f"****-**{m.group(4)}", text)


class RedactingFilter(logging.Filter):
    """Rewrites every record's final message through :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Log to ``log_dir/regulars.log``, 5 files of 2 MB, redacted. Returns the file path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "regulars.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    return path
