"""Member operations held for head office: an enrollment or a profile change of another
store's member beyond the terminal's daily caps (``terminal_limits``). Kept, not applied
— no member created, no field or consent changed — until a person approves (applied then,
as central would have applied it on arrival, and in the feed) or rejects it.

Ledger and instrument entries of a member whose enrollment is held are held too
(``member_held``): central does not know the member yet.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.db import in_values
from central.entry_checks import Hold
from central.errors import ApiError, not_found
from central.feed import FeedWriter
from central.held import list_held
from central.identity import Outcome, enroll
from central.models import HeldOperation, Terminal, TerminalOp
from central.profile import EditSource, apply_update, prepare_update
from central.push_parse import PushedOp
from loyalty.records import InstrumentEntry
from sync.protocol import MemberEnroll, MemberUpdate, OpResult


def hold_operation(session: Session, terminal: Terminal, op: PushedOp,
                   payload: MemberEnroll | MemberUpdate | InstrumentEntry, hold: Hold,
                   received_at: datetime) -> OpResult:
    """Keep a member operation for a person to decide; the answer for it."""
    session.add(HeldOperation(
        op_id=op.op_id, terminal_id=terminal.id, store_id=terminal.store_id, kind=op.kind,
        member_id=payload.member_id, terminal_seq=op.seq,
        payload=payload.model_dump(mode="json"), reasons=",".join(hold.reasons),
        message=hold.message[:500], status="held", held_at=received_at))
    return OpResult(seq=op.seq, op_id=op.op_id, status="held", reason=",".join(hold.reasons),
                    message=hold.message)


def held_members(session: Session, member_ids: set[str]) -> set[str]:
    """Those of ``member_ids`` whose enrollment is held."""
    if not member_ids:
        return set()
    held = select(HeldOperation.member_id).where(HeldOperation.kind == "member.enroll",
                                                 HeldOperation.status == "held")
    # Almost always none is held: one probe instead of matching a push's thousand ids
    # (5 ms a batch on PostgreSQL).
    if session.execute(held.limit(1)).first() is None:
        return set()
    return set(session.scalars(held.where(
        in_values(session, HeldOperation.member_id, member_ids))))


def list_held_operations(session: Session, status: str | None) -> list[HeldOperation]:
    """Held member operations, oldest first."""
    return list_held(session, status, HeldOperation)


def decide_operation(session: Session, feed: FeedWriter, op_id: str, approve: bool, who: str,
                     note: str | None, at: datetime, code_block_size: int) -> HeldOperation:
    """Head office's decision: approved → applied now (what central answers the operation
    from then on); rejected → never applied. Decided once."""
    feed.lock()
    held = session.get(HeldOperation, op_id, with_for_update=True)
    if held is None:
        raise not_found("held operation")
    if held.status != "held":
        raise ApiError(409, "already_decided", "This operation was already decided.")
    status = "rejected"
    if approve:
        outcome = _apply(session, feed, held, at, code_block_size)
        if outcome.status == "rejected":
            raise ApiError(409, outcome.reason or "not_applied",
                           outcome.message or "The operation cannot be applied.")
        status = outcome.status
    session.execute(update(TerminalOp).where(
        TerminalOp.terminal_id == held.terminal_id, TerminalOp.seq == held.terminal_seq)
        .values(status=status))
    held.status = "approved" if approve else "rejected"
    held.decided_by, held.decided_at, held.note = who, at, (note or None)
    feed.flush()
    return held


def _apply(session: Session, feed: FeedWriter, held: HeldOperation, at: datetime,
           code_block_size: int) -> Outcome:
    if held.kind == "member.enroll":
        return enroll(session, feed, MemberEnroll.model_validate(held.payload), code_block_size)
    if held.kind == "instrument.entry":
        from central.instruments import InstrumentDesk  # instruments import the feed and rules
        terminal = session.get_one(Terminal, held.terminal_id)
        res = InstrumentDesk(session, feed, at).apply_pushed(
            terminal, InstrumentEntry.model_validate(held.payload), held.op_id,
            held.terminal_seq)
        return Outcome(res.status, res.reason, res.message)
    source = EditSource(held.terminal_id, held.store_id, at, held.op_id)
    change = prepare_update(session, feed, MemberUpdate.model_validate(held.payload), source)
    return change if isinstance(change, Outcome) else apply_update(session, feed, change)
