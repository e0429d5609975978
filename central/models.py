"""Central's tables as SQLAlchemy 2 ``Mapped[]`` models (the same on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite returns naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: central stores UTC-aware times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JsonType = JSON().with_variant(JSONB(), "postgresql")
Id = String(36)


class Base(DeclarativeBase):
    """Declarative base with the naming convention Alembic relies on."""

    metadata = MetaData(naming_convention=NAMING)


class Store(Base):
    __tablename__ = "stores"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Taipei")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Terminal(Base):
    """A registered terminal (``kind='terminal'``) or an online channel client (``online``)."""

    __tablename__ = "terminals"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="terminal")
    store_id: Mapped[str | None] = mapped_column(ForeignKey("stores.id"))
    name: Mapped[str | None] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    code_block: Mapped[int | None] = mapped_column(Integer)
    # Last push or pull central saw (central's clock), and the terminal's clock against it.
    last_contact_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    clock_skew_s: Mapped[int | None] = mapped_column(Integer)
    clock_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # terminal_ops at or below this sequence were compacted away (see central.retention).
    ops_floor_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # The first break central found in the terminal's audit or ledger chain (migration 0005):
    # when, and what ("audit 17: …"). Flagged, never a reason to refuse sync.
    audit_chain_broken_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    audit_chain_break: Mapped[str | None] = mapped_column(String(200))
    # What the till said about itself with its latest push (migration 0014): operations
    # still waiting in its outbox, its app version and the newest rules version it holds.
    reported_queue: Mapped[int | None] = mapped_column(Integer)
    reported_version: Mapped[str | None] = mapped_column(String(32))
    reported_rules: Mapped[int | None] = mapped_column(Integer)
    reported_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class TerminalContact(Base):
    """When central heard from a terminal (at most one row a minute; compacted with the
    terminal operations): where each of its offline periods began."""

    __tablename__ = "terminal_contacts"
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    """The stretch's latest contact (moved forward while the terminal keeps talking)."""
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """The stretch's first contact (migration 0003; None for stretches recorded before)."""


class OfflineBreach(Base):
    """An offline redemption that broke the chain's floor limits without a manager's
    approval. Accepted (the customer has the goods), recorded and reported."""

    __tablename__ = "offline_breaches"
    entry_id: Mapped[str] = mapped_column(Id, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(64), index=True)
    store_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[str] = mapped_column(Id)
    points: Mapped[int] = mapped_column(BigInteger)
    reasons: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[datetime | None] = mapped_column(UtcDateTime)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    terminal_id: Mapped[str | None] = mapped_column(String(64))


class AdminToken(Base):
    __tablename__ = "admin_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CodeBlockRow(Base):
    """Member-code blocks handed out: block 0 is central's, then one per terminal from 1."""

    __tablename__ = "code_blocks"
    index: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    owner_kind: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    next_offset: Mapped[int] = mapped_column(Integer, default=0)


