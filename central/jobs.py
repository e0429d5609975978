"""Scheduled jobs: points expiry, tier recalculation, instrument expiry and birthday gifts
(results are ledger or instrument entries and feed changes), and feed compaction. Each job is
safe to run again for the same date."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, func, select
from sqlalchemy.orm import Session, aliased

from central import report_cache
from central.clock import now
from central.db import run_transaction
from central.feed import FeedWriter, compact
from central.instrument_jobs import run_birthday_gifts, run_instrument_expiry
from central.ledger_apply import EntryItem, apply_entries
from central.models import LedgerEntryRow, Member, TierChange
from central.retention import compact_terminal_ops
from central.rules_store import current_rules
from central.zones import store_zones
from loyalty.dates import local_day_bounds
from loyalty.ids import new_id
from loyalty.ledger import Entry, EntryKind, expiry_entries, replay
from loyalty.spend import spend_window
from sync.protocol import LedgerEntry

log = logging.getLogger(__name__)
CHUNK = 200
CENTRAL = "central"


@dataclass
class JobReport:
    """What one run of the jobs did."""

    date: date
    expired_entries: int = 0
    expired_points: int = 0
    tier_changes: int = 0
    birthday_gifts: int = 0
    instruments_expired: int = 0
    instrument_units_expired: int = 0
    feed_floor: int = 0
    terminal_ops_compacted: int = 0
    report_days_kept: int = 0


def run_all(engine: Engine, day: date, feed_retention: int, *, ops_retention_days: int = 90,
            ops_retention_last: int = 10_000) -> JobReport:
    """Expire points, recalculate tiers, expire instruments, issue birthday gifts, compact
    the feed and the operation records, then keep the chain report's completed days (after
    the expiries, which fall on the new day)."""
    report = JobReport(day)
    run_expiry(engine, day, report)
    run_tiers(engine, day, report)
    report.instruments_expired, report.instrument_units_expired = run_instrument_expiry(
        engine, day)
    report.birthday_gifts = run_birthday_gifts(engine, day)
    report.feed_floor = run_transaction(engine, lambda s: compact(s, feed_retention))
    report.terminal_ops_compacted = run_transaction(engine, lambda s: compact_terminal_ops(
        s, now(), ops_retention_days, ops_retention_last)).terminal_ops
    report.report_days_kept = report_cache.warm(engine) or 0
    log.info("jobs for %s: %s", day, report)
    return report


def _chunks(ids: list[str]) -> list[list[str]]:
    return [ids[k:k + CHUNK] for k in range(0, len(ids), CHUNK)]


def run_expiry(engine: Engine, day: date, report: JobReport) -> None:
    """Write ``expire`` entries for lots whose last day is before ``day``."""
    with Session(engine) as session:
        accounts = list(session.scalars(
            select(LedgerEntryRow.account_id).distinct().join(
                Member, Member.id == LedgerEntryRow.account_id)
            .where(LedgerEntryRow.expires_on < day, LedgerEntryRow.points > 0,
                   Member.balance > 0)))
    for chunk in _chunks(sorted(accounts)):
        made = run_transaction(engine, lambda s, c=chunk: _expire_chunk(s, c, day))  # type: ignore[misc]
        report.expired_entries += len(made)
        report.expired_points += -sum(e.points for e in made)


def _expire_chunk(session: Session, accounts: list[str], day: date) -> list[LedgerEntry]:
    feed = FeedWriter(session)
    feed.lock()
    version = current_rules(session).version
    at = datetime.combine(day, time.min, tzinfo=UTC)
    entries: list[LedgerEntry] = []
    rows = session.scalars(select(LedgerEntryRow).where(LedgerEntryRow.account_id.in_(accounts))
                           .order_by(LedgerEntryRow.account_id))
    by_account: dict[str, list[Entry]] = {}
    for row in rows:
        by_account.setdefault(row.account_id, []).append(Entry(
            row.id, EntryKind(row.kind), row.points, row.occurred_at, row.expires_on,
            row.ref_entry_id))
    for account, history in by_account.items():
        for lot_id, points in expiry_entries(replay(history), day):
            entries.append(LedgerEntry(
                entry_id=new_id(), member_id=account, kind="expire", points=-points,
                store_id=CENTRAL, terminal_id=CENTRAL, occurred_at=at, rules_version=version,
                ref_entry_id=lot_id))
    if entries:
        apply_entries(session, feed, [EntryItem(e) for e in entries], now())
        feed.flush()
    return entries


def run_tiers(engine: Engine, day: date, report: JobReport) -> None:
    """Upgrade or (after the tier term) downgrade members by rolling 12-month spend."""
    with Session(engine) as session:
        ids = list(session.scalars(select(Member.id).where(Member.status == "active")
                                   .order_by(Member.id)))
    for chunk in _chunks(ids):
        report.tier_changes += run_transaction(
            engine, lambda s, c=chunk: _tier_chunk(s, c, day))  # type: ignore[misc]


def spend_12m(session: Session, zones: dict[str, ZoneInfo], day: date) -> dict[str, Decimal]:
    """Qualifying spend per account (``zones``: account → the time zone of the store it
    joined at) in :func:`loyalty.spend.spend_window` at the start of the local ``day``."""
    rev = aliased(LedgerEntryRow)
    reversed_ids = select(rev.ref_entry_id).where(rev.kind == "reverse",
                                                  rev.ref_entry_id.is_not(None))
    by_zone: dict[ZoneInfo, list[str]] = {}
    for account, tz in zones.items():
        by_zone.setdefault(tz, []).append(account)
    spend: dict[str, Decimal] = {}
    for tz, accounts in by_zone.items():
        start, end = spend_window(local_day_bounds(day, tz)[0], tz)
        rows = session.execute(
            select(LedgerEntryRow.account_id, func.sum(LedgerEntryRow.sale_amount))
            .where(and_(LedgerEntryRow.account_id.in_(accounts), LedgerEntryRow.kind == "earn",
                        LedgerEntryRow.occurred_at >= start, LedgerEntryRow.occurred_at < end,
                        LedgerEntryRow.id.not_in(reversed_ids)))
            .group_by(LedgerEntryRow.account_id))
        spend.update({account: Decimal(total or 0) for account, total in rows})
    return spend


def member_zones(session: Session, members: list[Member]) -> dict[str, ZoneInfo]:
    """The time zone each member's tier is judged in: their origin store's (online sign-ups
    and unknown stores: the chain's)."""
    zones = store_zones(session)
    fallback = zones["online"]
    return {m.id: zones.get(m.origin or "online", fallback) for m in members}


def _tier_chunk(session: Session, ids: list[str], day: date) -> int:
    feed = FeedWriter(session)
    feed.lock()
    rules = current_rules(session)
    chunk = list(session.scalars(select(Member).where(Member.id.in_(ids))
                                 .order_by(Member.id).with_for_update()))
    spend = spend_12m(session, member_zones(session, chunk), day)
    changed = 0
    for member in chunk:
        since = member.tier_since or day
        tier, change = rules.evaluate_tier(member.tier, since, spend.get(member.id,
                                                                         Decimal(0)), day)
        if change is None or member.status != "active":
            continue
        session.add(TierChange(member_id=member.id, old_tier=member.tier, new_tier=tier,
                               change=change, on_date=day))
        member.tier, member.tier_since, member.updated_at = tier, day, now()
        feed.append("member.upsert", member.id)
        changed += 1
    session.flush()
    feed.flush()
    return changed
