"""Each store's time zone (a store's report days are its own), and the online channels'."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Date, case, cast, func, literal, select
from sqlalchemy.orm import Session

from central.models import Store
from loyalty.dates import local_day_bounds

CHANNELS = {"online": "Asia/Taipei", "central": "Asia/Taipei"}


def store_zones(session: Session) -> dict[str, ZoneInfo]:
    """Each store's time zone, and the online channels' (the chain's days)."""
    names = {s.id: s.timezone for s in session.scalars(select(Store))} | CHANNELS
    return {k: zone(v) for k, v in names.items()}


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # stored before zones were validated
        return ZoneInfo("UTC")


def local_day(column: Any, tz: ZoneInfo, first: date, last: date, dialect: str) -> Any:
    """The local day (a ``date``; on SQLite an ISO string) of ``column`` in ``tz``, for
    times within ``first``–``last``: PostgreSQL converts; elsewhere a CASE over the days'
    UTC bounds (exact across daylight saving changes)."""
    if dialect == "postgresql":
        return cast(func.timezone(tz.key, column), Date)
    whens = []
    day = first
    while day <= last:
        whens.append((column < local_day_bounds(day, tz)[1], literal(day.isoformat())))
        day += timedelta(days=1)
    return case(*whens, else_=literal(None))


def day_value(value: Any) -> date:
    """A :func:`local_day` value as a ``date``."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
