"""A hand-built store whose every report figure was worked out by hand (see test_report.py).

Store S001, Asia/Taipei (UTC+8), default TW rules: 1 point per NT$10 for the general tier,
100 points = NT$10, points expire at the end of the 12th month after the month earned.
Report period: 2026-11-10..2026-11-12; previous: 2026-11-07..2026-11-09; today 2026-11-13.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import text

from loyalty.ids import new_id
from loyalty.money import Currency, Money
from loyalty.store.context import TillContext
from loyalty.store.replica import apply_entry
from tests.helpers.records import as_feed_entry
from tests.helpers.store import StoreFixture

TPE = ZoneInfo("Asia/Taipei")


def at(y: int, mo: int, d: int, h: int = 12, mi: int = 0, s: int = 0) -> datetime:
    """A Taipei wall-clock time, as the aware UTC moment the store records."""
    return datetime(y, mo, d, h, mi, s, tzinfo=TPE).astimezone(UTC)


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


@dataclass
class Dataset:
    ids: dict[str, str]
    void_entry: str


def build(store: StoreFixture) -> Dataset:
    clock = store.clock
    s1 = store.service()
    s1.sign_in(store.manager.id, "2468")
    s2 = store.service(TillContext("S002", "S002-T01"))
    s2.sign_in(store.manager.id, "2468")
    ids: dict[str, str] = {}

    def enroll(key: str, when: datetime, svc: object = s1) -> str:
        clock.now = when
        phone = f"09123456{len(ids):02d}"
        ids[key] = svc.enroll(phone=phone, name=f"會員{key}",  # type: ignore[attr-defined]
                              marketing_consent=key in "ACEH").member_id
        return ids[key]

    def buy(key: str, when: datetime, amount: int, svc: object = s1) -> str:
        clock.now = when
        return str(svc.award(ids[key], twd(amount)).entry_id)  # type: ignore[attr-defined]

    def redeem(key: str, when: datetime, points: int) -> None:
        clock.now = when
        s1.redeem(ids[key], points)

    # H: two purchase days a year ago; the 2025-11 lot (300) expires 2026-11-30.
    enroll("H", at(2025, 10, 5))
    buy("H", at(2025, 10, 5), 1000)  # 100 pts, lot ends 2026-10-31
    buy("H", at(2025, 11, 5), 3000)  # 300 pts, lot ends 2026-11-30
    redeem("H", at(2026, 1, 10), 100)  # empties the oldest lot
    # I: one purchase; its lot (60) ended 2026-10-31 and central expired it on 11-11.
    enroll("I", at(2025, 10, 20))
    buy("I", at(2025, 10, 20), 600)
    enroll("A", at(2026, 6, 1))
    buy("A", at(2026, 6, 1), 1000)
    buy("A", at(2026, 7, 1), 500)
    enroll("D", at(2026, 8, 11))
    buy("D", at(2026, 8, 11), 100)
    # previous period
    enroll("B", at(2026, 11, 8, 10))
    buy("B", at(2026, 11, 8, 10, 5), 300)
    enroll("G", at(2026, 11, 9, 23, 59))
    buy("G", at(2026, 11, 9, 23, 59, 59), 400)  # the last second of 11-09
    # this period
    buy("A", at(2026, 11, 10, 11), 2000)
    buy("A", at(2026, 11, 10, 18), 1000)  # same day: still one visit
    enroll("C", at(2026, 11, 10, 23, 59))
    buy("C", at(2026, 11, 10, 23, 59, 30), 1500)  # 23:59 local belongs to 11-10
    enroll("J", at(2026, 11, 10, 12), s2)
    buy("J", at(2026, 11, 10, 12, 5), 9990, s2)  # another store: not ours
    enroll("E", at(2026, 11, 11, 9))
    buy("E", at(2026, 11, 11, 9, 5), 800)
    void_id = buy("B", at(2026, 11, 11, 15), 700)
    clock.now = at(2026, 11, 11, 15, 10)
    s1.void(void_id, manager_id=store.manager.id, reason="wrong member")
    enroll("K", at(2026, 11, 12, 10))  # joined, never bought
    redeem("A", at(2026, 11, 12, 16), 100)
    buy("G", at(2026, 11, 13, 0, 0, 0), 5000)  # the first instant of 11-13: outside
    for svc, amount, when in ((s1, 1000, at(2026, 11, 10, 13)), (s1, 500, at(2026, 11, 12, 20)),
                              (s1, 2000, at(2026, 11, 9, 14)), (s2, 777, at(2026, 11, 10))):
        clock.now = when
        svc.anonymous_sale(twd(amount))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE members SET origin = 'online' WHERE id = :id"),
                     {"id": ids["E"]})
        lot = conn.execute(text("SELECT id FROM ledger WHERE member_id = :id"),
                           {"id": ids["I"]}).scalar_one()
        # Central's expiry job, pulled through the change feed.
        apply_entry(conn, as_feed_entry(conn, {
            "entry_id": new_id(), "member_id": ids["I"], "kind": "expire", "points": -60,
            "store_id": "central", "terminal_id": "central", "rules_version": 1,
            "occurred_at": at(2026, 11, 11, 0, 5).isoformat(), "ref_entry_id": lot}),
            clock.now)
        # Tier moves, as central would send them: A up to silver on 11-11; H (silver since
        # its NT$4,000 year) down to general on 11-12.
        conn.execute(text("UPDATE members SET tier = 'silver', tier_since = '2025-11-05'"
                          " WHERE id = :id"), {"id": ids["H"]})
        conn.execute(text("UPDATE members SET tier = 'silver', tier_since = '2026-11-11'"
                          " WHERE id = :id"), {"id": ids["A"]})
        conn.execute(text("UPDATE members SET tier = 'general', tier_since = '2026-11-12'"
                          " WHERE id = :id"), {"id": ids["H"]})
    for svc in (s1, s2):
        svc.close()
    return Dataset(ids, void_id)
