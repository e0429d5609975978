"""Upgrading to 0004 and to 0005 builds the report's summaries from the data already there: a
store taken back and upgraded again reports exactly what it reported before."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from loyalty.rules import default_rules
from loyalty.store.demo import generate
from loyalty.store.engine import reader
from loyalty.store.migrate import downgrade, upgrade
from loyalty.store.report.report import daily_report
from tests.helpers.store import StoreFixture, make_store
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


def test_hourly_backfill_gives_the_report_of_a_0004_store(tmp_path: Path) -> None:
    """A store at 0004 (the report read the ledger) upgraded to 0005 (hourly summaries,
    filled from the ledger) reports the same figures, on the hand-built data and on demo
    data."""
    for name, fill, today in (("hand", None, date(2026, 11, 13)),
                              ("demo", 400, date(2026, 11, 23))):
        store = make_store(tmp_path / f"{name}.db")
        if fill is None:
            build(store)
        else:
            store.engine.dispose()  # the generator writes through its own connection
            generate(tmp_path / f"{name}.db", fill, 2000, today=today)
        downgrade(store.engine, "0004")

        def reports(*, from_ledger: bool, store: StoreFixture = store, today: date = today
                    ) -> list[object]:
            with reader(store.engine).begin() as conn:
                return [daily_report(conn, "S001", today - timedelta(days=back + span), today
                                     - timedelta(days=back), "Asia/Taipei",
                                     default_rules("TW"), today, from_ledger=from_ledger)
                        for back, span in ((1, 2), (2, 0), (1, 29), (0, 0))]

        before = reports(from_ledger=True)
        upgrade(store.engine)
        assert reports(from_ledger=False) == before
        assert_exact(store)
        store.engine.dispose()
