"""Taiwan e-invoices earn once chain-wide: the claim on each invoice number and period.

A till sends an e-invoice earn with ``invoice_date`` (its ``receipt_no`` is the invoice
number). Under an advisory lock on each invoice key (till commit), an earn whose invoice another
entry already claimed is rejected, naming when and where it earned; the entries that were
applied then claim theirs. The till shows the rejection and takes the points back.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from central.db import in_values
from central.feed import INVOICE_KEY, FeedWriter, narrow_lock
from central.ledger_apply import EntryResult
from central.models import InvoiceClaim
from loyalty.einvoice import invoice_key as key_of
from loyalty.records import PushedEntry


def invoice_key(entry: PushedEntry) -> str | None:
    """The claim key of an e-invoice earn, or None for any other entry."""
    if entry.kind != "earn" or entry.invoice_date is None or not entry.receipt_no:
        return None
    return key_of(entry.receipt_no, entry.invoice_date)


def duplicates(session: Session, feed: FeedWriter, entries: Sequence[PushedEntry]
               ) -> list[EntryResult | None]:
    """One result per entry: a rejection for an invoice earned by another entry (at central
    or earlier in this batch), else None."""
    keys = [invoice_key(e) for e in entries]
    if not any(keys):
        return [None] * len(entries)
    feed.lock()
    narrow_lock(session, INVOICE_KEY, [k for k in keys if k])  # claims are checked, then made
    claimed = {c.invoice_key: c for c in session.scalars(select(InvoiceClaim).where(
        in_values(session, InvoiceClaim.invoice_key, [k for k in keys if k])))}
    seen: dict[str, str] = {}
    results: list[EntryResult | None] = []
    for entry, key in zip(entries, keys, strict=True):
        claim = claimed.get(key) if key else None
        if key is None or (claim is not None and claim.entry_id == entry.entry_id):
            results.append(None)
        elif claim is not None:
            results.append(_refusal(entry, claim.occurred_at.isoformat(), claim.store_id,
                                    claim.terminal_id))
        elif seen.get(key, entry.entry_id) != entry.entry_id:
            results.append(_refusal(entry, entry.occurred_at.isoformat(), entry.store_id,
                                    entry.terminal_id))
        else:
            seen[key] = entry.entry_id
            results.append(None)
    return results


def _refusal(entry: PushedEntry, at: str, store_id: str, terminal_id: str) -> EntryResult:
    return EntryResult("rejected", "duplicate_invoice",
                       f"Invoice {entry.receipt_no} already earned points at {at} "
                       f"({store_id} {terminal_id}).")


def claim(session: Session, applied: Sequence[PushedEntry]) -> None:
    """Record the claims of e-invoice earns just applied (in the transaction where
    :func:`duplicates` locked and passed them)."""
    rows = [{"invoice_key": key, "entry_id": e.entry_id, "store_id": e.store_id,
             "terminal_id": e.terminal_id, "occurred_at": e.occurred_at}
            for e in applied if (key := invoice_key(e)) is not None]
    if not rows:
        return
    known = set(session.scalars(select(InvoiceClaim.invoice_key).where(
        in_values(session, InvoiceClaim.invoice_key, [r["invoice_key"] for r in rows]))))
    fresh = [r for r in rows if r["invoice_key"] not in known]
    if fresh:
        session.execute(insert(InvoiceClaim), fresh)
