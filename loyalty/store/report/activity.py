"""Figures for what happened at one store in a period, straight from the ledger (set-based).

Conventions, the same in every query here:

* a period is local days; rows are selected by their UTC bounds (``Period.utc_start/end``);
* a *voided* entry (one a ``reverse`` entry names) and its reversal count as never written,
  and so does an entry central rejected;
* entries written against an alias count for the canonical member.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Connection, text

from loyalty.issued import ISSUING_SQL
from loyalty.money import Currency, Money
from loyalty.napl import RfmScore, rfm_segment
from loyalty.phone import mask_phone
from loyalty.report.model import Activity, DayPoint, TopMember, share
from loyalty.report.periods import Period, local_day_sql

ALIASED = "coalesce((SELECT canonical_id FROM aliases WHERE alias_id = l.member_id), l.member_id)"
TOP_ROWS = 10
# Period scans read the covering index alone; the few entries they must leave out are
# listed once per report (``skipped``) from a small partial index.
SCAN = """FROM ledger l INDEXED BY ix_ledger_period
    WHERE l.occurred_at >= :start AND l.occurred_at < :end AND l.store_id = :store"""
SKIP = " AND l.rowid NOT IN (SELECT value FROM json_each(:skip))"


def money(cents: int | None, currency: Currency) -> Money:
    """Integer cents from SQL sums as exact money."""
    return Money(Decimal(int(cents or 0)) / 100, currency)


def _rows(conn: Connection, sql: str, params: dict[str, Any]) -> list[Any]:
    return list(conn.execute(text(sql), params))


def member_sql(conn: Connection) -> str:
    """The canonical member of entry ``l``. Merges move an alias's entries to its canonical
    member, so the alias lookup is needed only if some entry still names an alias."""
    has = conn.execute(text(
        "SELECT EXISTS (SELECT 1 FROM aliases a WHERE EXISTS ("
        " SELECT 1 FROM ledger l WHERE l.member_id = a.alias_id))")).scalar_one()
    return ALIASED if has else "l.member_id"


def skipped(conn: Connection, start: str, end: str) -> str:
    """Row ids of the entries in ``[start, end)`` that count as never written: rejected by
    central, or undone by a void, as a JSON list. A void may be dated before what it undoes
    (another till's entry stamped by a clock running ahead), so every void is looked at:
    they are few, and ``ix_ledger_exceptions`` holds only them and the rejected."""
    rows = conn.execute(text("""
        SELECT l.rowid FROM ledger l INDEXED BY ix_ledger_exceptions
        WHERE (l.kind = 'reverse' OR l.state = 'rejected') AND l.state = 'rejected'
          AND l.occurred_at >= :start AND l.occurred_at < :end
        UNION
        SELECT e.rowid FROM ledger r INDEXED BY ix_ledger_exceptions
        JOIN ledger e ON e.id = r.ref_entry_id
        WHERE (r.kind = 'reverse' OR r.state = 'rejected') AND r.kind = 'reverse'
          AND r.state <> 'rejected'
          AND e.occurred_at >= :start AND e.occurred_at < :end"""),
        {"start": start, "end": end})
    return json.dumps([r[0] for r in rows])


@dataclass(frozen=True, slots=True)
class Scope:
    """What every period scan of one report shares."""

    store_id: str
    member: str  # SQL naming the canonical member of entry ``l``
    skip: str  # JSON row ids to leave out (see :func:`skipped`)

    @classmethod
    def of(cls, conn: Connection, store_id: str, period: Period) -> Scope:
        return cls(store_id, member_sql(conn),
                   skipped(conn, period.previous().utc_start, period.utc_end))

    @property
    def scan(self) -> str:
        """``FROM … WHERE`` of a period scan (the skip test only when there is a skip)."""
        return SCAN + (SKIP if self.skip != "[]" else "")

    def params(self, period: Period) -> dict[str, Any]:
        return {"store": self.store_id, "start": period.utc_start, "end": period.utc_end,
                "skip": self.skip}


def _params(store_id: str, period: Period) -> dict[str, Any]:
    return {"store": store_id, "start": period.utc_start, "end": period.utc_end}


@dataclass(frozen=True, slots=True)
class Buyers:
    """The period's buyers as columns (a month has 200,000 of them): member, visits (purchase
    days), sales in cents, and days from their last purchase day to the period's last day."""

    ids: list[str]
    visits: list[int]
    cents: list[int]
    recency: list[int]
    _sorted: list[list[int]] = field(default_factory=list, compare=False, repr=False)

    def sorted_cents(self) -> list[int]:
        """The sales, smallest first (sorted once, for the quintiles and the 80/20)."""
        if not self._sorted:
            self._sorted.append(sorted(self.cents))
        return self._sorted[0]

    @classmethod
    def of(cls, rows: list[BuyerRow]) -> Buyers:
        return cls([r.member_id for r in rows], [r.visits for r in rows],
                   [r.cents for r in rows], [r.recency_days for r in rows])

    def __len__(self) -> int:
        return len(self.ids)


