"""NAPL from the summary tables equals NAPL by definition (``loyalty.napl.napl_status``
applied to every member's purchase days), on demo data, for days and ranges: with the last
purchase before the period looked up in the ledger, and taken from the hourly summaries."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from loyalty.napl import napl_status
from loyalty.report.periods import Period
from loyalty.store.demo import generate
from loyalty.store.engine import create_store_engine, reader
from loyalty.store.report.hours import HourMap, scan
from loyalty.store.report.napl_flows import napl
from tests.helpers.store import make_store

TODAY = date(2026, 11, 23)
TPE = ZoneInfo("Asia/Taipei")


def by_definition(path: Path, store: str, period: Period) -> Counter[tuple[str, str]]:
    db = sqlite3.connect(path)
    days: dict[str, list[date]] = defaultdict(list)
    for member, at in db.execute(
            "SELECT member_id, occurred_at FROM ledger e WHERE store_id = ? AND kind = 'earn'"
            " AND id NOT IN (SELECT ref_entry_id FROM ledger WHERE kind = 'reverse'"
            " AND ref_entry_id IS NOT NULL)", (store,)):
        days[member].append(datetime.fromisoformat(at).replace(tzinfo=UTC).astimezone(TPE)
                            .date())
    db.close()
    flows: Counter[tuple[str, str]] = Counter()
    for seen in days.values():
        statuses = []
        for as_of in (period.previous().end, period.end):
            before = sorted({d for d in seen if d <= as_of})
            s = napl_status(before[0] if before else None, before[-1] if before else None,
                            len(before), as_of, 3)
            statuses.append(s.value if s else "-")
        if statuses != ["-", "-"]:
            flows[(statuses[0], statuses[1])] += 1
    return flows


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("napl") / "store.db"
    make_store(path).engine.dispose()
    generate(path, 600, 3000, today=TODAY)
    return path


@pytest.mark.parametrize("hourly", [False, True], ids=["ledger look-ups", "hourly"])
@pytest.mark.parametrize("start,end", [
    (TODAY, TODAY), (TODAY - timedelta(days=1), TODAY - timedelta(days=1)),
    (TODAY - timedelta(days=29), TODAY), (date(2026, 6, 1), date(2026, 6, 30)),
    (date(2025, 12, 20), date(2026, 3, 31))])
def test_napl_from_summaries_is_napl_by_definition(demo_path: Path, start: date,
                                                   end: date, hourly: bool) -> None:
    engine = create_store_engine(demo_path)
    period = Period(start, end, "Asia/Taipei")
    with reader(engine).begin() as conn:
        hours = HourMap.of(period)
        assert hours is not None
        before = scan(conn, "S001", hours).before if hourly else None
        result = napl(conn, "S001", period, 3, before)
    engine.dispose()
    expected = by_definition(demo_path, "S001", period)
    assert {k: v for k, v in result.flows.items() if v} == dict(expected)
    assert sum(expected.values()) > 300  # every status occurs in the demo data
