"""Floor limits for redeeming while central cannot be reached (DESIGN.md, "Offline").

A pure decision: given the chain's :class:`~loyalty.rules.OfflineLimits` and what this
terminal did since its last successful sync, may a redemption go ahead offline, and if not,
why (a manager may still approve; the approval is audited by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from loyalty.rules import OfflineLimits

CONTACT_GAP = timedelta(seconds=60)
"""Central's contacts with a terminal closer than this belong to one online stretch.

The floor limits count a terminal's offline redemptions over its offline period. The
terminal counts from :func:`usage_since` (never less than this long a window); central,
which knows contacts only to this precision, counts over a window never longer than the
terminal's (:mod:`central.terminal_health`). So central never finds a breach the terminal
did not see: a terminal that syncs every few seconds records none."""


@dataclass(frozen=True, slots=True)
class OfflineUsage:
    """What this terminal redeemed offline since its last successful sync."""

    last_sync_at: datetime | None
    member_redemptions: int  # this member, this terminal, this offline period
    budget_used: int  # points, all members


@dataclass(frozen=True, slots=True)
class FloorDecision:
    """``allowed``, or the reasons (stable codes) a manager must approve."""

    allowed: bool
    reasons: tuple[str, ...] = ()

    def message(self) -> str:
        texts = {
            "offline_disabled": "The chain does not allow redeeming offline.",
            "over_sale_limit": "More points than may be redeemed in one sale offline.",
            "member_count": "This member already redeemed offline here as often as allowed.",
            "too_long_offline": "Too long since the last sync to redeem offline.",
            "budget_spent": "This terminal's offline redemption budget is used up.",
        }
        return " ".join(texts[r] for r in self.reasons)


def usage_since(last_sync_at: datetime | None, now: datetime) -> datetime | None:
    """Where a terminal starts counting its offline redemptions: its last successful sync,
    or :data:`CONTACT_GAP` ago if that is earlier (None: never synced, count everything)."""
    if last_sync_at is None:
        return None
    return min(last_sync_at, now - CONTACT_GAP)


def check_floor(limits: OfflineLimits, points: int, usage: OfflineUsage,
                now: datetime) -> FloorDecision:
    """May ``points`` be redeemed offline now? Every broken limit is named."""
    reasons: list[str] = []
    if not limits.enabled:
        reasons.append("offline_disabled")
    if points > limits.max_points_per_sale:
        reasons.append("over_sale_limit")
    if usage.member_redemptions >= limits.max_redemptions_per_member:
        reasons.append("member_count")
    if usage.last_sync_at is None or now - usage.last_sync_at > timedelta(
            hours=limits.max_hours_since_sync):
        reasons.append("too_long_offline")
    if usage.budget_used + points > limits.terminal_budget_points:
        reasons.append("budget_spent")
    return FloorDecision(not reasons, tuple(reasons))


def worst_case_exposure(limits: OfflineLimits, terminals: int) -> int:
    """Most points one member could overdraw in one window across ``terminals`` offline
    terminals: k·U·L (the number the report states)."""
    return terminals * limits.max_redemptions_per_member * limits.max_points_per_sale
