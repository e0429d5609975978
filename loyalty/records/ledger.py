"""The ledger entry: one definition for the till's rows, the wire, central's rows and the
till's replica.

Field names are the contract: central's ``ledger_entries`` columns carry the same names
(``entry_id`` is the ``id`` column), in the order of :data:`ENTRY_FIELDS`; the till's
``ledger`` table differs only in keeping the sale as integer cents (``sale_cents``), which
:func:`loyalty.store.entry_rows` converts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, StringConstraints

from loyalty.records.base import Record
from loyalty.records.fields import (
    CurrencyCode,
    EntryKindName,
    Ident,
    Points,
    PositivePoints,
    ReceiptNo,
    RulesVersion,
    SaleAmount,
    Uuid,
)


class LedgerEntry(Record):
    """One append-only points entry, idempotent by ``entry_id`` (``ledger.entry`` payload)."""

    entry_id: Uuid
    member_id: Uuid
    kind: EntryKindName
    points: Points
    sale_amount: SaleAmount | None = None
    currency: CurrencyCode | None = None
    store_id: Ident
    terminal_id: Ident
    cashier_id: Ident | None = None
    receipt_no: ReceiptNo | None = None
    occurred_at: AwareDatetime
    rules_version: RulesVersion
    expires_on: date | None = None
    ref_entry_id: Uuid | None = None
    offline: bool = False
    approved_by: Ident | None = None

    def values(self) -> tuple[Any, ...]:
        """The fields in :data:`ENTRY_FIELDS` order (a row of the stores' ledger tables).

        A pydantic model keeps its fields in declaration order in ``__dict__``: the fast way
        to a push's thousand rows."""
        return tuple(self.__dict__.values())[:_ENTRY_WIDTH]


ENTRY_FIELDS: tuple[str, ...] = tuple(LedgerEntry.model_fields)
"""The entry's fields in declaration order: the column order of :meth:`LedgerEntry.values`."""
_ENTRY_WIDTH = len(ENTRY_FIELDS)


class FeedEntry(LedgerEntry):
    """Data of a ``ledger.entry`` change: the entry, who it counts for now, and the balance
    after it.

    ``account_id`` is the canonical member the entry counts on today; ``balance_after`` is that
    account's confirmed balance right after central applied the entry (later merges are
    announced with ``member.upsert``).
    """

    account_id: str
    balance_after: int
    overdraft: int = 0
    received_at: datetime


FEED_FIELDS: tuple[str, ...] = tuple(FeedEntry.model_fields)


class PushedEntry(LedgerEntry):
    """A ``ledger.entry`` operation's payload: the entry, plus what only the wire carries
    (central keeps it beside the entry, in neither ledger table; :meth:`values` leaves it
    out)."""

    # An earn for a Taiwan e-invoice: its date (``receipt_no`` is its number); the invoice
    # earns once chain-wide (number and two-month period, see loyalty.einvoice).
    invoice_date: date | None = None


class RedemptionCancel(Record):
    """Payload of ``redemption.cancel``: an online redemption this terminal asked for and did
    not give (declined locally, abandoned, or its answer never came). Central reverses it
    under ``reverse_entry_id`` if it had approved it, and in every case refuses that
    ``entry_id`` from then on, so a request still on its way can never spend the points."""

    entry_id: Uuid
    member_id: Uuid
    points: PositivePoints
    reverse_entry_id: Uuid
    cashier_id: Ident | None = None
    occurred_at: AwareDatetime
    reason: Annotated[str, StringConstraints(max_length=40, pattern=r"^[a-z_]*$")] = ""


class HeldRejected(Record):
    """Data of ``ledger.rejected``: head office rejected an entry central held (it never
    counted; the terminal that wrote it lists it for its manager)."""

    entry_id: Uuid
    terminal_id: Ident
    reason: Annotated[str, StringConstraints(max_length=200)]
    note: Annotated[str, StringConstraints(max_length=500)] | None = None
