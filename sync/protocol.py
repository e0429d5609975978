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
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from loyalty.errors import InvalidInput
from loyalty.text import RECEIPT_MAX, RECEIPT_PATTERN, repair_name, repair_referral_code

PROTOCOL_VERSION = "v1"
MAX_PUSH_OPERATIONS = 1000
"""The most operations one push may carry."""
SNAPSHOT_BUCKETS = 1024
"""Members are spread over this many buckets by :func:`snapshot_bucket`; parts group buckets."""

OpKind = Literal["member.enroll", "member.update", "ledger.entry"]
OP_KINDS: tuple[str, ...] = ("member.enroll", "member.update", "ledger.entry",
                             "redemption.cancel")
EntryKindName = Literal["earn", "redeem", "bonus", "adjust", "expire", "reverse"]
CurrencyCode = Literal["TWD", "HKD"]
OpStatus = Literal["applied", "already_applied", "rejected", "held", "superseded"]
"""``superseded``: acknowledged, nothing changed, because newer changes already stand (a
profile edit or consent choice that lost); central's record goes to the feed."""
MemberStatus = Literal["active", "review", "merged", "erased"]
ChangeKind = Literal[
    "member.upsert", "member.alias", "ledger.entry", "member.erased", "rules.updated",
    "ledger.rejected", "staff.changed",
]

Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")]
Ident = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00]+$")]
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN)]
Hlc = Annotated[str, StringConstraints(pattern=r"^\d{13}-\d{4}-[^\x00]{1,64}$")]
"""Hybrid logical clock ``<unix_ms:013d>-<counter:04d>-<node id>``, comparable as strings."""
Phone = Annotated[str, StringConstraints(pattern=r"^\+[1-9]\d{6,14}$")]
MemberCode = Annotated[str, StringConstraints(pattern=r"^\d{10}$")]


