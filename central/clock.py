"""Time and hybrid-logical-clock helpers for central."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime

_counter = itertools.count()
HLC_TIE_PREFIX = 18  # "<unix_ms:013d>-<counter:04d>": the part that orders edits in time


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def central_hlc(node: str = "central") -> str:
    """An HLC string for an edit central makes itself (head office, merges)."""
    return f"{time.time_ns() // 1_000_000:013d}-{next(_counter) % 10_000:04d}-{node}"


def wins(new: str, current: str | None) -> bool:
    """Last-writer-wins: does an edit stamped ``new`` replace one stamped ``current``?"""
    return current is None or new > current


def consent_wins(new_hlc: str, new_value: bool | None, current: str | None) -> bool:
    """Consent keeps the most recent explicit choice; an opt-out wins a tie in time."""
    if new_value is None:
        return False
    if current is None:
        return True
    new_t, cur_t = new_hlc[:HLC_TIE_PREFIX], current[:HLC_TIE_PREFIX]
    if new_t == cur_t:
        return new_value is False
    return new_t > cur_t
