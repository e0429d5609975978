"""The counter's instrument decisions, without a database: the offline policy, stamps per
sale, rewards due, refunds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from loyalty.instruments import (
    InstrumentRefused,
    RewardState,
    check_units,
    check_usable,
    decide_offline,
    refund_amount,
    reward_of_cycle,
    rewards_due,
    stamps_for_sale,
    stamps_now,
    usable,
)
from loyalty.money import Currency, Money
from loyalty.programs import OfflinePolicy, Program, derived_id, stamp_reward_instrument_id

TODAY = date(2026, 11, 23)
COUPON = Program("c", "coupon", "券", "Coupon", offline=OfflinePolicy("per_terminal", 2))
NEVER = Program("n", "coupon", "券", "Coupon")
PASS = Program("p", "prepaid_pass", "寄杯", "Pass", units=10, price=Decimal("900"),
               refund_unit_price=Decimal("80"), offline=OfflinePolicy("per_terminal", 10))
CARD = Program("s", "stamp_card", "集點", "Card", units=10, reward_program="c",
               stamp_min_sale=Decimal("60"), tiers=("gold",), stores=("S001",))


def test_offline_redemption_follows_the_programs_policy() -> None:
    decide_offline(COUPON, 1, 1, 0)
    decide_offline(COUPON, 1, 1, 1)
    with pytest.raises(InstrumentRefused) as limit:
        decide_offline(COUPON, 1, 1, 2)
    assert limit.value.code == "instrument_offline_limit"
    with pytest.raises(InstrumentRefused) as never:
        decide_offline(NEVER, 1, 1, 0)
    assert never.value.code == "instrument_online_only"


def test_offline_cups_are_what_the_till_last_saw_minus_what_it_gave() -> None:
    decide_offline(PASS, 4, 4, 3)
    with pytest.raises(InstrumentRefused) as over:
        decide_offline(PASS, 4, 5, 3)
    assert over.value.code == "instrument_over_balance"


def test_units_balance_and_expiry() -> None:
    check_units(PASS, 10)
    for units in (0, 11):
        with pytest.raises(InstrumentRefused):
            check_units(PASS, units)
    with pytest.raises(InstrumentRefused):
        check_units(COUPON, 2)
    check_usable(1, 1, TODAY, TODAY)
    for remaining, expires, code in ((0, None, "instrument_used"),
                                     (1, date(2026, 11, 22), "instrument_expired"),
                                     (-1, None, "instrument_used")):
        with pytest.raises(InstrumentRefused) as refused:
            check_usable(remaining, 1, expires, TODAY)
        assert refused.value.code == code
    assert usable(3, None, TODAY) and not usable(0, None, TODAY)
    assert not usable(3, date(2026, 1, 1), TODAY)


def test_a_sale_stamps_a_card_it_qualifies_for() -> None:
    sale = Money(Decimal("60"), Currency.TWD)
    assert stamps_for_sale(CARD, sale, "gold", "S001", TODAY) == 1
    assert stamps_for_sale(CARD, Money(Decimal("59"), Currency.TWD), "gold", "S001",
                           TODAY) == 0
    assert stamps_for_sale(CARD, sale, "general", "S001", TODAY) == 0  # tier
    assert stamps_for_sale(CARD, sale, "gold", "S002", TODAY) == 0  # store
    assert stamps_for_sale(COUPON, sale, "gold", "S001", TODAY) == 0


def test_rewards_and_stamps_now() -> None:
    assert list(rewards_due(9, 10)) == []
    assert list(rewards_due(10, 10)) == [1]
    assert list(rewards_due(25, 10)) == [1, 2]
    assert [stamps_now(n, 10) for n in (0, 9, 10, 13, -1)] == [0, 9, 0, 3, 0]


def test_refund_of_unused_cups() -> None:
    assert refund_amount(PASS, 4) == Decimal("320.00")
    no_rule = Program("q", "prepaid_pass", "寄杯", "Pass", units=3, price=Decimal("100"))
    assert refund_amount(no_rule, 1) == Decimal("33.33")  # the price per cup, floored cent
    with pytest.raises(InstrumentRefused):
        refund_amount(PASS, 0)
    with pytest.raises(InstrumentRefused):
        refund_amount(COUPON, 1)


def test_a_completions_first_reward_keeps_the_id_it_always_had() -> None:
    assert stamp_reward_instrument_id("card", 2) == stamp_reward_instrument_id("card", 2, 1) \
        == derived_id("stamp-reward", "card", 2)
    issues = {stamp_reward_instrument_id("card", 2, n) for n in (1, 2, 3)}
    assert len(issues) == 3 and stamp_reward_instrument_id("card", 1, 2) not in issues


def test_the_reward_of_a_completion_is_the_first_issue_no_void_took_back() -> None:
    first, second, third = (stamp_reward_instrument_id("card", 1, n) for n in (1, 2, 3))

    def states(known: dict[str, RewardState]) -> tuple[str, RewardState]:
        return reward_of_cycle("card", 1, lambda rid: known.get(rid, "absent"))
    assert states({}) == (first, "absent")
    assert states({first: "held"}) == (first, "held")  # used or not: no other one
    assert states({first: "taken_back"}) == (second, "absent")
    assert states({first: "taken_back", second: "taken_back"}) == (third, "absent")
    assert states({first: "taken_back", second: "held"}) == (second, "held")
