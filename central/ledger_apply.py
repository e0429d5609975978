"""The authoritative ledger: apply batches of entries once each, balances in step.

A batch costs a fixed handful of statements whatever its size, all under the feed lock (every
ledger and balance writer holds it, so what these reads see cannot change before commit):
the accounts and balances the entries name (one join), one bulk insert (``COPY`` on
PostgreSQL) and one batched balance update; which ids and receipts the ledger already holds
is asked only when the insert shows there are some (see :func:`apply_entries`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, aliased

from central.db import in_values
from central.feed import FeedWriter
from central.models import Base, LedgerEntryRow, Member
from sync.protocol import LedgerEntry


@dataclass(frozen=True, slots=True)
class EntryItem:
    """One entry to apply, with the pushing terminal's sequence when it came by push."""

    entry: LedgerEntry
    op_id: str | None = None
    seq: int | None = None


@dataclass(frozen=True, slots=True)
class EntryResult:
    status: str
    reason: str | None = None
    message: str | None = None


APPLIED = EntryResult("applied")
ALREADY = EntryResult("already_applied")
_DUPLICATE_RECEIPT = EntryResult("rejected", "duplicate_receipt",
                                 "This store's receipt already earned points.")
_NEGATIVE = {"redeem", "expire"}
_POSITIVE = {"earn", "bonus"}
LEDGER = Base.metadata.tables["ledger_entries"]
MEMBERS = Base.metadata.tables["members"]
COLUMNS: tuple[str, ...] = tuple(c.name for c in LEDGER.columns)


def check_entry(e: LedgerEntry) -> EntryResult | None:
    """A permanent rejection for an entry that cannot be right, or None."""
    if (e.kind in _POSITIVE and e.points < 0) or (e.kind in _NEGATIVE and e.points > 0):
        return EntryResult("rejected", "invalid_entry", f"A {e.kind} entry has the wrong sign.")
    if e.kind == "reverse" and e.ref_entry_id is None:
        return EntryResult("rejected", "invalid_entry", "A reverse entry must name its entry.")
    if (e.sale_amount is None) != (e.currency is None):
        return EntryResult("rejected", "invalid_entry", "A sale amount needs its currency.")
    return None


def apply_entries(session: Session, feed: FeedWriter, items: Sequence[EntryItem],
                  received_at: datetime) -> list[EntryResult]:
    """Apply entries in order; return one result per item (same order).

    Optimistic: an entry id or receipt already at central is rare in a push (except redeem
    entries, which central may have authorised online, so those are looked up first). The
    batch is inserted under a savepoint; if the database refuses a duplicate, the savepoint
    is rolled back and the batch is checked against the ledger before inserting again.
    """
    feed.lock()
    results: list[EntryResult | None] = [check_entry(i.entry) for i in items]
    _mark_repeats(items, results)
    _mark_known(session, items, results, kinds={"redeem"})
    accounts, balances = _accounts(session, items, results)
    if _try_insert(session, feed, items, results, accounts, balances, received_at):
        return [APPLIED if r is None else r for r in results]
    _mark_known(session, items, results)
    _mark_duplicate_receipts(session, items, results)
    _try_insert(session, feed, items, results, accounts, balances, received_at,
                optimistic=False)
    return [APPLIED if r is None else r for r in results]


def _try_insert(session: Session, feed: FeedWriter, items: Sequence[EntryItem],
                results: list[EntryResult | None], accounts: dict[str, str],
                balances: dict[str, int], received_at: datetime, *, optimistic: bool = True
                ) -> bool:
    """Insert the entries still unresolved; False if a duplicate made the optimistic
    attempt fail (nothing written then). Not optimistic, a refusal raises."""
    todo = [items[k] for k, r in enumerate(results) if r is None]
    if not todo:
        return True
    first = feed.allocate(len(todo))
    changed: dict[str, int] = {}
    rows = []
    for offset, item in enumerate(todo):
        account = accounts[item.entry.member_id]
        before = changed.get(account, balances[account])
        after = before + item.entry.points
        changed[account] = after
        overdraft = max(0, -after) - max(0, -before) if item.entry.points < 0 else 0
        rows.append(entry_values(item, account, first + offset, after, overdraft, received_at))
    if not optimistic:
        insert_rows(session, rows)
    else:
        try:
            with session.begin_nested():
                insert_rows(session, rows)
        except IntegrityError:
            feed.release(first)
            return False
    _set_balances(session, changed)
    return True


def _mark_repeats(items: Sequence[EntryItem], results: list[EntryResult | None]) -> None:
    """Within the batch: a repeated entry id is already applied; a repeated receipt is not
    credited twice."""
    ids: set[str] = set()
    receipts: set[tuple[str, str]] = set()
    for k, item in enumerate(items):
        e = item.entry
        if results[k] is not None:
            continue
        if e.entry_id in ids:
            results[k] = ALREADY
            continue
        ids.add(e.entry_id)
        if e.kind == "earn" and e.receipt_no:
            if (e.store_id, e.receipt_no) in receipts:
                results[k] = _DUPLICATE_RECEIPT
            receipts.add((e.store_id, e.receipt_no))