DayRow = tuple[str, int, int, int, int]  # local day, buyers, sales (cents), issued, redeemed


class BuyerRow(NamedTuple):
    """One member's purchases here in the period (a tuple: a month has 200,000 of them)."""

    member_id: str
    visits: int
    cents: int
    recency_days: int  # from their last purchase day to the period's last day


def period_rows(conn: Connection, scope: Scope, period: Period
                ) -> tuple[Buyers, list[DayRow]]:
    """One pass over the period's purchases, grouped by member and local day, gives both
    the buyers (visits = purchase days, sales, recency) and the days (buyers, sales, points
    issued); a lighter pass adds the other kinds' points to the days."""
    day = local_day_sql("l.occurred_at", period.tz, period.start, period.end)
    params = scope.params(period)
    members: dict[str, list[Any]] = {}
    days: dict[str, list[int]] = {}
    for mid, d, cents, points in conn.execute(text(f"""
            SELECT {scope.member} AS mid, {day} AS d, coalesce(sum(l.sale_cents), 0),
                   coalesce(sum(l.points) FILTER (WHERE l.points > 0), 0)
            {scope.scan} AND l.kind = 'earn' GROUP BY mid, d"""), params):
        seen = members.get(mid)
        if seen is None:
            members[mid] = [1, cents, d]
        else:
            seen[0] += 1
            seen[1] += cents
            seen[2] = max(seen[2], d)
        totals = days.setdefault(d, [0, 0, 0, 0])
        totals[0] += 1
        totals[1] += cents
        totals[2] += points
    for d, issued, redeemed in conn.execute(text(f"""
            SELECT {day} AS d,
                   coalesce(sum(l.points) FILTER (WHERE l.kind <> 'redeem' AND l.points > 0), 0),
                   coalesce(-sum(l.points) FILTER (WHERE l.kind = 'redeem'), 0)
            {scope.scan} AND l.kind IN ('bonus', 'adjust', 'redeem') GROUP BY d"""), params):
        totals = days.setdefault(d, [0, 0, 0, 0])
        totals[2] += issued
        totals[3] += redeemed
    end = period.end
    buyers = Buyers.of([BuyerRow(mid, v, int(c), (end - date.fromisoformat(last)).days)
                        for mid, (v, c, last) in members.items()])
    return buyers, [(d, t[0], t[1], t[2], t[3]) for d, t in sorted(days.items())]