def as_pydantic(check: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """``check`` from :mod:`loyalty.text` as a validator: its error keeps its code and text."""
    def validate(value: str) -> str | None:
        try:
            return check(value)
        except InvalidInput as err:
            raise PydanticCustomError(err.code, str(err)) from None
    return validate


MemberName = Annotated[str, AfterValidator(as_pydantic(repair_name))]
"""A member's name by :func:`loyalty.text.repair_name`: the till's rule; characters an older
till let through are removed, a name left blank is ``None``."""
ReferralCode = Annotated[str, AfterValidator(as_pydantic(repair_referral_code))]
ReceiptNo = Annotated[str, StringConstraints(min_length=1, max_length=RECEIPT_MAX,
                                             pattern=RECEIPT_PATTERN)]
"""The rule of :func:`loyalty.text.clean_receipt_no` in pydantic's Rust regex engine (no
Python call per ledger entry on the push's hot path)."""
Month = Annotated[int, Field(ge=1, le=12)]
Day = Annotated[int, Field(ge=1, le=31)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Points = Annotated[int, Field(ge=-10**12, le=10**12)]
Seq = Annotated[int, Field(ge=1, le=2**62)]
Cursor = Annotated[int, Field(ge=0, le=2**62)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- push ---------------------------------------------------------------------------------


class Operation(_Model):
    """One outbox operation as pushed. ``payload`` is validated per ``kind`` by central."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    seq: Seq
    op_id: Uuid
    kind: Ident
    created_at: AwareDatetime
    payload: dict[str, Any]


class MemberEnroll(_Model):
    """Payload of ``member.enroll``: a member enrolled at a terminal (or online)."""

    member_id: Uuid
    phone: Phone
    member_code: MemberCode
    name: MemberName | None = None
    birthday_month: Month | None = None
    birthday_day: Day | None = None
    birth_year: Year | None = None
    marketing_consent: bool | None = None
    consent_at: AwareDatetime | None = None
    origin: Ident
    enrolled_at: AwareDatetime
    referral_code: ReferralCode | None = None
    hlc: Hlc


class MemberFields(_Model):
    """Profile fields a ``member.update`` may change; only fields present are changed."""

    name: MemberName | None = None
    birthday_month: Month | None = None
    birthday_day: Day | None = None
    birth_year: Year | None = None
    phone: Phone | None = None
    marketing_consent: bool | None = None
    consent_at: AwareDatetime | None = None

    def present(self) -> dict[str, Any]:
        """The fields the sender set (explicit ``null`` included), by name."""
        return {name: getattr(self, name) for name in type(self).model_fields
                if name in self.model_fields_set}  # declaration order: stable answers


class MemberUpdate(_Model):
    """Payload of ``member.update``: each field last-writer-wins by ``hlc``."""

    member_id: Uuid
    fields: MemberFields
    hlc: Hlc


class LedgerEntry(_Model):
    """Payload of ``ledger.entry``: one append-only points entry, idempotent by ``entry_id``."""

    entry_id: Uuid
    member_id: Uuid
    kind: EntryKindName
    points: Points
    sale_amount: Annotated[Decimal, Field(max_digits=14, decimal_places=2)] | None = None
    currency: CurrencyCode | None = None
    store_id: Ident
    terminal_id: Ident
    cashier_id: Ident | None = None
    receipt_no: ReceiptNo | None = None
    occurred_at: AwareDatetime
    rules_version: Annotated[int, Field(ge=0, le=2**31)]
    expires_on: date | None = None
    ref_entry_id: Uuid | None = None
    offline: bool = False
    approved_by: Ident | None = None


class RedemptionCancel(_Model):
    """Payload of ``redemption.cancel``: an online redemption this terminal asked for and did
    not give (declined locally, abandoned, or its answer never came). Central reverses it
    under ``reverse_entry_id`` if it had approved it, and in every case refuses that
    ``entry_id`` from then on, so a request still on its way can never spend the points."""

    entry_id: Uuid
    member_id: Uuid
    points: Annotated[int, Field(ge=1, le=10**9)]
    reverse_entry_id: Uuid
    cashier_id: Ident | None = None
    occurred_at: AwareDatetime
    reason: Annotated[str, StringConstraints(max_length=40, pattern=r"^[a-z_]*$")] = ""


PAYLOAD_MODELS: dict[str, type[BaseModel]] = {
    "member.enroll": MemberEnroll,
    "member.update": MemberUpdate,
    "ledger.entry": LedgerEntry,
    "redemption.cancel": RedemptionCancel,
}


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


class MemberRecord(_Model):
    """A member as central holds it (data of ``member.upsert`` and snapshot rows)."""

    id: str
    phone: str | None
    member_code: str | None
    name: str | None
    birthday_month: int | None
    birthday_day: int | None
    birth_year: int | None
    marketing_consent: bool | None
    consent_at: datetime | None
    origin: str | None
    enrolled_at: datetime | None
    tier: str
    tier_since: date | None
    balance: int
    status: MemberStatus
    canonical_id: str | None = None


SnapshotMember = MemberRecord


class AliasRecord(_Model):
    """Data of ``member.alias``: ``alias_id`` now counts on ``canonical_id``, forever."""

    alias_id: str
    alias_code: str | None
    canonical_id: str
    canonical_code: str | None


class FeedEntry(LedgerEntry):
    """Data of ``ledger.entry``: the entry, who it counts for now, and the balance after it.

    ``account_id`` is the canonical member the entry counts on today; ``balance_after`` is that
    account's confirmed balance right after central applied the entry (later merges are
    announced with ``member.upsert``).
    """

    account_id: str
    balance_after: int
    overdraft: int = 0
    received_at: datetime


class Change(_Model):
    """One change of the feed. ``data`` is a :class:`MemberRecord`, :class:`AliasRecord`,
    :class:`FeedEntry`, ``{"member_id": …}`` (erased) or a rules document, by ``kind``."""

    seq: int
    kind: ChangeKind
    data: dict[str, Any]


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
    points: Annotated[int, Field(ge=1, le=10**9)]
    sale_amount: Annotated[Decimal, Field(max_digits=14, decimal_places=2, ge=0)] | None = None
    currency: CurrencyCode | None = None
    cashier_id: Ident | None = None
    receipt_no: ReceiptNo | None = None
    occurred_at: AwareDatetime
    rules_version: Annotated[int, Field(ge=0, le=2**31)]
    approved_by: Ident | None = None


class RedemptionResponse(_Model):
    """The authorisation: approved (the redeem entry now exists at central) or declined."""

    entry_id: str
    approved: bool
    reason: str | None = None
    message: str | None = None
    account_id: str | None = None
    balance: int | None = None


class HeldRejected(_Model):
    """Change ``ledger.rejected``: head office rejected an entry central held (it never
    counted; the terminal that wrote it lists it for its manager)."""

    entry_id: Uuid
    terminal_id: Ident
    reason: Annotated[str, StringConstraints(max_length=200)]
    note: Annotated[str, StringConstraints(max_length=500)] | None = None


class StaffChanged(_Model):
    """Change ``staff.changed``: head office (or a till's first-run wizard) changed a store's
    staff. It names the store only: each till of that store fetches its list
    (``GET /v1/staff``), so no PIN hash travels to another store's tills."""

    store_id: Ident


StaffRole = Literal["cashier", "manager"]
PinHash = Annotated[str, StringConstraints(
    max_length=200, pattern=r"^scrypt\$\d{1,7}\$\d{1,3}\$\d{1,3}\$[0-9a-f]{32}\$[0-9a-f]{128}$")]
"""A PIN as :func:`loyalty.store.cashiers.hash_pin` keeps it (salted scrypt), never a PIN."""
StaffName = Annotated[str, StringConstraints(min_length=1, max_length=40, strip_whitespace=True,
                                             pattern=r"^[^\x00-\x1f]+$")]


class StaffRecord(_Model):
    """One of a store's staff as central knows them (``active_to``: the last day they may
    act, None while open-ended)."""

    id: Uuid
    name: StaffName
    role: StaffRole
    pin_hash: PinHash
    active_from: date
    active_to: date | None = None


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


class RulesDocument(_Model):
    """``GET /v1/rules``: the current rules (``loyalty.rules.Rules`` document) and version."""

    version: int
    document: dict[str, Any]


class ErrorBody(_Model):
    """Every 4xx/5xx body: a stable machine-readable ``reason`` and a human message."""

    reason: str
    message: str
    expected_seq: int | None = None
    details: list[dict[str, Any]] | None = None
