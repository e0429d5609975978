"""A change of central's feed: ``data`` is the record of its ``kind`` (:data:`DATA_MODELS`),
validated as that record, so the till can quarantine a bad change and apply the rest."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, model_validator
from pydantic_core import PydanticCustomError

from loyalty.records.base import Record
from loyalty.records.instruments import FeedInstrumentEntry
from loyalty.records.ledger import FeedEntry, HeldRejected
from loyalty.records.member import AliasRecord, ErasedMember, MemberRecord
from loyalty.records.rules import RulesDocument
from loyalty.records.staff import StaffChanged

ChangeKind = Literal[
    "member.upsert", "member.alias", "ledger.entry", "member.erased", "rules.updated",
    "ledger.rejected", "staff.changed", "instrument.entry",
]
ChangeData = (FeedEntry | MemberRecord | AliasRecord | ErasedMember | RulesDocument | HeldRejected
              | StaffChanged | FeedInstrumentEntry)

DATA_MODELS: dict[str, type[BaseModel]] = {
    "ledger.entry": FeedEntry, "member.upsert": MemberRecord, "member.alias": AliasRecord,
    "member.erased": ErasedMember, "rules.updated": RulesDocument,
    "ledger.rejected": HeldRejected, "staff.changed": StaffChanged,
    "instrument.entry": FeedInstrumentEntry,
}


class Change(Record):
    """One change of the feed: a :class:`FeedEntry` (``ledger.entry``), a
    :class:`MemberRecord` (``member.upsert``), an :class:`AliasRecord` (``member.alias``), an
    :class:`ErasedMember` (``member.erased``), a :class:`RulesDocument` (``rules.updated``)
    a :class:`HeldRejected` (``ledger.rejected``), a :class:`StaffChanged`
    (``staff.changed``) or a :class:`FeedInstrumentEntry` (``instrument.entry``)."""

    seq: int
    kind: ChangeKind
    data: ChangeData

    @model_validator(mode="before")
    @classmethod
    def _data_of_kind(cls, value: Any) -> Any:
        if not isinstance(value, dict) or value.get("kind") not in DATA_MODELS:
            return value  # the fields' own checks say what is wrong
        model, data = DATA_MODELS[value["kind"]], value.get("data")
        if isinstance(data, BaseModel) and type(data) is not model:
            raise PydanticCustomError(
                "data_kind", "a {kind} change carries a {model}, not a {given}",
                {"kind": value["kind"], "model": model.__name__,
                 "given": type(data).__name__})
        return value | {"data": model.model_validate(data)}
