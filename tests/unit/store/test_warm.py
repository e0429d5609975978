"""Pre-reading the lookup tables: every lookup structure read, read-only (a writer commits
meanwhile), and stoppable."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest

from loyalty.money import Currency, Money
from loyalty.store import cipher, warm
from loyalty.store.warm import Warmed, warm_lookups
from tests.helpers.store import StoreFixture


def test_warming_reads_the_member_table_and_its_indexes_beside_a_writer(
        store_fixture: StoreFixture) -> None:
    service = store_fixture.service()
    member = service.enroll(phone="0912345678", name="陳美玲").member_id
    warmed: list[Warmed] = []
    reader = threading.Thread(target=lambda: warmed.append(warm_lookups(store_fixture.path)))
    reader.start()
    for amount in range(100, 120):
        service.award(member, Money(Decimal(amount), Currency.TWD))  # never waits on it
    reader.join(timeout=30)
    service.close()
    # members: the table and 6 full indexes (phone, last digits, code, id, name, origin);
    # aliases: the table and 3 indexes.
    assert [w.structures for w in warmed] == [11]


def test_a_set_stop_event_ends_warming_early(store_fixture: StoreFixture) -> None:
    stop = threading.Event()
    stop.set()
    assert warm_lookups(store_fixture.path, stop).structures == 0


def test_stopping_interrupts_a_long_read_and_waits_for_its_thread(
        store_fixture: StoreFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 1M members one index read lasts seconds; the app stops the warming before it exits
    (a process exiting with the thread inside SQLite crashed)."""
    started = threading.Event()

    def endless(path: object, stop: threading.Event | None,
                opened: Callable[[sqlite3.Connection | None], None]) -> Warmed:
        db = cipher.connect(store_fixture.path, readonly=True)
        opened(db)
        started.set()
        try:  # runs until interrupted, like a long index scan
            db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                       "SELECT count(*) FROM c").fetchone()
        finally:
            opened(None)
            db.close()
        return Warmed(0, 0.0)

    monkeypatch.setattr(warm, "warm_lookups", endless)
    warming = warm.start_warming(store_fixture.path)
    assert started.wait(10)
    warming.stop(timeout=10)
    assert not warming._thread.is_alive()  # and nothing logged a warning: it was asked to stop
