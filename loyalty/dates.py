"""Calendar helpers: month arithmetic, and UTC storage with local display."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (what we store)."""
    return datetime.now(UTC)


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def end_of_month(day: date, months_after: int = 0) -> date:
    """The last day of the month ``months_after`` months after ``day``'s month."""
    first = add_months(day.replace(day=1), months_after)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar date of a UTC moment in the store's time zone."""
    return moment.astimezone(tz).date()


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` of a local calendar day (a sale at 23:59 local is that day)."""
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def ensure_utc(moment: datetime) -> datetime:
    """Reject naive datetimes (a classic source of 8-hour errors) and convert to UTC."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: times must carry a time zone")
    return moment.astimezone(UTC)
