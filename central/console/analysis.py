"""Who the chain's buyers are, for the chain report: NAPL status and flows, RFM segments and
the 80/20 check, for one store or the whole chain over a range of local days.

The definitions are the till's (:mod:`loyalty.napl`, :class:`loyalty.report.model.Napl`):
NAPL over a 3-month window, RFM quintiles within the period (ties share the lower rank's
score), the top 20% of buyers (rounded up). They are computed in SQL — a chain has a million
buyers and only the counts come back — and a test holds them equal to the pure functions.
A voided sale (one a ``reverse`` entry names) counts as never made. Members who joined the
chain through a merge are counted under their canonical record (``account_id``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Row, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session, aliased

from central.db import analytic
from central.models import LedgerEntryRow, Member
from loyalty.dates import local_day_bounds
from loyalty.napl import RfmScore, rfm_segment, window_start
from loyalty.report.model import NAPL_ORDER, NONE_STATUS, Napl, share
from loyalty.report.periods import Period

L = LedgerEntryRow
WINDOW_MONTHS = 3
SEGMENT_OF = {r * 100 + f * 10 + m: rfm_segment(RfmScore(r, f, m))
              for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)}
"""R*100 + F*10 + M → the segment's name (loyalty.napl's table, as integers SQL can test)."""
SEGMENTS = tuple(sorted(set(SEGMENT_OF.values())))


@dataclass(frozen=True, slots=True)
class Analysis:
    """The period's buyers by segment, and NAPL at its end and at the previous one's."""

    period: Period
    buyers: int
    rfm: dict[str, int]
    top_share: Decimal | None
    top_buyers: int
    napl: Napl


def day_of(column: Any, tz: ZoneInfo, at: date, dialect: str) -> Any:
    """The local day of a time: converted by PostgreSQL; on SQLite (small chains) shifted by
    the zone's offset on ``at`` (a day-saving change within the range can move a purchase
    in the hour around midnight to the next day)."""
    if dialect == "postgresql":
        return cast(func.timezone(tz.key, column), Date)
    offset = tz.utcoffset(datetime.combine(at, time.min)) or timedelta(0)
    return func.date(column, literal(f"{int(offset.total_seconds()):+d} seconds"))


def _standing_earns(store_id: str | None) -> list[Any]:
    undo = aliased(LedgerEntryRow)
    where = [L.kind == "earn", ~L.id.in_(select(undo.ref_entry_id).where(
        undo.ref_entry_id.is_not(None), undo.kind == "reverse"))]
    if store_id:
        where.append(L.store_id == store_id)
    return where


def _score(rank: Any, n: Any) -> Any:
    """``loyalty.napl.quintile_scores``: ``min(5, rank * 5 // n + 1)`` for a 0-based rank."""
    quint = rank * 5 // n + 1
    return case((quint > 5, 5), else_=quint)


def buyers_query(session: Session, period: Period, store_id: str | None) -> Any:
    """Each buyer of the period with R, F, M scores and their rank by sales (a subquery)."""
    dialect = session.get_bind().dialect.name
    tz = period.tz
    start, end = local_day_bounds(period.start, tz)[0], local_day_bounds(period.end, tz)[1]
    day = day_of(L.occurred_at, tz, period.end, dialect)
    per = (select(L.account_id.label("member_id"), func.count(func.distinct(day)).label("v"),
                  func.coalesce(func.sum(L.sale_amount), 0).label("s"),
                  func.max(L.occurred_at).label("last_at"))
           .where(*_standing_earns(store_id), L.occurred_at >= start, L.occurred_at < end)
           .group_by(L.account_id).subquery())
    last_day = day_of(per.c.last_at, tz, period.end, dialect)
    n = func.count().over()
    r = 6 - _score(func.rank().over(order_by=last_day.desc()) - 1, n)
    f = _score(func.rank().over(order_by=per.c.v) - 1, n)
    m = _score(func.rank().over(order_by=per.c.s) - 1, n)
    return select(per.c.member_id, (r * 100 + f * 10 + m).label("rfm"), per.c.s.label("s"),
                  func.row_number().over(order_by=per.c.s.desc()).label("rn"),
                  n.label("n")).subquery()


def _rfm(session: Session, period: Period, store_id: str | None
         ) -> tuple[int, dict[str, int], Decimal | None, int]:
    b = buyers_query(session, period, store_id)
    counts: dict[str, int] = {}
    buyers, total, top = 0, Decimal(0), Decimal(0)
    for code, k, sales, top_sales in session.execute(
            select(b.c.rfm, func.count(), func.coalesce(func.sum(b.c.s), 0),
                   func.coalesce(func.sum(case((b.c.rn <= (b.c.n + 4) // 5, b.c.s), else_=0)), 0))
            .group_by(b.c.rfm)):
        segment = SEGMENT_OF[int(code)]
        counts[segment] = counts.get(segment, 0) + int(k)
        buyers += int(k)
        total += Decimal(sales)
        top += Decimal(top_sales)
    rfm = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return buyers, rfm, share(top, total), (buyers + 4) // 5


def _status(first: Any, last: Any, as_of: date, tz: ZoneInfo, dialect: str) -> Any:
    """``loyalty.napl.napl_status`` in SQL, from a member's first and last purchase times."""
    inside = local_day_bounds(window_start(as_of, WINDOW_MONTHS), tz)[0]
    repeat = day_of(first, tz, as_of, dialect) != day_of(last, tz, as_of, dialect)
    return case((first.is_(None), literal(NONE_STATUS)), (first >= inside, literal("N")),
                (and_(repeat, last >= inside), literal("A")), (repeat, literal("P")),
                else_=literal("L"))


def napl_query(session: Session, period: Period, store_id: str | None) -> Any:
    """Every member who ever bought (by the period's end) with their NAPL status at the end
    of the previous period (``prev``) and of this one (``cur``), as a subquery."""
    dialect = session.get_bind().dialect.name
    tz = period.tz
    end = local_day_bounds(period.end, tz)[1]
    before = local_day_bounds(period.start, tz)[0]
    earlier = L.occurred_at < before
    per = (select(L.account_id.label("member_id"), func.min(L.occurred_at).label("first_at"),
                  func.max(L.occurred_at).label("last_at"),
                  func.min(case((earlier, L.occurred_at))).label("pfirst"),
                  func.max(case((earlier, L.occurred_at))).label("plast"))
           .where(*_standing_earns(store_id), L.occurred_at < end)
           .group_by(L.account_id).subquery())
    prev_end = period.previous().end
    return select(per.c.member_id,
                  _status(per.c.pfirst, per.c.plast, prev_end, tz, dialect).label("prev"),
                  _status(per.c.first_at, per.c.last_at, period.end, tz, dialect).label("cur")
                  ).subquery()


def _napl(session: Session, period: Period, store_id: str | None) -> Napl:
    q = napl_query(session, period, store_id)
    flows = {(str(p), str(c)): int(k) for p, c, k in session.execute(
        select(q.c.prev, q.c.cur, func.count()).group_by(q.c.prev, q.c.cur))}
    current = dict.fromkeys(NAPL_ORDER, 0)
    previous = dict.fromkeys(NAPL_ORDER, 0)
    for (p, c), k in flows.items():
        current[c] = current.get(c, 0) + k
        if p != NONE_STATUS:
            previous[p] += k
    return Napl(current, previous, flows)


def analyse(session: Session, period: Period, store_id: str | None) -> Analysis:
    """The member analysis of ``period`` for one store or (``None``) the chain."""
    analytic(session)
    buyers, rfm, top_share, top_buyers = _rfm(session, period, store_id)
    return Analysis(period, buyers, rfm, top_share, top_buyers,
                    _napl(session, period, store_id))


def segment_members(session: Session, period: Period, store_id: str | None, segment: str
                    ) -> list[Row[tuple[str, str | None, str | None, str | None, str]]]:
    """The members of an RFM segment (``rfm_…``) or a NAPL status at the period's end
    (``napl_N`` …) who agreed to marketing, active, by member code: ``id``,
    ``member_code``, ``name``, ``phone``, ``tier`` only (a segment can be most of a
    million-member chain: whole mapped members took 25 s of a 30 s export at 600,000)."""
    analytic(session)
    if segment.startswith("rfm_"):
        codes = [c for c, name in SEGMENT_OF.items() if name == segment[4:]]
        b = buyers_query(session, period, store_id)
        ids: Any = select(b.c.member_id).where(b.c.rfm.in_(codes))
    else:
        q = napl_query(session, period, store_id)
        ids = select(q.c.member_id).where(q.c.cur == segment[5:])
    return list(session.execute(
        select(Member.id, Member.member_code, Member.name, Member.phone, Member.tier)
        .where(Member.id.in_(ids), Member.marketing_consent.is_(True),
               Member.status == "active", Member.canonical_id.is_(None))
        .order_by(Member.member_code, Member.id)))


def known_segment(segment: str) -> bool:
    """Is ``segment`` one :func:`segment_members` lists?"""
    return (segment.startswith("rfm_") and segment[4:] in SEGMENTS) or (
        segment.startswith("napl_") and segment[5:] in NAPL_ORDER)
