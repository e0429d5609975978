"""Online instrument redemptions recorded before central is asked (as
:mod:`loyalty.store.intents` for points): ``asking`` → ``committed`` | ``declined`` |
``cancelled``; a cancellation queues ``instrument.cancel`` in the same transaction, so
central reverses it if it had approved and refuses the id from then on. Every function runs
in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from loyalty.ids import new_id
from loyalty.records import InstrumentCancel, payload_json
from loyalty.store.intents import ASKING, CANCELLED, COMMITTED, DECLINED
from loyalty.store.journal import append_operation
from loyalty.store.schema import instrument_intents, instrument_ledger

__all__ = ["ASKING", "CANCELLED", "COMMITTED", "DECLINED", "InstrumentIntent"]


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


def record(conn: Connection, intent: InstrumentIntent) -> None:
    """Write the intent (``asking``); the caller commits before sending the request."""
    conn.execute(insert(instrument_intents).values(
        entry_id=intent.entry_id, instrument_id=intent.instrument_id,
        member_id=intent.member_id, program_id=intent.program_id, units=intent.units,
        receipt_no=intent.receipt_no, cashier_id=intent.cashier_id,
        approved_by=intent.approved_by, occurred_at=intent.occurred_at, state=ASKING))


def _from_row(row: Row[Any]) -> InstrumentIntent:
    return InstrumentIntent(row.entry_id, row.instrument_id, row.member_id, row.program_id,
                            row.units, row.receipt_no, row.cashier_id, row.approved_by,
                            row.occurred_at, row.state)


def get(conn: Connection, entry_id: str) -> InstrumentIntent | None:
    row = conn.execute(select(instrument_intents).where(
        instrument_intents.c.entry_id == entry_id)).first()
    return None if row is None else _from_row(row)


def open_intents(conn: Connection) -> list[InstrumentIntent]:
    """Exchanges not yet resolved, oldest first."""
    rows = conn.execute(select(instrument_intents).where(instrument_intents.c.state == ASKING)
                        .order_by(instrument_intents.c.occurred_at))
    return [_from_row(r) for r in rows]


def settle(conn: Connection, entry_id: str, state: str, outcome: str, now: datetime) -> None:
    """End an open exchange (a settled one is never reopened)."""
    conn.execute(update(instrument_intents).where(
        instrument_intents.c.entry_id == entry_id, instrument_intents.c.state == ASKING)
        .values(state=state, outcome=outcome[:40], resolved_at=now))


def cancel(conn: Connection, intent: InstrumentIntent, reason: str, now: datetime) -> None:
    """The customer does not get it: queue its cancellation at central."""
    append_operation(conn, "instrument.cancel", payload_json(InstrumentCancel(
        entry_id=intent.entry_id, instrument_id=intent.instrument_id,
        reverse_entry_id=new_id(), cashier_id=intent.cashier_id, occurred_at=now,
        reason=reason)), now)
    settle(conn, intent.entry_id, CANCELLED, reason, now)


_HELD = select(instrument_ledger.c.id).where(instrument_ledger.c.id == bindparam("id"))


def entry_held(conn: Connection, entry_id: str) -> bool:
    """Does the instrument ledger here hold this entry (written here or from the feed)?"""
    return conn.execute(_HELD, {"id": entry_id}).first() is not None