def _members(conn: Connection, store_id: str, period: Period, currency: Currency
             ) -> tuple[int, int, Money]:
    """New members here, online sign-ups who bought here, and the "no member" sales."""
    p = _params(store_id, period)
    new_here = conn.execute(text(
        "SELECT count(*) FROM members WHERE origin = :store AND created_at >= :start"
        " AND created_at < :end AND status <> 'erased'"), p).scalar_one()
    new_online = conn.execute(text("""
        SELECT count(*) FROM members m WHERE m.origin = 'online' AND m.created_at >= :start
          AND m.created_at < :end AND m.status <> 'erased' AND EXISTS (
            SELECT 1 FROM purchase_summary ps WHERE ps.store_id = :store
              AND ps.member_id = m.id AND ps.first_at < :end)"""),  # joined in the period
        p).scalar_one()
    other = conn.execute(text(
        "SELECT sum(sale_cents) FROM anonymous_sales WHERE store_id = :store"
        " AND occurred_at >= :start AND occurred_at < :end"), p).scalar_one()
    return int(new_here), int(new_online), money(other, currency)


def expired_points(conn: Connection, scope: Scope, period: Period) -> int:
    """Points expired in the period from members who joined here (central's expiry job
    writes those entries, under its own store id)."""
    return int(conn.execute(text(f"""
        SELECT coalesce(-sum(l.points), 0) FROM ledger l INDEXED BY ix_ledger_period
        JOIN members m ON m.id = {scope.member}
        WHERE l.occurred_at >= :start AND l.occurred_at < :end AND l.kind = 'expire'
          AND m.origin = :store"""), scope.params(period)).scalar_one())


def activity(conn: Connection, store_id: str, period: Period, currency: Currency,
             rows: Buyers, days: list[DayRow], expired: int) -> Activity:
    """The period's activity KPIs from its buyers and days (:func:`period_rows`)."""
    return totals_activity(
        conn, store_id, period, currency, buyers=len(rows), visits=sum(rows.visits),
        cents=sum(rows.cents),
        issued=sum(int(d[3]) for d in days), redeemed=sum(int(d[4]) for d in days),
        expired=expired)


def totals_activity(conn: Connection, store_id: str, period: Period, currency: Currency, *,
                    buyers: int, visits: int, cents: int, issued: int, redeemed: int,
                    expired: int) -> Activity:
    """The period's activity KPIs from its totals, with the members who joined in it."""
    new_here, new_online, other = _members(conn, store_id, period, currency)
    return Activity(
        period=period, new_members=new_here + new_online, new_here=new_here,
        new_online=new_online, buyers=buyers, visits=visits,
        member_sales=money(cents, currency), other_sales=other, points_issued=issued,
        points_redeemed=redeemed, points_expired=expired)


def previous_activity(conn: Connection, scope: Scope, period: Period, currency: Currency
                      ) -> Activity:
    """The same KPIs for a period, computed in one pass (no per-member rows needed)."""
    day = local_day_sql("l.occurred_at", period.tz, period.start, period.end)
    buyers_n, visits, cents, issued, redeemed = conn.execute(text(f"""
        SELECT count(DISTINCT CASE WHEN l.kind = 'earn' THEN {scope.member} END),
               count(DISTINCT CASE WHEN l.kind = 'earn' THEN {scope.member} || {day} END),
               coalesce(sum(l.sale_cents) FILTER (WHERE l.kind = 'earn'), 0),
               coalesce(sum(l.points) FILTER (WHERE l.kind IN {ISSUING_SQL} AND l.points > 0), 0),
               coalesce(-sum(l.points) FILTER (WHERE l.kind = 'redeem'), 0)
        {scope.scan} AND l.kind IN ('earn', 'bonus', 'adjust', 'redeem')"""),
        scope.params(period)).one()
    return totals_activity(conn, scope.store_id, period, currency, buyers=int(buyers_n),
                           visits=int(visits), cents=int(cents), issued=int(issued),
                           redeemed=int(redeemed), expired=expired_points(conn, scope, period))


