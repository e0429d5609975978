"""Points issued (``loyalty.issued``): the till's member report and central's daily report
give the same figure for the same store, day and ledger — a voided sale, a bonus, positive
and negative adjustments, a sale at 00:30 local (still the day before in UTC)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central.db import run_transaction
from central.feed import FeedWriter
from central.ledger_apply import EntryItem, apply_entries
from central.reporting import daily
from loyalty.ids import new_id
from loyalty.issued import points_issued
from loyalty.money import Currency, Money
from loyalty.store.replica import apply_entry
from loyalty.store.report.report import daily_report
from loyalty.store.rulebook import current_rules
from sync.protocol import LedgerEntry
from tests.helpers.records import as_feed_entry
from tests.helpers.same_ledger import copy_to_central
from tests.helpers.store import StoreFixture, make_store

TPE = ZoneInfo("Asia/Taipei")
DAY = date(2026, 11, 10)


def _at(d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, 11, d, h, mi, tzinfo=TPE).astimezone(UTC)


@pytest.fixture
def till(tmp_path: Path) -> Iterator[StoreFixture]:
    fixture = make_store(tmp_path / "store.db")
    yield fixture
    fixture.engine.dispose()


def _from_central(member_id: str, kind: str, points: int, when: datetime) -> dict[str, Any]:
    """A bonus or adjustment head office wrote for this store (it reaches the till by the
    feed)."""
    return {"entry_id": new_id(), "member_id": member_id, "kind": kind, "points": points,
            "store_id": "S001", "terminal_id": "central", "rules_version": 1,
            "occurred_at": when.isoformat()}


def test_the_tills_report_and_centrals_daily_report_issue_the_same_points(
        till: StoreFixture, engine: Engine) -> None:
    svc = till.service()
    svc.sign_in(till.manager.id, "2468")
    till.clock.now = _at(9, 12)
    member_id = svc.enroll(phone="0912345678", name="王小明").member_id

    def buy(when: datetime, amount: int) -> str:
        till.clock.now = when
        return svc.award(member_id, Money(Decimal(amount), Currency.TWD)).entry_id

    buy(_at(10, 10), 1000)                       # 100 points
    voided = buy(_at(10, 11), 3000)              # 300 points, voided: not issued
    buy(_at(10, 23, 30), 2000)                   # 200 points, 15:30 UTC
    buy(_at(11, 0, 30), 500)                     # the next local day (16:30 UTC on the 10th)
    till.clock.now = _at(10, 11, 5)
    svc.void(voided, manager_id=till.manager.id, reason="wrong member")
    till.clock.now = _at(10, 12)
    svc.redeem(member_id, 100)
    svc.close()
    extra = [_from_central(member_id, "bonus", 50, _at(10, 13)),
             _from_central(member_id, "adjust", 30, _at(10, 14)),
             _from_central(member_id, "adjust", -20, _at(10, 15))]
    with till.engine.begin() as conn:
        for data in extra:
            apply_entry(conn, as_feed_entry(conn, data), _at(10, 16))
    copy_to_central(till.engine, engine)

    def central_entries(session: Session) -> None:
        feed = FeedWriter(session)
        apply_entries(session, feed, [EntryItem(LedgerEntry.model_validate(d)) for d in extra],
                      _at(10, 16))
        feed.flush()

    run_transaction(engine, central_entries)

    with till.engine.connect() as conn:
        rules = current_rules(conn)
        by_hours = daily_report(conn, "S001", DAY, DAY, "Asia/Taipei", rules, DAY).current
        by_ledger = daily_report(conn, "S001", DAY, DAY, "Asia/Taipei", rules, DAY,
                                 from_ledger=True).current
    with Session(engine) as session:
        (central_row,) = daily(session, DAY, "S001")

    class E:
        def __init__(self, kind: str, points: int) -> None:
            self.kind, self.points = kind, points

    standing = [E("earn", 100), E("earn", 200), E("redeem", -100), E("bonus", 50),
                E("adjust", 30), E("adjust", -20)]
    assert points_issued(standing) == 380
    assert by_hours.points_issued == by_ledger.points_issued == central_row.points_issued == 380
    assert by_hours.points_redeemed == central_row.points_redeemed == 100
