"""The instrument entry: one definition for the till's instrument ledger, the wire and
central's (``docs/programs.md``). An instrument's balance is the sum of its entries' ``units``;
entries are idempotent by ``entry_id`` (and, pushed, by the terminal's sequence)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints

from loyalty.programs import PROGRAM_ID_PATTERN
from loyalty.records.base import Record
from loyalty.records.fields import CurrencyCode, Ident, ReceiptNo, SaleAmount, Uuid

InstrumentEntryKind = Literal["issue", "stamp", "redeem", "reverse", "expire", "refund"]
ProgramId = Annotated[str, StringConstraints(pattern=PROGRAM_ID_PATTERN)]
Units = Annotated[int, Field(ge=-1000, le=1000)]
PassSerial = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9-]{6,32}$")]
ConflictReason = Literal["used_twice", "over_redeemed", "duplicate_gift", "limit_exceeded",
                         "self_referral", "after_expiry"]


class InstrumentEntry(Record):
    """One append-only entry of an instrument's ledger (``instrument.entry`` payload).

    ``units`` is signed: ``issue`` and ``stamp`` add, ``redeem``, ``expire`` and ``refund``
    take away, ``reverse`` undoes ``ref_entry_id`` (the opposite of its units). ``amount`` is
    money that changed hands with it: a prepaid pass's price on ``issue``, what was paid back
    on ``refund``. ``serial`` is a prepaid pass's printed serial number (on ``issue``)."""

    entry_id: Uuid
    instrument_id: Uuid
    program_id: ProgramId
    member_id: Uuid
    kind: InstrumentEntryKind
    units: Units
    amount: SaleAmount | None = None
    currency: CurrencyCode | None = None
    serial: PassSerial | None = None
    store_id: Ident
    terminal_id: Ident
    cashier_id: Ident | None = None
    receipt_no: ReceiptNo | None = None
    occurred_at: AwareDatetime
    expires_on: date | None = None
    ref_entry_id: Uuid | None = None
    offline: bool = False
    approved_by: Ident | None = None


class FeedInstrumentEntry(InstrumentEntry):
    """Data of an ``instrument.entry`` change: the entry as central applied it, the member it
    counts for now, the instrument's balance right after it and, when central found the entry
    in conflict (a single-use coupon used twice offline, cups over-redeemed, a second gift),
    why — the entry still stands in the ledger, so nothing is silently doubled or lost."""

    account_id: str
    balance_after: int
    conflict: ConflictReason | None = None
    received_at: datetime


class InstrumentCancel(Record):
    """Payload of ``instrument.cancel``: an online instrument redemption this terminal asked
    for and did not give; central reverses it if it had approved it and refuses the id from
    then on (as ``redemption.cancel`` does for points)."""

    entry_id: Uuid
    instrument_id: Uuid
    reverse_entry_id: Uuid
    cashier_id: Ident | None = None
    occurred_at: AwareDatetime
    reason: Annotated[str, StringConstraints(max_length=40, pattern=r"^[a-z_]*$")] = ""
