"""Chain reports per store and day, in each store's time zone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from central.models import LedgerEntryRow, Member, OfflineBreach
from central.reporting_programs import daily_counts
from central.schemas import DailyReportRow
from central.zones import CHANNELS, store_zones
from loyalty.dates import local_day_bounds
from loyalty.issued import ISSUING_KINDS

L = LedgerEntryRow
__all__ = ["CHANNELS", "daily", "store_zones"]


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
