"""Small counter operations the desktop needs beyond :class:`CounterService`.

* the first manager of an empty store (created and audited in one transaction);
* what this terminal already redeemed offline, to enforce the floor limits of
  :class:`loyalty.rules.OfflineLimits` (DESIGN.md, "Offline: keep selling, bound the risk").

The sync engine records its last successful sync as the ``last_sync_at`` sync-state value
(ISO 8601, UTC); until then the offline period is "since this terminal started".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, select

from loyalty.errors import ApprovalRequired, InvalidInput
from loyalty.rules import OfflineLimits
from loyalty.store import cashiers
from loyalty.store.context import Counter
from loyalty.store.journal import audit
from loyalty.store.keyvalue import get_state
from loyalty.store.schema import ledger

LAST_SYNC_KEY = "last_sync_at"


def create_first_manager(engine: Engine, ctx: Counter, name: str, pin: str,
                         now: datetime) -> cashiers.Cashier:
    """Create the store's first manager; refused once any manager exists."""
    with engine.begin() as conn:
        if cashiers.has_manager(conn):
            raise InvalidInput("This store already has a manager.", code="manager_exists")
        manager = cashiers.create_cashier(conn, name, "manager", pin, now)
        audit(conn, ctx.signed_in(manager.id, "manager"), "cashier.create", manager.id, now,
              role="manager", first=True)
    return manager


def last_sync_at(conn: Connection) -> datetime | None:
    raw = get_state(conn, LAST_SYNC_KEY)
    if not raw:
        return None
    moment = datetime.fromisoformat(str(raw))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class OfflineUsage:
    """Offline redemptions this terminal made since its last successful sync."""

    member_redemptions: int  # by this member
    terminal_points: int  # by everyone, against the budget B
    last_sync_at: datetime | None


def offline_usage(conn: Connection, terminal_id: str, member_id: str) -> OfflineUsage:
    since = last_sync_at(conn)
    where = [ledger.c.kind == "redeem", ledger.c.offline.is_(True),
             ledger.c.terminal_id == terminal_id]
    if since is not None:
        where.append(ledger.c.occurred_at > since)
    count = conn.execute(select(func.count()).select_from(ledger).where(
        *where, ledger.c.member_id == member_id)).scalar_one()
    spent = conn.execute(select(func.coalesce(func.sum(-ledger.c.points), 0)).where(
        *where)).scalar_one()
    return OfflineUsage(int(count), int(spent), since)


def offline_limit_breach(limits: OfflineLimits, usage: OfflineUsage, points: int,
                         now: datetime) -> ApprovalRequired | None:
    """The first floor limit ``points`` would break offline (a manager may still approve),
    or None when the redemption is within the limits."""
    if not limits.enabled:
        return ApprovalRequired("Offline redemption is switched off; a manager must approve.",
                                code="offline_disabled")
    if points > limits.max_points_per_sale:
        return ApprovalRequired(
            f"Offline, at most {limits.max_points_per_sale} points per sale without a manager.",
            code="offline_over_sale")
    if usage.member_redemptions >= limits.max_redemptions_per_member:
        return ApprovalRequired(
            f"Offline, this member may redeem {limits.max_redemptions_per_member} time(s) "
            "here without a manager.", code="offline_member_count")
    if usage.last_sync_at is not None and (
            now - usage.last_sync_at).total_seconds() > limits.max_hours_since_sync * 3600:
        return ApprovalRequired(
            f"The last sync was over {limits.max_hours_since_sync} hours ago; "
            "a manager must approve.", code="offline_stale")
    if usage.terminal_points + points > limits.terminal_budget_points:
        return ApprovalRequired("This terminal's offline redemption budget is used up; "
                                "a manager must approve.", code="offline_budget")
    return None
