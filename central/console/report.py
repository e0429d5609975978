"""The chain report for head office: :func:`central.reporting.daily` (the same rows
``/v1/reports/daily`` answers) over a range of days for one store or all, with totals per
store, a per-day series for the chart, the tier mix and the points liability now."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.db import analytic
from central.models import Member
from central.reporting import LedgerSums, daily_range
from central.reporting_programs import program_report
from central.schemas import DailyReportRow
from loyalty.report.export import tables_csv
from loyalty.report.instrument_export import instrument_tables
from loyalty.report.instruments import InstrumentReport
from loyalty.rules import Rules

MAX_DAYS = 92
SUMMED = ("new_members", "earn_entries", "sales_amount", "points_issued", "points_redeemed",
          "points_expired", "points_adjusted", "overdraft_count", "overdraft_points",
          "offline_breach_count", "offline_breach_points", "instruments_issued",
          "instrument_units_redeemed", "instrument_conflicts")


class RangeError(ValueError):
    """The dates asked for are not a range the report serves; ``code`` is a message id."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Bar:
    """One day of the chart: points issued and redeemed by the chain."""

    day: date
    issued: int
    redeemed: int


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The report's figures."""

    first: date
    last: date
    rows: list[DailyReportRow]
    totals: dict[str, dict[str, Decimal]]  # store → field → sum
    chain: dict[str, Decimal]
    bars: list[Bar]
    tiers: list[tuple[str, int]]
    liability: int
    members: int
    programs: InstrumentReport  # coupons, gifts, stamp cards, referrals, passes


def check_range(first: date, last: date) -> None:
    """Refuse a reversed or too long range."""
    if last < first:
        raise RangeError("report_reversed")
    if (last - first).days + 1 > MAX_DAYS:
        raise RangeError("report_too_long")


def build(session: Session, first: date, last: date, store_id: str | None, rules: Rules,
          today: date, tz_name: str, sums_of: LedgerSums | None = None) -> ChainReport:
    """The report for ``first``–``last`` (each store's own days), one store or all;
    outstanding points, instruments and prepaid liability as they stand ``today`` (the
    chain's date, zone ``tz_name``); ``sums_of``: where the ledger's figures come from
    (e.g. :mod:`central.report_cache`)."""
    check_range(first, last)
    analytic(session)
    rows = daily_range(session, first, last, store_id, sums_of)
    totals: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        into = totals.setdefault(row.store_id, dict.fromkeys(SUMMED, Decimal(0)))
        for name in SUMMED:
            into[name] += Decimal(getattr(row, name))
    chain = {name: sum((t[name] for t in totals.values()), Decimal(0)) for name in SUMMED}
    by_day: dict[date, Bar] = {}
    for row in rows:
        bar = by_day.get(row.day, Bar(row.day, 0, 0))
        by_day[row.day] = Bar(row.day, bar.issued + row.points_issued,
                              bar.redeemed + row.points_redeemed)
    by_tier = list(session.execute(
        select(Member.tier, func.count(), func.coalesce(func.sum(Member.balance), 0))
        .where(Member.status == "active").group_by(Member.tier).order_by(Member.tier)))
    tiers = [(str(t), int(n)) for t, n, _ in by_tier]
    liability, members = sum(int(b) for *_, b in by_tier), sum(n for _, n in tiers)
    return ChainReport(first, last, rows, dict(sorted(totals.items())), chain,
                       [by_day[d] for d in sorted(by_day)], tiers, int(liability),
                       int(members),
                       program_report(session, first, last, store_id, rules, today, tz_name))


def to_csv(report: ChainReport) -> str:
    """The day-by-store rows as CSV (UTF-8 with a BOM, so spreadsheet programs read the
    Chinese store names right)."""
    out = io.StringIO()
    names = list(DailyReportRow.model_fields)
    writer = csv.writer(out)
    writer.writerow(names)
    for row in report.rows:
        writer.writerow([getattr(row, n) for n in names])
    return "\ufeff" + out.getvalue()


def programs_csv(report: ChainReport, lang: str) -> str:
    """The programs section as CSV tables (per program and store, funnels, prepaid
    liability per store with the chain's total, conflicts), labels in ``lang``."""
    return tables_csv(instrument_tables(report.programs, lang, report.programs.period.tz))
