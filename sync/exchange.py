"""An online redemption: an exchange with central that ends the same on both sides.

The exchange is keyed by its entry id (the store's side: :mod:`loyalty.store.intent_table`):

1. the intent is committed locally before the request leaves;
2. central answers (its authorisation is idempotent by the id: asking again gets the same
   decision). Approved: the entry is written here — or found here, when the feed brought it
   before the answer — and the cashier is told. Declined: nothing happened anywhere;
3. no answer (offline, timeout, reset): if the feed already brought the approved entry it
   stands; else the redemption may go ahead offline under the same id if the kind's offline
   rule allows it (:meth:`ExchangeDesk._write_offline`). Refused offline, and when the
   cashier abandons it, the customer gets nothing, so the exchange is **cancelled** at
   central under the same id (through the outbox: reversed if central had approved, refused
   for ever if the request is still on its way);
4. a process killed mid-exchange leaves the intent open; :meth:`ExchangeDesk.resolve_open`
   ends every open one at the next start: the feed or central says approved → recorded
   (and reported, so the slip prints); otherwise → cancelled.

What the cashier is told is what central ends up holding, every time. A kind of redemption
(:mod:`sync.redeem` for points, :mod:`sync.instrument_redeem`) fills in the hooks.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from typing import ClassVar, Generic, TypeVar

from sqlalchemy import Connection

from loyalty.errors import LoyaltyError
from loyalty.store.context import TillContext
from loyalty.store.intent_table import ASKING, COMMITTED, DECLINED, IntentT, IntentTable
from loyalty.store.service import CounterService
from sync.client import CentralClient
from sync.errors import Offline, SyncError, Unauthorised

log = logging.getLogger(__name__)

ChangeT = TypeVar("ChangeT")  # what the entry changed here
ResultT = TypeVar("ResultT")  # what the counter is told
CallT = TypeVar("CallT")  # what one call brings beyond its intent (not stored)


@dataclass(frozen=True, slots=True)
class Answer:
    """Central's answer to a request; ``balance``: what central says is left."""

    approved: bool
    reason: str | None = None
    message: str | None = None
    balance: int | None = None


