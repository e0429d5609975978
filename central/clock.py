"""Time and hybrid-logical-clock helpers for central."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta

_counter = itertools.count()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PROFILE_CLOCK_TOLERANCE = timedelta(minutes=5)
"""How far ahead of central's time a profile clock may run and still be believed: more than
terminals' honest skew (flagged beyond 2 minutes); also the longest one till's clock can keep a
field from later edits."""


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def central_hlc(node: str = "central") -> str:
    """An HLC string for an edit central makes itself (head office, merges)."""
    return f"{time.time_ns() // 1_000_000:013d}-{next(_counter) % 10_000:04d}-{node}"


def clamp_hlc(hlc: str, received_at: datetime,
              tolerance: timedelta = PROFILE_CLOCK_TOLERANCE) -> tuple[str, bool]:
    """``hlc`` as central believes it, and whether it had to be clamped.

    A clock up to ``tolerance`` ahead of ``received_at`` stands. One further ahead is not
    believed at all and is clamped to ``received_at`` itself, not to the edge of the
    tolerance: otherwise every such edit (a till stamping the year 2286) would still hold the
    field against later corrections for the whole tolerance. A clamped clock keeps its
    counter and node, so edits clamped together keep their order.
    """
    ms, rest = hlc.split("-", 1)
    if int(ms) <= int((received_at + tolerance).timestamp() * 1000):
        return hlc, False
    return f"{int(received_at.timestamp() * 1000):013d}-{rest}", True


def hlc_time(hlc: str) -> datetime:
    """The wall-clock part of an HLC string as a UTC time."""
    return _EPOCH + timedelta(milliseconds=int(hlc.split("-", 1)[0]))


def wins(new: str, current: str | None) -> bool:
    """Last-writer-wins: does an edit stamped ``new`` replace one stamped ``current``?"""
    return current is None or new > current
