"""Pre-reading the lookup tables: every lookup structure read, read-only (a writer commits
meanwhile), and stoppable."""

from __future__ import annotations

import threading
from decimal import Decimal

from loyalty.money import Currency, Money
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
