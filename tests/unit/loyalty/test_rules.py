"""Each loyalty rule at its edges, with the shipped Taiwanese defaults."""

from datetime import date
from decimal import Decimal

import pytest

from loyalty.errors import RedemptionRefused
from loyalty.money import Currency, Money
from loyalty.rules import Rules, default_rules

R = default_rules("TW")


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def test_document_round_trips() -> None:
    assert Rules.from_document(R.to_document()) == R
    assert default_rules("HK").currency is Currency.HKD


@pytest.mark.parametrize(("amount", "tier", "birthday", "points"), [
    (1280, "general", False, 128),
    (1289, "general", False, 128),  # rounds down
    (9, "general", False, 0),
    (1000, "silver", False, 120),
    (1000, "gold", False, 150),
    (1000, "vip", False, 200),
    (1289, "general", True, 257),  # 1289 × 0.1 × 2 = 257.8 → 257
    (1000, "unknown", False, 100),  # an unknown tier earns as the base tier
])
def test_earn_rate_per_tier_rounds_down(amount: int, tier: str, birthday: bool,
                                        points: int) -> None:
    assert R.earn_points(twd(amount), tier, birthday_month=birthday) == points


def test_earning_in_the_wrong_currency_is_a_bug() -> None:
    with pytest.raises(ValueError):
        R.earn_points(Money(Decimal(10), Currency.HKD), "general")


def test_redemption_value_100_points_is_10_dollars() -> None:
    assert R.redemption_value(100).amount == Decimal(10)
    assert R.redemption_value(2500).amount == Decimal(250)


@pytest.mark.parametrize(("points", "balance", "sale", "code"), [
    (0, 1000, None, "redeem_empty"),
    (150, 1000, None, "redeem_step"),
    (100, 99, None, "redeem_over_balance"),
    (5100, 9000, None, "redeem_over_max"),
    (600, 1000, twd(1000), "redeem_over_share"),  # NT$60 off a NT$100… no: 50% of 1000 = 500
])
def test_redemption_limits(points: int, balance: int, sale: Money | None, code: str) -> None:
    if code == "redeem_over_share":
        sale = twd(100)  # NT$60 may not pay for more than half of NT$100
    with pytest.raises(RedemptionRefused) as err:
        R.check_redemption(points, balance, sale)
    assert err.value.code == code


def test_redemption_at_its_limits_is_allowed() -> None:
    R.check_redemption(100, 100, None)
    R.check_redemption(5000, 5000, None)
    R.check_redemption(500, 1000, twd(100))  # NT$50 = exactly half
    assert R.max_redeemable(10_000, twd(1000)) == 5000
    assert R.max_redeemable(250, None) == 200


def test_manager_approval_above_threshold() -> None:
    assert not R.needs_approval(2000)
    assert R.needs_approval(2100)


def test_points_expire_at_end_of_nth_month() -> None:
    assert R.expires_on(date(2026, 3, 15)) == date(2027, 3, 31)
    assert R.expires_on(date(2026, 1, 31)) == date(2027, 1, 31)
    assert R.expires_on(date(2024, 2, 29)) == date(2025, 2, 28)


@pytest.mark.parametrize(("spend", "tier"), [
    (Decimal("9999"), "general"), (Decimal("10000"), "silver"), (Decimal("29999"), "silver"),
    (Decimal("30000"), "gold"), (Decimal("80000"), "vip"),
])
def test_tier_thresholds(spend: Decimal, tier: str) -> None:
    assert R.tier_for_spend(spend).code == tier


def test_upgrade_is_immediate_downgrade_waits_for_the_term() -> None:
    since = date(2026, 1, 10)
    assert R.evaluate_tier("general", since, Decimal(10000), date(2026, 1, 11)) == (
        "silver", "upgrade")
    assert R.evaluate_tier("gold", since, Decimal(0), date(2027, 1, 9)) == ("gold", None)
    assert R.evaluate_tier("gold", since, Decimal(12000), date(2027, 1, 10)) == (
        "silver", "downgrade")
    assert R.evaluate_tier("silver", since, Decimal(15000), date(2027, 6, 1)) == (
        "silver", None)
