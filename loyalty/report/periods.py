"""Report periods: local calendar days in the store's zone, their UTC bounds, and SQL that
turns a stored UTC time into the store's local day.

Times are stored as UTC ISO text (``2026-11-23T08:15:00.123456``), so UTC bounds compare as
strings and range scans use the time indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from loyalty.dates import local_day_bounds
from loyalty.napl import window_start


def iso(moment: datetime) -> str:
    """A UTC moment as the store writes it (sortable text)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class Period:
    """Local days ``start``..``end`` inclusive, in one time zone."""

    start: date
    end: date
    tz_name: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its first day")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def day_list(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    @property
    def utc_start(self) -> str:
        return iso(local_day_bounds(self.start, self.tz)[0])

    @property
    def utc_end(self) -> str:
        """Exclusive: the first instant of the day after ``end``."""
        return iso(local_day_bounds(self.end, self.tz)[1])

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end, self.tz_name)


def day_start_utc(day: date, tz: ZoneInfo) -> str:
    return iso(local_day_bounds(day, tz)[0])


def napl_window_start_utc(as_of: date, months: int, tz: ZoneInfo) -> str:
    """UTC start of the first local day inside the NAPL window ending on ``as_of``."""
    return day_start_utc(window_start(as_of, months), tz)


def _offset_s(moment: datetime, tz: ZoneInfo) -> int:
    offset = moment.astimezone(tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def local_day_sql(column: str, tz: ZoneInfo, since: date, until: date) -> str:
    """SQL giving the local ``YYYY-MM-DD`` of UTC text ``column`` for times in
    ``[since, until]``. A fixed offset (Taipei, Hong Kong) is one ``date()`` call; a zone
    with transitions in that span gets a ``CASE`` over them (found to the microsecond)."""
    *segments, (_, current) = _segments(tz, since, until)
    if not segments:
        return f"date({column}, '{current:+d} seconds')"
    parts = [f"WHEN {column} < '{bound}' THEN date({column}, '{offset:+d} seconds')"
             for bound, offset in segments]
    return f"(CASE {' '.join(parts)} ELSE date({column}, '{current:+d} seconds') END)"


@lru_cache(maxsize=64)
def _segments(tz: ZoneInfo, since: date, until: date) -> tuple[tuple[str, int], ...]:
    """``(utc start of the next segment, offset)`` per offset change, then ``("", last)``.
    Weekly steps: zones change offset at most a few times a year, never twice a week."""
    moment = datetime(since.year, since.month, since.day, tzinfo=UTC) - timedelta(days=1)
    last = datetime(until.year, until.month, until.day, tzinfo=UTC) + timedelta(days=2)
    segments: list[tuple[str, int]] = []  # (utc start of segment, offset)
    current = _offset_s(moment, tz)
    step = timedelta(days=7)
    while moment < last:
        nxt = moment + step
        if _offset_s(nxt, tz) != current:
            lo, hi = moment, nxt
            while hi - lo > timedelta(microseconds=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (mid, hi) if _offset_s(mid, tz) == current else (lo, mid)
            segments.append((iso(hi), current))
            current = _offset_s(hi, tz)
        moment = nxt
    return (*segments, ("", current))
