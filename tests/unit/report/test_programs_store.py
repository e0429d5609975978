"""The manager's report, programs section, on a real store file written by the counter's
operations (``programs_store``): what the manager reads for passes, stamps and conflicts."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from loyalty.money import Currency, Money
from loyalty.report.export import write_report_csv
from loyalty.report.instruments import InstrumentReport
from loyalty.store.engine import reader
from loyalty.store.report.report import daily_report
from loyalty.store.rulebook import current_rules
from tests.helpers.store import StoreFixture, make_store
from tests.unit.report.dataset import at
from tests.unit.report.programs_store import ProgramsData, build_programs

START, END, TODAY = date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 4)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[StoreFixture, ProgramsData]]:
    fixture = make_store(tmp_path / "store.db")
    data = build_programs(fixture)
    fixture.clock.now = at(2026, 12, 4, 9)
    yield fixture, data
    fixture.engine.dispose()


def section(fixture: StoreFixture, store_id: str = "S001", start: date = START,
            end: date = END) -> InstrumentReport:
    with reader(fixture.engine).begin() as conn:
        report = daily_report(conn, store_id, start, end, "Asia/Taipei", current_rules(conn),
                              TODAY)
    assert report.instruments is not None
    return report.instruments


def test_passes_stamps_and_rewards_as_the_manager_reads_them(
        store: tuple[StoreFixture, ProgramsData]) -> None:
    fixture, _ = store
    r = section(fixture)
    by = {p.program_id: p for p in r.programs}
    latte = by["latte10"]
    assert (latte.issued, latte.issued_units, latte.redeemed, latte.refunded) == (2, 20, 5, 9)
    assert (latte.sold_amount, latte.refund_amount) == (Decimal("2400"), Decimal("900"))
    assert (latte.outstanding, latte.outstanding_units) == (1, 6)  # pass A: 10 - 3 - 1
    card, free = by["stamp5"], by["free-cup"]
    assert card.stamps == 5  # six sales, the last voided
    assert card.outstanding == 0  # the card is full: no stamp towards the next reward
    assert (free.issued, free.redeemed, free.outstanding) == (1, 1, 0)
    [funnel] = r.stamp_funnels
    assert funnel.steps() == (("cards_stamped", 1), ("stamps", 5), ("rewards_issued", 1),
                              ("rewards_redeemed", 1))
    assert r.referral_funnels == ()


def test_prepaid_liability_is_the_cups_left_at_the_price_per_cup(
        store: tuple[StoreFixture, ProgramsData]) -> None:
    fixture, _ = store
    r = section(fixture)
    [line] = r.liability
    assert (line.store_id, line.cups, line.unit_price) == (
        "S001", 6, Money(Decimal(120), Currency.TWD))
    assert r.liability_total == Money(Decimal(720), Currency.TWD)


def test_the_conflict_central_found_is_listed_with_its_till(
        store: tuple[StoreFixture, ProgramsData]) -> None:
    fixture, data = store
    r = section(fixture)
    [conflict] = r.conflicts
    assert (conflict.terminal_id, conflict.reason, conflict.instrument_id) == (
        "S001-T02", "over_redeemed", data.pass_a)
    assert r.conflict_counts == {"over_redeemed": 1}
    assert r.open_conflicts is None  # the till does not know what head office resolved


def test_the_period_and_the_store_bound_the_figures(
        store: tuple[StoreFixture, ProgramsData]) -> None:
    fixture, _ = store
    day_one = section(fixture, start=START, end=START)
    assert [(p.program_id, p.issued, p.redeemed) for p in day_one.programs] == [
        ("latte10", 2, 0)]
    assert day_one.programs[0].outstanding_units == 6  # outstanding is as it stands now
    elsewhere = section(fixture, store_id="S002")
    assert elsewhere.lines == () and elsewhere.liability == () and elsewhere.conflicts == ()


def test_the_csv_carries_the_programs_tables(
        store: tuple[StoreFixture, ProgramsData], tmp_path: Path) -> None:
    fixture, _ = store
    with reader(fixture.engine).begin() as conn:
        rules = current_rules(conn)
        report = daily_report(conn, "S001", START, END, "Asia/Taipei", rules, TODAY)
    path = tmp_path / "report.csv"
    write_report_csv(report, path, "zh", rules)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    start = rows.index(["方案與票券"])
    header = rows[start + 1]
    latte = dict(zip(header, rows[start + 2], strict=True))
    assert (latte["方案"], latte["使用"], latte["退款杯數"], latte["未使用單位"]) == (
        "拿鐵寄杯 10 杯", "5", "9", "6")
    liability = rows[rows.index(["寄杯負債"]) + 2]
    assert liability[:4] == ["S001", "latte10", "拿鐵寄杯 10 杯", "6"] and liability[5] == "720"
    conflict = rows[rows.index(["票券衝突"]) + 2]
    assert conflict[0] == "2026-12-03T15:30:00" and conflict[2] == "S001-T02"
