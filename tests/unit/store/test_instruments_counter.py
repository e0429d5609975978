"""Instruments at a standalone counter (a real store file, no central): the panel lists
them, a redemption follows the offline policy and what the till holds, a pass is sold with
a serial and refunded at the chain's price, a sale stamps its card and a void takes the
stamp back, the birthday gift comes once, and a new member cannot refer themself. What is
queued for central matches what the ledger holds."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from loyalty.errors import InvalidInput, NotPermitted
from loyalty.instruments import InstrumentRefused
from loyalty.money import Currency, Money
from loyalty.programs import (
    birthday_instrument_id,
    read_programs,
    stamp_card_id,
    stamp_reward_instrument_id,
)
from loyalty.records import InstrumentEntry
from loyalty.store.instrument_replica import remaining_mismatches
from loyalty.store.members import Birthday
from loyalty.store.rulebook import current_rules, store_rules
from loyalty.store.schema import outbox
from loyalty.store.service import CounterService
from tests.helpers.programs import ALL
from tests.helpers.store import StoreFixture


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


@pytest.fixture
def programs(store: StoreFixture, svc: CounterService) -> CounterService:
    with store.engine.begin() as conn:
        rules = current_rules(conn)
        store_rules(conn, replace(rules, version=rules.version + 1,
                                  programs=read_programs(list(ALL))), svc.now())
    return svc


def _queued(store: StoreFixture) -> list[InstrumentEntry]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.payload).where(outbox.c.kind == "instrument.entry")
                            .order_by(outbox.c.seq))
        return [InstrumentEntry.model_validate(json.loads(r.payload)) for r in rows]


def _consistent(store: StoreFixture) -> None:
    with store.engine.connect() as conn:
        assert remaining_mismatches(conn) == []


def test_a_pass_sold_used_offline_and_refunded(store: StoreFixture,
                                               programs: CounterService) -> None:
    svc = programs
    member = svc.enroll(phone="0912345678", name="王小明").member_id
    sold = svc.sell_pass(member, "latte-10", receipt_no="P-1")
    assert sold.serial and sold.serial.startswith("P") and len(sold.serial) == 12
    assert [(v.kind, v.remaining, v.usable) for v in svc.panel(member).instruments] == [
        ("prepaid_pass", 10, True)]
    used = svc.redeem_instrument(sold.instrument_id, 3, receipt_no="R-1")
    assert (used.units, used.remaining, used.offline) == (-3, 7, True)
    with pytest.raises(InstrumentRefused) as over:
        svc.redeem_instrument(sold.instrument_id, 8)
    assert over.value.code == "instrument_over_balance"
    with pytest.raises(NotPermitted):
        svc.refund_pass(sold.instrument_id, manager_id="")
    refund = svc.refund_pass(sold.instrument_id, manager_id=store.manager.id)
    assert (refund.units, refund.amount, refund.remaining) == (-7, Decimal("560.00"), 0)
    assert svc.instruments(member) == []
    queued = _queued(store)
    assert [(e.kind, e.units, e.amount) for e in queued] == [
        ("issue", 10, Decimal("900")), ("redeem", -3, None), ("refund", -7, Decimal("560.00"))]
    _consistent(store)


def test_the_offline_policy_limits_redemptions_per_terminal(store: StoreFixture,
                                                            programs: CounterService) -> None:
    svc = programs
    member = svc.enroll(phone="0912345678", name="王小明").member_id
    passes = [svc.sell_pass(member, "latte-10", receipt_no=None).instrument_id
              for _ in range(2)]
    for _ in range(10):
        svc.redeem_instrument(passes[0])
    with pytest.raises(InstrumentRefused) as limit:  # ten offline per terminal, then online
        svc.redeem_instrument(passes[1])
    assert limit.value.code == "instrument_offline_limit"


def test_stamps_reward_and_void(store: StoreFixture, programs: CounterService) -> None:
    svc = programs
    member = svc.enroll(phone="0912345678", name="王小明").member_id
    sales = [svc.award(member, twd(100), f"S-{k}") for k in range(10)]
    card = stamp_card_id("coffee-card", member)
    assert [c.stamps_now for c in sales[8].instruments] == [9]
    assert [c.kind for c in sales[9].instruments] == ["stamp", "issue"]
    reward = sales[9].instruments[1].instrument_id
    views = {v.instrument_id: v for v in svc.instruments(member)}
    assert views[card].stamps_now == 0 and views[card].remaining == 10
    assert views[reward].usable and views[reward].name_en == "Free coffee"
    svc.redeem_instrument(reward)  # used: the void leaves it, takes the stamp
    voided = svc.void(sales[9].entry_id, manager_id=store.manager.id, reason="mistake")
    assert [(c.instrument_id, c.units, c.stamps_now) for c in voided.instruments] == [
        (card, -1, 9)]
    again = svc.void(sales[8].entry_id, manager_id=store.manager.id, reason="mistake")
    assert [(c.units, c.stamps_now) for c in again.instruments] == [(-1, 8)]
    svc.award(member, twd(100), "S-10")
    full = svc.award(member, twd(100), "S-11")  # the card is full again: that completion
    assert [(c.kind, c.stamps_now) for c in full.instruments] == [("stamp", 0)]  # was paid
    assert [v.instrument_id for v in svc.panel(member).instruments if v.usable] == []
    _consistent(store)


def _panel(svc: CounterService, member: str) -> tuple[int | None, list[str]]:
    """What the member panel shows: the card's stamps now, the usable rewards' ids."""
    views = svc.panel(member).instruments
    card = [v.stamps_now for v in views if v.kind == "stamp_card"]
    return card[0] if card else None, [v.instrument_id for v in views
                                       if v.usable and v.program_id == "free-coffee"]


def test_a_void_takes_the_unused_reward_back_and_the_card_completed_again_gives_it_again(
        store: StoreFixture, programs: CounterService) -> None:
    svc = programs
    member = svc.enroll(phone="0912345678", name="王小明").member_id
    card = stamp_card_id("coffee-card", member)
    first = stamp_reward_instrument_id(card, 1)
    sales = [svc.award(member, twd(100), f"S-{k}") for k in range(10)]
    assert _panel(svc, member) == (0, [first])
    voided = svc.void(sales[9].entry_id, manager_id=store.manager.id, reason="mistake")
    assert [(c.instrument_id, c.kind, c.units) for c in voided.instruments] == [
        (card, "reverse", -1), (first, "reverse", -1)]
    assert _panel(svc, member) == (9, [])
    again = svc.award(member, twd(100), "S-10")
    second = stamp_reward_instrument_id(card, 1, 2)
    assert [(c.kind, c.instrument_id, c.stamps_now) for c in again.instruments] == [
        ("stamp", card, 0), ("issue", second, None)]
    assert _panel(svc, member) == (0, [second])
    # a void of an earlier sale also leaves the card short of the completion: the unused
    # reward goes back, and the next stamp gives it a third time
    svc.void(sales[3].entry_id, manager_id=store.manager.id, reason="mistake")
    assert _panel(svc, member) == (9, [])
    third = svc.award(member, twd(100), "S-11").instruments
    assert [c.instrument_id for c in third] == [card, stamp_reward_instrument_id(card, 1, 3)]
    assert _panel(svc, member) == (0, [stamp_reward_instrument_id(card, 1, 3)])
    queued = [(e.kind, e.instrument_id) for e in _queued(store) if e.instrument_id != card]
    assert queued == [("issue", first), ("reverse", first), ("issue", second),
                      ("reverse", second), ("issue", stamp_reward_instrument_id(card, 1, 3))]
    _consistent(store)


def test_the_birthday_gift_comes_once_in_the_birthday_month(store: StoreFixture,
                                                            programs: CounterService) -> None:
    svc = programs  # the store clock: 23 November 2026
    member = svc.enroll(phone="0912345678", name="王小明",
                        birthday=Birthday(11, 5, 1990)).member_id
    other = svc.enroll(phone="0922345678", name="林", birthday=Birthday(3, 5, 1990)).member_id
    first = svc.award(member, twd(50), "B-1")
    assert [(c.instrument_id, c.instrument_kind) for c in first.instruments] == [
        (birthday_instrument_id("bday", member, 2026), "birthday_gift")]
    assert svc.award(member, twd(50), "B-2").instruments == ()
    assert svc.award(other, twd(50), "B-3").instruments == ()
    gift = [v for v in svc.panel(member).instruments if v.kind == "birthday_gift"]
    assert [(v.badge, v.expires_on and v.expires_on.isoformat()) for v in gift] == [
        ("birthday", "2026-11-30")]


def test_a_new_member_gives_a_referrers_phone_or_code_never_their_own(
        store: StoreFixture, programs: CounterService) -> None:
    svc = programs
    referrer = svc.enroll(phone="0912345678", name="王小明")
    with pytest.raises(InvalidInput) as own:
        svc.enroll(phone="0933111222", name="林", referral_code="+886 933 111 222")
    assert own.value.code == "self_referral"
    by_phone = svc.enroll(phone="0933111222", name="林", referral_code="0912-345-678")
    by_code = svc.enroll(phone="0933111333", name="陳", referral_code=referrer.member_code)
    campaign = svc.enroll(phone="0933111444", name="張", referral_code="SPRING2026")
    with store.engine.connect() as conn:
        sent = {json.loads(r.payload)["member_id"]: json.loads(r.payload)["referral_code"]
                for r in conn.execute(select(outbox.c.payload).where(
                    outbox.c.kind == "member.enroll"))}
    assert sent[by_phone.member_id] == "+886912345678"
    assert sent[by_code.member_id] == referrer.member_code
    assert sent[campaign.member_id] == "SPRING2026"


def test_an_instrument_entry_is_append_only(store: StoreFixture,
                                            programs: CounterService) -> None:
    svc = programs
    member = svc.enroll(phone="0912345678", name="王小明").member_id
    sold = svc.sell_pass(member, "latte-10", receipt_no="P-1")
    with store.engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.exec_driver_sql("DELETE FROM instrument_ledger")
    with store.engine.begin() as conn, pytest.raises(Exception, match="cannot be changed"):
        conn.exec_driver_sql("UPDATE instrument_ledger SET units = 99 WHERE id = ?",
                             (sold.entry_id,))
