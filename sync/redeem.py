"""Redeeming points at the counter: an exchange with central that ends the same on both
sides (the protocol: :mod:`sync.exchange`; the intents: :mod:`loyalty.store.intents`).

Points' offline rule is the chain's floor limits: with no answer, the redemption may go
ahead offline under the same id within them (a push of it is "already applied" if central
had approved); beyond them it is cancelled at central. What the cashier is told is what
central ends up holding, every time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from loyalty.errors import LoyaltyError, RedemptionRefused
from loyalty.identity import MEMBER_QR
from loyalty.ids import new_id
from loyalty.money import Money
from loyalty.offline import OfflineUsage, usage_since
from loyalty.redemption import RedeemQuote, decide_redemption, quote
from loyalty.store import intents, points
from loyalty.store.intents import Intent
from loyalty.store.journal import audit
from loyalty.store.members import resolve_id
from loyalty.store.rulebook import current_rules
from loyalty.store.schema import ledger, members
from loyalty.store.service import CounterService
from sync.client import CentralClient
from sync.exchange import Answer, ExchangeDesk
from sync.protocol import RedemptionRequest
from sync.state import time_state


class RedemptionAbandoned(RedemptionRefused):
    """The cashier gave up waiting: the redemption is cancelled at central."""

    def __init__(self) -> None:
        super().__init__("The redemption was cancelled; the member keeps the points.",
                         code="redeem_abandoned")


@dataclass(frozen=True, slots=True)
class Redemption:
    """A redemption written here: ``online`` when central authorised it first."""

    change: points.PointsChange
    online: bool
    central_balance: int | None = None
    floor_override: tuple[str, ...] = ()
    sale: Money | None = None


def offline_usage(conn: Connection, terminal_id: str, member_id: str,
                  now: datetime) -> OfflineUsage:
    """What this terminal redeemed offline in its current offline period
    (:func:`loyalty.offline.usage_since`: central never counts a longer window)."""
    last_sync = time_state(conn, "last_sync_at")
    since = usage_since(last_sync, now)
    base = select(func.count(), func.coalesce(func.sum(-ledger.c.points), 0)).where(
        ledger.c.kind == "redeem", ledger.c.offline.is_(True),
        ledger.c.terminal_id == terminal_id, ledger.c.state != "rejected")
    if since is not None:
        base = base.where(ledger.c.occurred_at >= since)
    _, used = conn.execute(base).one()
    count = conn.execute(base.where(ledger.c.member_id == member_id)).one()[0]
    return OfflineUsage(last_sync, int(count), int(used))


class RedemptionDesk(ExchangeDesk[Intent, points.PointsChange, Redemption, str | None]):
    """Redemptions for one counter: ``client`` is None when the terminal runs standalone.

    A call's ``member_qr`` (sent to central; offline the till's check stands) is what it
    brings beyond its intent."""

    noun = "redemption"
    offline_rule = "floor limits apply"

    def __init__(self, service: CounterService, client: CentralClient | None) -> None:
        super().__init__(service, client, intents.TABLE)

    def quote(self, member_id: str, balance: int, points_text: str, sale_text: str, *,
              online: bool, proven_by: str | None = None) -> RedeemQuote:
        """Check a redemption as typed before it is asked for: online, central authorises
        it; offline, this terminal's floor-limit usage so far counts."""
        usage = None
        now = self.service.now()
        if not online:
            with self.service.read_engine.connect() as conn:
                usage = offline_usage(conn, self.service.ctx.terminal_id, member_id, now)
        return quote(self.service.rules(), balance, points_text, sale_text, usage=usage,
                     now=now, proven_by=proven_by)

    def redeem(self, member_id: str, amount: int, *, sale: Money | None = None,
               approved_by: str | None = None, receipt_no: str | None = None,
               abandoned: threading.Event | None = None,
               member_qr: str | None = None) -> Redemption:
        """Redeem ``amount`` points; raises a :mod:`loyalty.errors` error when refused.

        ``abandoned``: set by the counter when the cashier gives up waiting for central; an
        answer arriving after it is cancelled at central instead of written. ``member_qr``:
        the member's signed QR the till verified for this sale (sent to central, which
        checks it again; offline the till's check stands)."""
        svc = self.service
        rules = svc.rules()
        # Decided before anything is asked (central judges the balance).
        proven_by = MEMBER_QR if member_qr else None
        decide_redemption(rules, amount, None, sale, approved_by=approved_by,
                          proven_by=proven_by).require_approval()
        with svc.read_engine.connect() as conn:
            canonical = resolve_id(conn, member_id)
        intent = Intent(new_id(), canonical, amount, sale, receipt_no, svc.ctx.cashier_id,
                        approved_by, rules.version, svc.now())
        return self._exchange(intent, abandoned, member_qr)

    # --- the exchange's hooks --------------------------------------------------------------
    def _send(self, client: CentralClient, intent: Intent, member_qr: str | None) -> Answer:
        sale = intent.sale
        answer = client.redeem(RedemptionRequest(
            entry_id=intent.entry_id, member_id=intent.member_id, points=intent.points,
            sale_amount=sale.amount if sale else None,
            currency=sale.currency.value if sale else None, cashier_id=intent.cashier_id,
            receipt_no=intent.receipt_no, occurred_at=intent.occurred_at,
            rules_version=intent.rules_version, approved_by=intent.approved_by,
            member_qr=member_qr))
        return Answer(answer.approved, answer.reason, answer.message, answer.balance)

    def _central_state(self, client: CentralClient, entry_id: str) -> str:
        return client.redemption_status(entry_id).state

    def _write_offline(self, conn: Connection, intent: Intent,
                       member_qr: str | None) -> Redemption:
        """Within the chain's floor limits (beyond them: OfflineApprovalRequired)."""
        svc = self.service
        proven_by = MEMBER_QR if member_qr else None
        rules = current_rules(conn)
        now = intent.occurred_at
        usage = offline_usage(conn, svc.ctx.terminal_id, intent.member_id, now)
        decision = decide_redemption(rules, intent.points, None, intent.sale, usage=usage,
                                     now=now, approved_by=intent.approved_by,
                                     proven_by=proven_by)
        decision.require_approval()
        change = points.redeem_points(
            conn, self._ctx(intent), rules, intent.member_id, intent.points, now,
            sale=intent.sale, approved_by=intent.approved_by, offline=True,
            receipt_no=intent.receipt_no, entry_id=intent.entry_id, proven_by=proven_by)
        if decision.floor_override:
            audit(conn, svc.ctx, "offline.limit_override", intent.member_id, now,
                  entry=intent.entry_id, points=intent.points,
                  reasons=list(decision.floor_override), manager=intent.approved_by)
        return Redemption(change, False, None, decision.floor_override, sale=intent.sale)

    def _write_authorised(self, conn: Connection, intent: Intent) -> points.PointsChange:
        return points.redeem_points(
            conn, self._ctx(intent), current_rules(conn), intent.member_id, intent.points,
            intent.occurred_at, sale=intent.sale, approved_by=intent.approved_by,
            offline=False, receipt_no=intent.receipt_no, entry_id=intent.entry_id,
            authorised=True)

    def _held_change(self, conn: Connection, intent: Intent) -> points.PointsChange:
        member_id = resolve_id(conn, intent.member_id)
        row = conn.execute(_BALANCES.where(members.c.id == member_id)).one()
        return points.PointsChange(intent.entry_id, member_id, "redeem", -intent.points,
                                   int(row.balance), int(row.pending_points), 0)

    def _stood(self, intent: Intent, change: points.PointsChange,
               central_balance: int | None) -> Redemption:
        return Redemption(change, True, central_balance, sale=intent.sale)

    def _refused(self, message: str, code: str) -> LoyaltyError:
        return RedemptionRefused(message, code=code)

    def _abandoned(self) -> LoyaltyError:
        return RedemptionAbandoned()


_BALANCES = select(members.c.balance, members.c.pending_points)
