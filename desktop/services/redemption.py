"""Quoting a redemption as typed, before it is written: the decision is
:func:`loyalty.redemption.decide_redemption` (value, limits, and whether a manager must
approve). The online authorisation runs on the session's :class:`desktop.tasks.TaskRunner`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from loyalty.errors import ApprovalRequired, RedemptionRefused
from loyalty.money import Money, parse_amount
from loyalty.offline import OfflineUsage
from loyalty.redemption import decide_redemption
from loyalty.rules import Rules


@dataclass(frozen=True, slots=True)
class RedeemQuote:
    """A checked redemption: what it is worth and whether it needs a manager."""

    points: int
    value: Money
    sale: Money | None
    max_points: int
    offline: bool
    approval: ApprovalRequired | None  # why a manager must approve, or None


def parse_points(text: str) -> int:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not cleaned:
        raise RedemptionRefused("Enter the points to redeem.", code="redeem_empty")
    if not cleaned.isascii() or not cleaned.isdigit():
        raise RedemptionRefused("Type the points as a whole number.", code="redeem_not_number")
    return int(cleaned)


def quote(rules: Rules, balance: int, points_text: str, sale_text: str, *,
          usage: OfflineUsage | None, now: datetime) -> RedeemQuote:
    """Check a redemption as typed (``usage`` None: online, central authorises it).

    Raises :class:`RedemptionRefused` for what no approval can allow (over the balance,
    under the minimum …)."""
    points = parse_points(points_text)
    sale = parse_amount(sale_text, rules.currency) if sale_text.strip() else None
    decision = decide_redemption(rules, points, balance, sale, usage=usage, now=now)
    return RedeemQuote(points, decision.value, sale, decision.max_points, usage is not None,
                       decision.approval)
