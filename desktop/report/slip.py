"""The manager's daily summary slip through ``printing/`` (its ``DailySummarySlip``)."""

from __future__ import annotations

from loyalty.report.labels import label
from loyalty.report.model import NAPL_ORDER, MemberReport
from loyalty.store.cashiers import Cashier
from loyalty.store.service import CounterService
from printing import DailySummarySlip, Document, SaleRef, StoreInfo, build_daily_summary


def summary_slip(report: MemberReport, service: CounterService, cashier: Cashier,
                 store_name: str) -> DailySummarySlip:
    """The slip's figures, taken from the report (the same numbers as the screen)."""
    ctx, rules = service.ctx, service.rules()
    cur, b = report.current, report.base
    return DailySummarySlip(
        store=StoreInfo(name=store_name, tz=ctx.tz_name),
        sale=SaleRef(receipt_no="", terminal=ctx.terminal_id, cashier=cashier.name,
                     at=service.now()),
        business_date=report.period.end, new_members=cur.new_members,
        members_bought=cur.buyers, member_sales=cur.member_sales,
        total_sales=cur.total_sales, points_issued=cur.points_issued,
        points_redeemed=cur.points_redeemed, points_expired=cur.points_expired,
        expiring_soon=b.expiring_soon, liability_points=b.liability_points,
        liability_value=b.liability_value,
        tier_mix=tuple((rules.tier(code).name_zh, n) for code, n in b.tier_mix.items()),
        napl=tuple((label(f"napl_{c}", "zh"), report.napl.current[c]) for c in NAPL_ORDER))


def summary_document(report: MemberReport, service: CounterService, cashier: Cashier,
                     store_name: str) -> Document:
    """The slip document; the app queues it on its ``PrintQueue``."""
    return build_daily_summary(summary_slip(report, service, cashier, store_name))
