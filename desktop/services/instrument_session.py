"""The counter's instruments on the GUI thread: use one (off the UI thread when central is
asked), sell a prepaid pass, refund a pass's rest with a manager's approval. The rules are
the store's and the domain's (:mod:`loyalty.store.instruments`, :mod:`loyalty.instruments`);
this only reads the cashier's input, checks who approves, and reports back by signal.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.services.session import CounterSession
from desktop.tasks import TaskRunner
from loyalty.errors import ApprovalRequired, InvalidInput, LoyaltyError
from loyalty.money import Money
from loyalty.programs import Program
from loyalty.store.engine import STORAGE_ERRORS
from loyalty.store.instruments import InstrumentChange, InstrumentView
from sync.client import CentralClient
from sync.instrument_redeem import InstrumentRedeemDesk, InstrumentRedemption

log = logging.getLogger(__name__)
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class InstrumentUse:
    """A use the cashier confirmed: what, how many, and the member's view of it before."""

    view: InstrumentView
    units: int
    receipt_no: str | None
    approved_by: str | None = None


class InstrumentCounter(QObject):
    """Instruments of the member on screen.

    Signals:
        used(object, object): an :class:`InstrumentChange` written and the
            :class:`InstrumentUse` it came from.
        use_failed(object): the :class:`LoyaltyError` that stopped a started use.
        recovered(object): :class:`InstrumentRedemption` s central had approved before the
            counter last stopped mid-exchange, now recorded here.
    """

    used = Signal(object, object)
    use_failed = Signal(object)
    recovered = Signal(object)

    def __init__(self, session: CounterSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.desk = InstrumentRedeemDesk(session.service, None)
        self._runner: TaskRunner | None = None
        self._in_flight: InstrumentUse | None = None
        self._abandon = threading.Event()
        session.stop_hooks.append(self.stop)
        session.central_hooks.append(self.use_central)

    # --- reading ---------------------------------------------------------------------
    def views(self) -> tuple[InstrumentView, ...]:
        member = self.session.member
        return () if member is None else member.instruments

    def view(self, instrument_id: str) -> InstrumentView:
        found = next((v for v in self.views() if v.instrument_id == instrument_id), None)
        if found is None:
            raise LoyaltyError("Choose one of the member's vouchers.", code="instrument_none")
        return found

    def passes_on_sale(self) -> list[Program]:
        """The prepaid passes head office runs today at this store."""
        service = self.session.service
        today = service.now().astimezone(service.ctx.tz).date()
        return [p for p in self.session.rules().programs
                if p.kind == "prepaid_pass" and p.running_on(today)
                and (not p.stores or service.ctx.store_id in p.stores)]

    def units(self, view: InstrumentView, text: str) -> int:
        """How many to use: a whole number, 1 for what is used whole."""
        cleaned = unicodedata.normalize("NFKC", text).strip() or "1"
        if not cleaned.isascii() or not cleaned.isdigit() or int(cleaned) < 1:
            raise InvalidInput("Type how many as a whole number.", code="instrument_units")
        units = int(cleaned)
        if view.kind != "prepaid_pass" and units != 1:
            raise InvalidInput("A voucher or a gift is used whole: one at a time.",
                               code="instrument_units")
        if units > view.remaining:
            raise InvalidInput(f"Only {view.remaining} left.", code="instrument_over_balance")
        return units

    # --- using one -----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A use is waiting for central's answer."""
        return self._in_flight is not None

    def request_use(self, use: InstrumentUse) -> None:
        """Start a confirmed use; the outcome arrives as ``used`` or ``use_failed``."""
        if self._in_flight is not None:
            raise LoyaltyError("Central is still answering the last redemption.",
                               code="redeem_busy")
        self._abandon = threading.Event()
        job = partial(self.desk.redeem, use.view.instrument_id, use.units,
                      receipt_no=use.receipt_no, approved_by=use.approved_by,
                      abandoned=self._abandon)
        if self.desk.client is None:  # standalone: the store decides at once
            try:
                result = self._guard(job)
            except LoyaltyError as err:
                self.use_failed.emit(err)
                return
            self._done(use, result.change)
            return
        assert self._runner is not None
        self._in_flight = use
        self._runner.run(job, self._answered, self._answered)

    def use_central(self, client: CentralClient | None) -> None:
        """Registered with central: uses ask it first, on a worker thread; exchanges a
        stopped counter left open are ended first (``recovered`` reports those that stand)."""
        self.desk.client = client
        if client is None:
            return
        if self._runner is None:
            self._runner = TaskRunner("instrument", self)
        self._runner.run(self.desk.resolve_open, self._recovered,
                         lambda error: log.error("open instrument redemptions not resolved",
                                                 exc_info=error))

    def _recovered(self, stood: list[InstrumentRedemption]) -> None:
        if stood:
            self.session.recorded.emit("instrument")
            self.recovered.emit(stood)

    def abandon(self) -> bool:
        if self._in_flight is None:
            return False
        self._abandon.set()
        return True

    def _answered(self, outcome: object) -> None:
        use, self._in_flight = self._in_flight, None
        if use is None:
            return
        if isinstance(outcome, InstrumentRedemption):
            self._done(use, outcome.change)
            return
        error = outcome if isinstance(outcome, BaseException) else None
        if isinstance(error, STORAGE_ERRORS):
            log.error("store failure during an instrument use", exc_info=error)
            error = LoyaltyError("The local store could not save this.", code="storage")
        elif not isinstance(error, LoyaltyError):
            log.error("instrument use failed", exc_info=error)
            error = LoyaltyError(str(error), code="redeem_failed")
        self.use_failed.emit(error)

    def _done(self, use: InstrumentUse, change: InstrumentChange) -> None:
        self.session.recorded.emit("instrument")
        if self.session.member is not None and self.session.member.id == change.member_id:
            self.session.show_member(change.member_id)
        self.used.emit(change, use)

    def stop(self) -> None:
        if self._runner is not None:
            self._runner.shut_down(wait=True)

    # --- passes ------------------------------------------------------------------------
    def sell_pass(self, program_id: str, receipt_no: str) -> InstrumentChange:
        """Sell a pass to the member on screen. Refused before anything is written when the
        chain has not set the 禮券's issuer (its slip could not be printed)."""
        member = self.session.member
        if member is None:
            raise LoyaltyError("Find the member first.", code="no_member")
        if not program_id:
            raise InvalidInput("Choose the pass to sell.", code="instrument_program")
        self.session.rules().voucher_issuer.check()
        cashier = self.session.cashier
        change = self._guard(lambda: self.session.service.sell_pass(
            member.id, program_id, receipt_no=receipt_no.strip() or None,
            cashier_id=cashier.id if cashier else None))
        self.session.recorded.emit("instrument")
        self.session.show_member(member.id)
        return change

    def refund_value(self, instrument_id: str) -> Money:
        """What refunding the pass's rest pays back now."""
        amount = self._guard(lambda: self.session.service.pass_refund_amount(instrument_id))
        return Money(amount, self.session.service.ctx.currency)

    def refund(self, instrument_id: str, approver_id: str | None, pin: str) -> InstrumentChange:
        """Refund a pass's unused cups: a manager signed in, or one approving with a PIN."""
        member = self.session.member
        if member is None:
            raise LoyaltyError("Find the member first.", code="no_member")
        cashier = self.session.cashier
        if cashier is not None and cashier.is_manager:
            manager_id = cashier.id
        else:
            manager_id = self.session._approve(approver_id, pin, "refund", ApprovalRequired(
                "A manager must approve a refund.", code="refund_approval"))
        change = self._guard(lambda: self.session.service.refund_pass(
            instrument_id, manager_id=manager_id))
        self.session.recorded.emit("instrument")
        self.session.show_member(member.id)
        return change

    def _guard(self, work: Callable[[], _T]) -> _T:
        try:
            return work()
        except STORAGE_ERRORS as err:
            log.exception("store failure at an instrument")
            raise LoyaltyError("The local store could not save this.", code="storage") from err
