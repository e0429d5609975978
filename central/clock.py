"""Time and hybrid-logical-clock helpers for central."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta

_counter = itertools.count()
HLC_TIE_PREFIX = 18  # "<unix_ms:013d>-<counter:04d>": the part that orders edits in time
PROFILE_CLOCK_TOLERANCE = timedelta(minutes=5)
"""How far ahead of central's time a profile clock may run before it is clamped: more than
terminals' honest skew (flagged beyond 2 minutes), and the longest one till's future clock can
keep a field from later edits."""


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def central_hlc(node: str = "central") -> str:
    """An HLC string for an edit central makes itself (head office, merges)."""
    return f"{time.time_ns() // 1_000_000:013d}-{next(_counter) % 10_000:04d}-{node}"


def clamp_hlc(hlc: str, received_at: datetime,
              tolerance: timedelta = PROFILE_CLOCK_TOLERANCE) -> tuple[str, bool]:
    """``hlc`` no later than ``received_at + tolerance``; and whether it had to be clamped.

    A clamped clock keeps its counter and node, so two clamped edits still order (and tie
    the same way) as their sender stamped them.
    """
    ms, rest = hlc.split("-", 1)
    limit = int((received_at + tolerance).timestamp() * 1000)
    if int(ms) <= limit:
        return hlc, False
    return f"{limit:013d}-{rest}", True


def hlc_time(hlc: str) -> datetime:
    """The wall-clock part of an HLC string as a UTC time."""
    return datetime.fromtimestamp(int(hlc.split("-", 1)[0]) / 1000, UTC)


def wins(new: str, current: str | None) -> bool:
    """Last-writer-wins: does an edit stamped ``new`` replace one stamped ``current``?"""
    return current is None or new > current