class NamedCounter(Base):
    """Named counters; ``feed`` is the change feed's head (its row lock orders appends)."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Member(Base):
    """A member record. Merged records stay forever as aliases of ``canonical_id``.

    On PostgreSQL the table has fillfactor 70 (migration 0002) so balance updates stay HOT.
    """

    __tablename__ = "members"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    member_code: Mapped[str | None] = mapped_column(String(10), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    birthday_month: Mapped[int | None] = mapped_column(Integer)
    birthday_day: Mapped[int | None] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    marketing_consent: Mapped[bool | None] = mapped_column(Boolean)
    consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    origin: Mapped[str | None] = mapped_column(String(64))
    enrolled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    referral_code: Mapped[str | None] = mapped_column(String(200))
    tier: Mapped[str] = mapped_column(String(32), default="general")
    tier_since: Mapped[date | None] = mapped_column(Date)
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(16), default="active")
    canonical_id: Mapped[str | None] = mapped_column(Id, index=True)
    bucket: Mapped[int] = mapped_column(Integer)
    clocks: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        # The identity rule: at most one active member per E.164 phone, held by the database.
        Index("uq_members_active_phone", "phone", unique=True,
              postgresql_where=text("status = 'active'"), sqlite_where=text("status = 'active'")),
        Index("ix_members_bucket_id", "bucket", "id"),
    )


class MemberHistory(Base):
    """Every profile edit received, applied or not (last-writer-wins keeps the history)."""

    __tablename__ = "member_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(Id, index=True)
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[Any] = mapped_column(JsonType, nullable=True)
    hlc: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(64))
    applied: Mapped[bool] = mapped_column(Boolean)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ConsentEvent(Base):
    """Marketing consent as an append-only history: every explicit choice received, in the
    order central received it (``id``), with whether it became the member's current value.

    ``stated_at`` is the time the sender gave for the choice (as sent, however wrong);
    ``effective_at`` is that time clamped to ``received_at``: what "older" means when an
    opt-in meets an opt-out (see :mod:`central.consent`).
    """

    __tablename__ = "consent_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(Id)
    value: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(64))
    store_id: Mapped[str | None] = mapped_column(String(64))
    op_id: Mapped[str | None] = mapped_column(Id)
    stated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    effective_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    applied: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_consent_events_member_id_id", "member_id", "id"),)


class LedgerEntryRow(Base):
    """The authoritative ledger: one row per entry id, forever; also part of the feed."""

    __tablename__ = "ledger_entries"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    member_id: Mapped[str] = mapped_column(Id)
    account_id: Mapped[str] = mapped_column(Id, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(BigInteger)
    sale_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    store_id: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(64))
    cashier_id: Mapped[str | None] = mapped_column(String(64))
    receipt_no: Mapped[str | None] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    rules_version: Mapped[int] = mapped_column(Integer)
    expires_on: Mapped[date | None] = mapped_column(Date)
    ref_entry_id: Mapped[str | None] = mapped_column(Id)
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_by: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    feed_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    overdraft: Mapped[int] = mapped_column(BigInteger, default=0)
    op_id: Mapped[str | None] = mapped_column(Id)
    terminal_seq: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        # One sale earns once, whatever entry id it arrives under.
        Index("uq_ledger_earn_receipt", "store_id", "receipt_no", unique=True,
              postgresql_where=text("kind = 'earn' AND receipt_no IS NOT NULL"),
              sqlite_where=text("kind = 'earn' AND receipt_no IS NOT NULL")),
        Index("uq_ledger_terminal_seq", "terminal_id", "terminal_seq", unique=True),
        # Voids and cancellations look up what reversed an entry.
        Index("ix_ledger_ref_entry", "ref_entry_id",
              postgresql_where=text("ref_entry_id IS NOT NULL"),
              sqlite_where=text("ref_entry_id IS NOT NULL")),
    )


class RedemptionCancellation(Base):
    """An online redemption its terminal cancelled (``redemption.cancel``): the entry id is
    refused for ever after, and ``reversed_by`` names the reverse entry when central had
    approved it before the cancellation arrived."""

    __tablename__ = "redemption_cancellations"
    entry_id: Mapped[str] = mapped_column(Id, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[str] = mapped_column(Id)
    points: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(40))
    reversed_by: Mapped[str | None] = mapped_column(Id)
    cancelled_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Instrument(Base):
    """An instrument a program issued to a member (docs/programs.md): a coupon, a birthday
    gift, a stamp card, a referral reward, a prepaid pass. ``remaining`` is the sum of its
    ``instrument_entries`` (may go below zero only by an offline over-redemption, each one
    recorded in ``instrument_conflicts``)."""

    __tablename__ = "instruments"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    program_id: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[str] = mapped_column(Id)
    account_id: Mapped[str] = mapped_column(Id)
    kind: Mapped[str] = mapped_column(String(16))
    units_issued: Mapped[int] = mapped_column(Integer)
    remaining: Mapped[int] = mapped_column(BigInteger)
    serial: Mapped[str | None] = mapped_column(String(32), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_on: Mapped[date | None] = mapped_column(Date)
    store_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")

    __table_args__ = (
        Index("ix_instruments_account_program", "account_id", "program_id"),
        Index("ix_instruments_program_status", "program_id", "status"),
        Index("ix_instruments_expires_on", "expires_on"),  # the expiry job's range
    )


class InstrumentEntryRow(Base):
    """An instrument's append-only ledger at central: one row per entry id, forever; part of
    the feed (``feed_seq``) as ledger entries are."""

    __tablename__ = "instrument_entries"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    instrument_id: Mapped[str] = mapped_column(Id, index=True)
    program_id: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[str] = mapped_column(Id)
    account_id: Mapped[str] = mapped_column(Id, index=True)
    kind: Mapped[str] = mapped_column(String(8))
    units: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    serial: Mapped[str | None] = mapped_column(String(32))
    store_id: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(64))
    cashier_id: Mapped[str | None] = mapped_column(String(64))
    receipt_no: Mapped[str | None] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    expires_on: Mapped[date | None] = mapped_column(Date)
    ref_entry_id: Mapped[str | None] = mapped_column(Id)
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_by: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    conflict: Mapped[str | None] = mapped_column(String(20))
    feed_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    op_id: Mapped[str | None] = mapped_column(Id)
    terminal_seq: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        Index("uq_instrument_entries_terminal_seq", "terminal_id", "terminal_seq", unique=True),
        Index("ix_instrument_entries_ref", "ref_entry_id",
              postgresql_where=text("ref_entry_id IS NOT NULL"),
              sqlite_where=text("ref_entry_id IS NOT NULL")),
    )


class InstrumentConflict(Base):
    """An instrument entry central applied although it should not have happened (a coupon
    used twice offline, cups over-redeemed, a second gift, a limit passed): for the manager
    (the feed's ``conflict``) and head office (review, report) until someone resolves it."""

    __tablename__ = "instrument_conflicts"
    entry_id: Mapped[str] = mapped_column(Id, primary_key=True)
    instrument_id: Mapped[str] = mapped_column(Id, index=True)
    reason: Mapped[str] = mapped_column(String(20))
    store_id: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    # Head office's decision (central.instrument_conflicts.DECISIONS), why, what the units
    # given beyond the balance cost and who bears it (the chain, or the store charged back),
    # and the correcting entry a revocation wrote.
    decision: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))
    cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    charged_to: Mapped[str | None] = mapped_column(String(64))
    correction_entry_id: Mapped[str | None] = mapped_column(Id)


