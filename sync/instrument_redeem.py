"""Redeeming an instrument at the counter online: an exchange with central that ends the
same on both sides (the protocol: :mod:`sync.exchange`, as :mod:`sync.redeem` for points;
the intents: :mod:`loyalty.store.instrument_intents`).

An instrument's offline rule is its program's offline policy and what this till last saw
(:func:`loyalty.store.instruments.redeem`); refused offline, or abandoned, the exchange is
cancelled at central under the same id (``instrument.cancel`` through the outbox).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Connection

from loyalty.errors import LoyaltyError
from loyalty.ids import new_id
from loyalty.instruments import InstrumentRefused, check_units
from loyalty.records import InstrumentEntry
from loyalty.store import instrument_intents as intents
from loyalty.store import instruments as ops
from loyalty.store.instrument_intents import InstrumentIntent
from loyalty.store.instruments import InstrumentChange
from loyalty.store.members import resolve_id
from loyalty.store.rulebook import current_rules
from loyalty.store.service import CounterService
from sync.client import CentralClient
from sync.exchange import Answer, ExchangeDesk


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


class InstrumentRedeemDesk(ExchangeDesk[InstrumentIntent, InstrumentChange,
                                         InstrumentRedemption, None]):
    """Instrument redemptions for one counter; ``client`` None: a standalone terminal."""

    noun = "instrument redemption"
    offline_rule = "offline policy applies"

    def __init__(self, service: CounterService, client: CentralClient | None) -> None:
        super().__init__(service, client, intents.TABLE)

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
        return self._exchange(intent, abandoned, None)

    def _entry(self, intent: InstrumentIntent) -> InstrumentEntry:
        ctx = self.service.ctx
        return InstrumentEntry(
            entry_id=intent.entry_id, instrument_id=intent.instrument_id,
            program_id=intent.program_id, member_id=intent.member_id, kind="redeem",
            units=-intent.units, store_id=ctx.store_id, terminal_id=ctx.terminal_id,
            cashier_id=intent.cashier_id, receipt_no=intent.receipt_no,
            occurred_at=intent.occurred_at, approved_by=intent.approved_by)

    # --- the exchange's hooks --------------------------------------------------------------
    def _send(self, client: CentralClient, intent: InstrumentIntent, call: None) -> Answer:
        answer = client.redeem_instrument(self._entry(intent))
        return Answer(answer.status == "approved", answer.reason, answer.message,
                      answer.balance_after)

    def _central_state(self, client: CentralClient, entry_id: str) -> str:
        return client.instrument_redemption_status(entry_id).state

    def _write_offline(self, conn: Connection, intent: InstrumentIntent,
                       call: None) -> InstrumentRedemption:
        """Within the program's offline policy (the store's :func:`ops.redeem` judges)."""
        change = ops.redeem(conn, self._ctx(intent), current_rules(conn),
                            intent.instrument_id, intent.units, intent.occurred_at,
                            receipt_no=intent.receipt_no, approved_by=intent.approved_by,
                            offline=True, entry_id=intent.entry_id)
        return InstrumentRedemption(change, False)

    def _write_authorised(self, conn: Connection, intent: InstrumentIntent) -> InstrumentChange:
        return ops.redeem(conn, self._ctx(intent), current_rules(conn), intent.instrument_id,
                          intent.units, intent.occurred_at, receipt_no=intent.receipt_no,
                          approved_by=intent.approved_by, offline=False,
                          entry_id=intent.entry_id, authorised=True)

    def _held_change(self, conn: Connection, intent: InstrumentIntent) -> InstrumentChange:
        row = ops.instrument_row(conn, intent.instrument_id)
        return InstrumentChange(intent.entry_id, intent.instrument_id, intent.program_id,
                                intent.member_id, "redeem", row.kind, -intent.units,
                                int(row.remaining))

    def _stood(self, intent: InstrumentIntent, change: InstrumentChange,
               central_balance: int | None) -> InstrumentRedemption:
        return InstrumentRedemption(change, True, central_balance)

    def _refused(self, message: str, code: str) -> LoyaltyError:
        return InstrumentRefused(message, code=code)

    def _abandoned(self) -> LoyaltyError:
        return InstrumentRedemptionAbandoned()
