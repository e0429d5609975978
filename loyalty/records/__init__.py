"""One typed model per record — member, ledger entry, operation, change, rule set — defined
once and used by the till's store, the wire (:mod:`sync.protocol` re-exports them) and
central. Each field is validated by the one rule :mod:`loyalty` has for it
(:mod:`loyalty.records.fields`)."""

from loyalty.records.change import (
    CHANGE,
    AliasChange,
    Change,
    ChangeKind,
    EntryChange,
    ErasedChange,
    MemberChange,
    RejectedChange,
    RulesChange,
)
from loyalty.records.ledger import (
    ENTRY_FIELDS,
    FEED_FIELDS,
    FeedEntry,
    HeldRejected,
    LedgerEntry,
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

__all__ = [
    "CHANGE",
    "ENTRY_FIELDS",
    "FEED_FIELDS",
    "OP_KINDS",
    "PAYLOAD_MODELS",
    "AliasChange",
    "AliasRecord",
    "Change",
    "ChangeKind",
    "EntryChange",
    "EntryOperation",
    "ErasedChange",
    "ErasedMember",
    "FeedEntry",
    "HeldRejected",
    "LedgerEntry",
    "MemberChange",
    "MemberEnroll",
    "MemberFields",
    "MemberRecord",
    "MemberUpdate",
    "OpKind",
    "Operation",
    "RedemptionCancel",
    "RejectedChange",
    "RulesChange",
    "RulesDocument",
    "payload_json",
]