class InstrumentCancellation(Base):
    """An online instrument redemption its terminal cancelled (``instrument.cancel``): the
    entry id is refused for ever after; ``reversed_by`` names the reverse entry when central
    had approved it."""

    __tablename__ = "instrument_cancellations"
    entry_id: Mapped[str] = mapped_column(Id, primary_key=True)
    instrument_id: Mapped[str] = mapped_column(Id)
    terminal_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(40))
    reversed_by: Mapped[str | None] = mapped_column(Id)
    cancelled_at: Mapped[datetime] = mapped_column(UtcDateTime)


class InvoiceClaim(Base):
    """A Taiwan e-invoice that earned points: its number and two-month period
    (:attr:`loyalty.einvoice.EInvoice.key`), which earns once chain-wide, and where."""

    __tablename__ = "invoice_claims"
    invoice_key: Mapped[str] = mapped_column(String(20), primary_key=True)
    entry_id: Mapped[str] = mapped_column(Id)
    store_id: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)


class HeldForReview:
    """What central keeps of anything it holds for head office: the payload as pushed, why,
    and the decision (status held → approved or rejected, by whom, when, with a note)."""

    payload: Mapped[dict[str, Any]] = mapped_column(JsonType)
    reasons: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10), index=True)  # held/approved/rejected
    held_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(String(500))


class HeldEntry(HeldForReview, Base):
    """A pushed ledger entry central could not check or that broke a limit: kept with its
    reasons, changing no balance, until head office approves (applied then) or rejects it
    (the terminal is told through the feed)."""

    __tablename__ = "held_entries"
    entry_id: Mapped[str] = mapped_column(Id, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(64), index=True)
    store_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[str] = mapped_column(Id)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(BigInteger)
    op_id: Mapped[str | None] = mapped_column(Id)
    terminal_seq: Mapped[int | None] = mapped_column(BigInteger)


