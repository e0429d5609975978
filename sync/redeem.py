"""Redeeming at the counter: authorised by central online, within floor limits offline.

Online, one short request asks central to spend the points (a conditional update: two
racing terminals cannot both spend them); only an approval writes the local entry and lets
the slip print. When central cannot be reached the same entry id is kept — if the request
did reach central, the later push is answered "already applied", never a second spend — and
the redemption goes ahead offline only within the chain's floor limits, beyond which a
manager must approve (audited).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from loyalty.errors import ApprovalRequired, RedemptionRefused
from loyalty.ids import new_id
from loyalty.money import Money
from loyalty.offline import FloorDecision, OfflineUsage, check_floor
from loyalty.store import points
from loyalty.store.journal import audit
from loyalty.store.members import resolve_id
from loyalty.store.rulebook import current_rules
from loyalty.store.schema import ledger
from loyalty.store.service import CounterService
from sync.client import CentralClient
from sync.errors import Offline, Unauthorised
from sync.protocol import RedemptionRequest
from sync.state import time_state

log = logging.getLogger(__name__)


class OfflineApprovalRequired(ApprovalRequired):
    """Offline, this redemption is beyond the floor limits: a manager must approve it."""

    code = "offline_approval_required"

    def __init__(self, decision: FloorDecision) -> None:
        super().__init__(decision.message() + " A manager may approve it.")
        self.decision = decision


@dataclass(frozen=True, slots=True)
class Redemption:
    """A redemption written here: ``online`` when central authorised it first."""

    change: points.PointsChange
    online: bool
    central_balance: int | None = None
    floor_override: tuple[str, ...] = ()


def offline_usage(conn: Connection, terminal_id: str, member_id: str) -> OfflineUsage:
    """What this terminal redeemed offline since its last successful sync."""
    since = time_state(conn, "last_sync_at")
    base = select(func.count(), func.coalesce(func.sum(-ledger.c.points), 0)).where(
        ledger.c.kind == "redeem", ledger.c.offline.is_(True),
        ledger.c.terminal_id == terminal_id, ledger.c.state != "rejected")
    if since is not None:
        base = base.where(ledger.c.occurred_at >= since)
    _, used = conn.execute(base).one()
    count = conn.execute(base.where(ledger.c.member_id == member_id)).one()[0]
    return OfflineUsage(since, int(count), int(used))


class RedemptionDesk:
    """Redemptions for one counter: ``client`` is None when the terminal runs standalone."""

    def __init__(self, service: CounterService, client: CentralClient | None) -> None:
        self.service = service
        self.client = client

    def redeem(self, member_id: str, amount: int, *, sale: Money | None = None,
               approved_by: str | None = None, receipt_no: str | None = None) -> Redemption:
        """Redeem ``amount`` points; raises a :mod:`loyalty.errors` error when refused."""
        svc = self.service
        rules = svc.rules()
        if rules.needs_approval(amount) and approved_by is None:
            raise ApprovalRequired(f"Redeeming over {rules.approval_redeem_points} points "
                                   "needs a manager's approval.")
        entry_id = new_id()
        with svc.read_engine.connect() as conn:
            canonical = resolve_id(conn, member_id)
        now = svc.now()
        uncertain = False
        if self.client is not None:
            try:
                answer = self.client.redeem(RedemptionRequest(
                    entry_id=entry_id, member_id=canonical, points=amount,
                    sale_amount=sale.amount if sale else None,
                    currency=sale.currency.value if sale else None,
                    cashier_id=svc.ctx.cashier_id, receipt_no=receipt_no, occurred_at=now,
                    rules_version=rules.version, approved_by=approved_by))
            except (Offline, Unauthorised) as exc:
                log.info("redemption not authorised online (%s): floor limits apply", exc.kind)
                uncertain = isinstance(exc, Offline) and exc.maybe_sent
            else:
                if not answer.approved:
                    raise RedemptionRefused(answer.message or "Central declined.",
                                            code=answer.reason or "declined")
                with svc.engine.begin() as conn:
                    change = points.redeem_points(
                        conn, svc.ctx, current_rules(conn), canonical, amount, now, sale=sale,
                        approved_by=approved_by, receipt_no=receipt_no, entry_id=entry_id,
                        authorised=True)
                return Redemption(change, True, answer.balance)
        return self._offline(canonical, amount, entry_id, now, sale, approved_by, receipt_no,
                             uncertain)

    def _offline(self, member_id: str, amount: int, entry_id: str, now: datetime,
                 sale: Money | None, approved_by: str | None,
                 receipt_no: str | None, uncertain: bool) -> Redemption:
        svc = self.service
        with svc.engine.begin() as conn:
            rules = current_rules(conn)
            usage = offline_usage(conn, svc.ctx.terminal_id, member_id)
            decision = check_floor(rules.offline, amount, usage, now)
        if not decision.allowed and approved_by is None:
            if uncertain:
                self._cancel(member_id, amount, entry_id, now)
            raise OfflineApprovalRequired(decision)
        with svc.engine.begin() as conn:
            change = points.redeem_points(conn, svc.ctx, rules, member_id, amount, now,
                                          sale=sale, approved_by=approved_by, offline=True,
                                          receipt_no=receipt_no, entry_id=entry_id)
            if not decision.allowed:
                audit(conn, svc.ctx, "offline.limit_override", member_id, now,
                      entry=entry_id, points=amount, reasons=list(decision.reasons),
                      manager=approved_by)
        return Redemption(change, False, None, decision.reasons)

    def _cancel(self, member_id: str, amount: int, entry_id: str, now: datetime) -> None:
        """The authorisation may have reached central, yet the customer gets no discount:
        record the redemption under its id and reverse it at once, so central nets to zero
        whether or not it had applied it (both travel through the outbox)."""
        svc = self.service
        with svc.engine.begin() as conn:
            rules = current_rules(conn)
            points.redeem_points(conn, svc.ctx, rules, member_id, amount, now, offline=True,
                                 entry_id=entry_id, authorised=True,
                                 approved_by=svc.ctx.cashier_id or "terminal")
            points.void_entry(conn, svc.ctx, rules, entry_id, now,
                              manager_id=svc.ctx.cashier_id or "terminal",
                              reason="online authorisation unanswered; not given")
        log.info("uncertain online redemption %s cancelled with a reverse entry", entry_id)
