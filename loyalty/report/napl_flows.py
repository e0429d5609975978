"""NAPL of this store's customers at two dates, and the flows between them.

Definitions are :mod:`loyalty.napl`'s, applied to purchases (non-voided, non-rejected
``earn`` entries) at this store, by local purchase day. A member's status at instant ``X``
(the start of a local day) with window start ``W`` depends only on their first purchase
``f`` and their last purchase before ``X``, ``l``:

* no purchase before X → ``-``; f ≥ W → N; l ≥ W → A (f and l are then on two days);
* else the local days of f and l differ → P, else L.

Everything is read from ``purchase_summary`` (one row per store and member, kept by
triggers). Members whose last purchase is before the period (``l < e0``) have the same
``l`` at both dates, so their flows are counted in SQL over three index ranges; the few
who bought since the period began have each status decided here, the purchase before a
date looked up in the ledger only when the summary's last two purchases do not tell it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, text

from loyalty.report.model import NAPL_ORDER, NONE_STATUS, Napl
from loyalty.report.periods import Period, day_start_utc, local_day_sql, napl_window_start_utc

EARLIEST = date(2000, 1, 1)
_SEEK = """
    SELECT j.value, (SELECT e.occurred_at FROM ledger e
                     WHERE e.member_id = j.value AND e.occurred_at < :x
                       AND e.store_id = :store AND e.kind = 'earn' AND e.state <> 'rejected'
                       AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.ref_entry_id = e.id
                                         AND r.kind = 'reverse' AND r.state <> 'rejected')
                     ORDER BY e.occurred_at DESC LIMIT 1)
    FROM json_each(:ids) j"""


@dataclass(frozen=True, slots=True)
class Bounds:
    """UTC text instants: ``e0``/``e1`` the ends of the previous and this period, ``w0``/``w1``
    the NAPL window starts at those ends."""

    store: str
    e0: str
    e1: str
    w0: str
    w1: str
    tz: ZoneInfo

    @classmethod
    def of(cls, store_id: str, period: Period, window_months: int) -> Bounds:
        tz = period.tz
        return cls(store_id, day_start_utc(period.start, tz), period.utc_end,
                   napl_window_start_utc(period.previous().end, window_months, tz),
                   napl_window_start_utc(period.end, window_months, tz), tz)

    def params(self) -> dict[str, str]:
        return {"store": self.store, "e0": self.e0, "e1": self.e1, "w0": self.w0,
                "w1": self.w1}


def _local_day(moment: str, tz: ZoneInfo) -> date:
    return datetime.fromisoformat(moment).replace(tzinfo=UTC).astimezone(tz).date()


def status(first: str, last: str | None, window: str, tz: ZoneInfo) -> str:
    """NAPL at an instant, from the first purchase and the last one before that instant."""
    if last is None:
        return NONE_STATUS
    if first >= window:
        return "N"
    if last >= window:
        return "A"
    return "P" if _local_day(first, tz) != _local_day(last, tz) else "L"


def _static_flows(conn: Connection, b: Bounds, period: Period) -> Counter[tuple[str, str]]:
    """Flows of the members whose last purchase here is before the period (see module)."""
    day_f = local_day_sql("first_at", b.tz, EARLIEST, period.end)
    day_l = local_day_sql("last_at", b.tz, EARLIEST, period.end)
    single = f"(span = 0 OR (span = 2 AND {day_f} = {day_l}))"
    p = b.params()
    nn, na, nl, mid = conn.execute(text(f"""
        SELECT coalesce(sum(first_at >= :w1), 0),
               coalesce(sum(first_at < :w1 AND last_at >= :w1), 0),
               coalesce(sum(first_at < :w1 AND {single}), 0),
               coalesce(sum(first_at < :w1), 0)
        FROM purchase_summary INDEXED BY ix_purchase_summary_first
        WHERE store_id = :store AND first_at >= :w0 AND last_at < :e0"""), p).one()
    aa, ap = conn.execute(text("""
        SELECT coalesce(sum(last_at >= :w1), 0), coalesce(sum(last_at < :w1), 0)
        FROM purchase_summary INDEXED BY ix_purchase_summary_last
        WHERE store_id = :store AND last_at >= :w0 AND last_at < :e0 AND first_at < :w0"""),
        p).one()
    ll, pp = conn.execute(text(f"""
        SELECT coalesce(sum({single}), 0), coalesce(sum(NOT {single}), 0)
        FROM purchase_summary INDEXED BY ix_purchase_summary_last
        WHERE store_id = :store AND last_at < :w0"""), p).one()
    return Counter({("N", "N"): nn, ("N", "A"): na, ("N", "L"): nl,
                    ("N", "P"): mid - na - nl, ("A", "A"): aa, ("A", "P"): ap,
                    ("P", "P"): pp, ("L", "L"): ll})


def _seek(conn: Connection, store: str, ids: list[str], before: str) -> dict[str, str | None]:
    """Each member's last purchase here before ``before``, from the ledger."""
    if not ids:
        return {}
    rows = conn.execute(text(_SEEK), {"ids": json.dumps(ids), "x": before, "store": store})
    return {r[0]: r[1] for r in rows}


