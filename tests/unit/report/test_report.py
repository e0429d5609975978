"""Every figure of the report on the hand-built store (dataset.py), worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Connection

from loyalty.report import MemberReport
from loyalty.rules import default_rules
from loyalty.store.engine import reader
from loyalty.store.report.report import daily_report
from tests.helpers.store import StoreFixture
from tests.unit.report.dataset import Dataset, twd

START, END, TODAY = date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 13)


def report(conn: Connection, start: date = START, end: date = END, *,
           from_ledger: bool = False) -> MemberReport:
    return daily_report(conn, "S001", start, end, "Asia/Taipei", default_rules("TW"), TODAY,
                        from_ledger=from_ledger)


@pytest.fixture(params=["hourly summaries", "ledger"])
def from_ledger(request: pytest.FixtureRequest) -> bool:
    """Every figure is checked both ways the report can compute it."""
    return bool(request.param == "ledger")


@pytest.fixture
def rep(store: StoreFixture, dataset: Dataset, from_ledger: bool) -> MemberReport:
    with reader(store.engine).begin() as conn:
        return report(conn, from_ledger=from_ledger)


def test_new_members_here_and_online(rep: MemberReport) -> None:
    # C (11-10 23:59) and K (11-12) joined here; E signed up online and bought here on 11-11;
    # J joined at S002.
    assert (rep.current.new_here, rep.current.new_online, rep.current.new_members) == (2, 1, 3)
    # B (11-08) and G (11-09 23:59) in the previous period.
    assert (rep.previous.new_here, rep.previous.new_online, rep.previous.new_members) == (2, 0, 2)


def test_buyers_visits_and_sales(rep: MemberReport) -> None:
    cur = rep.current
    # A twice on 11-10 (one visit), C at 23:59:30 on 11-10, E on 11-11; B's sale was voided;
    # G's NT$5,000 at 00:00:00 on 11-13 is after the period; J bought at S002.
    assert (cur.buyers, cur.visits) == (3, 3)
    assert cur.member_sales == twd(2000 + 1000 + 1500 + 800)  # NT$5,300
    assert cur.other_sales == twd(1000 + 500)
    assert cur.total_sales == twd(6800)
    assert cur.member_share == Decimal("0.7794")  # 5300 / 6800
    assert cur.sales_per_visit == twd(1767)  # 5300 / 3 = 1766.67, whole dollars
    prev = rep.previous
    assert (prev.buyers, prev.visits, prev.member_sales) == (2, 2, twd(700))
    assert prev.other_sales == twd(2000)  # 11-09 14:00
    assert prev.member_share == Decimal("0.2593")  # 700 / 2700


def test_points_issued_redeemed_expired(rep: MemberReport) -> None:
    # 200 + 100 (A) + 150 (C) + 80 (E); B's 70 were voided.
    assert rep.current.points_issued == 530
    assert rep.current.points_redeemed == 100  # A on 11-12
    assert rep.current.points_expired == 60  # I's lot, expired by central on 11-11
    assert (rep.previous.points_issued, rep.previous.points_redeemed,
            rep.previous.points_expired) == (70, 0, 0)


def test_liability_and_expiring(rep: MemberReport) -> None:
    base = rep.base
    # Balances of members who joined here: A 350, B 30, C 150, D 10, G 540, H 300, I 0, K 0.
    assert base.members == 8
    assert base.liability_points == 1380
    assert base.liability_value == twd(138)  # 100 points = NT$10
    # H's 300 points from 2025-11 end on 2026-11-30, inside [11-13, 12-13).
    assert (base.expiring_soon, base.expiring_members, base.expiring_days) == (300, 1, 30)


def test_tier_mix_and_moves(rep: MemberReport) -> None:
    assert rep.base.tier_mix == {"general": 7, "silver": 1, "gold": 0, "vip": 0}
    # A reached silver on 11-11 (spent NT$1,500 in the 12 months before: general) — up;
    # H back to general on 11-12 — down. Enrollments are not moves.
    assert (rep.base.upgrades, rep.base.downgrades) == (1, 1)


def test_napl_counts_and_flows(rep: MemberReport) -> None:
    # As of 11-12 (window from 08-13): N = B, C, E, G; A = A; P = H; L = D, I.
    assert rep.napl.current == {"N": 4, "A": 1, "P": 1, "L": 2}
    # As of 11-09 (window from 08-10): N = B, D (08-11), G; P = A, H; L = I.
    assert rep.napl.previous == {"N": 3, "A": 0, "P": 2, "L": 1}
    assert rep.napl.flows == {("P", "A"): 1, ("N", "N"): 2, ("-", "N"): 2, ("N", "L"): 1,
                              ("P", "P"): 1, ("L", "L"): 1}
    assert rep.napl.moved() == {("P", "A"): 1, ("-", "N"): 2, ("N", "L"): 1}


def test_eighty_twenty_rfm_and_top_members(rep: MemberReport) -> None:
    # Top 20% of 3 buyers = 1 member (A, NT$3,000 of NT$5,300).
    assert (rep.top_buyers, rep.top_share) == (1, Decimal("0.5660"))
    # R: A 4, C 4, E 5; F: all 1; M: E 1, C 2, A 4 -> all "promising".
    assert rep.rfm == {"promising": 3}
    top = rep.top_members
    assert [(t.name, t.visits, t.sales, t.balance) for t in top] == [
        ("會員A", 1, twd(3000), 350), ("會員C", 1, twd(1500), 150), ("會員E", 1, twd(800), 80)]
    assert top[0].phone_masked == "0912-***-602"


def test_daily_series(rep: MemberReport) -> None:
    rows = [(p.day.day, p.new_members, p.buyers, p.member_sales, p.points_issued,
             p.points_redeemed) for p in rep.series]
    assert rows == [(10, 1, 2, Decimal(4500), 450, 0), (11, 0, 1, Decimal(800), 80, 0),
                    (12, 1, 0, Decimal(0), 0, 100)]


def test_pending_sync(rep: MemberReport) -> None:
    # 10 enrollments + 15 awards + 2 redemptions + 1 void, none sent yet.
    assert rep.pending_sync == 28


def test_single_day_boundaries(store: StoreFixture, dataset: Dataset, from_ledger: bool
                               ) -> None:
    with reader(store.engine).begin() as conn:
        day10 = report(conn, START, START, from_ledger=from_ledger)
        day13 = report(conn, date(2026, 11, 13), date(2026, 11, 13), from_ledger=from_ledger)
        day09 = report(conn, date(2026, 11, 9), date(2026, 11, 9), from_ledger=from_ledger)
    assert (day10.current.buyers, day10.current.member_sales) == (2, twd(4500))
    assert day10.previous.period.start == date(2026, 11, 9)
    assert (day10.previous.buyers, day10.previous.member_sales) == (1, twd(400))  # G 23:59:59
    assert (day13.current.buyers, day13.current.member_sales) == (1, twd(5000))  # G 00:00:00
    assert (day09.current.buyers, day09.current.other_sales) == (1, twd(2000))
