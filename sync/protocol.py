"""The wire protocol between terminals and central, version 1 (``/v1``).

Pydantic v2 models shared by the central service and the terminal's sync engine. Field names
are the contract: the terminal's local store writes outbox payloads with exactly these names.

Push: a terminal sends :class:`PushRequest` (a bounded, ordered batch of :class:`Operation`);
central answers :class:`PushResponse` with one :class:`OpResult` per operation it considered.
Pull: ``GET /v1/sync/changes`` answers :class:`ChangesPage`. Bootstrap: the snapshot manifest
(:class:`SnapshotManifest`) and its parts, NDJSON lines of :class:`SnapshotMember` whose
checksums are computed with :func:`snapshot_line` / :func:`part_checksum`.

Operation envelopes are validated strictly, payloads per operation, so one malformed payload
is rejected (recorded and acknowledged) without blocking the rest of the queue.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from loyalty.records import (
    OP_KINDS,
    PAYLOAD_MODELS,
    AliasRecord,
    Change,
    ChangeKind,
    EntryOperation,
    FeedEntry,
    HeldRejected,
    LedgerEntry,
    MemberEnroll,
    MemberFields,
    MemberRecord,
    MemberUpdate,
    Operation,
    OpKind,
    PinHash,
    RedemptionCancel,
    RulesDocument,
    StaffChanged,
    StaffName,
    StaffRecord,
    StaffRole,
)
from loyalty.records.fields import (
    UUID_PATTERN,
    CurrencyCode,
    Cursor,
    Ident,
    PositivePoints,
    ReceiptNo,
    RulesVersion,
    SaleAmount,
    Seq,
    Text,
    Uuid,
    as_pydantic,
)

__all__ = [  # the records are loyalty's; the wire re-exports them under their old names
    "OP_KINDS",
    "PAYLOAD_MODELS",
    "UUID_PATTERN",
    "AliasRecord",
    "Change",
    "ChangeKind",
    "Cursor",
    "EntryOperation",
    "FeedEntry",
    "HeldRejected",
    "LedgerEntry",
    "MemberEnroll",
    "MemberFields",
    "MemberRecord",
    "MemberUpdate",
    "OpKind",
    "Operation",
    "PinHash",
    "RedemptionCancel",
    "RulesDocument",
    "Seq",
    "StaffChanged",
    "StaffName",
    "StaffRecord",
    "StaffRole",
    "Uuid",
    "as_pydantic",
]

PROTOCOL_VERSION = "v1"
MAX_PUSH_OPERATIONS = 1000
"""The most operations one push may carry."""
SNAPSHOT_BUCKETS = 1024
"""Members are spread over this many buckets by :func:`snapshot_bucket`; parts group buckets."""

OpStatus = Literal["applied", "already_applied", "rejected", "held", "superseded"]
"""``superseded``: acknowledged, nothing changed, because newer changes already stand (a
profile edit or consent choice that lost); central's record goes to the feed."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- push ---------------------------------------------------------------------------------


class PushRequest(_Model):
    """``POST /v1/sync/push``: operations in ascending, contiguous ``seq`` order."""

    operations: Annotated[list[Operation], Field(max_length=MAX_PUSH_OPERATIONS)]


class IdMapping(_Model):
    """An id that became an alias: entries written against it count on ``canonical_id``."""

    alias_id: str
    canonical_id: str
    canonical_code: str | None


class OpResult(_Model):
    """What became of one pushed operation. Every result acknowledges its operation.

    ``reason`` may accompany a non-rejected status too: ``clock_clamped`` (the sender's
    profile clock ran ahead and was clamped), ``partly_superseded``, ``merged``,
    ``review_opened``.
    """

    seq: int
    op_id: str
    status: OpStatus
    reason: str | None = None
    message: str | None = None
    mappings: list[IdMapping] = Field(default_factory=list)


class PushResponse(_Model):
    """Results in ``seq`` order; ``expected_seq`` is the next sequence central expects.

    When the batch skipped a sequence number, ``gap`` is true and the operations from the gap
    on were not considered: resend from ``expected_seq``.
    """

    results: list[OpResult]
    expected_seq: int
    gap: bool = False


# --- pull ---------------------------------------------------------------------------------


SnapshotMember = MemberRecord


class ChangesPage(_Model):
    """``GET /v1/sync/changes``: changes after a cursor, in sequence order.

    ``terminal_ops_through`` is the last ``seq`` of the calling terminal's own operations whose
    effects are included up to ``next_cursor`` (0 when none): anything after it in the
    terminal's outbox is still only *pending here*.
    """

    changes: list[Change]
    next_cursor: int
    has_more: bool
    terminal_ops_through: int


# --- snapshot -----------------------------------------------------------------------------


class SnapshotPart(_Model):
    """One part of the member snapshot: the members whose bucket falls in the part."""

    part: int
    rows: int
    sha256: str


