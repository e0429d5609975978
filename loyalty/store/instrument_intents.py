"""Online instrument redemptions recorded before central is asked (the lifecycle:
:mod:`loyalty.store.intent_table`): ``asking`` → ``committed`` | ``declined`` |
``cancelled``; a cancellation queues ``instrument.cancel`` in the same transaction, so
central reverses it if it had approved and refuses the id from then on. Every function runs
in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from loyalty.ids import new_id
from loyalty.records import InstrumentCancel, payload_json
from loyalty.store.intent_table import ASKING, CANCELLED, COMMITTED, DECLINED, IntentTable
from loyalty.store.schema import instrument_intents, instrument_ledger

__all__ = ["ASKING", "CANCELLED", "COMMITTED", "DECLINED", "TABLE", "InstrumentIntent",
           "cancel", "entry_held", "get", "open_intents", "record", "settle"]


@dataclass(frozen=True, slots=True)
class InstrumentIntent:
    """One online instrument redemption as asked of central."""

    entry_id: str
    instrument_id: str
    member_id: str
    program_id: str
    units: int
    receipt_no: str | None
    cashier_id: str | None
    approved_by: str | None
    occurred_at: datetime
    state: str = ASKING


def _values(intent: InstrumentIntent) -> dict[str, Any]:
    return dict(
        entry_id=intent.entry_id, instrument_id=intent.instrument_id,
        member_id=intent.member_id, program_id=intent.program_id, units=intent.units,
        receipt_no=intent.receipt_no, cashier_id=intent.cashier_id,
        approved_by=intent.approved_by, occurred_at=intent.occurred_at)


def _from_row(row: Row[Any]) -> InstrumentIntent:
    return InstrumentIntent(row.entry_id, row.instrument_id, row.member_id, row.program_id,
                            row.units, row.receipt_no, row.cashier_id, row.approved_by,
                            row.occurred_at, row.state)


def _cancel_op(intent: InstrumentIntent, reason: str,
               now: datetime) -> tuple[str, dict[str, Any]]:
    return "instrument.cancel", payload_json(InstrumentCancel(
        entry_id=intent.entry_id, instrument_id=intent.instrument_id,
        reverse_entry_id=new_id(), cashier_id=intent.cashier_id, occurred_at=now,
        reason=reason))


TABLE = IntentTable(instrument_intents, instrument_ledger, values=_values,
                    from_row=_from_row, cancel_op=_cancel_op)
record, get, open_intents = TABLE.record, TABLE.get, TABLE.open_intents
settle, cancel, entry_held = TABLE.settle, TABLE.cancel, TABLE.entry_held
