"""Outbox operations: what a till writes in the same transaction as its change and pushes.

:class:`Operation` is the envelope; its ``payload`` is one of :data:`PAYLOAD_MODELS` by
``kind``, validated on its own so one malformed payload is rejected (recorded and
acknowledged) without blocking the rest of the queue. :class:`EntryOperation` is the envelope
of the usual push (a run of ledger entries), read in one pass.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from loyalty.records.base import Record
from loyalty.records.fields import Ident, Seq, Uuid
from loyalty.records.instruments import InstrumentCancel, InstrumentEntry
from loyalty.records.ledger import PushedEntry, RedemptionCancel
from loyalty.records.member import MemberEnroll, MemberUpdate

OpKind = Literal["member.enroll", "member.update", "ledger.entry", "redemption.cancel",
                 "instrument.entry", "instrument.cancel"]
OP_KINDS: tuple[str, ...] = ("member.enroll", "member.update", "ledger.entry",
                             "redemption.cancel", "instrument.entry", "instrument.cancel")

PAYLOAD_MODELS: dict[str, type[BaseModel]] = {
    "member.enroll": MemberEnroll,
    "member.update": MemberUpdate,
    "ledger.entry": PushedEntry,
    "redemption.cancel": RedemptionCancel,
    "instrument.entry": InstrumentEntry,
    "instrument.cancel": InstrumentCancel,
}


class Operation(Record):
    """One outbox operation as pushed. ``payload`` is validated per ``kind`` by central."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    seq: Seq
    op_id: Uuid
    kind: Ident
    created_at: AwareDatetime
    payload: dict[str, Any]


class EntryOperation(Record):
    """:class:`Operation` whose payload is a valid ledger entry."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    seq: Seq
    op_id: Uuid
    kind: Literal["ledger.entry"]
    created_at: AwareDatetime
    payload: PushedEntry


def payload_json(record: BaseModel, *, only_set: bool = False) -> dict[str, Any]:
    """A payload as the outbox stores it and the wire carries it (JSON types); ``only_set``:
    only the fields given (a ``member.update`` changes only the fields it names)."""
    return record.model_dump(mode="json", exclude_unset=only_set)
