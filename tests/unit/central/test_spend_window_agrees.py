"""The rolling 12-month spend: the till's provisional tier and central's tier job count the
same purchases (``loyalty.spend``), at the edges where they used to disagree — a purchase
365 or 366 days back across a 29 February, the store's local day against UTC's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central.jobs import JobReport, member_zones, run_tiers, spend_12m
from central.models import Member
from loyalty.money import Currency, Money
from loyalty.spend import SpendEntry, qualifying_spend, spend_window
from loyalty.store.panel import member_panel
from loyalty.store.points import spend_12m as till_spend
from loyalty.store.rulebook import current_rules
from tests.helpers.same_ledger import copy_to_central
from tests.helpers.store import StoreFixture, make_store

TAIPEI = ZoneInfo("Asia/Taipei")


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TAIPEI).astimezone(UTC)  # type: ignore[misc]


@pytest.fixture
def till(tmp_path: Path) -> Iterator[StoreFixture]:
    fixture = make_store(tmp_path / "store.db")
    yield fixture
    fixture.engine.dispose()


def _member_with_purchases(till: StoreFixture, purchases: list[tuple[datetime, str]]) -> str:
    svc = till.service()
    svc.sign_in(till.cashier.id, "1357")
    till.clock.now = purchases[0][0] - timedelta(days=1)
    member_id = svc.enroll(phone="0912345678", name="王小明").member_id
    for at, amount in purchases:
        till.clock.now = at
        svc.award(member_id, Money(Decimal(amount), Currency.TWD))
    svc.close()
    return member_id


def test_the_window_starts_at_the_local_day_twelve_calendar_months_back() -> None:
    start, end = spend_window(_local(2024, 3, 1, 14, 0), TAIPEI)
    assert start == _local(2023, 3, 1, 0, 0)  # 366 days back: 2024 has a 29 February
    assert end == _local(2024, 3, 1, 14, 0)
    # asked on a 29 February, the window starts on the 28th (there is no 2023-02-29)
    assert spend_window(_local(2024, 2, 29, 9, 0), TAIPEI)[0] == _local(2023, 2, 28, 0, 0)


EDGES = [
    (_local(2023, 2, 28, 23, 30), "5000"),   # the day before the window: out everywhere
    (_local(2023, 3, 1, 0, 30), "4000"),     # 366 days back (16:30 UTC the day before): in
    (_local(2023, 3, 1, 23, 59), "3000"),    # 365 days back: in
    (_local(2024, 2, 29, 20, 0), "2500"),    # the leap day itself: in
    (_local(2024, 3, 1, 7, 0), "9000"),      # the asked day (still 29 Feb in UTC): not yet
]


def test_the_till_and_central_count_the_same_purchases_at_the_edges(
        till: StoreFixture, engine: Engine) -> None:
    member_id = _member_with_purchases(till, EDGES)
    copy_to_central(till.engine, engine)
    midnight = _local(2024, 3, 1, 0, 0)
    with till.engine.connect() as conn:
        at_till = till_spend(conn, member_id, midnight, TAIPEI)
    with Session(engine) as session:
        member = session.get(Member, member_id)
        assert member is not None
        at_central = spend_12m(session, member_zones(session, [member]), date(2024, 3, 1))
    oracle = qualifying_spend([SpendEntry(str(k), "earn", at, Decimal(a))
                               for k, (at, a) in enumerate(EDGES)], midnight, TAIPEI)
    assert at_till == at_central[member_id] == oracle == Decimal("9500")


def test_a_purchase_366_days_back_gives_the_same_tier_at_the_till_and_at_central(
        till: StoreFixture, engine: Engine) -> None:
    # 10,000 reaches silver only with the purchase of 1 March 2023, 366 days before
    # 1 March 2024: "now minus 365 days" left it out at the till, UTC days at central.
    member_id = _member_with_purchases(till, [(_local(2023, 3, 1, 0, 30), "6000"),
                                              (_local(2024, 2, 1, 12, 0), "4000")])
    copy_to_central(till.engine, engine)
    run_tiers(engine, date(2024, 3, 1), JobReport(date(2024, 3, 1)))
    with till.engine.connect() as conn:
        panel = member_panel(conn, current_rules(conn), member_id, _local(2024, 3, 1, 0, 0),
                             TAIPEI)
    with Session(engine) as session:
        central_tier = session.scalar(select(Member.tier).where(Member.id == member_id))
    assert panel.spend_12m == Decimal("10000")
    assert panel.tier.code == central_tier == "silver"


def test_a_voided_purchase_counts_nowhere_even_when_voided_after_the_window(
        till: StoreFixture, engine: Engine) -> None:
    member_id = _member_with_purchases(till, [(_local(2024, 1, 10, 12, 0), "7000"),
                                              (_local(2024, 2, 10, 12, 0), "3000")])
    svc = till.service()
    svc.sign_in(till.manager.id, "2468")
    with till.engine.connect() as conn:
        history = member_panel(conn, current_rules(conn), member_id,
                               _local(2024, 2, 11, 0, 0), TAIPEI).history
    first = next(r for r in history if r.kind == "earn" and r.points == 700)
    till.clock.now = _local(2024, 3, 5, 10, 0)  # voided after the day asked about
    svc.void(first.entry_id, manager_id=till.manager.id, reason="wrong member")
    svc.close()
    copy_to_central(till.engine, engine)
    with till.engine.connect() as conn:
        at_till = till_spend(conn, member_id, _local(2024, 3, 1, 0, 0), TAIPEI)
    with Session(engine) as session:
        member = session.get(Member, member_id)
        assert member is not None
        at_central = spend_12m(session, member_zones(session, [member]), date(2024, 3, 1))
    assert at_till == at_central[member_id] == Decimal("3000")
