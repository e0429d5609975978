"""NAPL of this store's customers at two dates, and the flows between them.

Definitions are :mod:`loyalty.napl`'s, applied to purchases (non-voided, non-rejected
``earn`` entries) at this store, by local purchase day. A member's status at instant ``X``
(the start of a local day) with window start ``W`` depends only on their first purchase
``f`` and their last purchase before ``X``, ``l``:

* no purchase before X → ``-``; f ≥ W → N; l ≥ W → A (f and l are then on two days);
* else the local days of f and l differ → P, else L.

Everything is read from ``purchase_summary`` (one row per store and member) and
``purchase_last_hours`` (members by the hour of their last purchase), both kept by triggers.
Members whose last purchase is before the period (``l < e0``) have the same ``l`` at both
dates, so their flows are counts: of the recent first-time buyers over an index range, of
everyone else from the hourly table. Those who bought since the period began have each
status decided in SQL, the purchase before a date looked up in the ledger only when the
summary's last two purchases do not tell it — except, when the report passes each buyer's
last purchase before the period (read from ``purchase_hours``, see
:mod:`loyalty.store.report.hours`), those whose last purchase is in the period: decided from it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, text

from loyalty.report.model import NAPL_ORDER, NONE_STATUS, Napl
from loyalty.report.periods import Period, day_start_utc, local_day_sql, napl_window_start_utc
from loyalty.store.report.hours import day_starts, raw

EARLIEST = date(2000, 1, 1)


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


def _status(first: str, last: str, window: str, day_of: Callable[[str], str]) -> str:
    """SQL for the status at an instant, from the first purchase and the last one before."""
    return (f"CASE WHEN {last} IS NULL THEN '{NONE_STATUS}' WHEN {first} >= {window} THEN 'N'"
            f" WHEN {last} >= {window} THEN 'A'"
            f" WHEN {day_of(first)} <> {day_of(last)} THEN 'P' ELSE 'L' END")


def _before(x: str) -> str:
    """SQL for the last purchase before ``x``: from the summary's last two purchases when
    they tell it, else looked up in the ledger (only then: CASE stops at the first match)."""
    return f"""CASE WHEN last_at < {x} THEN last_at WHEN prev_at IS NULL THEN NULL
        WHEN prev_at < {x} THEN prev_at ELSE (
            SELECT e.occurred_at FROM ledger e INDEXED BY ix_ledger_member_time
            WHERE e.member_id = ps.member_id AND e.occurred_at < {x}
              AND e.store_id = ps.store_id AND e.kind = 'earn' AND e.state <> 'rejected'
              AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.ref_entry_id = e.id
                                AND r.kind = 'reverse' AND r.state <> 'rejected')
            ORDER BY e.occurred_at DESC LIMIT 1) END"""


def _statuses_sql(b: Bounds, period: Period, where: str) -> str:
    """Per summary row matching ``where``: member, status at e0 (s0), status at e1 (s1)."""
    def day_of(column: str) -> str:
        return local_day_sql(column, b.tz, EARLIEST, period.end)

    return f"""
        WITH last_before AS MATERIALIZED (
            SELECT ps.member_id AS mid, ps.first_at AS f, {_before(':e0')} AS l0,
                   {_before(':e1')} AS l1
            FROM purchase_summary ps WHERE ps.store_id = :store AND {where})
        SELECT mid, {_status('f', 'l0', ':w0', day_of)} AS s0,
                    {_status('f', 'l1', ':w1', day_of)} AS s1
        FROM last_before"""


def _last_below(conn: Connection, b: Bounds, marks: dict[str, str]) -> dict[str, list[int]]:
    """Per instant in ``marks``: members whose last purchase here is before it, by span
    (``[span 0, span 1, span 2]``), from the hourly table plus the part of the instant's own
    hour before it (empty when local days start on the hour, as in Taipei and Hong Kong)."""
    cols = ", ".join(f"coalesce(sum(members) FILTER (WHERE hour < :h_{k}), 0)" for k in marks)
    hours = {f"h_{k}": v[:13] for k, v in marks.items()}
    out = {k: [0, 0, 0] for k in marks}
    for span, *counts in conn.execute(text(
            f"SELECT span, {cols} FROM purchase_last_hours WHERE store_id = :store"
            " AND hour < max(" + ", ".join(f":h_{k}" for k in marks) + ") GROUP BY span"),
            {"store": b.store, **hours}):
        for k, n in zip(marks, counts, strict=True):
            out[k][span] += int(n)
    for k, x in marks.items():
        if x[13:] == ":00:00.000000":
            continue
        for span, n in conn.execute(text(
                "SELECT span, count(*) FROM purchase_summary INDEXED BY ix_purchase_summary_last"
                " WHERE store_id = :store AND last_at >= :lo AND last_at < :x GROUP BY span"),
                {"store": b.store, "lo": x[:13] + ":00:00.000000", "x": x}):
            out[k][span] += int(n)
    return out


def _static_flows(conn: Connection, b: Bounds, period: Period) -> Counter[tuple[str, str]]:
    """Flows of the members whose last purchase here is before the period (see module).

    Those who first bought since ``w0`` are counted over their index range; everyone else
    by subtraction from the hourly counts of last purchases, which also split P from L
    (span 0: one purchase, L; span 1: days apart, P) except for the few whose purchases
    all fall within two days (span 2), whose local days are compared here.
    """
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
    w1e0 = min(b.w1, b.e0)
    below = _last_below(conn, b, {"w0": b.w0, "w1": w1e0, "e0": b.e0})
    ll_close, pp_close = conn.execute(text(f"""
        SELECT coalesce(sum({day_f} = {day_l}), 0), coalesce(sum({day_f} <> {day_l}), 0)
        FROM purchase_summary INDEXED BY ix_purchase_summary_close
        WHERE store_id = :store AND last_at < :w0 AND span = 2"""), p).one()
    aa = sum(below["e0"]) - sum(below["w1"]) - (nn + na)
    ap = sum(below["w1"]) - sum(below["w0"]) - (mid - na)
    return Counter({("N", "N"): nn, ("N", "A"): na, ("N", "L"): nl,
                    ("N", "P"): mid - na - nl, ("A", "A"): aa, ("A", "P"): ap,
                    ("P", "P"): below["w0"][1] + pp_close,
                    ("L", "L"): below["w0"][0] + ll_close})


def member_statuses(conn: Connection, store_id: str, period: Period, window_months: int,
                    ) -> dict[str, tuple[str, str]]:
    """Every customer's (previous, current) status — for segments."""
    b = Bounds.of(store_id, period, window_months)
    rows = conn.execute(text(_statuses_sql(b, period, "1")), b.params())
    return {r[0]: (r[1], r[2]) for r in rows}


