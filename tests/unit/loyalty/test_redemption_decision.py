"""The redemption decision (``loyalty.redemption``): what no approval allows, when a
manager must approve and why, and the floor limits an approval overrides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from loyalty.errors import ApprovalRequired, RedemptionRefused
from loyalty.money import Currency, Money
from loyalty.offline import OfflineUsage
from loyalty.redemption import OfflineApprovalRequired, decide_redemption
from loyalty.rules import default_rules

R = default_rules("TW")  # approval over 2,000; offline at most 1,000 a sale, once a member
NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
FRESH = OfflineUsage(NOW - timedelta(hours=1), 0, 0)


def test_a_small_online_redemption_needs_nobody_and_is_worth_its_value() -> None:
    d = decide_redemption(R, 500, 1200, None)
    assert (d.value, d.max_points, d.approval) == (Money(Decimal(50), Currency.TWD), 1200, None)
    d.require_approval()  # nothing to raise


def test_over_the_threshold_the_manager_sentence_is_the_rules_one() -> None:
    d = decide_redemption(R, 2100, 5000, None)
    assert isinstance(d.approval, ApprovalRequired)
    assert str(d.approval) == "Redeeming over 2000 points needs a manager's approval."
    with pytest.raises(ApprovalRequired):
        d.require_approval()
    decide_redemption(R, 2100, 5000, None, approved_by="m1").require_approval()


def test_offline_beyond_the_floor_limits_asks_a_manager_and_names_what_was_overridden() -> None:
    used = OfflineUsage(NOW - timedelta(hours=1), 1, 0)  # the member redeemed here already
    d = decide_redemption(R, 1100, 5000, None, usage=used, now=NOW)
    assert isinstance(d.approval, OfflineApprovalRequired)
    assert d.floor is not None and d.floor.reasons == ("over_sale_limit", "member_count")
    with pytest.raises(OfflineApprovalRequired):
        d.require_approval()
    approved = decide_redemption(R, 1100, 5000, None, usage=used, now=NOW, approved_by="m1")
    approved.require_approval()
    assert approved.floor_override == ("over_sale_limit", "member_count")


def test_offline_within_the_floor_limits_goes_ahead_with_nothing_to_audit() -> None:
    d = decide_redemption(R, 1000, 5000, None, usage=FRESH, now=NOW)
    assert d.approval is None and d.floor_override == ()


def test_over_the_threshold_and_the_floor_the_threshold_is_said_first() -> None:
    d = decide_redemption(R, 2100, 5000, None, usage=FRESH, now=NOW)
    assert type(d.approval) is ApprovalRequired


@pytest.mark.parametrize(("points", "balance", "code"), [
    (150, 1000, "redeem_step"), (0, 1000, "redeem_empty"), (600, 500, "redeem_over_balance"),
    (5100, 9000, "redeem_over_max")])
def test_what_no_approval_can_allow_is_refused_with_its_reason(
        points: int, balance: int, code: str) -> None:
    with pytest.raises(RedemptionRefused) as refused:
        decide_redemption(R, points, balance, None, approved_by="m1")
    assert refused.value.code == code


def test_an_unknown_balance_is_left_to_central() -> None:
    assert decide_redemption(R, 600, None, None).approval is None
