"""``daily_report``: the manager's member report for one store and a range of local days."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from loyalty.report.model import Activity, MemberReport, Napl
from loyalty.report.periods import Period
from loyalty.rules import Rules
from loyalty.store.journal import pending_count
from loyalty.store.report import activity as act
from loyalty.store.report import hours as hr
from loyalty.store.report.base import base
from loyalty.store.report.instruments import instrument_report
from loyalty.store.report.napl_flows import napl


def daily_report(conn: Connection, store_id: str, start_day: date, end_day: date,
                 tz_name: str, rules: Rules, today: date, *,
                 from_ledger: bool = False) -> MemberReport:
    """Compute the report for local days ``start_day``..``end_day`` (inclusive) in the
    store's zone, compared with the period of the same length just before.

    Run it in one read transaction (``with reader(engine).begin() as conn``) so every
    figure comes from the same snapshot. ``today`` (the store's local date) anchors the
    "expiring soon" figure. Period figures come from the hourly summaries; from the ledger
    (``from_ledger``, or by itself) where those cannot tell: a zone whose days do not start
    on the hour, or entries still written against a merged member's old id.
    """
    period = Period(start_day, end_day, tz_name)
    hours, before = hr.HourMap.of(period), hr.HourMap.of(period.previous())
    if from_ledger or hours is None or before is None or act.member_sql(conn) != "l.member_id":
        return _from_ledger(conn, store_id, period, rules, today)
    currency = rules.currency
    scan = hr.scan(conn, store_id, hours)
    rows = scan.buyers
    days = _days(scan.days, hr.other_points(conn, store_id, hours))
    buyers, visits, cents, earned = hr.period_totals(conn, store_id, before)
    other = hr.other_points(conn, store_id, before).values()
    previous = act.totals_activity(
        conn, store_id, before.period, currency, buyers=buyers, visits=visits, cents=cents,
        issued=earned + sum(v[0] for v in other), redeemed=sum(v[1] for v in other),
        expired=hr.expired(conn, store_id, before))
    current = act.activity(conn, store_id, period, currency, rows, days,
                           hr.expired(conn, store_id, hours))
    return _report(conn, store_id, period, rules, today, current, previous, rows, days,
                   napl(conn, store_id, period, rules.napl_window_months, scan.before))


def _days(purchases: dict[str, list[int]], other: dict[str, list[int]]) -> list[act.DayRow]:
    out = []
    for d in sorted(purchases.keys() | other.keys()):
        buyers, cents, earned = purchases.get(d, (0, 0, 0))
        issued, redeemed = other.get(d, (0, 0))
        out.append((d, buyers, cents, earned + issued, redeemed))
    return out


def _from_ledger(conn: Connection, store_id: str, period: Period, rules: Rules,
                 today: date) -> MemberReport:
    """Every period figure straight from the ledger."""
    currency = rules.currency
    scope = act.Scope.of(conn, store_id, period)
    rows, days = act.period_rows(conn, scope, period)
    current = act.activity(conn, store_id, period, currency, rows, days,
                           act.expired_points(conn, scope, period))
    previous = act.previous_activity(conn, scope, period.previous(), currency)
    return _report(conn, store_id, period, rules, today, current, previous, rows, days,
                   napl(conn, store_id, period, rules.napl_window_months))


def _report(conn: Connection, store_id: str, period: Period, rules: Rules, today: date,
            current: Activity, previous: Activity, rows: act.Buyers,
            days: list[act.DayRow], napl_figures: Napl) -> MemberReport:
    share, top_count = act.top_share(rows)
    return MemberReport(
        store_id=store_id, today=today, current=current, previous=previous,
        series=act.series(conn, store_id, period, days), napl=napl_figures,
        base=base(conn, store_id, period, rules, today),
        rfm=act.rfm(rows), top_share=share, top_buyers=top_count,
        top_members=act.top_members(conn, rows, rules.currency),
        pending_sync=pending_count(conn),
        instruments=instrument_report(conn, store_id, period, rules, today))
