"""Tables of the terminal's local store (SQLAlchemy Core; Alembic migrations mirror them)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def utc_text(value: datetime) -> str:
    """An aware time as :class:`UtcDateTime` stores it (for statements run on the driver)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: store times as aware UTC")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes stored as sortable ISO text (``2026-11-23T08:15:00.123456``)."""

    impl = String(26)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else utc_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value).replace(tzinfo=UTC)


class IsoDate(TypeDecorator[date]):
    """Dates stored as ISO text."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: Dialect) -> str | None:
        return None if value is None else value.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        return None if value is None else date.fromisoformat(value)


members = Table(
    "members", metadata,
    Column("id", String(36), primary_key=True),
    Column("phone", String(16), nullable=False),  # E.164
    Column("phone_rev", String(16), nullable=False),  # digits reversed: "last N digits" index
    Column("member_code", String(10), nullable=False, unique=True),
    Column("name", String(80), nullable=False),
    Column("birthday_month", Integer),
    Column("birthday_day", Integer),
    Column("birth_year", Integer),
    Column("tier", String(16), nullable=False, server_default="general"),
    Column("tier_since", IsoDate()),
    Column("marketing_consent", Boolean),
    Column("consent_at", UtcDateTime()),
    Column("origin", String(40), nullable=False),  # store id or "online"
    Column("status", String(10), nullable=False, server_default="active"),  # active/review/erased
    Column("balance", Integer, nullable=False, server_default="0"),  # == sum(ledger.points)
    Column("pending_points", Integer, nullable=False, server_default="0"),  # not yet at central
    Column("last_visit_at", UtcDateTime()),
    Column("hlc", String(64), nullable=False, server_default=""),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Index("uq_members_active_phone", "phone", unique=True,
          sqlite_where=text("status = 'active'")),
    Index("ix_members_phone", "phone"),  # lookups also find members under review
    # "last N digits": a range on the reversed digits, ranked by visit inside the index
    Index("ix_members_phone_rev_visit", "phone_rev", "status", "last_visit_at"),
    Index("ix_members_name", "name"),
    # the manager's report: new members per store (migration 0002), counted in the index
    # (status since 0005)
    Index("ix_members_origin_created", "origin", "created_at", "status"),
)

aliases = Table(
    "aliases", metadata,
    Column("alias_id", String(36), primary_key=True),
    Column("canonical_id", String(36), nullable=False, index=True),
    Column("alias_code", String(10), index=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

ledger = Table(
    "ledger", metadata,
    Column("id", String(36), primary_key=True),
    Column("member_id", String(36), ForeignKey("members.id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("points", Integer, nullable=False),
    Column("sale_cents", Integer),  # sale amount × 100 (exact integer sums in reports)
    Column("currency", String(3)),
    Column("store_id", String(40), nullable=False),
    Column("terminal_id", String(40), nullable=False),
    Column("cashier_id", String(36)),
    Column("receipt_no", String(40)),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("rules_version", Integer, nullable=False),
    Column("expires_on", IsoDate()),
    Column("ref_entry_id", String(36), index=True),
    Column("offline", Boolean, nullable=False, server_default="0"),
    Column("approved_by", String(36)),
    Column("state", String(10), nullable=False, server_default="pending"),  # pending/confirmed
    # a member's entries in time order; wide enough that NAPL's "last purchase here before"
    # lookups never read the table (migration 0004)
    Index("ix_ledger_member_time", "member_id", "occurred_at", "store_id", "kind", "state"),
    # time ranges; the report's period scans read this index alone (migration 0004)
    Index("ix_ledger_period", "occurred_at", "store_id", "kind", "member_id", "points",
          "sale_cents"),
    # the few entries a period scan leaves out: voids and entries central rejected
    Index("ix_ledger_exceptions", "occurred_at",
          sqlite_where=text("kind = 'reverse' OR state = 'rejected'")),
    Index("uq_ledger_store_receipt_earn", "store_id", "receipt_no", unique=True,
          sqlite_where=text("kind = 'earn' AND receipt_no IS NOT NULL")),
)

outbox = Table(
    "outbox", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),  # contiguous from 1
    Column("op_id", String(36), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("payload", Text, nullable=False),  # JSON
    Column("created_at", UtcDateTime(), nullable=False),
    Column("state", String(16), nullable=False, server_default="pending"),
    Column("reason", Text),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("acked_at", UtcDateTime()),
    Index("ix_outbox_state", "state"),
)

cashiers = Table(
    "cashiers", metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(40), nullable=False, unique=True),
    Column("role", String(10), nullable=False),  # cashier / manager
    Column("pin_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("failed_attempts", Integer, nullable=False, server_default="0"),
    Column("locked_until", UtcDateTime()),
    Column("created_at", UtcDateTime(), nullable=False),
    # Migration 0009: a row central's staff registry gave this (registered) till; its id is
    # central's staff id, which approvals name.
    Column("from_central", Boolean, nullable=False, server_default="0"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("terminal_id", String(40), nullable=False),
    Column("actor_id", String(36)),
    Column("actor_role", String(10)),
    Column("action", String(40), nullable=False),
    Column("target", String(64)),
    Column("details", Text),  # JSON, never PINs or full phone numbers
    # the link hash of the audit chain (migration 0008; ``id`` is the link's seq). None:
    # a row written before the chain began
    Column("row_hash", String(64)),
    Index("ix_audit_log_at", "at"),
)

# --- Tamper-evident chains (migration 0008, see ``loyalty.audit_chain``) -----------------
# The head of each chain (``audit``, ``ledger``): the last link's seq and hash. The next
# link takes its seq and prev hash from here, not from the table, so a deleted last row
# leaves a gap central notices.
chain_heads = Table(
    "chain_heads", metadata,
    Column("chain", String(16), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

# One link per ledger entry this till wrote, in the order written.
ledger_chain = Table(
    "ledger_chain", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("entry_id", String(36), nullable=False, unique=True),
    Column("row_hash", String(64), nullable=False),
)

# Feed changes and snapshot rows that failed the protocol's models: kept with the reason,
# never applied, listed for the manager (migration 0008).
pull_quarantine = Table(
    "pull_quarantine", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", UtcDateTime(), nullable=False),
    Column("source", String(10), nullable=False),  # change / snapshot
    Column("seq", Integer),  # the change's feed position, or the snapshot part
    Column("kind", String(40)),
    Column("reason", Text, nullable=False),
    Column("data", Text, nullable=False),  # as received (at most 4,000 characters)
)

# Members central erased (migration 0010): the erasure list. Only ids, no personal data.
# It re-applies the erasures to a restored backup and says which older backups still have
# to be rewritten without them (``backups_done_at`` None: not yet; see
# ``loyalty.store.erasure``).
erasures = Table(
    "erasures", metadata,
    Column("member_id", String(36), primary_key=True),
    Column("erased_at", UtcDateTime(), nullable=False),
    Column("backups_done_at", UtcDateTime()),
)

settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
)

sync_state = Table(
    "sync_state", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
)

rules_versions = Table(
    "rules_versions", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("document", Text, nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
)

anonymous_sales = Table(
    "anonymous_sales", metadata,
    Column("id", String(36), primary_key=True),
    Column("store_id", String(40), nullable=False),
    Column("terminal_id", String(40), nullable=False),
    Column("cashier_id", String(36)),
    Column("sale_cents", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("receipt_no", String(40)),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Index("ix_anonymous_sales_time", "occurred_at"),
)

# --- Summaries for the manager's report (migration 0004) --------------------------------
# Kept in the same transaction as the writes they summarise: the first three by SQLite
# triggers (every write path, bulk loads included), ``points_expiry`` by
# ``loyalty.store.summaries.refresh_expiry`` at each ledger write. A purchase is a non-voided,
# non-rejected ``earn`` entry.

purchase_summary = Table(
    "purchase_summary", metadata,
    Column("store_id", String(40), primary_key=True),
    Column("member_id", String(36), primary_key=True),
    Column("first_at", UtcDateTime(), nullable=False),
    Column("last_at", UtcDateTime(), nullable=False),
    Column("prev_at", UtcDateTime()),  # the purchase before the last one (None: only one)
    Column("purchases", Integer, nullable=False),
    Column("sale_cents", Integer, nullable=False),  # lifetime spend here
    # 0: one purchase; 1: first and last at least two days apart (two local days in any
    # zone); 2: several purchases within two days (the report compares their local days)
    Column("span", Integer, nullable=False),
    Index("ix_purchase_summary_last", "store_id", "last_at", "first_at", "span", "prev_at"),
    Index("ix_purchase_summary_first", "store_id", "first_at", "last_at", "span"),
    Index("ix_purchase_summary_close", "store_id", "last_at", "first_at",
          sqlite_where=text("span = 2")),
    sqlite_with_rowid=False,
)

# Members per store by the UTC hour of their last purchase here (and span): NAPL counts
# "last purchase before X" for most members from this small table.
purchase_last_hours = Table(
    "purchase_last_hours", metadata,
    Column("store_id", String(40), primary_key=True),
    Column("hour", String(13), primary_key=True),  # "2026-11-23T08"
    Column("span", Integer, primary_key=True),
    Column("members", Integer, nullable=False),
    sqlite_with_rowid=False,
)

tier_totals = Table(
    "tier_totals", metadata,
    Column("origin", String(40), primary_key=True),
    Column("status", String(10), primary_key=True),
    Column("tier", String(16), primary_key=True),
    Column("members", Integer, nullable=False),
    Column("points", Integer, nullable=False),  # sum of positive balances (debt counts as 0)
    sqlite_with_rowid=False,
)

tier_changes = Table(
    "tier_changes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", String(36), nullable=False, index=True),
    Column("origin", String(40), nullable=False),  # follows the member's origin
    Column("old_tier", String(16)),
    Column("new_tier", String(16), nullable=False),
    Column("on_date", IsoDate(), nullable=False),  # the new ``tier_since`` (local date)
    Index("ix_tier_changes_origin_date", "origin", "on_date"),
)

points_expiry = Table(
    "points_expiry", metadata,
    Column("member_id", String(36), primary_key=True),
    Column("expires_on", IsoDate(), primary_key=True),
    Column("remaining", Integer, nullable=False),  # > 0: what FIFO left of lots ending then
    Column("origin", String(40), nullable=False),
    Column("live", Boolean, nullable=False),  # member active or under review
    Index("ix_points_expiry_date", "expires_on", "origin", "live", "member_id", "remaining"),
    sqlite_with_rowid=False,
)

# --- Each member's points lots (migration 0006) -----------------------------------------
# What replaying the member's ledger (``loyalty.ledger.replay``) leaves: the lots still holding
# points, first in first out, and unrecovered overdraft debt. Kept by
# ``loyalty.store.summaries.entry_written`` (an entry that is the member's latest changes a
# few rows) or ``refresh_expiry`` (anything else: a full replay), so an award costs the same
# however long the member's history is.

points_lots = Table(
    "points_lots", metadata,
    Column("member_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),  # FIFO order
    Column("entry_id", String(36), nullable=False),  # the entry that opened the lot
    Column("expires_on", IsoDate()),  # None: a lot given back by a void never expires
    Column("remaining", Integer, nullable=False),  # > 0
    sqlite_with_rowid=False,
)

points_debt = Table(
    "points_debt", metadata,
    Column("member_id", String(36), primary_key=True),
    Column("debt", Integer, nullable=False),  # > 0: overdraft the next points pay off
    sqlite_with_rowid=False,
)

# --- Hourly summaries for the report's period figures (migration 0005) -------------------
# Kept by SQLite triggers on the ledger and members. Keyed by the UTC hour ("2026-11-23T08"),
# so they need no time zone: a zone whose offset is whole hours maps each hour to one local
# day. Voided and rejected entries count as never written, as everywhere in the report.

# Per store, hour and member: that hour's purchases, and the member's last purchase here
# before the hour (a row is a new visit when ``prev_at`` is before its local day; a period's
# first row per member is the one whose ``prev_at`` is before the period).
purchase_hours = Table(
    "purchase_hours", metadata,
    Column("store_id", String(40), primary_key=True),
    Column("hour", String(13), primary_key=True),
    Column("member_id", String(36), primary_key=True),
    Column("purchases", Integer, nullable=False),
    Column("sale_cents", Integer, nullable=False),
    Column("points", Integer, nullable=False),  # earned (positive points)
    Column("prev_at", UtcDateTime()),  # None: no purchase here before this hour
    sqlite_with_rowid=False,
)

# Per store and hour: points issued by bonus and adjust entries, points redeemed.
points_hours = Table(
    "points_hours", metadata,
    Column("store_id", String(40), primary_key=True),
    Column("hour", String(13), primary_key=True),
    Column("issued", Integer, nullable=False),
    Column("redeemed", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Per member origin and hour: points expired (central's job writes them under its own id).
expired_hours = Table(
    "expired_hours", metadata,
    Column("origin", String(40), primary_key=True),
    Column("hour", String(13), primary_key=True),
    Column("points", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Online redemptions asked of central, recorded before the request leaves (migration 0007):
# a kill at any instant leaves a row to resolve. ``state``: asking → committed | declined |
# cancelled. ``committed`` means the cashier was told "approved" and the ledger holds the entry.
redemption_intents = Table(
    "redemption_intents", metadata,
    Column("entry_id", String(36), primary_key=True),
    Column("member_id", String(36), nullable=False),
    Column("points", Integer, nullable=False),
    Column("sale_cents", Integer),
    Column("currency", String(3)),
    Column("receipt_no", String(40)),
    Column("cashier_id", String(36)),
    Column("approved_by", String(36)),
    Column("rules_version", Integer, nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("state", String(10), nullable=False),
    Column("outcome", String(40)),  # how it was resolved: approved, offline, declined reason…
    Column("resolved_at", UtcDateTime()),
    Index("ix_redemption_intents_open", "state", sqlite_where=text("state = 'asking'")),
)

# Taiwan mobile-carrier barcodes (手機條碼) members linked at the counter (migration 0011),
# as a keyed hash (loyalty.carrier): the store finds the member by a scan and never needs
# the code in clear. ``hint`` is what the cashier may see (``/AB····3``).
member_carriers = Table(
    "member_carriers", metadata,
    Column("carrier_hash", String(64), primary_key=True),
    Column("member_id", String(36), nullable=False),
    Column("hint", String(10), nullable=False),
    Column("linked_at", UtcDateTime(), nullable=False),
    Column("linked_by", String(36)),
    Index("ix_member_carriers_member", "member_id"),
)

# Programs beyond points (migration 0012, docs/programs.md): each instrument's append-only
# ledger, and the instruments it keeps (``remaining`` == the sum of the instrument's entries
# central has not rejected, in the same transaction). ``source``: local (written here) or
# central (brought by the feed); ``state``: pending → confirmed | rejected, as for points.
# ``sale_entry_id`` links a stamp (or the reward it caused) to the points entry of its sale,
# so a void of the sale takes them back (local only, never sent).
instrument_ledger = Table(
    "instrument_ledger", metadata,
    Column("id", String(36), primary_key=True),
    Column("instrument_id", String(36), nullable=False),
    Column("program_id", String(40), nullable=False),
    Column("member_id", String(36), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("units", Integer, nullable=False),
    Column("amount_cents", Integer),
    Column("currency", String(3)),
    Column("serial", String(32)),
    Column("store_id", String(40), nullable=False),
    Column("terminal_id", String(40), nullable=False),
    Column("cashier_id", String(36)),
    Column("receipt_no", String(40)),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("expires_on", IsoDate()),
    Column("ref_entry_id", String(36)),
    Column("offline", Boolean, nullable=False, server_default="0"),
    Column("approved_by", String(36)),
    Column("source", String(8), nullable=False),
    Column("state", String(10), nullable=False, server_default="pending"),
    Column("conflict", String(20)),
    Column("balance_after", Integer),
    Column("sale_entry_id", String(36)),
    Index("ix_instrument_ledger_instrument", "instrument_id", "occurred_at"),
    Index("ix_instrument_ledger_terminal_time", "terminal_id", "kind", "occurred_at"),
    Index("ix_instrument_ledger_store_report", "store_id", "kind", "occurred_at"),
    Index("ix_instrument_ledger_sale", "sale_entry_id",
          sqlite_where=text("sale_entry_id IS NOT NULL")),
    Index("ix_instrument_ledger_ref", "ref_entry_id",
          sqlite_where=text("ref_entry_id IS NOT NULL")),
)

instruments = Table(
    "instruments", metadata,
    Column("id", String(36), primary_key=True),
    Column("program_id", String(40), nullable=False),
    Column("member_id", String(36), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("units_issued", Integer, nullable=False, server_default="0"),
    Column("remaining", Integer, nullable=False, server_default="0"),
    Column("serial", String(32)),
    Column("expires_on", IsoDate()),
    Column("issued_at", UtcDateTime()),
    Index("ix_instruments_member", "member_id", "program_id"),
)

# Online instrument redemptions asked of central (as redemption_intents for points).
instrument_intents = Table(
    "instrument_intents", metadata,
    Column("entry_id", String(36), primary_key=True),
    Column("instrument_id", String(36), nullable=False),
    Column("member_id", String(36), nullable=False),
    Column("program_id", String(40), nullable=False),
    Column("units", Integer, nullable=False),
    Column("receipt_no", String(40)),
    Column("cashier_id", String(36)),
    Column("approved_by", String(36)),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("state", String(10), nullable=False),
    Column("outcome", String(40)),
    Column("resolved_at", UtcDateTime()),
    Index("ix_instrument_intents_open", "state", sqlite_where=text("state = 'asking'")),
)

# Append-only tables: SQLite itself refuses to rewrite history.
APPEND_ONLY_TRIGGERS = (
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
       BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END""",
    """CREATE TRIGGER ledger_no_rewrite BEFORE UPDATE OF id, kind, points, sale_cents,
       occurred_at, ref_entry_id ON ledger
       BEGIN SELECT RAISE(ABORT, 'ledger entries cannot be changed; write a reverse entry'); END""",
)

