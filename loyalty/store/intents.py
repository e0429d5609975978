"""Online redemption intents: written and committed before central is asked.

An online redemption is an exchange with central keyed by its entry id. Its intent row is
committed before the request leaves, so whatever happens next — a lost answer, a kill of the
process, the feed bringing the approved entry before the answer — leaves a row that says
the exchange is still open (``asking``). It ends in exactly one of:

* ``committed``: the ledger holds the entry and the cashier was told it went through;
* ``declined``: central refused it, or it never reached central and was refused offline;
* ``cancelled``: it may have reached central and was not given: a ``redemption.cancel``
  operation (same transaction) makes central give the points back, or refuse the id.

Every function runs in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from loyalty.ids import new_id
from loyalty.money import Currency, Money
from loyalty.records import RedemptionCancel, payload_json
from loyalty.store.journal import append_operation
from loyalty.store.schema import ledger, redemption_intents

ASKING, COMMITTED, DECLINED, CANCELLED = "asking", "committed", "declined", "cancelled"


@dataclass(frozen=True, slots=True)
class Intent:
    """One online redemption as asked of central."""

    entry_id: str
    member_id: str
    points: int
    sale: Money | None
    receipt_no: str | None
    cashier_id: str | None
    approved_by: str | None
    rules_version: int
    occurred_at: datetime
    state: str = ASKING


def record(conn: Connection, intent: Intent) -> None:
    """Write the intent (``asking``); the caller commits before sending the request."""
    sale = intent.sale
    conn.execute(insert(redemption_intents).values(
        entry_id=intent.entry_id, member_id=intent.member_id, points=intent.points,
        sale_cents=int(sale.amount * 100) if sale else None,
        currency=sale.currency.value if sale else None, receipt_no=intent.receipt_no,
        cashier_id=intent.cashier_id, approved_by=intent.approved_by,
        rules_version=intent.rules_version, occurred_at=intent.occurred_at, state=ASKING))


def _from_row(row: Row[Any]) -> Intent:
    cents, currency = row.sale_cents, row.currency
    sale = (None if cents is None or currency is None
            else Money(Decimal(cents) / 100, Currency(currency)))
    return Intent(row.entry_id, row.member_id, row.points, sale, row.receipt_no,
                  row.cashier_id, row.approved_by, row.rules_version, row.occurred_at,
                  row.state)


_ONE = select(redemption_intents).where(redemption_intents.c.entry_id == bindparam("id"))


def get(conn: Connection, entry_id: str) -> Intent | None:
    row = conn.execute(_ONE, {"id": entry_id}).first()
    return None if row is None else _from_row(row)


def open_intents(conn: Connection) -> list[Intent]:
    """Exchanges not yet resolved, oldest first."""
    rows = conn.execute(select(redemption_intents)
                        .where(redemption_intents.c.state == ASKING)
                        .order_by(redemption_intents.c.occurred_at))
    return [_from_row(r) for r in rows]


def settle(conn: Connection, entry_id: str, state: str, outcome: str, now: datetime) -> None:
    """End an open exchange (a settled one is never reopened)."""
    conn.execute(update(redemption_intents).where(
        redemption_intents.c.entry_id == entry_id, redemption_intents.c.state == ASKING)
        .values(state=state, outcome=outcome[:40], resolved_at=now))


def cancel(conn: Connection, intent: Intent, reason: str, now: datetime) -> None:
    """The customer does not get this redemption: queue its cancellation at central (it
    reverses the entry if it approved it, and refuses the id from now on)."""
    append_operation(conn, "redemption.cancel", payload_json(RedemptionCancel(
        entry_id=intent.entry_id, member_id=intent.member_id, points=intent.points,
        reverse_entry_id=new_id(), cashier_id=intent.cashier_id, occurred_at=now,
        reason=reason)), now)
    settle(conn, intent.entry_id, CANCELLED, reason, now)


_HELD = select(ledger.c.id).where(ledger.c.id == bindparam("id"))


def entry_held(conn: Connection, entry_id: str) -> bool:
    """Does the ledger here hold this entry (written here, or brought by the feed)?"""
    return conn.execute(_HELD, {"id": entry_id}).first() is not None