class EntryConflict(Base):
    """An entry id pushed again with a different payload (Stripe's rule: the first stands,
    the second is refused and kept here for review)."""

    __tablename__ = "entry_conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(Id, index=True)
    terminal_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonType)
    differs: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TerminalDay(Base):
    """What one terminal did on one of its store's days, for the daily caps."""

    __tablename__ = "terminal_days"
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    points_issued: Mapped[int] = mapped_column(BigInteger, default=0)
    points_redeemed: Mapped[int] = mapped_column(BigInteger, default=0)
    redemptions: Mapped[int] = mapped_column(Integer, default=0)
    # Migration 0007: points adjusted (both signs counted), enrollments, and profile changes
    # of other stores' members.
    points_adjusted: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    enrollments: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    other_store_edits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class HeldOperation(HeldForReview, Base):
    """A member operation beyond its terminal's daily caps (an enrollment, a profile change
    of another store's member): kept, not applied, until head office approves (applied then)
    or rejects it (migration 0007)."""

    __tablename__ = "held_operations"
    op_id: Mapped[str] = mapped_column(Id, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(64), index=True)
    store_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[str] = mapped_column(Id, index=True)
    terminal_seq: Mapped[int] = mapped_column(BigInteger)


class StaffMember(Base):
    """A cashier or manager of one store, known to central (migration 0007). Head office
    creates and deactivates them; a store's tills get them with their PIN hashes (the
    till's scrypt scheme, never a PIN). An approval on a pushed entry must name a manager
    active at the entry's store on the entry's store-local day."""

    __tablename__ = "staff"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(10))  # cashier / manager
    pin_hash: Mapped[str] = mapped_column(String(200))
    active_from: Mapped[date] = mapped_column(Date)
    active_to: Mapped[date | None] = mapped_column(Date)
    """The last day the staff member may act (None: open-ended)."""
    created_by: Mapped[str] = mapped_column(String(64))  # "head office" or a terminal id
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ChangeRow(Base):
    """Feed changes other than ledger entries (those carry their own ``feed_seq``)."""

    __tablename__ = "changes"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    ref_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TerminalMark(Base):
    """As of feed position ``feed_seq``, terminal ``terminal_id``'s ops through
    ``through_seq`` are included (answers ``terminal_ops_through``)."""

    __tablename__ = "terminal_marks"
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    feed_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    through_seq: Mapped[int] = mapped_column(BigInteger)


class TerminalOp(Base):
    """Outcome of a pushed operation not recorded on a ledger row (enrolls, edits, rejections,
    entries that already existed), kept forever beside its terminal sequence."""

    __tablename__ = "terminal_ops"
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    op_id: Mapped[str] = mapped_column(Id)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str | None] = mapped_column(Text)
    ref_id: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SnapshotManifestRow(Base):
    """A snapshot manifest as built for one feed position and split (see central.snapshot)."""

    __tablename__ = "snapshot_manifests"
    cursor: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    parts: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    format: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    total_rows: Mapped[int] = mapped_column(BigInteger)
    part_list: Mapped[list[Any]] = mapped_column(JsonType)
    built_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RulesVersion(Base):
    __tablename__ = "rules_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[dict[str, Any]] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(64))


class ReportDay(Base):
    """The ledger's figures of one store's local day (:func:`central.reporting.ledger_sums`)
    as last computed, for the chain report (:mod:`central.report_cache`; migration 0014).
    Rows go when an entry of that day arrives; the ``report_days`` counter says up to which
    feed sequence they are right."""

    __tablename__ = "report_days"
    store_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    zone: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    earn_entries: Mapped[int] = mapped_column(BigInteger)
    sales_amount: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    points_issued: Mapped[int] = mapped_column(BigInteger)
    points_redeemed: Mapped[int] = mapped_column(BigInteger)
    points_expired: Mapped[int] = mapped_column(BigInteger)
    points_adjusted: Mapped[int] = mapped_column(BigInteger)
    overdraft_count: Mapped[int] = mapped_column(BigInteger)
    overdraft_points: Mapped[int] = mapped_column(BigInteger)
    new_members: Mapped[int] = mapped_column(BigInteger, server_default="0")  # 0017