def series(conn: Connection, store_id: str, period: Period, days: list[DayRow]
           ) -> tuple[DayPoint, ...]:
    """One point per local day of the period (days without activity are zeros)."""
    created = local_day_sql("created_at", period.tz, period.start, period.end)
    joined = dict(_rows(conn, f"""
        SELECT {created} AS d, count(*) FROM members WHERE origin = :store
          AND created_at >= :start AND created_at < :end AND status <> 'erased'
        GROUP BY d""", _params(store_id, period)))
    by_day = {r[0]: r for r in days}
    points = []
    for d in period.day_list():
        r = by_day.get(d.isoformat())
        points.append(DayPoint(d, int(joined.get(d.isoformat(), 0)),
                               int(r[1]) if r else 0,
                               Decimal(int(r[2])) / 100 if r else Decimal(0),
                               int(r[3]) if r else 0, int(r[4]) if r else 0))
    return tuple(points)


def top_share(rows: Buyers) -> tuple[Decimal | None, int]:
    """The share of member sales brought by the top 20% of buyers (rounded up), and how
    many buyers that is: the 80/20 check."""
    if not rows:
        return None, 0
    top = math.ceil(len(rows) * 0.2)
    ordered = rows.sorted_cents()
    return share(Decimal(sum(ordered[-top:])), Decimal(sum(ordered))), top


_SEGMENTS = {(r, f, m): rfm_segment(RfmScore(r, f, m))
             for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)}


def quintiles(values: list[int], ordered: list[int] | None = None, *,
              higher_is_better: bool = True) -> list[int]:
    """:func:`loyalty.napl.quintile_scores` from the values in order (``ordered``, sorted
    here when not given). A value of rank ``r`` (values below it) scores ``r * 5 // n + 1``:
    one more for each of the four rank steps ``ceil(s * n / 5)`` it reaches, that is for
    each value at such a step that is below it (ties share the lower rank's score)."""
    n = len(values)
    if ordered is None:
        ordered = sorted(values)
    steps = [ordered[-(-(s * n) // 5) - 1] for s in range(1, 5)] if n else []
    if higher_is_better:
        return [1 + bisect_left(steps, v) for v in values]
    return [5 - bisect_left(steps, v) for v in values]


def rfm(rows: Buyers) -> dict[str, int]:
    """Members who bought in the period, by RFM segment (quintiles within the period; the
    scores of :func:`loyalty.napl.rfm_scores`, without an object per member)."""
    scores = Counter(zip(quintiles(rows.recency, higher_is_better=False),
                         quintiles(rows.visits), quintiles(rows.cents, rows.sorted_cents()),
                         strict=True))
    counts: Counter[str] = Counter()
    for key, n in scores.items():
        counts[_SEGMENTS[key]] += n
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def top_members(conn: Connection, rows: Buyers, currency: Currency,
                limit: int = TOP_ROWS) -> tuple[TopMember, ...]:
    """The period's biggest spenders here, phones masked."""
    cents = rows.cents
    ordered = rows.sorted_cents()
    floor = ordered[-limit] if len(ordered) >= limit else 0  # the limit-th biggest
    best = sorted((BuyerRow(rows.ids[i], rows.visits[i], c, rows.recency[i])
                   for i, c in enumerate(cents) if c >= floor),
                  key=lambda r: (-r.cents, -r.visits, r.member_id))[:limit]
    if not best:
        return ()
    ids = {f"m{i}": r.member_id for i, r in enumerate(best)}
    found = {r.id: r for r in conn.execute(text(
        "SELECT id, name, phone, member_code, tier, balance FROM members"
        f" WHERE id IN ({', '.join(':' + k for k in ids)})"), ids)}
    out = []
    for r in best:
        m = found.get(r.member_id)
        if m is None:
            continue
        phone = mask_phone(m.phone) if m.phone else ""  # erased: no phone kept
        out.append(TopMember(r.member_id, m.name, phone, m.member_code, m.tier,
                             r.visits, money(r.cents, currency), int(m.balance)))
    return tuple(out)