class SnapshotManifest(_Model):
    """``GET /v1/sync/snapshot``: the parts of the member base as of ``cursor``.

    Fetch each part from ``/v1/sync/snapshot/parts/{part}?parts={parts}`` (NDJSON: one
    :class:`SnapshotMember` per line, then a trailer line ``{"part", "rows", "sha256",
    "cursor"}``), then pull changes after ``cursor``. A part read later than the manifest may
    include newer data; applying changes after ``cursor`` converges either way.
    """

    cursor: int
    parts: int
    bucket_count: int = SNAPSHOT_BUCKETS
    total_rows: int
    part_list: list[SnapshotPart]


def snapshot_bucket(member_id: str) -> int:
    """The bucket a member id belongs to (stable, evenly spread)."""
    digest = hashlib.sha256(member_id.encode("ascii")).digest()
    return int.from_bytes(digest[:4], "big") % SNAPSHOT_BUCKETS


def part_buckets(part: int, parts: int) -> tuple[int, int]:
    """The half-open bucket range ``[lo, hi)`` of ``part`` when split into ``parts``."""
    if parts < 1 or SNAPSHOT_BUCKETS % parts or not 0 <= part < parts:
        raise ValueError(f"bad snapshot part {part} of {parts}")
    size = SNAPSHOT_BUCKETS // parts
    return part * size, (part + 1) * size


def snapshot_line(record: MemberRecord) -> bytes:
    """The canonical encoding of one snapshot row (one NDJSON line, newline included)."""
    return snapshot_line_from_json(record.model_dump(mode="json"))


def snapshot_line_from_json(doc: dict[str, Any]) -> bytes:
    """:func:`snapshot_line` from a record already in JSON form (``model_dump(mode="json")``:
    times as ISO-8601 with ``Z``, dates as ``YYYY-MM-DD``)."""
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8") + b"\n"


def part_checksum(lines: Iterable[bytes]) -> str:
    """sha256 over a part's canonical lines, in (bucket, member id) order (hex)."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line)
    return digest.hexdigest()


# --- online redemption, registration, rules -----------------------------------------------


class RedemptionRequest(_Model):
    """``POST /v1/redemptions``: authorise spending ``points`` (positive) now."""

    entry_id: Uuid
    member_id: Uuid
    points: PositivePoints
    sale_amount: Annotated[SaleAmount, Field(ge=0)] | None = None
    currency: CurrencyCode | None = None
    cashier_id: Ident | None = None
    receipt_no: ReceiptNo | None = None
    occurred_at: AwareDatetime
    rules_version: RulesVersion
    approved_by: Ident | None = None


class RedemptionResponse(_Model):
    """The authorisation: approved (the redeem entry now exists at central) or declined."""

    entry_id: str
    approved: bool
    reason: str | None = None
    message: str | None = None
    account_id: str | None = None
    balance: int | None = None


class StaffList(_Model):
    """``GET /v1/staff``: every staff member of the calling terminal's store, past ones
    included (a till deactivates what is no longer active)."""

    store_id: Ident
    staff: list[StaffRecord]


class FirstManagerRequest(_Model):
    """``POST /v1/staff/first-manager``: a registered till's first-run wizard makes the
    store's first manager (only while the store has no staff at all). The till chooses the
    id, so asking again is answered the same."""

    id: Uuid
    name: StaffName
    pin_hash: PinHash


RedemptionState = Literal["approved", "cancelled", "unknown"]


class RedemptionStatus(_Model):
    """``GET /v1/redemptions/{entry_id}``: what central holds of one of this terminal's
    online redemptions (``unknown``: never approved here, nor cancelled)."""

    entry_id: str
    state: RedemptionState
    account_id: str | None = None
    balance: int | None = None


InstrumentRedemptionStatusValue = Literal["approved", "declined"]


class InstrumentRedemptionResponse(_Model):
    """``POST /v1/instruments/redemptions`` (body: an ``InstrumentEntry`` of kind
    ``redeem``): approved — the entry now stands at central and ``balance_after`` is what
    is left — or declined with a reason (nothing happened)."""

    status: InstrumentRedemptionStatusValue
    reason: str | None = None
    message: str | None = None
    balance_after: int | None = None


class InstrumentRedemptionStatus(_Model):
    """``GET /v1/instruments/redemptions/{entry_id}``: what central holds of one of this
    terminal's online instrument redemptions."""

    entry_id: str
    state: RedemptionState
    balance_after: int | None = None


class CodeBlockInfo(_Model):
    """A block of member-code serials ``[start, end)`` reserved for one terminal."""

    index: int
    start: int
    end: int


class RegisterRequest(_Model):
    """``POST /v1/terminals/register``: a one-time enrollment code from head office."""

    enrollment_code: Annotated[str, StringConstraints(min_length=1, max_length=128,
                                                      pattern=r"^[^\x00]+$")]
    name: Text | None = None


class RegisterResponse(_Model):
    """A registered terminal: keep ``token`` secret; it is shown once."""

    terminal_id: str
    token: str
    store_id: str
    code_block: CodeBlockInfo
    rules_version: int


class ErrorBody(_Model):
    """Every 4xx/5xx body: a stable machine-readable ``reason`` and a human message."""

    reason: str
    message: str
    expected_seq: int | None = None
    details: list[dict[str, Any]] | None = None
