"""The authoritative ledger: apply batches of entries once each, balances in step.

A batch costs a fixed handful of statements whatever its size: which ids exist, which receipts
were credited, which members the entries name, one locking read of the accounts, one
multi-row insert and one batched balance update.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

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


_NEGATIVE = {"redeem", "expire"}
_POSITIVE = {"earn", "bonus"}
LEDGER = Base.metadata.tables["ledger_entries"]
MEMBERS = Base.metadata.tables["members"]


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
    """Apply entries in order; return one result per item (same order)."""
    results: list[EntryResult | None] = [check_entry(i.entry) for i in items]
    _mark_known(session, items, results)
    _mark_duplicate_receipts(session, items, results)
    accounts = _resolve_accounts(session, items, results)
    todo = [k for k, r in enumerate(results) if r is None]
    if todo:
        _insert(session, feed, [items[k] for k in todo], accounts, received_at)
        for k in todo:
            results[k] = EntryResult("applied")
    return [r if r is not None else EntryResult("applied") for r in results]


def _mark_known(session: Session, items: Sequence[EntryItem],
                results: list[EntryResult | None]) -> None:
    ids = [i.entry.entry_id for i in items]
    known = set(session.scalars(select(LedgerEntryRow.id)
                                .where(in_values(session, LedgerEntryRow.id, ids))))
    for k, item in enumerate(items):
        if results[k] is not None:
            continue
        if item.entry.entry_id in known:
            results[k] = EntryResult("already_applied")
        known.add(item.entry.entry_id)


def _mark_duplicate_receipts(session: Session, items: Sequence[EntryItem],
                             results: list[EntryResult | None]) -> None:
    earns = {(i.entry.store_id, i.entry.receipt_no) for k, i in enumerate(items)
             if results[k] is None and i.entry.kind == "earn" and i.entry.receipt_no}
    if not earns:
        return
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
        if results[k] is not None or e.kind != "earn" or not e.receipt_no:
            continue
        key = (e.store_id, e.receipt_no)
        if key in taken:
            results[k] = EntryResult("rejected", "duplicate_receipt",
                                     "This store's receipt already earned points.")
        taken.add(key)


def _resolve_accounts(session: Session, items: Sequence[EntryItem],
                      results: list[EntryResult | None]) -> dict[str, str]:
    """member id → the canonical account its entries count on."""
    ids = {i.entry.member_id for k, i in enumerate(items) if results[k] is None}
    rows = session.execute(select(Member.id, Member.canonical_id)
                           .where(in_values(session, Member.id, ids)))
    accounts = {mid: canonical or mid for mid, canonical in rows}
    for k, item in enumerate(items):
        if results[k] is None and item.entry.member_id not in accounts:
            results[k] = EntryResult("rejected", "unknown_member",
                                     "Central does not know this member.")
    return accounts


def _insert(session: Session, feed: FeedWriter, items: Sequence[EntryItem],
            accounts: dict[str, str], received_at: datetime) -> None:
    feed.lock()
    ids = sorted({accounts[i.entry.member_id] for i in items})
    rows_ = session.execute(select(Member.id, Member.balance)
                            .where(in_values(session, Member.id, ids))
                            .order_by(Member.id).with_for_update())
    balances = {member_id: balance for member_id, balance in rows_}
    first = feed.allocate(len(items))
    rows = []
    for offset, item in enumerate(items):
        account = accounts[item.entry.member_id]
        before = balances[account]
        after = before + item.entry.points
        balances[account] = after
        overdraft = max(0, -after) - max(0, -before) if item.entry.points < 0 else 0
        rows.append(entry_row(item, account, first + offset, after, overdraft, received_at))
    session.execute(insert(LEDGER), rows)
    _set_balances(session, balances)


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
    e = item.entry
    return {
        "id": e.entry_id, "member_id": e.member_id, "account_id": account, "kind": e.kind,
        "points": e.points, "sale_amount": e.sale_amount, "currency": e.currency,
        "store_id": e.store_id, "terminal_id": e.terminal_id, "cashier_id": e.cashier_id,
        "receipt_no": e.receipt_no, "occurred_at": e.occurred_at,
        "rules_version": e.rules_version, "expires_on": e.expires_on,
        "ref_entry_id": e.ref_entry_id, "offline": e.offline, "approved_by": e.approved_by,
        "received_at": received_at, "feed_seq": feed_seq, "balance_after": after,
        "overdraft": overdraft, "op_id": item.op_id, "terminal_seq": item.seq,
    }
