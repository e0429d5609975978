"""The authoritative ledger: apply batches of entries once each, balances in step.

A batch costs a fixed handful of statements whatever its size, under the write mutex
(:mod:`central.feed`). Held alone, nothing these reads see can change before commit; held
shared (a push), the member rows are locked in id order as they are read, and redemptions'
ids (and the ids reverse entries undo) under an advisory lock, so the same holds:
the accounts and balances the entries name, one bulk insert (``COPY`` on PostgreSQL) and one
batched balance update; which ids and receipts the ledger already holds is asked only when
the insert shows there are some (see :func:`apply_entries`). On PostgreSQL the usual batch
(members that are their own accounts, nothing already applied) moves and reads the balances
in one ``UPDATE … RETURNING`` before its ``COPY``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from central.db import in_values
from central.feed import ENTRY_ID, FeedWriter, narrow_lock
from central.models import Base, EntryConflict, LedgerEntryRow, Member, RedemptionCancellation
from loyalty.records import ENTRY_FIELDS, LedgerEntry


class EntryItem(NamedTuple):
    """One entry to apply, with the pushing terminal's sequence when it came by push.

    A named tuple: a push makes a thousand of them (a frozen dataclass cost 1 ms more)."""

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
# A row: the entry's fields (LedgerEntry.values(), the columns of the same names; the entry id
# is ``id``), then what central adds (a test holds them to the table's columns).
COLUMNS: tuple[str, ...] = (*("id" if f == "entry_id" else f for f in ENTRY_FIELDS),
                            "account_id", "received_at", "feed_seq", "balance_after",
                            "overdraft", "op_id", "terminal_seq")


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
    is rolled back and the batch is checked against the ledger before inserting again. On
    PostgreSQL a batch whose every entry is still to apply first tries :func:`_plain_insert`.
    """
    feed.lock()
    if feed.shared:  # beside other writers: an online redemption (or its cancellation)
        # checks the ledger for its entry id, then writes; a push of the same id waits.
        narrow_lock(session, ENTRY_ID, [i.entry.entry_id if i.entry.kind == "redeem"
                                        else i.entry.ref_entry_id or "" for i in items
                                        if i.entry.kind == "redeem" or i.entry.ref_entry_id])
    results: list[EntryResult | None] = [check_entry(i.entry) for i in items]
    _mark_repeats(items, results)
    _mark_known(session, items, results, kinds={"redeem"})
    _mark_cancelled(session, items, results)
    plain = (_plain_insert(session, feed, items, received_at)
             if session.get_bind().dialect.name == "postgresql"
             and items and all(r is None for r in results) else _UNFIT)
    if plain is _DONE:
        return [APPLIED] * len(items)
    if plain is _UNFIT:
        accounts, balances = _accounts(session, items, results, lock=feed.shared)
        if _try_insert(session, feed, items, results, accounts, balances, received_at):
            return [APPLIED if r is None else r for r in results]
    _mark_known(session, items, results)
    _mark_duplicate_receipts(session, items, results)
    accounts, balances = _accounts(session, items, results, lock=feed.shared)
    _try_insert(session, feed, items, results, accounts, balances, received_at,
                optimistic=False)
    return [APPLIED if r is None else r for r in results]


_DONE, _CONFLICT, _UNFIT = "done", "conflict", "unfit"
# Parameters and answer as one array each: psycopg dumps and loads a thousand-element list
# in Python, an array literal and an array column in one go.
_MOVE_BALANCES = text(
    "WITH moved AS (UPDATE members SET balance = members.balance + d.delta FROM "
    "unnest(CAST(:ids AS varchar[]), CAST(:deltas AS bigint[])) AS d(id, delta) "
    "WHERE members.id = d.id "
    "RETURNING members.id, members.canonical_id, members.balance - d.delta AS before) "
    "SELECT count(canonical_id), array_agg(id), array_agg(before) FROM moved")
# Beside other writers, member rows are locked in one order (by id), so two pushes naming
# the same members wait for each other instead of deadlocking.
_LOCK_MEMBERS = text("SELECT id FROM members WHERE id = ANY(CAST(:ids AS varchar[])) "
                     "ORDER BY id FOR UPDATE")


class _Unfit(Exception):
    """The batch names a member that is unknown or an alias: not for the plain path."""


