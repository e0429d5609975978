"""``POST /v1/redemptions``: online authorisation by a conditional balance update."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from central.feed import FeedWriter
from central.identity import resolve
from central.ledger_apply import EntryItem, entry_row
from central.models import LedgerEntryRow, Member, Terminal
from central.rules_store import current_rules
from loyalty.errors import RedemptionRefused
from loyalty.money import Currency, Money
from sync.protocol import LedgerEntry, RedemptionRequest, RedemptionResponse


def authorise(session: Session, terminal: Terminal, req: RedemptionRequest,
              received_at: datetime) -> RedemptionResponse:
    """Approve and record the redemption, or decline it with a reason; idempotent by id."""
    feed = FeedWriter(session)
    feed.lock()  # first: a push of the same entry id cannot slip in between check and insert
    existing = session.get(LedgerEntryRow, req.entry_id)
    if existing is not None:
        return _replayed(session, req, existing)
    account = resolve(session, req.member_id)
    if account is None or account.status not in ("active", "review"):
        return _declined(req, "unknown_member", "Central has no active member with this id.")
    refusal = _rules_refusal(session, req, account)
    if refusal is not None:
        return _declined(req, refusal.code, str(refusal))
    # The condition is the guard: two terminals racing can never both spend the same points.
    balance = session.execute(
        update(Member).where(Member.id == account.id, Member.balance >= req.points)
        .values(balance=Member.balance - req.points).returning(Member.balance)
    ).scalar()
    if balance is None:
        return _declined(req, "redeem_over_balance", "The member does not have these points.")
    entry = _entry(terminal, req)
    row = entry_row(EntryItem(entry), account.id, feed.allocate(1), balance, 0, received_at)
    session.execute(insert(LedgerEntryRow), [row])
    feed.flush()
    return RedemptionResponse(entry_id=req.entry_id, approved=True, account_id=account.id,
                              balance=balance)


def _rules_refusal(session: Session, req: RedemptionRequest,
                   account: Member) -> RedemptionRefused | None:
    rules = current_rules(session)
    sale = None
    if req.sale_amount is not None:
        if req.currency != rules.currency.value:
            return RedemptionRefused("The sale is not in the chain's currency.",
                                     code="currency_mismatch")
        sale = Money(req.sale_amount, Currency(req.currency))
    try:
        rules.check_redemption(req.points, account.balance, sale)
    except RedemptionRefused as exc:
        return exc
    if rules.needs_approval(req.points) and not req.approved_by:
        return RedemptionRefused("A manager must approve this redemption.",
                                 code="approval_required")
    return None


def _entry(terminal: Terminal, req: RedemptionRequest) -> LedgerEntry:
    return LedgerEntry(
        entry_id=req.entry_id, member_id=req.member_id, kind="redeem", points=-req.points,
        sale_amount=req.sale_amount, currency=req.currency, store_id=terminal.store_id or "",
        terminal_id=terminal.id, cashier_id=req.cashier_id, receipt_no=req.receipt_no,
        occurred_at=req.occurred_at, rules_version=req.rules_version, offline=False,
        approved_by=req.approved_by)


def _replayed(session: Session, req: RedemptionRequest,
              existing: LedgerEntryRow) -> RedemptionResponse:
    if existing.kind != "redeem" or existing.points != -req.points \
            or existing.member_id != req.member_id:
        return _declined(req, "entry_id_conflict", "This entry id is already used differently.")
    account = session.get_one(Member, existing.account_id)
    return RedemptionResponse(entry_id=req.entry_id, approved=True, account_id=account.id,
                              balance=account.balance)


def _declined(req: RedemptionRequest, reason: str, message: str) -> RedemptionResponse:
    return RedemptionResponse(entry_id=req.entry_id, approved=False, reason=reason,
                              message=message)
