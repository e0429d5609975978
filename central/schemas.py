"""Request and response bodies of central's own (non-sync) endpoints."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from loyalty.text import clean_name, clean_referral_code
from sync.protocol import MemberRecord, PinHash, StaffName, StaffRole, as_pydantic

Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00]+$")]
StoreCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
PhoneText = Annotated[str, StringConstraints(min_length=1, max_length=40,
                                             pattern=r"^[^\x00]+$")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoreIn(_In):
    id: StoreCode
    name: Name
    timezone: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_]+(/[A-Za-z_+-]+){0,2}$",
                                               max_length=64)] = "Asia/Taipei"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError("not an IANA time zone")
        return value


class StoreOut(BaseModel):
    id: str
    name: str
    timezone: str


class EnrollmentCodeOut(BaseModel):
    """A one-time code a terminal registers with (shown once)."""

    store_id: str
    code: str
    expires_at: datetime


class TerminalOut(BaseModel):
    id: str
    kind: str
    store_id: str | None
    name: str | None
    registered_at: datetime
    revoked_at: datetime | None
    last_seq: int
    code_block: int | None
    last_contact_at: datetime | None = None
    clock_skew_s: int | None = Field(None, description="The terminal's clock minus central's, "
                                     "as last measured (a lower bound when it sends no clock).")
    clock_flagged: bool = Field(False, description="The clock disagrees with central's beyond "
                                "the tolerance (measured within the last day).")
    ops_floor_seq: int = 0
    audit_chain_broken_at: datetime | None = Field(
        None, description="When central first found a break in the terminal's audit or "
        "ledger chain (a row deleted or edited on the till); None: intact.")
    audit_chain_break: str | None = Field(None, description="What the first break was.")


class OnlineClientIn(_In):
    name: Name


class OnlineClientOut(BaseModel):
    client_id: str
    token: str


class RulesIn(_In):
    document: dict[str, Any]


class SignUp(_In):
    """A web-shop or app sign-up; the phone is read in the chain's market. The name and
    referral code follow the counter's rules (:mod:`loyalty.text`), strictly: the sender can
    correct them."""

    phone: PhoneText
    name: Annotated[str, AfterValidator(as_pydantic(clean_name))] | None = None
    birthday_month: Annotated[int, Field(ge=1, le=12)] | None = None
    birthday_day: Annotated[int, Field(ge=1, le=31)] | None = None
    birth_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    marketing_consent: bool | None = None
    referral_code: Annotated[str, AfterValidator(as_pydantic(clean_referral_code))
                             ] | None = None


class MemberLookup(_In):
    """Exactly one of ``phone`` (as typed, read in the chain's market) and ``code``.

    A body, not a query string: URLs end up in access logs, proxies and browser histories.
    """

    phone: PhoneText | None = None
    code: Annotated[str, StringConstraints(pattern=r"^\d{10}$")] | None = None


class SignUpOut(BaseModel):
    """``outcome``: ``created``, ``merged`` (the phone was already a member) or ``review``."""

    outcome: Literal["created", "merged", "review"]
    member: MemberRecord


class ReviewCaseOut(BaseModel):
    id: str
    kind: str
    member_id: str
    other_member_id: str
    phone_masked: str
    status: str
    opened_at: datetime
    resolved_at: datetime | None
    resolution: str | None


class ResolveIn(_In):
    action: Literal["merge", "keep_apart"]


class MergeIn(_In):
    source_id: Annotated[str, StringConstraints(min_length=1, max_length=36,
                                                pattern=r"^[0-9a-f-]+$")]
    target_id: Annotated[str, StringConstraints(min_length=1, max_length=36,
                                                pattern=r"^[0-9a-f-]+$")]


class JobsIn(_In):
    date: date


class JobsOut(BaseModel):
    date: date
    expired_entries: int
    expired_points: int
    tier_changes: int
    feed_floor: int
    terminal_ops_compacted: int = 0
    birthday_gifts: int = 0
    instruments_expired: int = 0
    instrument_units_expired: int = 0


class RejectionOut(BaseModel):
    terminal_id: str
    seq: int
    op_id: str
    kind: str
    reason: str | None
    message: str | None
    received_at: datetime


class DailyReportRow(BaseModel):
    """One store's day (in the store's time zone)."""

    store_id: str
    day: date
    new_members: int
    earn_entries: int
    sales_amount: Decimal
    points_issued: int
    points_redeemed: int
    points_expired: int
    points_adjusted: int
    overdraft_count: int
    overdraft_points: int
    offline_breach_count: int = Field(0, description="Offline redemptions beyond the floor "
                                      "limits without a manager's approval (accepted).")
    offline_breach_points: int = 0
    instruments_issued: int = Field(0, description="Coupons, gifts, rewards and passes "
                                    "issued (docs/programs.md).")
    instrument_units_redeemed: int = Field(0, description="Instrument units redeemed, net "
                                           "of reversed redemptions (cups of a pass).")
    instrument_conflicts: int = Field(0, description="Instrument entries recorded in "
                                      "conflict (used twice offline, over-redeemed …).")


class HeldEntryOut(BaseModel):
    """An entry central holds for head office (what the terminal pushed, and why)."""

    entry_id: str
    terminal_id: str
    store_id: str
    member_id: str
    kind: str
    points: int
    reasons: list[str]
    message: str
    status: str
    held_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str | None
    payload: dict[str, Any]


class DecisionIn(_In):
    note: Annotated[str, StringConstraints(max_length=500)] = ""


class ConsentEventOut(BaseModel):
    """One marketing-consent choice central received, and whether it became current."""

    model_config = ConfigDict(from_attributes=True)

    member_id: str
    value: bool
    source: str
    store_id: str | None
    op_id: str | None
    stated_at: datetime | None
    effective_at: datetime
    received_at: datetime
    applied: bool


class ConsentHistoryOut(BaseModel):
    """A member's marketing consent now and every choice received, oldest first."""

    member_id: str
    marketing_consent: bool | None
    consent_at: datetime | None
    events: list[ConsentEventOut]