def _plain_insert(session: Session, feed: FeedWriter, items: Sequence[EntryItem],
                  received_at: datetime) -> str:
    """The usual push, in two statements under one savepoint: every member's balance moved
    by its entries' sum and read back (``UPDATE … RETURNING``: the balances before), then the
    ``COPY``. ``_DONE``; else nothing is written and the answer says why: ``_UNFIT`` (a
    member unknown or an alias: the general path resolves accounts first) or ``_CONFLICT``
    (the ledger refused a duplicate)."""
    deltas: dict[str, int] = {}
    for item in items:
        member_id = item.entry.member_id
        deltas[member_id] = deltas.get(member_id, 0) + item.entry.points
    if feed.shared:  # rows first: a member's entries then number in the order they apply
        session.execute(_LOCK_MEMBERS, {"ids": _array(sorted(deltas))})
    first = feed.allocate(len(items))  # outside the savepoint: its mark must outlive it
    try:
        with session.begin_nested():
            aliases, ids, balances = session.execute(_MOVE_BALANCES, {
                "ids": _array(deltas), "deltas": _array(map(str, deltas.values()))}).one()
            if aliases or len(ids or ()) != len(deltas):
                raise _Unfit
            before = dict(zip(ids, balances, strict=True))
            rows, _ = _rows(items, {m: m for m in deltas}, before, first, received_at)
            insert_rows(session, rows)
    except _Unfit:
        feed.release(first)
        return _UNFIT
    except IntegrityError:
        feed.release(first)
        return _CONFLICT
    return _DONE


def _array(values: Iterable[str]) -> str | list[str]:
    """A PostgreSQL array literal of ``values`` (UUIDs, numbers: nothing to quote); the list
    itself, for psycopg to quote, should one hold anything else."""
    items = list(values)
    literal = ",".join(items)
    plain = literal.count(",") == len(items) - 1 and _UNQUOTED.fullmatch(literal) is not None
    return "{" + literal + "}" if plain else items


_UNQUOTED = re.compile(r"[0-9a-f-]+(,[0-9a-f-]+)*")  # hex, digits, dashes: never NULL


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
    rows, changed = _rows(todo, accounts, balances, first, received_at)
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


def _rows(todo: Sequence[EntryItem], accounts: dict[str, str], balances: dict[str, int],
          first: int, received_at: datetime) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """The ledger rows of ``todo`` (feed numbers from ``first``, running balances from
    ``balances``) and the accounts' balances after them."""
    changed: dict[str, int] = {}
    rows = []
    for feed_seq, (e, op_id, seq) in enumerate(todo, first):
        account = accounts[e.member_id]
        before = changed.get(account)
        if before is None:
            before = balances[account]
        points = e.points
        changed[account] = after = before + points
        overdraft = max(0, -after) - max(0, -before) if points < 0 else 0
        rows.append((*e.values(), account, received_at, feed_seq, after, overdraft, op_id,
                     seq))
    return rows, changed


def _mark_repeats(items: Sequence[EntryItem], results: list[EntryResult | None]) -> None:
    """Within the batch: a repeated entry id is already applied; a repeated receipt is not
    credited twice."""
    earns = [(i.entry.store_id, i.entry.receipt_no) for i in items
             if i.entry.kind == "earn" and i.entry.receipt_no]
    if (len({i.entry.entry_id for i in items}) == len(items)
            and len(set(earns)) == len(earns)):
        return  # the usual batch: nothing repeats
    ids: set[str] = set()
    receipts: set[tuple[str, str | None]] = set()
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


# What makes two entries under one id the same entry (``offline`` may differ: a redemption
# central authorised online can reach it again as the till's offline fallback).
_SAME = ("member_id", "kind", "points", "sale_amount", "currency", "store_id", "terminal_id",
         "receipt_no", "occurred_at", "ref_entry_id")
_SAME_COLUMNS = [getattr(LedgerEntryRow, "id" if k == "entry_id" else k)
                 for k in ("entry_id", *_SAME)]


