"""Online redemption intents: written and committed before central is asked.

An online redemption is an exchange with central keyed by its entry id (the lifecycle:
:mod:`loyalty.store.intent_table`). It ends ``committed`` (the ledger holds the entry and
the cashier was told it went through), ``declined`` (central refused it, or it never reached
central and was refused offline) or ``cancelled`` (it may have reached central and was not
given: a ``redemption.cancel`` operation makes central give the points back, or refuse the
id). Every function runs in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row

from loyalty.ids import new_id
from loyalty.money import Currency, Money
from loyalty.records import RedemptionCancel, payload_json
from loyalty.store.intent_table import ASKING, CANCELLED, COMMITTED, DECLINED, IntentTable
from loyalty.store.schema import ledger, redemption_intents

__all__ = ["ASKING", "CANCELLED", "COMMITTED", "DECLINED", "TABLE", "Intent", "cancel",
           "entry_held", "get", "open_intents", "record", "settle"]


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


def _values(intent: Intent) -> dict[str, Any]:
    sale = intent.sale
    return dict(
        entry_id=intent.entry_id, member_id=intent.member_id, points=intent.points,
        sale_cents=int(sale.amount * 100) if sale else None,
        currency=sale.currency.value if sale else None, receipt_no=intent.receipt_no,
        cashier_id=intent.cashier_id, approved_by=intent.approved_by,
        rules_version=intent.rules_version, occurred_at=intent.occurred_at)


def _from_row(row: Row[Any]) -> Intent:
    cents, currency = row.sale_cents, row.currency
    sale = (None if cents is None or currency is None
            else Money(Decimal(cents) / 100, Currency(currency)))
    return Intent(row.entry_id, row.member_id, row.points, sale, row.receipt_no,
                  row.cashier_id, row.approved_by, row.rules_version, row.occurred_at,
                  row.state)


def _cancel_op(intent: Intent, reason: str, now: datetime) -> tuple[str, dict[str, Any]]:
    return "redemption.cancel", payload_json(RedemptionCancel(
        entry_id=intent.entry_id, member_id=intent.member_id, points=intent.points,
        reverse_entry_id=new_id(), cashier_id=intent.cashier_id, occurred_at=now,
        reason=reason))


TABLE = IntentTable(redemption_intents, ledger, values=_values, from_row=_from_row,
                    cancel_op=_cancel_op)
record, get, open_intents = TABLE.record, TABLE.get, TABLE.open_intents
settle, cancel, entry_held = TABLE.settle, TABLE.cancel, TABLE.entry_held