# Migration 0008: every chained ledger field is refused an update (``member_id``, ``state``
# and ``receipt_no`` still move: merges, central's verdicts); the chain tables append only.
LEDGER_NO_REWRITE_0008 = (
    """CREATE TRIGGER ledger_no_rewrite BEFORE UPDATE OF id, kind, points, sale_cents,
       currency, store_id, terminal_id, cashier_id, occurred_at, rules_version, expires_on,
       ref_entry_id, offline, approved_by ON ledger
       BEGIN SELECT RAISE(ABORT, 'ledger entries cannot be changed; write a reverse entry'); END""")
CHAIN_TRIGGERS = (
    """CREATE TRIGGER ledger_chain_no_update BEFORE UPDATE ON ledger_chain
       BEGIN SELECT RAISE(ABORT, 'ledger_chain is append-only'); END""",
    """CREATE TRIGGER ledger_chain_no_delete BEFORE DELETE ON ledger_chain
       BEGIN SELECT RAISE(ABORT, 'ledger_chain is append-only'); END""",
    """CREATE TRIGGER chain_heads_forward BEFORE UPDATE ON chain_heads
       WHEN NEW.seq != OLD.seq + 1 OR NEW.chain != OLD.chain
       BEGIN SELECT RAISE(ABORT, 'a chain only moves forward by one link'); END""",
    """CREATE TRIGGER chain_heads_no_delete BEFORE DELETE ON chain_heads
       BEGIN SELECT RAISE(ABORT, 'chain heads are never removed'); END""",
)

# Migration 0012: an instrument's ledger is append-only too (``member_id`` moves with a
# merge; ``state``, ``conflict`` and ``balance_after`` take central's word).
INSTRUMENT_LEDGER_TRIGGERS = (
    """CREATE TRIGGER instrument_ledger_no_delete BEFORE DELETE ON instrument_ledger
       BEGIN SELECT RAISE(ABORT, 'instrument_ledger is append-only'); END""",
    """CREATE TRIGGER instrument_ledger_no_rewrite BEFORE UPDATE OF id, instrument_id,
       program_id, kind, units, amount_cents, occurred_at, ref_entry_id ON instrument_ledger
       BEGIN SELECT RAISE(ABORT, 'instrument entries cannot be changed; write a reverse entry');
       END""",
)
