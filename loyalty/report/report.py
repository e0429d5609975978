"""``daily_report``: the manager's member report for one store and a range of local days."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from loyalty.report import activity as act
from loyalty.report.base import base
from loyalty.report.model import MemberReport
from loyalty.report.napl_flows import napl
from loyalty.report.periods import Period
from loyalty.rules import Rules
from loyalty.store.journal import pending_count


def daily_report(conn: Connection, store_id: str, start_day: date, end_day: date,
                 tz_name: str, rules: Rules, today: date) -> MemberReport:
    """Compute the report for local days ``start_day``..``end_day`` (inclusive) in the
    store's zone, compared with the period of the same length just before.

    Run it in one read transaction (``with reader(engine).begin() as conn``) so every
    figure comes from the same snapshot. ``today`` (the store's local date) anchors the
    "expiring soon" figure.
    """
    period = Period(start_day, end_day, tz_name)
    currency = rules.currency
    scope = act.Scope.of(conn, store_id, period)
    rows, days = act.period_rows(conn, scope, period)
    share, top_count = act.top_share(rows)
    return MemberReport(
        store_id=store_id, today=today,
        current=act.activity(conn, scope, period, currency, rows, days),
        previous=act.previous_activity(conn, scope, period.previous(), currency),
        series=act.series(conn, store_id, period, days),
        napl=napl(conn, store_id, period, rules.napl_window_months),
        base=base(conn, store_id, period, rules, today),
        rfm=act.rfm(rows), top_share=share, top_buyers=top_count,
        top_members=act.top_members(conn, rows, currency),
        pending_sync=pending_count(conn))
