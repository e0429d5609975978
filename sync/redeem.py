"""Redeeming at the counter: an exchange with central that ends the same on both sides.

Online, a redemption is an exchange keyed by its entry id (:mod:`loyalty.store.intents`):

1. the intent is committed locally before the request leaves;
2. central answers (its authorisation is idempotent by the id: asking again gets the same
   decision). Approved: the entry is written here — or found here, when the feed brought it
   before the answer — and the cashier is told. Declined: nothing happened anywhere;
3. no answer (offline, timeout, reset): if the feed already brought the approved entry it
   stands; else the redemption may go ahead offline under the same id within the chain's
   floor limits (a push of it is "already applied" if central had approved). Beyond the
   limits, and when the cashier abandons it, the customer gets nothing, so the exchange is
   **cancelled** at central under the same id (through the outbox: reversed if central had
   approved, refused for ever if the request is still on its way);
4. a process killed mid-exchange leaves the intent open; :meth:`RedemptionDesk.resolve_open`
   ends every open one at the next start: the feed or central says approved → recorded
   (and reported, so the slip prints); otherwise → cancelled.

What the cashier is told is what central ends up holding, every time.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Connection, func, select

from loyalty.errors import LoyaltyError, RedemptionRefused
from loyalty.identity import MEMBER_QR
from loyalty.ids import new_id
from loyalty.money import Money
from loyalty.offline import OfflineUsage, usage_since
from loyalty.redemption import RedeemQuote, decide_redemption, quote
from loyalty.store import intents, points
from loyalty.store.context import TillContext
from loyalty.store.intents import Intent
from loyalty.store.journal import audit
from loyalty.store.members import resolve_id
from loyalty.store.rulebook import current_rules
from loyalty.store.schema import ledger, members
from loyalty.store.service import CounterService
from sync.client import CentralClient
from sync.errors import Offline, SyncError, Unauthorised
from sync.protocol import RedemptionRequest
from sync.state import time_state

log = logging.getLogger(__name__)


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


class RedemptionDesk:
    """Redemptions for one counter: ``client`` is None when the terminal runs standalone."""

    def __init__(self, service: CounterService, client: CentralClient | None) -> None:
        self.service = service
        self.client = client
        self._asking: set[str] = set()  # this desk's exchanges under way (not to resolve)
        self._lock = threading.Lock()

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
        if self.client is None:
            return self._offline(intent, uncertain=False, abandoned=None, proven_by=proven_by)
        with svc.engine.begin() as conn:
            intents.record(conn, intent)
        with self._lock:
            self._asking.add(intent.entry_id)
        try:
            return self._ask(intent, abandoned, member_qr)
        finally:
            with self._lock:
                self._asking.discard(intent.entry_id)

    def _ask(self, intent: Intent, abandoned: threading.Event | None,
             member_qr: str | None = None) -> Redemption:
        assert self.client is not None
        sale = intent.sale
        request = RedemptionRequest(
            entry_id=intent.entry_id, member_id=intent.member_id, points=intent.points,
            sale_amount=sale.amount if sale else None,
            currency=sale.currency.value if sale else None, cashier_id=intent.cashier_id,
            receipt_no=intent.receipt_no, occurred_at=intent.occurred_at,
            rules_version=intent.rules_version, approved_by=intent.approved_by,
            member_qr=member_qr)
        try:
            answer = self.client.redeem(request)
        except (Offline, Unauthorised) as exc:
            log.info("redemption not answered online (%s): floor limits apply", exc.kind)
            uncertain = isinstance(exc, Offline) and exc.maybe_sent
            return self._offline(intent, uncertain=uncertain, abandoned=abandoned,
                                 proven_by=MEMBER_QR if member_qr else None)
        except Exception:
            # Whatever broke (a bad answer, the store), the request may have been approved.
            self._cancel_quietly(intent, "failed")
            raise
        if not answer.approved:
            with self.service.engine.begin() as conn:
                intents.settle(conn, intent.entry_id, intents.DECLINED,
                               answer.reason or "declined", self.service.now())
            raise RedemptionRefused(answer.message or "Central declined.",
                                    code=answer.reason or "declined")
        with self.service.engine.begin() as conn:
            if abandoned is not None and abandoned.is_set():
                intents.cancel(conn, intent, "abandoned", self.service.now())
                raise_abandoned = True
            else:
                change = self._commit(conn, intent, offline=False, outcome="approved")
                raise_abandoned = False
        if raise_abandoned:
            raise RedemptionAbandoned()
        return Redemption(change, True, answer.balance, sale=intent.sale)

    def _offline(self, intent: Intent, *, uncertain: bool,
                 abandoned: threading.Event | None, proven_by: str | None = None
                 ) -> Redemption:
        """No answer from central (or no central): the feed's word, or the floor limits."""
        svc = self.service
        online = self.client is not None
        try:
            with svc.engine.begin() as conn:  # BEGIN IMMEDIATE: the feed cannot slip in
                if online and intents.entry_held(conn, intent.entry_id):
                    if abandoned is not None and abandoned.is_set():
                        raise RedemptionAbandoned()
                    change = self._commit(conn, intent, offline=False, outcome="via_feed")
                    return Redemption(change, True, sale=intent.sale)
                if abandoned is not None and abandoned.is_set():
                    raise RedemptionAbandoned()
                return self._within_floor(conn, intent, online, proven_by)
        except LoyaltyError as err:
            if online:
                self._settle_refused(intent, uncertain, err.code)
            raise

    def _within_floor(self, conn: Connection, intent: Intent, online: bool,
                      proven_by: str | None) -> Redemption:
        svc = self.service
        rules = current_rules(conn)
        now = intent.occurred_at
        usage = offline_usage(conn, svc.ctx.terminal_id, intent.member_id, now)
        decision = decide_redemption(rules, intent.points, None, intent.sale, usage=usage,
                                     now=now, approved_by=intent.approved_by,
                                     proven_by=proven_by)
        decision.require_approval()  # beyond the floor limits: OfflineApprovalRequired
        change = points.redeem_points(
            conn, self._ctx(intent), rules, intent.member_id, intent.points, now,
            sale=intent.sale, approved_by=intent.approved_by, offline=True,
            receipt_no=intent.receipt_no, entry_id=intent.entry_id, proven_by=proven_by)
        if decision.floor_override:
            audit(conn, svc.ctx, "offline.limit_override", intent.member_id, now,
                  entry=intent.entry_id, points=intent.points,
                  reasons=list(decision.floor_override), manager=intent.approved_by)
        if online:
            intents.settle(conn, intent.entry_id, intents.COMMITTED, "offline", svc.now())
        return Redemption(change, False, None, decision.floor_override, sale=intent.sale)

    def _settle_refused(self, intent: Intent, uncertain: bool, code: str) -> None:
        """The customer gets nothing. If central may have seen the request, cancel it there
        (through the outbox); if it cannot have, the exchange simply ends."""
        with self.service.engine.begin() as conn:
            if uncertain or intents.entry_held(conn, intent.entry_id):
                intents.cancel(conn, intent, _reason(code), self.service.now())
                log.info("unanswered online redemption %s cancelled at central",
                         intent.entry_id)
            else:
                intents.settle(conn, intent.entry_id, intents.DECLINED, _reason(code),
                               self.service.now())

    def _cancel_quietly(self, intent: Intent, reason: str) -> None:
        try:
            with self.service.engine.begin() as conn:
                intents.cancel(conn, intent, reason, self.service.now())
        except Exception:  # the next start resolves it (the intent is still open)
            log.exception("could not cancel redemption %s now", intent.entry_id)

    def _commit(self, conn: Connection, intent: Intent, *, offline: bool,
                outcome: str) -> points.PointsChange:
        """Central approved: the entry stands here too (written, or already brought by the
        feed), and the exchange is settled."""
        now = self.service.now()
        if intents.entry_held(conn, intent.entry_id):
            change = _held_change(conn, intent)
        else:
            change = points.redeem_points(
                conn, self._ctx(intent), current_rules(conn), intent.member_id, intent.points,
                intent.occurred_at, sale=intent.sale, approved_by=intent.approved_by,
                offline=offline, receipt_no=intent.receipt_no, entry_id=intent.entry_id,
                authorised=True)
        intents.settle(conn, intent.entry_id, intents.COMMITTED, outcome, now)
        return change

    def _ctx(self, intent: Intent) -> TillContext:
        ctx = self.service.ctx
        return replace(ctx, cashier_id=intent.cashier_id) if intent.cashier_id else ctx

    # --- after a restart -------------------------------------------------------------------
    def resolve_open(self) -> list[Redemption]:
        """End every exchange left open by a process that stopped mid-way (not this desk's
        own, under way). Returns those that stand — approved by central before the stop —
        so the counter can say so and print their slips; every other one is cancelled."""
        with self._lock:
            mine = set(self._asking)
        with self.service.read_engine.connect() as conn:
            waiting = [i for i in intents.open_intents(conn) if i.entry_id not in mine]
        stood = []
        for intent in waiting:
            result = self._resolve(intent)
            if result is not None:
                stood.append(result)
        return stood

    def _resolve(self, intent: Intent) -> Redemption | None:
        state = "unknown"
        with self.service.read_engine.connect() as conn:
            held = intents.entry_held(conn, intent.entry_id)
        if not held and self.client is not None:
            try:
                state = self.client.redemption_status(intent.entry_id).state
            except SyncError as exc:
                log.info("redemption %s: central not asked (%s); cancelling", intent.entry_id,
                         exc.kind)
        with self.service.engine.begin() as conn:
            now_open = intents.get(conn, intent.entry_id)
            if now_open is None or now_open.state != intents.ASKING:
                return None
            if held or state == "approved" or intents.entry_held(conn, intent.entry_id):
                change = self._commit(conn, intent, offline=False, outcome="recovered")
                log.info("redemption %s approved before the stop: recorded", intent.entry_id)
                return Redemption(change, True, sale=intent.sale)
            intents.cancel(conn, intent, "unresolved", self.service.now())
        log.info("redemption %s unresolved at start: cancelled at central", intent.entry_id)
        return None


def _reason(code: str) -> str:
    cleaned = "".join(c for c in code.lower() if c.isalpha() or c == "_")
    return cleaned[:40] or "refused"


_BALANCES = select(members.c.balance, members.c.pending_points)


def _held_change(conn: Connection, intent: Intent) -> points.PointsChange:
    """The change an entry the feed already brought made here (balances as they are now)."""
    member_id = resolve_id(conn, intent.member_id)
    row = conn.execute(_BALANCES.where(members.c.id == member_id)).one()
    return points.PointsChange(intent.entry_id, member_id, "redeem", -intent.points,
                               int(row.balance), int(row.pending_points), 0)
