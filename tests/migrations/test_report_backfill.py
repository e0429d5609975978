"""Upgrading to 0004 builds the report's summaries from the data already there: a store taken
back to 0003 and upgraded again reports exactly what it reported before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from loyalty.report import daily_report
from loyalty.rules import default_rules
from loyalty.store.engine import reader
from loyalty.store.migrate import downgrade, upgrade
from tests.helpers.store import make_store
from tests.helpers.summaries import assert_exact
from tests.unit.report.dataset import build


def test_backfill_reproduces_every_figure(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    build(store)

    def reports() -> list[object]:
        with reader(store.engine).begin() as conn:
            return [daily_report(conn, "S001", start, end, "Asia/Taipei", default_rules("TW"),
                                 date(2026, 11, 13))
                    for start, end in ((date(2026, 11, 10), date(2026, 11, 12)),
                                       (date(2026, 11, 11), date(2026, 11, 11)),
                                       (date(2026, 10, 14), date(2026, 11, 12)))]

    before = reports()
    downgrade(store.engine, "0003")
    upgrade(store.engine)
    assert reports() == before
    assert_exact(store)
    store.engine.dispose()
