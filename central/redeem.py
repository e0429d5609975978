"""Online redemptions: authorisation by a conditional balance update, idempotent by entry id
(``POST /v1/redemptions``), the terminal's cancellation under the same id (the
``redemption.cancel`` operation) and what central holds of one (``GET /v1/redemptions/{id}``).

A cancellation is recorded for ever: the points come back by a reverse entry when central
had approved, and an authorisation request for a cancelled id — one still travelling when
the terminal gave up — is declined, so no lost or late answer can take a member's points.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from central.feed import ENTRY_ID, FeedWriter, narrow_lock
from central.identity import resolve
from central.ledger_apply import APPLIED, EntryItem, EntryResult, apply_entries, entry_row
from central.models import LedgerEntryRow, Member, RedemptionCancellation, Terminal
from central.rules_store import current_rules
from central.staff import APPROVAL_MESSAGES, Approvers, store_day
from loyalty.errors import RedemptionRefused
from loyalty.identity import MEMBER_QR, IdentityProofRequired
from loyalty.member_qr import MemberQrError, verify
from loyalty.money import Currency, Money
from loyalty.redemption import decide_redemption
from loyalty.rules import Rules
from sync.protocol import (
    LedgerEntry,
    RedemptionCancel,
    RedemptionRequest,
    RedemptionResponse,
    RedemptionStatus,
)

QR_GRACE = timedelta(minutes=5)


def authorise(session: Session, terminal: Terminal, req: RedemptionRequest,
              received_at: datetime) -> RedemptionResponse:
    """Approve and record the redemption, or decline it with a reason; idempotent by id."""
    feed = FeedWriter(session)
    feed.share()  # beside other writers; the member's row is the conditional update's
    # A push or cancellation of the same entry id cannot slip in between check and insert.
    narrow_lock(session, ENTRY_ID, [req.entry_id])
    if session.get(RedemptionCancellation, req.entry_id) is not None:
        return _declined(req, "cancelled", "This redemption was cancelled at the counter.")
    existing = session.get(LedgerEntryRow, req.entry_id)
    if existing is not None:
        return _replayed(session, req, existing, terminal)
    account = resolve(session, req.member_id)
    if account is None or account.status not in ("active", "review"):
        return _declined(req, "unknown_member", "Central has no active member with this id.")
    refusal = _rules_refusal(session, req, account, received_at)
    if refusal is not None:
        return _declined(req, refusal.code, str(refusal))
    if req.approved_by:  # the approver must be a manager central knows, at this store, today
        store_id = terminal.store_id or ""
        problem = Approvers(session).problem(req.approved_by, store_id,
                                             store_day(session, store_id, received_at))
        if problem is not None:
            return _declined(req, problem, APPROVAL_MESSAGES[problem])
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


def _rules_refusal(session: Session, req: RedemptionRequest, account: Member,
                   received_at: datetime) -> RedemptionRefused | None:
    rules = current_rules(session)
    try:
        proven_by = _proven_by(session, req, account, rules, received_at)
    except MemberQrError as exc:
        return RedemptionRefused(str(exc), code=exc.code)
    sale = None
    if req.sale_amount is not None:
        if req.currency != rules.currency.value:
            return RedemptionRefused("The sale is not in the chain's currency.",
                                     code="currency_mismatch")
        sale = Money(req.sale_amount, Currency(req.currency))
    try:
        decision = decide_redemption(rules, req.points, account.balance, sale,
                                     approved_by=req.approved_by or None,
                                     proven_by=proven_by)
    except RedemptionRefused as exc:
        return exc
    approval = decision.approval
    if approval is not None and decision.approved_by is None:
        return RedemptionRefused(str(approval), code=approval.code
                                 if isinstance(approval, IdentityProofRequired)
                                 else "approval_required")
    return None


def _proven_by(session: Session, req: RedemptionRequest, account: Member, rules: Rules,
               received_at: datetime) -> str | None:
    """:data:`~loyalty.identity.MEMBER_QR` when the request carries a code that proves this
    member; raises :class:`MemberQrError` for one that does not (a till that verified it
    would not send it: something is wrong). The till scanned it before the cashier typed
    the points, so it counts for :data:`QR_GRACE` after its not-after."""
    if req.member_qr is None:
        return None
    member_id = verify(req.member_qr, rules.member_qr, received_at - QR_GRACE)
    proven = resolve(session, member_id)
    if proven is None or proven.id != account.id:
        raise MemberQrError("This member QR code belongs to another member.",
                            code="member_qr_other_member")
    return MEMBER_QR


def _entry(terminal: Terminal, req: RedemptionRequest) -> LedgerEntry:
    return LedgerEntry(
        entry_id=req.entry_id, member_id=req.member_id, kind="redeem", points=-req.points,
        sale_amount=req.sale_amount, currency=req.currency, store_id=terminal.store_id or "",
        terminal_id=terminal.id, cashier_id=req.cashier_id, receipt_no=req.receipt_no,
        occurred_at=req.occurred_at, rules_version=req.rules_version, offline=False,
        approved_by=req.approved_by)


def _replayed(session: Session, req: RedemptionRequest, existing: LedgerEntryRow,
              terminal: Terminal) -> RedemptionResponse:
    if existing.kind != "redeem" or existing.points != -req.points \
            or existing.member_id != req.member_id or existing.terminal_id != terminal.id:
        return _declined(req, "entry_id_conflict", "This entry id is already used differently.")
    account = session.get_one(Member, existing.account_id)
    return RedemptionResponse(entry_id=req.entry_id, approved=True, account_id=account.id,
                              balance=account.balance)


def _declined(req: RedemptionRequest, reason: str, message: str) -> RedemptionResponse:
    return RedemptionResponse(entry_id=req.entry_id, approved=False, reason=reason,
                              message=message)


def cancel(session: Session, feed: FeedWriter, terminal: Terminal, req: RedemptionCancel,
           received_at: datetime) -> EntryResult:
    """Cancel one of ``terminal``'s online redemptions under its entry id (idempotent).

    Approved here: a reverse entry (``req.reverse_entry_id``) gives the points back. Not
    approved: nothing to give back. Either way the id is refused from now on."""
    feed.lock()
    narrow_lock(session, ENTRY_ID, [req.entry_id])  # an authorisation of it waits, or is done
    if session.get(RedemptionCancellation, req.entry_id) is not None:
        return EntryResult("already_applied")
    existing = session.get(LedgerEntryRow, req.entry_id)
    reversed_by = None
    if existing is not None:
        if existing.kind != "redeem" or existing.terminal_id != terminal.id:
            return EntryResult("rejected", "not_cancellable",
                               "Only this terminal's own online redemption can be cancelled.")
        reversed_by = _reverse(session, feed, terminal, existing, req, received_at)
        if isinstance(reversed_by, EntryResult):
            return reversed_by
    session.add(RedemptionCancellation(
        entry_id=req.entry_id, terminal_id=terminal.id, member_id=req.member_id,
        points=req.points, reason=req.reason or "cancelled", reversed_by=reversed_by,
        cancelled_at=received_at))
    return APPLIED


def _reverse(session: Session, feed: FeedWriter, terminal: Terminal, existing: LedgerEntryRow,
             req: RedemptionCancel, received_at: datetime) -> str | EntryResult:
    """The reverse entry that undoes ``existing`` (the one already there, or a new one)."""
    already = session.scalar(select(LedgerEntryRow.id).where(
        LedgerEntryRow.ref_entry_id == existing.id, LedgerEntryRow.kind == "reverse"))
    if already is not None:
        return already
    entry = LedgerEntry(
        entry_id=req.reverse_entry_id, member_id=existing.member_id, kind="reverse",
        points=-existing.points, store_id=existing.store_id, terminal_id=terminal.id,
        cashier_id=req.cashier_id, occurred_at=req.occurred_at,
        rules_version=existing.rules_version, ref_entry_id=existing.id, offline=False)
    result = apply_entries(session, feed, [EntryItem(entry)], received_at)[0]
    return req.reverse_entry_id if result is APPLIED else result


def status(session: Session, terminal: Terminal, entry_id: str) -> RedemptionStatus:
    """What central holds of one of ``terminal``'s online redemptions."""
    if session.get(RedemptionCancellation, entry_id) is not None:
        return RedemptionStatus(entry_id=entry_id, state="cancelled")
    row = session.get(LedgerEntryRow, entry_id)
    if row is None or row.kind != "redeem" or row.terminal_id != terminal.id:
        return RedemptionStatus(entry_id=entry_id, state="unknown")
    account = session.get_one(Member, row.account_id)
    return RedemptionStatus(entry_id=entry_id, state="approved", account_id=account.id,
                            balance=account.balance)