def _mark_known(session: Session, items: Sequence[EntryItem], results: list[EntryResult | None],
                kinds: set[str] | None = None) -> None:
    """Entries (of ``kinds``, or all) whose id the ledger already holds: already applied."""
    ids = [i.entry.entry_id for k, i in enumerate(items)
           if results[k] is None and (kinds is None or i.entry.kind in kinds)]
    if not ids:
        return
    known = set(session.scalars(select(LedgerEntryRow.id)
                                .where(in_values(session, LedgerEntryRow.id, ids))))
    for k, item in enumerate(items):
        if results[k] is None and item.entry.entry_id in known:
            results[k] = ALREADY


def _mark_duplicate_receipts(session: Session, items: Sequence[EntryItem],
                             results: list[EntryResult | None]) -> None:
    """Earns whose store receipt the ledger already credited: rejected."""
    earns = {(i.entry.store_id, i.entry.receipt_no) for k, i in enumerate(items)
             if results[k] is None and i.entry.kind == "earn" and i.entry.receipt_no}
    taken: set[tuple[str, str | None]] = set()
    for store in {store for store, _ in earns}:
        receipts = [receipt for s, receipt in earns if s == store]
        taken.update((store, receipt) for receipt in session.scalars(
            select(LedgerEntryRow.receipt_no).where(
                LedgerEntryRow.store_id == store, LedgerEntryRow.kind == "earn",
                LedgerEntryRow.receipt_no.is_not(None),
                in_values(session, LedgerEntryRow.receipt_no, receipts))))
    for k, item in enumerate(items):
        e = item.entry
        if results[k] is None and (e.store_id, e.receipt_no) in taken and e.kind == "earn":
            results[k] = _DUPLICATE_RECEIPT


def _accounts(session: Session, items: Sequence[EntryItem], results: list[EntryResult | None]
              ) -> tuple[dict[str, str], dict[str, int]]:
    """member id → the canonical account its entries count on, and those accounts' balances.

    Aliases are one level deep (a merge re-points the source's aliases), so one join resolves
    them. No row lock: balances are written only under the feed lock, which we hold.
    """
    ids = {i.entry.member_id for k, i in enumerate(items) if results[k] is None}
    if not ids:
        return {}, {}
    account = aliased(Member)
    rows = session.execute(
        select(Member.id, account.id, account.balance)
        .join(account, account.id == func.coalesce(Member.canonical_id, Member.id))
        .where(in_values(session, Member.id, ids)))
    accounts: dict[str, str] = {}
    balances: dict[str, int] = {}
    for member_id, account_id, balance in rows:
        accounts[member_id] = account_id
        balances[account_id] = balance
    for k, item in enumerate(items):
        if results[k] is None and item.entry.member_id not in accounts:
            results[k] = EntryResult("rejected", "unknown_member",
                                     "Central does not know this member.")
    return accounts, balances


def insert_rows(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """Insert ledger rows (tuples in :data:`COLUMNS` order): ``COPY`` on PostgreSQL."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        import psycopg  # the PostgreSQL driver, only where PostgreSQL is used

        raw = connection.connection.driver_connection
        assert raw is not None
        statement = f"COPY ledger_entries ({', '.join(COLUMNS)}) FROM STDIN"
        try:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as exc:  # as SQLAlchemy would raise it (IntegrityError, …)
            raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
        return
    connection.execute(insert(LEDGER), [dict(zip(COLUMNS, row, strict=True)) for row in rows])


def _set_balances(session: Session, balances: dict[str, int]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # One statement for the whole batch instead of one per member.
        session.execute(text(
            "UPDATE members SET balance = d.balance FROM "
            "unnest(CAST(:ids AS varchar[]), CAST(:balances AS bigint[])) AS d(id, balance) "
            "WHERE members.id = d.id"),
            {"ids": list(balances), "balances": list(balances.values())})
        return
    session.execute(
        update(MEMBERS).where(MEMBERS.c.id == bindparam("b_id"))
        .values(balance=bindparam("b_balance")),
        [{"b_id": k, "b_balance": v} for k, v in balances.items()])


def entry_values(item: EntryItem, account: str, feed_seq: int, after: int, overdraft: int,
                 received_at: datetime) -> tuple[Any, ...]:
    """One ledger row as a tuple in :data:`COLUMNS` order."""
    e = item.entry
    return (e.entry_id, e.member_id, account, e.kind, e.points, e.sale_amount, e.currency,
            e.store_id, e.terminal_id, e.cashier_id, e.receipt_no, e.occurred_at,
            e.rules_version, e.expires_on, e.ref_entry_id, e.offline, e.approved_by,
            received_at, feed_seq, after, overdraft, item.op_id, item.seq)


def entry_row(item: EntryItem, account: str, feed_seq: int, after: int, overdraft: int,
              received_at: datetime) -> dict[str, Any]:
    """One ledger row as a mapping (for single inserts through SQLAlchemy)."""
    return dict(zip(COLUMNS, entry_values(item, account, feed_seq, after, overdraft,
                                          received_at), strict=True))