def _bought_in_period(conn: Connection, b: Bounds, period: Period,
                      before: Mapping[str, str | None]) -> Counter[tuple[str, str]]:
    """Flows of the members whose last purchase here is in the period, given each one's last
    purchase before it (``before``, from ``purchase_hours``): no ledger look-up.

    In SQL: those who first bought since ``w0`` (new or not yet customers at ``e0``), and
    those whose purchase before the last (``prev_at``) is before the period — it is then
    their last purchase before it — and whose last one is in the window at ``e1`` (active
    then). Here, from ``before``: the others (several purchases in the period)."""
    def day_of(column: str) -> str:
        return local_day_sql(column, b.tz, EARLIEST, period.end)

    where = ("FROM purchase_summary INDEXED BY ix_purchase_summary_last"
             " WHERE store_id = :store AND last_at >= :e0 AND last_at < :e1")
    flows: Counter[tuple[str, str]] = Counter()
    for s0, s1, n in conn.execute(text(f"""
            SELECT CASE WHEN first_at >= :e0 THEN '{NONE_STATUS}' ELSE 'N' END,
                   {_status('first_at', 'last_at', ':w1', day_of)}, count(*)
            {where} AND first_at >= :w0 GROUP BY 1, 2"""), b.params()):
        flows[(s0, s1)] += int(n)
    n, aa, pa = conn.execute(text(f"""
        SELECT count(*), coalesce(sum(prev_at >= :w0), 0), coalesce(sum(
            CASE WHEN prev_at >= :w0 THEN 0 WHEN {day_of('first_at')} <> {day_of('prev_at')}
            THEN 1 ELSE 0 END), 0)
        {where} AND first_at < :w0 AND prev_at < :e0 AND last_at >= :w1"""), b.params()).one()
    flows.update({("A", "A"): int(aa), ("P", "A"): int(pa), ("L", "A"): int(n - aa - pa)})
    starts = day_starts(b.tz, period.end + timedelta(days=1))
    w0, w1 = b.w0, b.w1
    pairs = []
    for mid, f, last in raw(conn).execute(
            "SELECT member_id, first_at, last_at FROM purchase_summary"
            " INDEXED BY ix_purchase_summary_last WHERE store_id = ? AND last_at >= ?"
            " AND last_at < ? AND first_at < ? AND (prev_at >= ? OR last_at < ?)",
            (b.store, b.e0, b.e1, w0, b.e0, w1)):
        l0 = before[mid]
        assert l0 is not None  # they first bought before the period
        next_day = starts[bisect_right(starts, f)]  # f is the first purchase: f <= l0, last
        s0 = "A" if l0 >= w0 else "L" if l0 < next_day else "P"
        s1 = "A" if last >= w1 else "L" if last < next_day else "P"  # f < w0 <= w1: not new
        pairs.append((s0, s1))
    flows.update(pairs)
    return flows


def napl(conn: Connection, store_id: str, period: Period, window_months: int,
         before: Mapping[str, str | None] | None = None) -> Napl:
    """NAPL counts at the end of the previous period and of this one, with the flows.

    ``before``: every buyer of the period and their last purchase here before it (see
    :mod:`loyalty.store.report.hours`); without it, those are looked up in the ledger."""
    b = Bounds.of(store_id, period, window_months)
    flows = _static_flows(conn, b, period)
    since = ":e0"
    if before is not None:
        flows.update(_bought_in_period(conn, b, period, before))
        since = ":e1"
    recent = text(f"SELECT s0, s1, count(*) FROM ("
                  f"{_statuses_sql(b, period, f'ps.last_at >= {since}')}) GROUP BY s0, s1")
    for s0, s1, n in conn.execute(recent, b.params()):
        flows[(s0, s1)] += int(n)
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
