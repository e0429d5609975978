"""Changes of central's feed: one typed model per kind, told apart by ``kind``.

:data:`Change` is the union a page carries; :data:`CHANGE` validates one change (its data
included) so the till can quarantine a bad one and apply the rest.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from loyalty.records.base import Record
from loyalty.records.ledger import FeedEntry, HeldRejected
from loyalty.records.member import AliasRecord, ErasedMember, MemberRecord
from loyalty.records.rules import RulesDocument

ChangeKind = Literal[
    "member.upsert", "member.alias", "ledger.entry", "member.erased", "rules.updated",
    "ledger.rejected",
]


class EntryChange(Record):
    """A ledger entry central applied."""

    seq: int
    kind: Literal["ledger.entry"] = "ledger.entry"
    data: FeedEntry


class MemberChange(Record):
    """A member created or changed (``member.upsert``)."""

    seq: int
    kind: Literal["member.upsert"] = "member.upsert"
    data: MemberRecord


class AliasChange(Record):
    """A member id that now counts on another (``member.alias``)."""

    seq: int
    kind: Literal["member.alias"] = "member.alias"
    data: AliasRecord


class ErasedChange(Record):
    """A member's personal data erased (``member.erased``)."""

    seq: int
    kind: Literal["member.erased"] = "member.erased"
    data: ErasedMember


class RulesChange(Record):
    """A new rules version (``rules.updated``)."""

    seq: int
    kind: Literal["rules.updated"] = "rules.updated"
    data: RulesDocument


class RejectedChange(Record):
    """An entry central held and head office rejected (``ledger.rejected``)."""

    seq: int
    kind: Literal["ledger.rejected"] = "ledger.rejected"
    data: HeldRejected


Change = Annotated[EntryChange | MemberChange | AliasChange | ErasedChange | RulesChange
                   | RejectedChange, Field(discriminator="kind")]
"""One change of the feed, its ``data`` typed by its ``kind``."""
CHANGE: TypeAdapter[Change] = TypeAdapter(Change)
