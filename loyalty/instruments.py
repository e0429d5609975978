"""What the counter may do with an instrument, decided without a database (pure domain).

The till's store (:mod:`loyalty.store.instruments`) and central apply the same rules:

* :func:`decide_offline` — may an instrument be redeemed while central cannot be reached
  (the program's offline policy, and for every kind at most what the till last saw minus
  what it already gave: its local ``remaining``);
* :func:`stamps_for_sale` — does a sale add a stamp to a stamp card;
* :func:`rewards_due` — which stamp rewards a card's balance has earned;
* :func:`reward_of_cycle` — which issue of a completion's reward stands (a void may have
  taken earlier ones back);
* :func:`refund_amount` — what a prepaid pass's unused cups pay back;
* :func:`usable` — whether an instrument can be redeemed today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Literal

from loyalty.errors import RedemptionRefused
from loyalty.money import Money
from loyalty.programs import Program, stamp_reward_instrument_id

SINGLE_USE_KINDS = ("coupon", "birthday_gift", "referral")
"""Kinds whose instrument is used once (a stamp reward is issued by a card's reward program,
usually one of these)."""


class InstrumentRefused(RedemptionRefused):
    """An instrument cannot be used, sold or refunded now; ``code`` says why."""

    code = "instrument_refused"


def check_units(program: Program, units: int) -> None:
    """``units`` to redeem at once: 1 for a single-use instrument, 1..the pass's cups."""
    if units < 1:
        raise InstrumentRefused("Redeem at least one.", code="instrument_units")
    if units > program.units:
        raise InstrumentRefused(f"At most {program.units} can be redeemed at once.",
                                code="instrument_units")


def usable(remaining: int, expires_on: date | None, today: date) -> bool:
    """Something left and not expired (an instrument is usable through its expiry day)."""
    return remaining > 0 and (expires_on is None or today <= expires_on)


def check_usable(remaining: int, units: int, expires_on: date | None, today: date) -> None:
    """Refuse a redemption the instrument's balance or expiry forbids."""
    if expires_on is not None and today > expires_on:
        raise InstrumentRefused(f"This expired on {expires_on.isoformat()}.",
                                code="instrument_expired")
    if remaining <= 0:
        raise InstrumentRefused("This has already been used.", code="instrument_used")
    if units > remaining:
        raise InstrumentRefused(f"Only {remaining} left.", code="instrument_over_balance")


def decide_offline(program: Program, remaining: int, units: int,
                   used_this_period: int) -> None:
    """Refuse an offline redemption the program's policy forbids.

    ``remaining``: what this till last saw minus what it gave since (its local balance);
    ``used_this_period``: offline redemptions of this program's instruments this terminal
    made in its current offline period (:func:`loyalty.offline.usage_since`)."""
    if program.offline.mode == "never":
        raise InstrumentRefused(
            "This can only be redeemed while the till is connected to head office.",
            code="instrument_online_only")
    if used_this_period >= program.offline.max_per_terminal:
        raise InstrumentRefused(
            f"This till already redeemed {used_this_period} of these offline; connect to "
            "head office to redeem more.", code="instrument_offline_limit")
    if units > remaining:
        raise InstrumentRefused(f"Only {max(remaining, 0)} left as this till last saw.",
                                code="instrument_over_balance")


def stamps_for_sale(program: Program, sale: Money, tier: str, store_id: str,
                    day: date) -> int:
    """The stamps a sale adds to a card of ``program`` (0 or 1)."""
    if program.kind != "stamp_card" or not program.running_on(day):
        return 0
    if not program.eligible(tier, store_id):
        return 0
    return 1 if sale.amount >= program.stamp_min_sale and sale.amount > 0 else 0


def rewards_due(balance: int, units: int) -> range:
    """The reward cycles (1, 2, …) a card with ``balance`` stamps has earned."""
    return range(1, max(balance, 0) // units + 1)


RewardState = Literal["absent", "taken_back", "held"]


def reward_of_cycle(card_id: str, cycle: int, state: Callable[[str], RewardState]
                    ) -> tuple[str, RewardState]:
    """The reward of the card's ``cycle``-th completion as it stands: the first of its
    issues (:func:`loyalty.programs.stamp_reward_instrument_id`) that a void did not take
    back, and whether the member holds it (``"held"``: used or not) or it is still to be
    issued (``"absent"``). ``state`` tells an id's state where the caller keeps them."""
    issue = 1
    while True:
        reward_id = stamp_reward_instrument_id(card_id, cycle, issue)
        found = state(reward_id)
        if found != "taken_back":
            return reward_id, found
        issue += 1


def stamps_now(balance: int, units: int) -> int:
    """Stamps on the card towards the next reward."""
    return max(balance, 0) % units


def refund_amount(program: Program, cups: int) -> Decimal:
    """What ``cups`` unused cups of a prepaid pass pay back (the chain's price rule)."""
    if program.kind != "prepaid_pass":
        raise InstrumentRefused("Only a prepaid pass can be refunded.", code="instrument_kind")
    if cups <= 0:
        raise InstrumentRefused("Nothing is left to refund.", code="instrument_used")
    unit = program.refund_unit_price
    if unit is None:
        assert program.price is not None  # a pass has a price (Program checks)
        unit = (program.price / program.units).quantize(Decimal("0.01"))
    return (unit * cups).quantize(Decimal("0.01"))