def _before(x: str, last: str, prev: str | None) -> str | bool | None:
    """The last purchase before ``x`` from the last two, or True: look it up."""
    if last < x:
        return last
    if prev is None:
        return None
    return prev if prev < x else True


def statuses(conn: Connection, b: Bounds, rows: Iterable[Any]) -> dict[str, tuple[str, str]]:
    """(status at e0, status at e1) for summary rows ``(member_id, first, last, prev)``."""
    rows = list(rows)
    at: dict[str, list[str | None]] = {}
    seek: tuple[list[str], list[str]] = ([], [])
    for member_id, _, last, prev in rows:
        pair = [_before(b.e0, last, prev), _before(b.e1, last, prev)]
        for i in (0, 1):
            if pair[i] is True:
                seek[i].append(member_id)
        at[member_id] = pair  # type: ignore[assignment]
    for i, x in ((0, b.e0), (1, b.e1)):
        for member_id, found in _seek(conn, b.store, seek[i], x).items():
            at[member_id][i] = found
    return {member_id: (status(first, at[member_id][0], b.w0, b.tz),
                        status(first, at[member_id][1], b.w1, b.tz))
            for member_id, first, _, _ in rows}


_RECENT = text("""
    SELECT member_id, first_at, last_at, prev_at
    FROM purchase_summary INDEXED BY ix_purchase_summary_last
    WHERE store_id = :store AND last_at >= :e0""")


def member_statuses(conn: Connection, store_id: str, period: Period, window_months: int,
                    ) -> dict[str, tuple[str, str]]:
    """Every customer's (previous, current) status — for segments."""
    b = Bounds.of(store_id, period, window_months)
    rows = conn.execute(text("SELECT member_id, first_at, last_at, prev_at FROM"
                             " purchase_summary WHERE store_id = :store"), b.params())
    return statuses(conn, b, rows)


def napl(conn: Connection, store_id: str, period: Period, window_months: int) -> Napl:
    """NAPL counts at the end of the previous period and of this one, with the flows."""
    b = Bounds.of(store_id, period, window_months)
    flows = _static_flows(conn, b, period)
    recent = statuses(conn, b, conn.execute(_RECENT, b.params()))
    flows.update(recent.values())
    current = dict.fromkeys(NAPL_ORDER, 0)
    previous = dict.fromkeys(NAPL_ORDER, 0)
    for (s0, s1), n in flows.items():
        if s1 in current:
            current[s1] += n
        if s0 in previous:
            previous[s0] += n
    clean = {k: int(v) for k, v in flows.items()
             if v and k != (NONE_STATUS, NONE_STATUS)}
    return Napl(current, previous, clean)
