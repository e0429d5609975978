"""A period's figures from the hourly summaries (migration 0005) instead of the ledger.

``purchase_hours`` holds, per store, UTC hour and member, that hour's purchases and the
member's last purchase here before the hour (``prev_at``). With local days that start on
the hour (:meth:`HourMap.of`), each hour belongs to one local day, and:

* a row is a visit (the member's first purchase that local day) when ``prev_at`` is before
  its day's start, so a day's buyers are its visit rows;
* a period's buyers are its rows whose ``prev_at`` is before the period — one per member,
  and that ``prev_at`` is the member's last purchase before the period (what NAPL needs).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, text

from loyalty.report.periods import Period, day_start_utc
from loyalty.store import cipher
from loyalty.store.report.activity import Buyers

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class HourMap:
    """The UTC hours of a period and the local day each falls in."""

    period: Period
    bounds: tuple[tuple[str, str, str], ...]  # per day: ISO day, UTC start, UTC end
    day_of: dict[str, tuple[str, str]]  # hour -> (local day ISO, UTC start of that day)

    @classmethod
    def of(cls, period: Period) -> HourMap | None:
        """``None`` when a day of the period does not start on a UTC hour (a zone offset
        of minutes, as in India or Nepal): then hours do not tell local days apart."""
        tz = period.tz
        starts = [day_start_utc(d, tz) for d in (*period.day_list(),
                                                  period.end + timedelta(days=1))]
        if any(s[13:] != ":00:00.000000" for s in starts):
            return None
        bounds = tuple((d.isoformat(), lo, hi)
                       for d, lo, hi in zip(period.day_list(), starts, starts[1:], strict=False))
        day_of: dict[str, tuple[str, str]] = {}
        for d, lo, hi in bounds:
            moment = datetime.fromisoformat(lo)
            while (h := moment.isoformat()[:13]) < hi[:13]:
                day_of[h] = (d, lo)
                moment += HOUR
        return cls(period, bounds, day_of)

    def params(self, store_id: str) -> dict[str, str]:
        p = self.period
        return {"store": store_id, "h0": p.utc_start[:13], "h1": p.utc_end[:13],
                "start": p.utc_start}


@dataclass(frozen=True, slots=True)
class Scan:
    """A period's buyers and days from ``purchase_hours``."""

    buyers: Buyers
    days: dict[str, list[int]]  # day ISO -> [buyers, cents, points earned]
    before: dict[str, str | None]  # buyer -> last purchase here before the period


def raw(conn: Connection) -> sqlite3.Connection:
    """The driver's connection: 200,000 rows through plain tuples, not result rows."""
    return cipher.driver_connection(conn.connection.driver_connection)


def scan(conn: Connection, store_id: str, hours: HourMap) -> Scan:
    """Each buyer's visits, sales and last day, and their last purchase before the period
    (from their first row in it, rows coming in hour order); each day's buyers, sales and
    points earned (in SQL)."""
    p = hours.period
    recency = {h: (p.end - date.fromisoformat(d)).days for h, (d, _) in hours.day_of.items()}
    index: dict[str, int] = {}
    ids: list[str] = []
    cents: list[int] = []
    last: list[int] = []
    visits: list[int] = []
    before: dict[str, str | None] = {}
    current = start = ""
    days_ago = 0
    for mid, hour, c, prev in raw(conn).execute(
            "SELECT member_id, hour, sale_cents, prev_at FROM purchase_hours"
            " WHERE store_id = ? AND hour >= ? AND hour < ?",
            (store_id, p.utc_start[:13], p.utc_end[:13])):
        if hour != current:
            current, start, days_ago = hour, hours.day_of[hour][1], recency[hour]
        i = index.get(mid)
        if i is None:  # the member's first row in the period
            index[mid] = len(ids)
            ids.append(mid)
            cents.append(c)
            last.append(days_ago)
            visits.append(1)
            before[mid] = prev
        else:
            visits[i] += prev < start
            cents[i] += c
            last[i] = days_ago
    return Scan(Buyers(ids, visits, cents, last), _days(conn, store_id, hours), before)


def _days(conn: Connection, store_id: str, hours: HourMap) -> dict[str, list[int]]:
    """Per local day: buyers (rows that are the member's first that day), sales, points."""
    db = raw(conn)
    out: dict[str, list[int]] = {}
    for d, lo, hi in hours.bounds:
        buyers, cents, points = db.execute(
            "SELECT count(*) FILTER (WHERE prev_at IS NULL OR prev_at < ?),"
            " coalesce(sum(sale_cents), 0), coalesce(sum(points), 0) FROM purchase_hours"
            " WHERE store_id = ? AND hour >= ? AND hour < ?",
            (lo, store_id, lo[:13], hi[:13])).fetchone()
        if buyers:
            out[d] = [int(buyers), int(cents), int(points)]
    return out


def period_totals(conn: Connection, store_id: str, hours: HourMap) -> tuple[int, int, int, int]:
    """Buyers, visits, sales (cents) and points earned in a period, counted in SQL."""
    days = json.dumps([[lo[:13], hi[:13], lo] for _, lo, hi in hours.bounds])
    row = conn.execute(text("""
        WITH d(h0, h1, lo) AS MATERIALIZED (
            SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
                   json_extract(value, '$[2]') FROM json_each(:days))
        SELECT count(*) FILTER (WHERE p.prev_at IS NULL OR p.prev_at < :start),
               count(*) FILTER (WHERE p.prev_at IS NULL OR p.prev_at < d.lo),
               coalesce(sum(p.sale_cents), 0), coalesce(sum(p.points), 0)
        FROM d JOIN purchase_hours p ON p.store_id = :store AND p.hour >= d.h0
          AND p.hour < d.h1"""), hours.params(store_id) | {"days": days}).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def other_points(conn: Connection, store_id: str, hours: HourMap) -> dict[str, list[int]]:
    """Per local day: points issued by bonus/adjust entries, and points redeemed."""
    out: dict[str, list[int]] = {}
    for hour, issued, redeemed in conn.execute(text(
            "SELECT hour, issued, redeemed FROM points_hours"
            " WHERE store_id = :store AND hour >= :h0 AND hour < :h1"),
            hours.params(store_id)):
        totals = out.setdefault(hours.day_of[hour][0], [0, 0])
        totals[0] += int(issued)
        totals[1] += int(redeemed)
    return out


def expired(conn: Connection, store_id: str, hours: HourMap) -> int:
    """Points expired in the period from members who joined here."""
    return int(conn.execute(text(
        "SELECT coalesce(sum(points), 0) FROM expired_hours"
        " WHERE origin = :store AND hour >= :h0 AND hour < :h1"),
        hours.params(store_id)).scalar_one())


@lru_cache(maxsize=8)
def day_starts(tz: ZoneInfo, until: date) -> tuple[str, ...]:
    """UTC starts of the local days from 2000-01-01 to ``until`` (UTC text, sorted): the
    local day of a time is where it falls among them."""
    first = date(2000, 1, 1)
    return tuple(day_start_utc(first + timedelta(days=i), tz)
                 for i in range((until - first).days + 1))