class ReportAnalysis(Base):
    """A member analysis (:mod:`central.console.analysis`: NAPL, RFM, 80/20) as last computed
    for one store (``scope``; blank: the chain) and range of local days, with the feed
    sequence it had seen (later earns and voids make it stale; migration 0017)."""

    __tablename__ = "report_analyses"
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    zone: Mapped[str] = mapped_column(String(64), primary_key=True)
    first: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[date] = mapped_column(Date, primary_key=True)
    feed_mark: Mapped[int] = mapped_column(BigInteger)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    figures: Mapped[dict[str, Any]] = mapped_column(JsonType)


class ScheduledRules(Base):
    """A rules document head office set to take effect later: published as the next
    version (and so announced to tills) once ``effective_at`` has come (migration 0014)."""

    __tablename__ = "scheduled_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document: Mapped[dict[str, Any]] = mapped_column(JsonType)
    effective_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    base_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    published_version: Mapped[int | None] = mapped_column(Integer)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_by: Mapped[str | None] = mapped_column(String(64))


class ReviewCase(Base):
    """A possible identity conflict waiting for head office (recycled phone, phone change)."""

    __tablename__ = "review_cases"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[str] = mapped_column(Id)
    other_member_id: Mapped[str] = mapped_column(Id)
    phone: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolution: Mapped[str | None] = mapped_column(String(32))


class TierChange(Base):
    __tablename__ = "tier_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(Id, index=True)
    old_tier: Mapped[str] = mapped_column(String(32))
    new_tier: Mapped[str] = mapped_column(String(32))
    change: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[date] = mapped_column(Date)


class TerminalChain(Base):
    """The last link central holds of a terminal's chain (``audit`` or ``ledger``)."""

    __tablename__ = "terminal_chains"
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    chain: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class TerminalAuditRow(Base):
    """A link of a terminal's audit or ledger chain as received, kept for ever (append-only:
    trigger and database role). ``verified``: it followed the link before it."""

    __tablename__ = "terminal_audit_rows"
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    chain: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JsonType)
    verified: Mapped[bool] = mapped_column(Boolean)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PersonalDataAccess(Base):
    """Who read, exported or erased which member's personal data at central (migration
    0008). Append-only: a trigger refuses UPDATE and DELETE, and on PostgreSQL the service's
    role may only insert. ``actor`` names the credential (an admin token's name, a terminal
    or online client id); ``detail`` never holds personal data."""

    __tablename__ = "personal_data_access"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[str] = mapped_column(Id, index=True)
    detail: Mapped[str | None] = mapped_column(String(200))


class PhoneChallenge(Base):
    """A one-time code sent to a phone to prove it before an online client may link the
    member who holds it (migration 0008). Only digests are kept: the phone as
    HMAC-SHA256 under the row's salt, the code likewise."""

    __tablename__ = "phone_challenges"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[str] = mapped_column(Id)
    phone_digest: Mapped[str] = mapped_column(String(64), index=True)
    salt: Mapped[str] = mapped_column(String(32))
    code_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ConsoleAccount(Base):
    """A head-office person who signs in to the web console (``central.console``): not a
    store's staff member (those are the tills'), and not an API token."""

    __tablename__ = "console_accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # admin/marketing/store_ops/auditor
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, PHC string
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last TOTP time step accepted: a code of it or an earlier step is refused (used).
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ConsoleSession(Base):
    """A signed-in browser: the cookie's sha256, its CSRF token, and when it lapses."""

    __tablename__ = "console_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("console_accounts.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ConsoleAudit(Base):
    """One thing a person did (or tried) in the console, in order: who, what, on what."""

    __tablename__ = "console_audit"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    account_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonType)
    address: Mapped[str | None] = mapped_column(String(64))


class MemberQrKey(Base):
    """A key central signs members' QR codes with (migration 0013). The private key is
    kept only encrypted (AES-256-GCM under the ``member_qr_secret`` setting, the key id as
    associated data) and wiped at revocation; the public key goes to tills with the rules.
    The newest unrevoked key signs."""

    __tablename__ = "member_qr_keys"
    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    private_key_enc: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
