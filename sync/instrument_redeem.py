"""Redeeming an instrument at the counter online: an exchange with central that ends the
same on both sides (as :mod:`sync.redeem` for points).

1. the intent is committed locally before the request leaves;
2. central answers (idempotent by the entry id). Approved: the entry is written here — or
   found here when the feed brought it first. Declined: nothing happened anywhere;
3. no answer: if the feed already brought the approved entry it stands; else the redemption
   may go ahead offline under the same id within the program's offline policy and what this
   till last saw. Refused offline, or abandoned by the cashier, the exchange is cancelled at
   central under the same id (``instrument.cancel`` through the outbox);
4. a process killed mid-exchange leaves the intent open; :meth:`InstrumentRedeemDesk.
   resolve_open` ends each at the next start (approved → recorded; otherwise cancelled).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace

from sqlalchemy import Connection

from loyalty.errors import LoyaltyError
from loyalty.ids import new_id
from loyalty.instruments import InstrumentRefused, check_units
from loyalty.records import InstrumentEntry
from loyalty.store import instrument_intents as intents
from loyalty.store import instruments as ops
from loyalty.store.context import TillContext
from loyalty.store.instrument_intents import InstrumentIntent
from loyalty.store.instruments import InstrumentChange
from loyalty.store.members import resolve_id
from loyalty.store.rulebook import current_rules
from loyalty.store.service import CounterService
from sync.client import CentralClient
from sync.errors import Offline, SyncError, Unauthorised

log = logging.getLogger(__name__)


class InstrumentRedemptionAbandoned(InstrumentRefused):
    """The cashier gave up waiting: the redemption is cancelled at central."""

    def __init__(self) -> None:
        super().__init__("The redemption was cancelled; the member keeps it.",
                         code="redeem_abandoned")


@dataclass(frozen=True, slots=True)
class InstrumentRedemption:
    """An instrument redemption written here: ``online`` when central approved it first;
    ``central_remaining``: what central said is left."""

    change: InstrumentChange
    online: bool
    central_remaining: int | None = None


class InstrumentRedeemDesk:
    """Instrument redemptions for one counter; ``client`` None: a standalone terminal."""

    def __init__(self, service: CounterService, client: CentralClient | None) -> None:
        self.service = service
        self.client = client
        self._asking: set[str] = set()
        self._lock = threading.Lock()

    def redeem(self, instrument_id: str, units: int = 1, *, receipt_no: str | None = None,
               approved_by: str | None = None,
               abandoned: threading.Event | None = None) -> InstrumentRedemption:
        """Redeem ``units`` of the instrument; raises a :mod:`loyalty.errors` error
        (:class:`loyalty.instruments.InstrumentRefused`) when refused."""
        svc = self.service
        with svc.read_engine.connect() as conn:
            row = ops.instrument_row(conn, instrument_id)
            program = current_rules(conn).program(row.program_id)
            member_id = resolve_id(conn, row.member_id)
        if program is None:
            raise InstrumentRefused("Head office no longer runs this program.",
                                    code="instrument_program")
        check_units(program, units)
        intent = InstrumentIntent(new_id(), instrument_id, member_id, row.program_id, units,
                                  receipt_no, svc.ctx.cashier_id, approved_by, svc.now())
        if self.client is None:
            return self._offline(intent, uncertain=False, abandoned=None)
        with svc.engine.begin() as conn:
            intents.record(conn, intent)
        with self._lock:
            self._asking.add(intent.entry_id)
        try:
            return self._ask(intent, abandoned)
        finally:
            with self._lock:
                self._asking.discard(intent.entry_id)

    def _entry(self, intent: InstrumentIntent) -> InstrumentEntry:
        ctx = self.service.ctx
        return InstrumentEntry(
            entry_id=intent.entry_id, instrument_id=intent.instrument_id,
            program_id=intent.program_id, member_id=intent.member_id, kind="redeem",
            units=-intent.units, store_id=ctx.store_id, terminal_id=ctx.terminal_id,
            cashier_id=intent.cashier_id, receipt_no=intent.receipt_no,
            occurred_at=intent.occurred_at, approved_by=intent.approved_by)

    def _ask(self, intent: InstrumentIntent,
             abandoned: threading.Event | None) -> InstrumentRedemption:
        assert self.client is not None
        try:
            answer = self.client.redeem_instrument(self._entry(intent))
        except (Offline, Unauthorised) as exc:
            log.info("instrument redemption not answered online (%s): offline policy applies",
                     exc.kind)
            uncertain = isinstance(exc, Offline) and exc.maybe_sent
            return self._offline(intent, uncertain=uncertain, abandoned=abandoned)
        except Exception:
            self._cancel_quietly(intent, "failed")
            raise
        svc = self.service
        if answer.status != "approved":
            with svc.engine.begin() as conn:
                intents.settle(conn, intent.entry_id, intents.DECLINED,
                               answer.reason or "declined", svc.now())
            raise InstrumentRefused(answer.message or "Central declined.",
                                    code=answer.reason or "declined")
        with svc.engine.begin() as conn:
            if abandoned is not None and abandoned.is_set():
                intents.cancel(conn, intent, "abandoned", svc.now())
                change = None
            else:
                change = self._commit(conn, intent, "approved")
        if change is None:
            raise InstrumentRedemptionAbandoned()
        return InstrumentRedemption(change, True, answer.balance_after)

    def _offline(self, intent: InstrumentIntent, *, uncertain: bool,
                 abandoned: threading.Event | None) -> InstrumentRedemption:
        svc = self.service
        online = self.client is not None
        try:
            with svc.engine.begin() as conn:
                if online and intents.entry_held(conn, intent.entry_id):
                    if abandoned is not None and abandoned.is_set():
                        raise InstrumentRedemptionAbandoned()
                    return InstrumentRedemption(self._commit(conn, intent, "via_feed"), True)
                if abandoned is not None and abandoned.is_set():
                    raise InstrumentRedemptionAbandoned()
                change = ops.redeem(conn, self._ctx(intent), current_rules(conn),
                                    intent.instrument_id, intent.units, intent.occurred_at,
                                    receipt_no=intent.receipt_no,
                                    approved_by=intent.approved_by, offline=True,
                                    entry_id=intent.entry_id)
                if online:
                    intents.settle(conn, intent.entry_id, intents.COMMITTED, "offline",
                                   svc.now())
                return InstrumentRedemption(change, False)
        except LoyaltyError as err:
            if online:
                self._settle_refused(intent, uncertain, err.code)
            raise

    def _settle_refused(self, intent: InstrumentIntent, uncertain: bool, code: str) -> None:
        with self.service.engine.begin() as conn:
            if uncertain or intents.entry_held(conn, intent.entry_id):
                intents.cancel(conn, intent, _reason(code), self.service.now())
            else:
                intents.settle(conn, intent.entry_id, intents.DECLINED, _reason(code),
                               self.service.now())

    def _cancel_quietly(self, intent: InstrumentIntent, reason: str) -> None:
        try:
            with self.service.engine.begin() as conn:
                intents.cancel(conn, intent, reason, self.service.now())
        except Exception:  # the next start resolves it (the intent is still open)
            log.exception("could not cancel instrument redemption %s now", intent.entry_id)

    def _commit(self, conn: Connection, intent: InstrumentIntent,
                outcome: str) -> InstrumentChange:
        """Central approved: the entry stands here too (written, or brought by the feed)."""
        if intents.entry_held(conn, intent.entry_id):
            row = ops.instrument_row(conn, intent.instrument_id)
            change = InstrumentChange(intent.entry_id, intent.instrument_id, intent.program_id,
                                      intent.member_id, "redeem", row.kind, -intent.units,
                                      int(row.remaining))
        else:
            change = ops.redeem(conn, self._ctx(intent), current_rules(conn),
                                intent.instrument_id, intent.units, intent.occurred_at,
                                receipt_no=intent.receipt_no, approved_by=intent.approved_by,
                                offline=False, entry_id=intent.entry_id, authorised=True)
        intents.settle(conn, intent.entry_id, intents.COMMITTED, outcome, self.service.now())
        return change

    def _ctx(self, intent: InstrumentIntent) -> TillContext:
        ctx = self.service.ctx
        return replace(ctx, cashier_id=intent.cashier_id) if intent.cashier_id else ctx

    # --- after a restart -------------------------------------------------------------------
    def resolve_open(self) -> list[InstrumentRedemption]:
        """End every exchange a stopped process left open; returns those that stand."""
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

    def _resolve(self, intent: InstrumentIntent) -> InstrumentRedemption | None:
        state = "unknown"
        with self.service.read_engine.connect() as conn:
            held = intents.entry_held(conn, intent.entry_id)
        if not held and self.client is not None:
            try:
                state = self.client.instrument_redemption_status(intent.entry_id).state
            except SyncError as exc:
                log.info("instrument redemption %s: central not asked (%s); cancelling",
                         intent.entry_id, exc.kind)
        with self.service.engine.begin() as conn:
            now_open = intents.get(conn, intent.entry_id)
            if now_open is None or now_open.state != intents.ASKING:
                return None
            if held or state == "approved" or intents.entry_held(conn, intent.entry_id):
                return InstrumentRedemption(self._commit(conn, intent, "recovered"), True)
            intents.cancel(conn, intent, "unresolved", self.service.now())
        return None


def _reason(code: str) -> str:
    cleaned = "".join(c for c in code.lower() if c.isalpha() or c == "_")
    return cleaned[:40] or "refused"