class AccessLogOut(BaseModel):
    """One row of the personal-data access log."""

    id: int
    at: datetime
    actor_kind: str
    actor: str
    action: str
    member_id: str
    detail: str | None


class OnlineLookupOut(BaseModel):
    """What the online channel learns from a lookup: whether the phone or code is a member
    (no name, birthday or balance; linking needs proof of the phone)."""

    registered: bool


class LinkStart(_In):
    """Send a one-time code to this phone (as typed, read in the chain's market)."""

    phone: PhoneText


class LinkStarted(BaseModel):
    challenge_id: str
    expires_at: datetime


class LinkConfirm(_In):
    challenge_id: Annotated[str, StringConstraints(min_length=1, max_length=36)]
    code: Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class LinkedMember(BaseModel):
    """The membership a proven phone holds: enough to link a web account to it."""

    member_id: str
    member_code: str | None
    tier: str


class MemberQrOut(BaseModel):
    """A member's signed QR text for the web shop to show (as a QR code) until ``not_after``."""

    member_id: str
    text: str
    not_after: datetime
    key_id: str


class MemberQrKeyOut(BaseModel):
    """One member-QR signing key (never its private half)."""

    key_id: str
    public_key: str
    created_at: datetime
    revoked_at: datetime | None
    signing: bool


class MemberQrKeyChange(BaseModel):
    """A rotation or revocation, and the rules version that carries it to tills."""

    key_id: str
    rules_version: int


class StaffIn(_In):
    """A new staff member of a store. Head office gives the PIN (4–8 digits; central keeps
    only its salted hash) or a hash made with the till's scheme, never both."""

    name: StaffName
    role: StaffRole
    pin: Annotated[str, StringConstraints(pattern=r"^\d{4,8}$")] | None = None
    pin_hash: PinHash | None = None
    active_from: date | None = Field(None, description="First day (store-local; default "
                                     "today).")
    active_to: date | None = Field(None, description="Last day (default: open-ended).")


class StaffOut(BaseModel):
    """A staff member as head office sees them (no PIN hash)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    store_id: str
    name: str
    role: str
    active_from: date
    active_to: date | None
    created_by: str
    created_at: datetime


class DeactivateIn(_In):
    last_day: date | None = Field(None, description="The last day they may act (default: "
                                  "yesterday, store-local, so from today on they cannot).")


class TerminalDayEntryOut(BaseModel):
    """One entry a terminal wrote on its last day: applied to the ledger or held."""

    entry_id: str
    member_id: str
    kind: str
    points: int
    occurred_at: datetime
    approved_by: str | None
    status: Literal["applied", "held", "approved", "rejected"]
    reasons: list[str] = []


class TerminalLastDayOut(BaseModel):
    """A (revoked) terminal's last day of entries (24 hours of receipts), for review."""

    terminal_id: str
    store_id: str | None
    revoked_at: datetime | None
    received_until: datetime | None = Field(None, description="The last entry central "
                                            "received from it; the list covers the 24 hours "
                                            "before.")
    entries: list[TerminalDayEntryOut]


class HeldOperationOut(BaseModel):
    """A member operation held beyond a terminal's daily caps."""

    op_id: str
    terminal_id: str
    store_id: str | None
    kind: str
    member_id: str
    reasons: list[str]
    message: str
    status: str
    held_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str | None
    payload: dict[str, Any]
