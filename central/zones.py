"""Each store's time zone (a store's report days are its own), and the online channels'."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Store

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
