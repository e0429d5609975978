"""Deciding a redemption before it is written: value, limits, and whether a manager must
approve (over the rules' threshold, or beyond the offline floor limits of
:func:`loyalty.offline.check_floor`). The online authorisation runs on the session's
:class:`desktop.tasks.TaskRunner`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from loyalty.errors import ApprovalRequired, RedemptionRefused
from loyalty.money import Money, parse_amount
from loyalty.offline import OfflineUsage, check_floor
from loyalty.rules import Rules
from sync.redeem import OfflineApprovalRequired


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
    rules.check_redemption(points, balance, sale)
    approval: ApprovalRequired | None = None
    if rules.needs_approval(points):
        approval = ApprovalRequired(
            f"Redeeming over {rules.approval_redeem_points} points needs a manager's approval.")
    elif usage is not None:
        decision = check_floor(rules.offline, points, usage, now)
        if not decision.allowed:
            approval = OfflineApprovalRequired(decision)
    return RedeemQuote(points, rules.redemption_value(points), sale,
                       rules.max_redeemable(balance, sale), usage is not None, approval)
