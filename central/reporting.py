"""Chain reports per store and day, in each store's time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from central.models import LedgerEntryRow, Member, OfflineBreach
from central.reporting_programs import daily_counts, daily_counts_range
from central.schemas import DailyReportRow
from central.zones import CHANNELS, local_day, store_zones
from central.zones import day_value as _day
from loyalty.dates import local_day_bounds
from loyalty.issued import ISSUING_KINDS

L = LedgerEntryRow
__all__ = ["CHANNELS", "daily", "daily_range", "local_day", "store_zones"]


def daily(session: Session, day: date, store_id: str | None) -> list[DailyReportRow]:
    """New members, points issued/redeemed/expired/adjusted, overdrafts and offline
    redemptions beyond the floor limits, instruments issued and redeemed and their
    conflicts, per store."""
    zones = store_zones(session)
    if store_id is not None:
        zones = {k: v for k, v in zones.items() if k == store_id}
    programs = daily_counts(session, day, zones)
    return [_row(session, sid, day, tz, programs.get(sid, (0, 0, 0)))
            for sid, tz in sorted(zones.items())]


def _row(session: Session, store_id: str, day: date, tz: ZoneInfo,
         programs: tuple[int, int, int]) -> DailyReportRow:
    start, end = local_day_bounds(day, tz)
    new_members = session.scalar(select(func.count()).select_from(Member).where(
        Member.origin == store_id, Member.enrolled_at >= start, Member.enrolled_at < end,
        Member.status != "merged")) or 0

    def total(condition: Any, expr: Any = L.points) -> Any:
        return func.coalesce(func.sum(case((condition, expr), else_=0)), 0)

    undo = aliased(LedgerEntryRow)
    standing = ~exists().where(undo.ref_entry_id == L.id, undo.kind == "reverse")
    sums = session.execute(select(
        total(L.kind == "earn", 1), total(L.kind == "earn", L.sale_amount),
        total(and_(L.kind.in_(ISSUING_KINDS), L.points > 0, standing)),  # loyalty.issued
        total(L.kind == "redeem"),
        total(L.kind == "expire"), total(L.kind.in_(("adjust", "reverse"))),
        total(L.overdraft > 0, 1), func.coalesce(func.sum(L.overdraft), 0),
    ).where(L.store_id == store_id, L.occurred_at >= start, L.occurred_at < end)).one()
    # A redemption its reverse undid overdrew nobody: not reported as an overdraft.
    undone = aliased(LedgerEntryRow)
    netted = session.execute(select(func.count(), func.coalesce(func.sum(L.overdraft), 0))
                             .where(L.store_id == store_id, L.occurred_at >= start,
                                    L.occurred_at < end, L.overdraft > 0,
                                    exists().where(undone.ref_entry_id == L.id,
                                                   undone.kind == "reverse"))).one()
    breaches = session.execute(
        select(func.count(), func.coalesce(func.sum(OfflineBreach.points), 0))
        .where(OfflineBreach.store_id == store_id, OfflineBreach.occurred_at >= start,
               OfflineBreach.occurred_at < end)).one()
    return DailyReportRow(
        store_id=store_id, day=day, new_members=int(new_members), earn_entries=int(sums[0]),
        sales_amount=Decimal(sums[1]), points_issued=int(sums[2]),
        points_redeemed=-int(sums[3]), points_expired=-int(sums[4]),
        points_adjusted=int(sums[5]), overdraft_count=int(sums[6]) - int(netted[0]),
        overdraft_points=int(sums[7]) - int(netted[1]), offline_breach_count=int(breaches[0]),
        offline_breach_points=int(breaches[1]), instruments_issued=programs[0],
        instrument_units_redeemed=programs[1], instrument_conflicts=programs[2])


def daily_range(session: Session, first: date, last: date, store_id: str | None,
                sums_of: LedgerSums | None = None) -> list[DailyReportRow]:
    """:func:`daily` for every day of ``first``–``last`` (day by day, stores in order), in a
    few grouped queries per time zone instead of four per store and day; ``sums_of``: where
    the ledger's figures and new members come from (:func:`day_sums` unless given, e.g. a
    cache).
    Instrument figures: :func:`central.reporting_programs.daily_counts_range` (three grouped
    queries per zone by local day)."""
    zones = store_zones(session)
    if store_id is not None:
        zones = {k: v for k, v in zones.items() if k == store_id}
    by_zone: dict[str, list[str]] = {}
    for sid, tz in zones.items():
        by_zone.setdefault(tz.key, []).append(sid)
    programs = daily_counts_range(session, first, last, zones)
    rows: dict[tuple[date, str], DailyReportRow] = {}
    for zone, stores in by_zone.items():
        rows.update(_zone_rows(session, first, last, ZoneInfo(zone), stores,
                               sums_of or day_sums, programs))
    return [rows[k] for k in sorted(rows)]


SumsKey = tuple[date, str]
LedgerSums = Callable[[Session, date, date, ZoneInfo, list[str]], dict[SumsKey, tuple[Any, ...]]]
ZERO_SUMS = (0, Decimal(0), 0, 0, 0, 0, 0, 0, 0)


def ledger_sums(session: Session, first: date, last: date, tz: ZoneInfo, stores: list[str]
                ) -> dict[SumsKey, tuple[Any, ...]]:
    """Per (local day, store) with entries: earn entries, sales, points issued, redeemed,
    expired and adjusted (as signed sums), overdrafts and overdrawn points (those a reverse
    undid left out)."""
    start, end = local_day_bounds(first, tz)[0], local_day_bounds(last, tz)[1]
    dialect = session.get_bind().dialect.name

    def total(condition: Any, expr: Any = L.points) -> Any:
        return func.coalesce(func.sum(case((condition, expr), else_=0)), 0)

    day = local_day(L.occurred_at, tz, first, last, dialect).label("d")
    undo = aliased(LedgerEntryRow)
    # Entries a reverse names: few, read from the partial index on ref_entry_id.
    undone = L.id.in_(select(undo.ref_entry_id).where(undo.ref_entry_id.is_not(None),
                                                      undo.kind == "reverse"))
    return {(_day(r[0]), r[1]): tuple(r[2:]) for r in session.execute(select(
        day, L.store_id,
        total(L.kind == "earn", 1), total(L.kind == "earn", L.sale_amount),
        total(and_(L.kind.in_(ISSUING_KINDS), L.points > 0, ~undone)),  # loyalty.issued
        total(L.kind == "redeem"),
        total(L.kind == "expire"), total(L.kind.in_(("adjust", "reverse"))),
        # A redemption its reverse undid overdrew nobody: not reported as an overdraft.
        total(and_(L.overdraft > 0, ~undone), 1),
        total(and_(L.overdraft > 0, ~undone), L.overdraft),
    ).where(L.store_id.in_(stores), L.occurred_at >= start, L.occurred_at < end)
        .group_by(day, L.store_id))}


def day_sums(session: Session, first: date, last: date, tz: ZoneInfo, stores: list[str]
             ) -> dict[SumsKey, tuple[Any, ...]]:
    """:func:`ledger_sums` with the members who joined at the store that day (merged-away
    records left out) as a ninth figure; every (day, store) with either."""
    start, end = local_day_bounds(first, tz)[0], local_day_bounds(last, tz)[1]
    dialect = session.get_bind().dialect.name
    m_day = local_day(Member.enrolled_at, tz, first, last, dialect).label("d")
    joined = {(_day(r[0]), r[1]): int(r[2]) for r in session.execute(
        select(m_day, Member.origin, func.count())
        .where(Member.origin.in_(stores), Member.enrolled_at >= start,
               Member.enrolled_at < end, Member.status != "merged")
        .group_by(m_day, Member.origin))}
    sums = ledger_sums(session, first, last, tz, stores)
    return {key: (*sums.get(key, ZERO_SUMS[:8]), joined.get(key, 0))
            for key in sums.keys() | joined.keys()}


def _zone_rows(session: Session, first: date, last: date, tz: ZoneInfo, stores: list[str],
               sums_of: LedgerSums, programs: dict[tuple[date, str], tuple[int, int, int]]
               ) -> dict[tuple[date, str], DailyReportRow]:
    start, end = local_day_bounds(first, tz)[0], local_day_bounds(last, tz)[1]
    dialect = session.get_bind().dialect.name
    sums = sums_of(session, first, last, tz, stores)
    b_day = local_day(OfflineBreach.occurred_at, tz, first, last, dialect).label("d")
    breaches = {(_day(r[0]), r[1]): r[2:] for r in session.execute(
        select(b_day, OfflineBreach.store_id, func.count(),
               func.coalesce(func.sum(OfflineBreach.points), 0))
        .where(OfflineBreach.store_id.in_(stores), OfflineBreach.occurred_at >= start,
               OfflineBreach.occurred_at < end).group_by(b_day, OfflineBreach.store_id))}
    out: dict[tuple[date, str], DailyReportRow] = {}
    day_at = first
    while day_at <= last:
        for sid in stores:
            key = (day_at, sid)
            s = sums.get(key, ZERO_SUMS)
            b = breaches.get(key, (0, 0))
            p = programs.get(key, (0, 0, 0))
            out[key] = DailyReportRow(
                store_id=sid, day=day_at, new_members=int(s[8]),
                earn_entries=int(s[0]), sales_amount=Decimal(s[1]),
                points_issued=int(s[2]), points_redeemed=-int(s[3]),
                points_expired=-int(s[4]), points_adjusted=int(s[5]),
                overdraft_count=int(s[6]), overdraft_points=int(s[7]),
                offline_breach_count=int(b[0]), offline_breach_points=int(b[1]),
                instruments_issued=p[0], instrument_units_redeemed=p[1],
                instrument_conflicts=p[2])
        day_at += timedelta(days=1)
    return out
