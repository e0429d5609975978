"""The redemption decision: one function for the counter's quote, the exchange with central
(``sync/redeem.py``), the store's ``redeem_points`` and central's authorisation.

:func:`decide_redemption` checks what no approval can allow (steps, minimum, balance, per-sale
cap, share of the sale: :meth:`loyalty.rules.Rules.check_redemption`, raising
:class:`~loyalty.errors.RedemptionRefused`), and says whether a manager must approve and why:
over the rules' approval threshold, over the chain's identity policy when the member was
found by phone alone (:func:`loyalty.identity.proof_needed`: a scanned member QR proves them
instead), or — offline — beyond the chain's floor limits (:func:`loyalty.offline.check_floor`).
One manager's approval covers them all; the floor limits it overrides are named so the
caller can audit them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from loyalty.errors import ApprovalRequired, RedemptionRefused
from loyalty.identity import IdentityProofRequired, proof_needed
from loyalty.money import Money, parse_amount
from loyalty.offline import FloorDecision, OfflineUsage, check_floor
from loyalty.rules import Rules


class OfflineApprovalRequired(ApprovalRequired):
    """Offline, this redemption is beyond the floor limits: a manager must approve it."""

    code = "offline_approval_required"

    def __init__(self, decision: FloorDecision) -> None:
        super().__init__(decision.message() + " A manager may approve it.")
        self.decision = decision


def approval_sentence(threshold: int) -> str:
    """What the cashier reads when a redemption is over the approval ``threshold``."""
    return f"Redeeming over {threshold} points needs a manager's approval."


@dataclass(frozen=True, slots=True)
class RedemptionDecision:
    """A redemption the rules allow: its value, the most the sale could take, and whether
    (and why) a manager must approve it."""

    points: int
    value: Money
    max_points: int
    over_threshold: bool
    threshold: int  # the rules' approval threshold, in points
    floor: FloorDecision | None  # offline: the floor limits' verdict; online: None
    approved_by: str | None
    identity_needed: bool = False  # found by phone alone, over the chain's identity policy

    @property
    def approval(self) -> ApprovalRequired | None:
        """Why a manager must approve (the threshold's reason first), or None."""
        if self.over_threshold:
            return ApprovalRequired(approval_sentence(self.threshold))
        if self.identity_needed:
            return IdentityProofRequired()
        if self.floor is not None and not self.floor.allowed:
            return OfflineApprovalRequired(self.floor)
        return None

    @property
    def needs_approval(self) -> bool:
        return self.approval is not None

    @property
    def floor_override(self) -> tuple[str, ...]:
        """The floor limits a manager's approval overrides (to audit)."""
        if self.floor is None or self.floor.allowed or self.approved_by is None:
            return ()
        return self.floor.reasons

    def require_approval(self) -> None:
        """Raise the approval needed when no manager approved it."""
        approval = self.approval
        if approval is not None and self.approved_by is None:
            raise approval


def decide_redemption(rules: Rules, points: int, balance: int | None, sale: Money | None, *,
                      usage: OfflineUsage | None = None, now: datetime | None = None,
                      approved_by: str | None = None,
                      proven_by: str | None = None) -> RedemptionDecision:
    """Decide a redemption of ``points`` (raises :class:`RedemptionRefused` for what no
    approval can allow).

    ``balance``: the member's balance here, or None when central judges it (it authorised
    the redemption already, or is about to). ``usage``: what this terminal redeemed offline
    in its offline period, when the redemption would go ahead offline at ``now`` (None:
    online, central authorises it). ``proven_by``: how the member was proven for this sale
    (:data:`loyalty.identity.MEMBER_QR`), None when found by phone or code alone."""
    known = points if balance is None else balance
    rules.check_redemption(points, known, sale)
    floor = None
    if usage is not None:
        if now is None:
            raise ValueError("an offline decision needs the time")
        floor = check_floor(rules.offline, points, usage, now)
    return RedemptionDecision(
        points=points, value=rules.redemption_value(points),
        max_points=rules.max_redeemable(known, sale), over_threshold=rules.needs_approval(points),
        threshold=rules.approval_redeem_points, floor=floor, approved_by=approved_by,
        identity_needed=proof_needed(rules, points, proven_by=proven_by))


@dataclass(frozen=True, slots=True)
class RedeemQuote:
    """A redemption as typed at the counter, checked: what it is worth and whether it needs a
    manager (before it is written)."""

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
          usage: OfflineUsage | None, now: datetime,
          proven_by: str | None = None) -> RedeemQuote:
    """Check a redemption as typed (``usage`` None: online, central authorises it) with
    :func:`decide_redemption`.

    Raises :class:`RedemptionRefused` for what no approval can allow (over the balance,
    under the minimum …)."""
    points = parse_points(points_text)
    sale = parse_amount(sale_text, rules.currency) if sale_text.strip() else None
    decision = decide_redemption(rules, points, balance, sale, usage=usage, now=now,
                                 proven_by=proven_by)
    return RedeemQuote(points, decision.value, sale, decision.max_points, usage is not None,
                       decision.approval)