class ExchangeDesk(ABC, Generic[IntentT, ChangeT, ResultT, CallT]):
    """One counter's exchanges of one kind; ``client`` is None when the terminal runs
    standalone (then the offline rule decides at once and no intent is kept)."""

    noun: ClassVar[str]  # for the log: "redemption"
    offline_rule: ClassVar[str]  # for the log: "floor limits apply"

    def __init__(self, service: CounterService, client: CentralClient | None,
                 intents: IntentTable[IntentT]) -> None:
        self.service = service
        self.client = client
        self.intents = intents
        self._asking: set[str] = set()  # this desk's exchanges under way (not to resolve)
        self._lock = threading.Lock()

    # --- the kind's hooks ------------------------------------------------------------------
    @abstractmethod
    def _send(self, client: CentralClient, intent: IntentT, call: CallT) -> Answer:
        """Ask central (raises :mod:`sync.errors` when it does not answer)."""

    @abstractmethod
    def _central_state(self, client: CentralClient, entry_id: str) -> str:
        """What central holds of the exchange (``approved`` when the entry stands there)."""

    @abstractmethod
    def _write_offline(self, conn: Connection, intent: IntentT, call: CallT) -> ResultT:
        """Write the entry without central's word, as the kind's offline rule allows (raise
        a :class:`loyalty.errors.LoyaltyError` when it does not)."""

    @abstractmethod
    def _write_authorised(self, conn: Connection, intent: IntentT) -> ChangeT:
        """Write the entry central approved."""

    @abstractmethod
    def _held_change(self, conn: Connection, intent: IntentT) -> ChangeT:
        """The change an entry already here made (balances as they are now)."""

    @abstractmethod
    def _stood(self, intent: IntentT, change: ChangeT, central_balance: int | None) -> ResultT:
        """The result of an exchange central approved."""

    @abstractmethod
    def _refused(self, message: str, code: str) -> LoyaltyError:
        """The error to raise when central declines."""

    @abstractmethod
    def _abandoned(self) -> LoyaltyError:
        """The error to raise when the cashier gave up waiting."""

    # --- the exchange ----------------------------------------------------------------------
    def _exchange(self, intent: IntentT, abandoned: threading.Event | None,
                  call: CallT) -> ResultT:
        """Record the intent, then ask central (standalone: the offline rule, at once)."""
        if self.client is None:
            return self._offline(intent, call, uncertain=False, abandoned=None)
        with self.service.engine.begin() as conn:
            self.intents.record(conn, intent)
        with self._lock:
            self._asking.add(intent.entry_id)
        try:
            return self._ask(self.client, intent, abandoned, call)
        finally:
            with self._lock:
                self._asking.discard(intent.entry_id)

    def _ask(self, client: CentralClient, intent: IntentT, abandoned: threading.Event | None,
             call: CallT) -> ResultT:
        try:
            answer = self._send(client, intent, call)
        except (Offline, Unauthorised) as exc:
            log.info("%s not answered online (%s): %s", self.noun, exc.kind, self.offline_rule)
            uncertain = isinstance(exc, Offline) and exc.maybe_sent
            return self._offline(intent, call, uncertain=uncertain, abandoned=abandoned)
        except Exception:
            # Whatever broke (a bad answer, the store), the request may have been approved.
            self._cancel_quietly(intent, "failed")
            raise
        svc = self.service
        if not answer.approved:
            with svc.engine.begin() as conn:
                self.intents.settle(conn, intent.entry_id, DECLINED,
                                    answer.reason or "declined", svc.now())
            raise self._refused(answer.message or "Central declined.",
                                answer.reason or "declined")
        change: ChangeT | None = None
        with svc.engine.begin() as conn:
            if abandoned is not None and abandoned.is_set():
                self.intents.cancel(conn, intent, "abandoned", svc.now())
            else:
                change = self._commit(conn, intent, "approved")
        if change is None:
            raise self._abandoned()
        return self._stood(intent, change, answer.balance)

    def _offline(self, intent: IntentT, call: CallT, *, uncertain: bool,
                 abandoned: threading.Event | None) -> ResultT:
        """No answer from central (or no central): the feed's word, or the offline rule."""
        svc = self.service
        online = self.client is not None
        try:
            with svc.engine.begin() as conn:  # BEGIN IMMEDIATE: the feed cannot slip in
                if online and self.intents.entry_held(conn, intent.entry_id):
                    if abandoned is not None and abandoned.is_set():
                        raise self._abandoned()
                    return self._stood(intent, self._commit(conn, intent, "via_feed"), None)
                if abandoned is not None and abandoned.is_set():
                    raise self._abandoned()
                result = self._write_offline(conn, intent, call)
                if online:
                    self.intents.settle(conn, intent.entry_id, COMMITTED, "offline",
                                        svc.now())
                return result
        except LoyaltyError as err:
            if online:
                self._settle_refused(intent, uncertain, err.code)
            raise

    def _settle_refused(self, intent: IntentT, uncertain: bool, code: str) -> None:
        """The customer gets nothing. If central may have seen the request, cancel it there
        (through the outbox); if it cannot have, the exchange simply ends."""
        with self.service.engine.begin() as conn:
            if uncertain or self.intents.entry_held(conn, intent.entry_id):
                self.intents.cancel(conn, intent, _reason(code), self.service.now())
                log.info("unanswered online %s %s cancelled at central", self.noun,
                         intent.entry_id)
            else:
                self.intents.settle(conn, intent.entry_id, DECLINED, _reason(code),
                                    self.service.now())

    def _cancel_quietly(self, intent: IntentT, reason: str) -> None:
        try:
            with self.service.engine.begin() as conn:
                self.intents.cancel(conn, intent, reason, self.service.now())
        except Exception:  # the next start resolves it (the intent is still open)
            log.exception("could not cancel %s %s now", self.noun, intent.entry_id)

    def _commit(self, conn: Connection, intent: IntentT, outcome: str) -> ChangeT:
        """Central approved: the entry stands here too (written, or already brought by the
        feed), and the exchange is settled."""
        if self.intents.entry_held(conn, intent.entry_id):
            change = self._held_change(conn, intent)
        else:
            change = self._write_authorised(conn, intent)
        self.intents.settle(conn, intent.entry_id, COMMITTED, outcome, self.service.now())
        return change

    def _ctx(self, intent: IntentT) -> TillContext:
        ctx = self.service.ctx
        return replace(ctx, cashier_id=intent.cashier_id) if intent.cashier_id else ctx

    # --- after a restart -------------------------------------------------------------------
    def resolve_open(self) -> list[ResultT]:
        """End every exchange left open by a process that stopped mid-way (not this desk's
        own, under way). Returns those that stand — approved by central before the stop —
        so the counter can say so and print their slips; every other one is cancelled."""
        with self._lock:
            mine = set(self._asking)
        with self.service.read_engine.connect() as conn:
            waiting = [i for i in self.intents.open_intents(conn) if i.entry_id not in mine]
        stood = []
        for intent in waiting:
            result = self._resolve(intent)
            if result is not None:
                stood.append(result)
        return stood

    def _resolve(self, intent: IntentT) -> ResultT | None:
        state = "unknown"
        with self.service.read_engine.connect() as conn:
            held = self.intents.entry_held(conn, intent.entry_id)
        if not held and self.client is not None:
            try:
                state = self._central_state(self.client, intent.entry_id)
            except SyncError as exc:
                log.info("%s %s: central not asked (%s); cancelling", self.noun,
                         intent.entry_id, exc.kind)
        with self.service.engine.begin() as conn:
            now_open = self.intents.get(conn, intent.entry_id)
            if now_open is None or now_open.state != ASKING:
                return None
            if held or state == "approved" or self.intents.entry_held(conn, intent.entry_id):
                change = self._commit(conn, intent, "recovered")
                log.info("%s %s approved before the stop: recorded", self.noun,
                         intent.entry_id)
                return self._stood(intent, change, None)
            self.intents.cancel(conn, intent, "unresolved", self.service.now())
        log.info("%s %s unresolved at start: cancelled at central", self.noun, intent.entry_id)
        return None


def _reason(code: str) -> str:
    cleaned = "".join(c for c in code.lower() if c.isalpha() or c == "_")
    return cleaned[:40] or "refused"