def _mark_known(session: Session, items: Sequence[EntryItem], results: list[EntryResult | None],
                kinds: set[str] | None = None) -> None:
    """Entries (of ``kinds``, or all) whose id the ledger already holds: already applied —
    or, when the content differs, refused as a conflict with both kept (Stripe's rule)."""
    ids = [i.entry.entry_id for k, i in enumerate(items)
           if results[k] is None and (kinds is None or i.entry.kind in kinds)]
    if not ids:
        return
    known = {row[0]: row[1:] for row in session.execute(
        select(*_SAME_COLUMNS).where(in_values(session, LedgerEntryRow.id, ids)))}
    for k, item in enumerate(items):
        stored = known.get(item.entry.entry_id) if results[k] is None else None
        if stored is None:
            continue
        differs = [name for name, value in zip(_SAME, stored, strict=True)
                   if not _same(getattr(item.entry, name), value)]
        results[k] = _conflict(session, item, differs) if differs else ALREADY


def _same(pushed: Any, stored: Any) -> bool:
    if isinstance(pushed, datetime) and isinstance(stored, datetime):
        return pushed == stored
    if pushed is None or stored is None:
        return pushed is None and stored is None
    if isinstance(stored, Decimal) or isinstance(pushed, Decimal):
        return Decimal(str(pushed)) == Decimal(str(stored))
    return bool(pushed == stored)


def _conflict(session: Session, item: EntryItem, differs: list[str]) -> EntryResult:
    session.add(EntryConflict(
        entry_id=item.entry.entry_id, terminal_id=item.entry.terminal_id,
        payload=item.entry.model_dump(mode="json"), differs=",".join(differs)[:200],
        received_at=datetime.now(UTC)))
    return EntryResult("rejected", "entry_id_conflict",
                       "This entry id was already used with other content "
                       f"({', '.join(differs)}); both are kept for review.")


_CANCELLED = EntryResult("rejected", "redemption_cancelled",
                         "This redemption was cancelled at the counter.")


def _mark_cancelled(session: Session, items: Sequence[EntryItem],
                    results: list[EntryResult | None]) -> None:
    """Redeem entries under an id their terminal cancelled: refused (the cancellation
    promised the member those points back)."""
    ids = [i.entry.entry_id for k, i in enumerate(items)
           if results[k] is None and i.entry.kind == "redeem"]
    if not ids:
        return
    cancelled = set(session.scalars(select(RedemptionCancellation.entry_id).where(
        in_values(session, RedemptionCancellation.entry_id, ids))))
    for k, item in enumerate(items):
        if results[k] is None and item.entry.entry_id in cancelled:
            results[k] = _CANCELLED


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


def _accounts(session: Session, items: Sequence[EntryItem], results: list[EntryResult | None],
              *, lock: bool = False) -> tuple[dict[str, str], dict[str, int]]:
    """member id → the canonical account its entries count on, and those accounts' balances.

    Aliases are one level deep (a merge re-points the source's aliases). Most members are
    their own account, so the members are read plainly and only canonical accounts not among
    them are read after (a self-join cost a push of 1,000 entries about 3 ms more). With
    ``lock`` (other writers run beside this one) the rows are locked in id order, as read:
    the balances written back are computed from these. Without, the caller holds the write
    mutex alone.
    """
    ids = {i.entry.member_id for k, i in enumerate(items) if results[k] is None}
    if not ids:
        return {}, {}
    accounts: dict[str, str] = {}
    balances: dict[str, int] = {}
    query = select(Member.id, Member.canonical_id, Member.balance).where(
        in_values(session, Member.id, ids))
    for member_id, canonical_id, balance in session.execute(
            query.order_by(Member.id).with_for_update() if lock else query):
        if canonical_id is None:
            accounts[member_id] = member_id
            balances[member_id] = balance
        else:
            accounts[member_id] = canonical_id
    elsewhere = set(accounts.values()) - balances.keys()
    if elsewhere:
        accounts_query = select(Member.id, Member.balance).where(
            in_values(session, Member.id, elsewhere))
        for account_id, balance in session.execute(
                accounts_query.order_by(Member.id).with_for_update() if lock
                else accounts_query):
            balances[account_id] = balance
    for k, item in enumerate(items):
        if results[k] is None and accounts.get(item.entry.member_id) not in balances:
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


def entry_row(item: EntryItem, account: str, feed_seq: int, after: int, overdraft: int,
              received_at: datetime) -> dict[str, Any]:
    """One ledger row as a mapping (for single inserts through SQLAlchemy)."""
    values = (*item.entry.values(), account, received_at, feed_seq, after, overdraft,
              item.op_id, item.seq)
    return dict(zip(COLUMNS, values, strict=True))
