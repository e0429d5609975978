"""NAPL of this store's customers at two dates, and the flows between them, in SQL.

Definitions are :mod:`loyalty.napl`'s, applied to purchases (non-voided ``earn`` entries) at
this store, by local purchase day. Set-based: one ``GROUP BY member`` over the covering index
``ix_ledger_store_kind_member`` gives each member's first purchase and last purchase before
each date; statuses are decided in SQL with the identities

* first purchase on or after the window start → N;
* else a purchase on or after the window start → A (two different days, one inside);
* else more than one purchase day ⟺ the local days of first and last purchase differ → P;
* else L.

Voided sales and aliases are rare: the scan ignores them, then the few members concerned are
recounted exactly and their raw contribution swapped for the exact one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Connection, text

from loyalty.report.activity import ALIASED as _MEMBER
from loyalty.report.model import NAPL_ORDER, NONE_STATUS, Napl
from loyalty.report.periods import (
    Period,
    day_start_utc,
    local_day_sql,
    napl_window_start_utc,
)

EARLIEST = date(2000, 1, 1)


def _status(first: str, last: str, window: str, day_of: Callable[[str], str]) -> str:
    return (f"CASE WHEN {last} IS NULL THEN '{NONE_STATUS}' WHEN {first} >= {window} THEN 'N'"
            f" WHEN {last} >= {window} THEN 'A'"
            f" WHEN {day_of(first)} <> {day_of(last)} THEN 'P' ELSE 'L' END")


def _statuses_sql(period: Period, member: str, where: str) -> str:
    """Per member: (status at the previous period's end, status at this period's end)."""
    tz = period.tz

    def day_of(column: str) -> str:
        return local_day_sql(column, tz, EARLIEST, period.end)

    return f"""
        SELECT mid, {_status('f', 'l0', ':ws0', day_of)} AS s0,
                    {_status('f', 'l1', ':ws1', day_of)} AS s1
        FROM (SELECT {member} AS mid, min(l.occurred_at) AS f, max(l.occurred_at) AS l1,
                     max(l.occurred_at) FILTER (WHERE l.occurred_at < :e0) AS l0
              FROM ledger l
              WHERE l.store_id = :store AND l.kind = 'earn' AND l.occurred_at < :e1 {where}
              GROUP BY mid)"""


def _params(store_id: str, period: Period, window_months: int) -> dict[str, Any]:
    tz = period.tz
    prev_end = period.start
    return {"store": store_id, "e0": day_start_utc(prev_end, tz), "e1": period.utc_end,
            "ws0": napl_window_start_utc(period.previous().end, window_months, tz),
            "ws1": napl_window_start_utc(period.end, window_months, tz)}


def _special_ids(conn: Connection, store_id: str) -> list[str]:
    """Member ids whose raw scan is not exact: aliases (both sides) and members with a voided
    purchase here."""
    rows = conn.execute(text("""
        SELECT alias_id FROM aliases UNION SELECT canonical_id FROM aliases
        UNION SELECT e.member_id FROM ledger r JOIN ledger e ON e.id = r.ref_entry_id
        WHERE r.kind = 'reverse' AND e.kind = 'earn' AND e.store_id = :store"""),
        {"store": store_id})
    ids = {r[0] for r in rows}
    # Every id of a canonical member's group, so the exact recount sees all their entries.
    groups = conn.execute(text("SELECT alias_id, canonical_id FROM aliases"))
    for alias_id, canonical_id in groups:
        if alias_id in ids or canonical_id in ids:
            ids.update((alias_id, canonical_id))
    return sorted(ids)


def member_statuses(conn: Connection, store_id: str, period: Period, window_months: int,
                    ) -> dict[str, tuple[str, str]]:
    """Every customer's (previous, current) status — for segments; exact (aliases, voids)."""
    sql = _statuses_sql(period, _MEMBER, f"AND {_NOT_VOIDED}")
    rows = conn.execute(text(sql), _params(store_id, period, window_months))
    return {r[0]: (r[1], r[2]) for r in rows}


_NOT_VOIDED = "l.id NOT IN (SELECT ref_entry_id FROM ledger WHERE kind = 'reverse')"


def napl(conn: Connection, store_id: str, period: Period, window_months: int) -> Napl:
    """NAPL counts at the end of the previous period and of this one, with the flows."""
    params = _params(store_id, period, window_months)
    counted = text(f"SELECT s0, s1, count(*) FROM ({_statuses_sql(period, 'l.member_id', '')})"
                   " GROUP BY s0, s1")
    flows: Counter[tuple[str, str]] = Counter()
    for s0, s1, n in conn.execute(counted, params):
        flows[(s0, s1)] += int(n)
    special = _special_ids(conn, store_id)
    if special:
        marks = {f"x{i}": v for i, v in enumerate(special)}
        only = f"AND l.member_id IN ({', '.join(':' + k for k in marks)})"
        raw = text(f"SELECT s0, s1 FROM ({_statuses_sql(period, 'l.member_id', only)})")
        for s0, s1 in conn.execute(raw, params | marks):
            flows[(s0, s1)] -= 1
        exact_sql = _statuses_sql(period, _MEMBER, f"{only} AND {_NOT_VOIDED}")
        exact = text(f"SELECT s0, s1 FROM ({exact_sql})")
        for s0, s1 in conn.execute(exact, params | marks):
            flows[(s0, s1)] += 1
    current = dict.fromkeys(NAPL_ORDER, 0)
    previous = dict.fromkeys(NAPL_ORDER, 0)
    for (s0, s1), n in flows.items():
        if s1 in current:
            current[s1] += n
        if s0 in previous:
            previous[s0] += n
    clean = {k: v for k, v in flows.items() if v and k != (NONE_STATUS, NONE_STATUS)}
    return Napl(current, previous, clean)
