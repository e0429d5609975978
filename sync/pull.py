"""Pull: central's changes after the stored cursor, applied with the new cursor in one
transaction per page (a crash between pages loses nothing and repeats nothing). Each change
is checked against its protocol model first; one that fails is quarantined with its reason
(:mod:`sync.pull_check`) and the page goes on without it.

Each page names the last of this terminal's operations it includes (``terminal_ops_through``):
our entries central includes are confirmed as their changes arrive; entries a snapshot
already counted (before its cursor) are confirmed by that mark instead, so a balance never
counts one operation twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, select

from loyalty.records import (
    AliasRecord,
    Change,
    ErasedMember,
    FeedEntry,
    FeedInstrumentEntry,
    HeldRejected,
    MemberRecord,
    RulesDocument,
    StaffChanged,
)
from loyalty.store import replica
from loyalty.store.instrument_replica import apply_instrument_entry
from loyalty.store.keyvalue import get_state, put_state
from loyalty.store.rulebook import current_rules, store_rules
from loyalty.store.schema import ledger, outbox
from sync.client import CentralClient
from sync.protocol import ChangesPage
from sync.pull_check import checked_page, quarantine
from sync.push import held_approved, held_rejected
from sync.staff import staff_changed
from sync.state import SnapshotCursors, cursor, record_overdraft, undo_overdraft

log = logging.getLogger(__name__)
DEFAULT_PAGE = 1000


@dataclass
class PullReport:
    """What one pull did."""

    pages: int = 0
    changes: int = 0
    confirmed_own: int = 0
    inserted: int = 0
    cursor: int = 0
    quarantined: int = 0  # changes that failed their model: kept aside, not applied


def pull_changes(engine: Engine, client: CentralClient, now: Callable[[], datetime], *,
                 limit: int = DEFAULT_PAGE, until: int | None = None,
                 progress: Callable[[PullReport], None] | None = None) -> PullReport:
    """Apply pages until central has no more (or the cursor reaches ``until``).

    Raises:
        sync.errors.Rejected: ``cursor_expired`` (410) — push, then bootstrap again.
    """
    report = PullReport()
    while True:
        with engine.connect() as conn:
            after = cursor(conn)
        report.cursor = after
        if until is not None and after >= until:
            return report
        size = limit if until is None else min(limit, until - after)
        page, bad = checked_page(client.changes_raw(after, size))
        with engine.begin() as conn:
            if cursor(conn) != after:  # another writer moved it: start again from there
                continue
            report.quarantined += quarantine(conn, bad, now())
            apply_page(conn, page, now(), report)
        report.pages += 1
        report.cursor = page.next_cursor
        if progress is not None:
            progress(report)
        if not page.has_more or page.next_cursor == after:
            return report


def apply_page(conn: Connection, page: ChangesPage, now: datetime, report: PullReport) -> None:
    """Apply one page and store its cursor, in the caller's transaction."""
    snap = SnapshotCursors.load(conn)
    for change in page.changes:
        _apply(conn, change, now, snap, report)
    held_approved(conn, [c.data.entry_id for c in page.changes
                         if isinstance(c.data, FeedEntry)])
    report.changes += len(page.changes)
    through_before = int(get_state(conn, "ops_through", 0))
    if page.terminal_ops_through > through_before:
        report.confirmed_own += replica.confirm_included(
            conn, _acked_entries(conn, through_before, page.terminal_ops_through), now)
        put_state(conn, "ops_through", page.terminal_ops_through)
    if snap.active() and page.next_cursor >= snap.ceiling():
        snap.cursors = []
        snap.save(conn)
    put_state(conn, "cursor", page.next_cursor)


def _apply(conn: Connection, change: Change, now: datetime, snap: SnapshotCursors,
           report: PullReport) -> None:
    data = change.data
    if isinstance(data, FeedEntry):
        entry, seq = data, change.seq
        effect = replica.apply_entry(conn, entry, now,
                                     lambda account: seq <= snap.cursor_for(account))
        report.confirmed_own += effect.confirmed_own
        report.inserted += effect.inserted
        if effect.overdraft > 0:
            record_overdraft(conn, entry.model_dump(mode="json"), now)
        elif entry.kind == "reverse" and entry.ref_entry_id:
            undo_overdraft(conn, entry.ref_entry_id)
    elif isinstance(data, MemberRecord):
        replica.apply_member(conn, data, now)
    elif isinstance(data, AliasRecord):
        replica.apply_alias(conn, data.alias_id, data.alias_code, data.canonical_id,
                            data.canonical_code, now)
    elif isinstance(data, ErasedMember):
        replica.apply_erased(conn, data.member_id, now)
    elif isinstance(data, RulesDocument):
        apply_rules(conn, data, now)
    elif isinstance(data, HeldRejected):
        held_rejected(conn, data.entry_id)
    elif isinstance(data, StaffChanged):
        staff_changed(conn, data.store_id)
    elif isinstance(data, FeedInstrumentEntry):
        if apply_instrument_entry(conn, data, current_rules(conn), now):
            report.inserted += 1
    else:  # a newer central: skip what this version does not know, loudly
        log.warning("unknown change kind %s at %d skipped", change.kind, change.seq)


def apply_rules(conn: Connection, data: RulesDocument, now: datetime) -> None:
    """Keep a rules version from central (idempotent by version)."""
    store_rules(conn, data.rules(), now)


_ACKED = (select(outbox.c.payload).where(outbox.c.kind == "ledger.entry",
                                         outbox.c.state == "acked"))


def _acked_entries(conn: Connection, after: int, through: int) -> list[str]:
    """Entry ids of our acknowledged ledger operations in ``(after, through]`` still pending
    here (normally none: their changes arrived in this page or before)."""
    rows = conn.execute(_ACKED.where(outbox.c.seq > after, outbox.c.seq <= through))
    ids = [str(json.loads(r.payload)["entry_id"]) for r in rows]
    if not ids:
        return []
    pending: list[str] = []
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        pending += [r.id for r in conn.execute(select(ledger.c.id).where(
            ledger.c.id.in_(chunk), ledger.c.state == "pending"))]
    return pending
