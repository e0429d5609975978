"""The report from the hourly summaries equals the report from the ledger on demo data, in
zones with daylight saving and across its changes; where local days do not start on the
hour, the report reads the ledger."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from loyalty.report.periods import Period
from loyalty.rules import default_rules
from loyalty.store.demo import generate
from loyalty.store.engine import create_store_engine, reader
from loyalty.store.report.hours import HourMap
from loyalty.store.report.report import daily_report
from tests.helpers.store import make_store

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hours") / "store.db"
    make_store(path).engine.dispose()
    generate(path, 600, 3000, today=TODAY)
    return path


@pytest.mark.parametrize("zone,start,end", [
    ("Asia/Taipei", TODAY - timedelta(days=29), TODAY),
    ("Asia/Taipei", TODAY, TODAY),
    ("Asia/Hong_Kong", date(2026, 6, 1), date(2026, 6, 30)),
    ("America/New_York", date(2026, 10, 20), date(2026, 11, 5)),  # clocks back on 11-01
    ("America/New_York", date(2026, 3, 8), date(2026, 3, 8)),  # a 23-hour day
    ("Europe/London", date(2026, 3, 1), date(2026, 4, 30)),
    ("Asia/Kolkata", TODAY - timedelta(days=6), TODAY),  # UTC+5:30: from the ledger
])
def test_hourly_summaries_give_the_ledgers_report(demo_path: Path, zone: str, start: date,
                                                  end: date) -> None:
    engine = create_store_engine(demo_path)
    rules = default_rules("TW")
    with reader(engine).begin() as conn:
        fast = daily_report(conn, "S001", start, end, zone, rules, TODAY)
        slow = daily_report(conn, "S001", start, end, zone, rules, TODAY, from_ledger=True)
    engine.dispose()
    assert fast == slow
    assert fast.current.buyers + fast.previous.buyers > 0


def test_hours_map_to_local_days() -> None:
    ny = HourMap.of(Period(date(2026, 11, 1), date(2026, 11, 1), "America/New_York"))
    assert ny is not None and len(ny.day_of) == 25  # clocks go back: a 25-hour day
    assert ny.day_of["2026-11-01T04"] == ("2026-11-01", "2026-11-01T04:00:00.000000")
    assert ny.day_of["2026-11-02T04"][0] == "2026-11-01"  # 23:00 EST
    assert "2026-11-02T05" not in ny.day_of
    taipei = HourMap.of(Period(date(2026, 11, 10), date(2026, 11, 10), "Asia/Taipei"))
    assert taipei is not None and min(taipei.day_of) == "2026-11-09T16"
    assert max(taipei.day_of) == "2026-11-10T15"  # 23:59 local is still 11-10
    assert HourMap.of(Period(TODAY, TODAY, "Asia/Kolkata")) is None
