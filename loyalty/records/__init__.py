"""One typed model per record — member, ledger entry, operation, change, rule set — defined
once and used by the till's store, the wire (:mod:`sync.protocol` re-exports them) and
central. Each field is validated by the one rule :mod:`loyalty` has for it
(:mod:`loyalty.records.fields`)."""

from loyalty.records.change import DATA_MODELS, Change, ChangeData, ChangeKind
from loyalty.records.instruments import (
    FeedInstrumentEntry,
    InstrumentCancel,
    InstrumentEntry,
    InstrumentEntryKind,
)
from loyalty.records.ledger import (
    ENTRY_FIELDS,
    FEED_FIELDS,
    FeedEntry,
    HeldRejected,
    LedgerEntry,
    PushedEntry,
    RedemptionCancel,
)
from loyalty.records.member import (
    AliasRecord,
    ErasedMember,
    MemberEnroll,
    MemberFields,
    MemberRecord,
    MemberUpdate,
)
from loyalty.records.operation import (
    OP_KINDS,
    PAYLOAD_MODELS,
    EntryOperation,
    Operation,
    OpKind,
    payload_json,
)
from loyalty.records.rules import RulesDocument
from loyalty.records.staff import PinHash, StaffChanged, StaffName, StaffRecord, StaffRole

__all__ = [
    "DATA_MODELS",
    "ENTRY_FIELDS",
    "FEED_FIELDS",
    "OP_KINDS",
    "PAYLOAD_MODELS",
    "AliasRecord",
    "Change",
    "ChangeData",
    "ChangeKind",
    "EntryOperation",
    "ErasedMember",
    "FeedEntry",
    "FeedInstrumentEntry",
    "HeldRejected",
    "InstrumentCancel",
    "InstrumentEntry",
    "InstrumentEntryKind",
    "LedgerEntry",
    "MemberEnroll",
    "MemberFields",
    "MemberRecord",
    "MemberUpdate",
    "OpKind",
    "Operation",
    "PinHash",
    "PushedEntry",
    "RedemptionCancel",
    "RulesDocument",
    "StaffChanged",
    "StaffName",
    "StaffRecord",
    "StaffRole",
    "payload_json",
]
