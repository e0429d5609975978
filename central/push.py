"""``POST /v1/sync/push``: apply a terminal's ordered batch of outbox operations.

Each operation's outcome is recorded in the same transaction as its effect, beside the
terminal's sequence number, forever: on the ledger row for an applied entry, in
``terminal_ops`` for everything else. A resent sequence with the same operation id is
answered from that record; with a different id the terminal was cloned or restored.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from central.errors import ApiError
from central.feed import FeedWriter
from central.identity import Outcome, enroll, mapping_for
from central.ledger_apply import EntryItem, apply_entries
from central.models import LedgerEntryRow, Member, Terminal, TerminalOp
from central.profile import update_member
from loyalty.errors import InvalidPhone
from loyalty.phone import normalise_phone
from sync.protocol import (
    PAYLOAD_MODELS,
    LedgerEntry,
    MemberEnroll,
    MemberUpdate,
    Operation,
    OpResult,
    PushResponse,
)

log = logging.getLogger(__name__)


def push(session: Session, terminal_id: str, ops: Sequence[Operation], code_block_size: int,
         received_at: datetime) -> PushResponse:
    """Apply ``ops`` for ``terminal_id`` in one transaction and answer per operation."""
    terminal = session.get_one(Terminal, terminal_id, with_for_update=True)
    _check_contiguous(ops)
    last = terminal.last_seq
    results = _replays(session, terminal_id, [op for op in ops if op.seq <= last])
    new = [op for op in ops if op.seq > last]
    gap = bool(new) and new[0].seq != last + 1
    if new and not gap:
        feed = FeedWriter(session)
        batch = _Batch(session, feed, terminal, code_block_size, received_at)
        results += batch.run(new)
        terminal.last_seq = new[-1].seq
        feed.mark(terminal_id, terminal.last_seq)
        feed.flush()
    if gap:
        log.info("terminal %s push gap: expected %d, got %d", terminal_id, last + 1, new[0].seq)
    return PushResponse(results=results, expected_seq=terminal.last_seq + 1, gap=gap)


def _check_contiguous(ops: Sequence[Operation]) -> None:
    for a, b in itertools.pairwise(ops):
        if b.seq != a.seq + 1:
            raise ApiError(422, "batch_not_contiguous",
                           "Operations in a push must have consecutive sequence numbers.")


def _replays(session: Session, terminal_id: str, ops: Sequence[Operation]) -> list[OpResult]:
    if not ops:
        return []
    seqs = [op.seq for op in ops]
    recorded: dict[int, tuple[str, str, str | None, str | None, str, str | None]] = {}
    for seq, op_id, entry_id in session.execute(
            select(LedgerEntryRow.terminal_seq, LedgerEntryRow.op_id, LedgerEntryRow.id)
            .where(LedgerEntryRow.terminal_id == terminal_id,
                   LedgerEntryRow.terminal_seq.in_(seqs))):
        assert seq is not None and op_id is not None
        recorded[seq] = (op_id, "applied", None, None, "ledger.entry", entry_id)
    for row in session.scalars(select(TerminalOp).where(TerminalOp.terminal_id == terminal_id,
                                                        TerminalOp.seq.in_(seqs))):
        recorded[row.seq] = (row.op_id, row.status, row.reason, row.message, row.kind,
                             row.ref_id)
    return [_replay_result(session, op, recorded.get(op.seq)) for op in ops]


def _replay_result(session: Session, op: Operation,
                   rec: tuple[str, str, str | None, str | None, str, str | None] | None
                   ) -> OpResult:
    if rec is None or rec[0] != op.op_id:
        raise ApiError(409, "terminal_cloned",
                       f"Sequence {op.seq} was already used by a different operation: this "
                       "terminal was cloned or restored from a backup and must re-register.")
    _, status, reason, message, kind, ref = rec
    if status == "rejected":
        return OpResult(seq=op.seq, op_id=op.op_id, status="rejected", reason=reason,
                        message=message)
    mappings = []
    if kind == "member.enroll" and ref is not None:
        member = session.get(Member, ref)
        mappings = mapping_for(session, member) if member is not None else []
    return OpResult(seq=op.seq, op_id=op.op_id, status="already_applied", mappings=mappings)


def _parse(op: Operation) -> BaseModel | OpResult:
    model = PAYLOAD_MODELS.get(op.kind)
    if model is None:
        return OpResult(seq=op.seq, op_id=op.op_id, status="rejected", reason="unknown_kind",
                        message="This central does not know this kind of operation.")
    try:
        return model.model_validate(op.payload)
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                           for e in exc.errors(include_input=False, include_url=False))
        return OpResult(seq=op.seq, op_id=op.op_id, status="rejected",
                        reason="invalid_payload", message=detail[:500])


class _Batch:
    """One push's new operations: consecutive entries are applied together."""

    def __init__(self, session: Session, feed: FeedWriter, terminal: Terminal,
                 code_block_size: int, received_at: datetime) -> None:
        self.session, self.feed, self.terminal = session, feed, terminal
        self.block_size, self.received_at = code_block_size, received_at
        self.results: list[OpResult] = []
        self.op_rows: list[dict[str, Any]] = []
        self.pending: list[tuple[Operation, LedgerEntry]] = []

    def run(self, ops: Sequence[Operation]) -> list[OpResult]:
        for op in ops:
            payload = _parse(op)
            if isinstance(payload, LedgerEntry) and self._own(op, payload):
                self.pending.append((op, payload))
                continue
            self._flush_entries()
            if isinstance(payload, OpResult):
                self._record(op, payload, None)
            elif isinstance(payload, MemberEnroll):
                self._enroll(op, payload)
            elif isinstance(payload, MemberUpdate):
                outcome = update_member(self.session, self.feed, payload, self.terminal.id)
                self._record(op, _result(op, outcome), payload.member_id)
        self._flush_entries()
        if self.op_rows:
            self.session.execute(insert(TerminalOp), self.op_rows)
        return self.results

    def _own(self, op: Operation, entry: LedgerEntry) -> bool:
        if entry.terminal_id == self.terminal.id and entry.store_id == self.terminal.store_id:
            return True
        self._flush_entries()
        self._record(op, OpResult(seq=op.seq, op_id=op.op_id, status="rejected",
                                  reason="wrong_terminal",
                                  message="An entry must name the pushing terminal and its "
                                          "store."), entry.entry_id)
        return False

    def _enroll(self, op: Operation, p: MemberEnroll) -> None:
        try:
            valid = normalise_phone(p.phone) == p.phone
        except InvalidPhone:
            valid = False
        if not valid:
            result = OpResult(seq=op.seq, op_id=op.op_id, status="rejected",
                              reason="invalid_phone", message="Not a valid mobile number.")
        else:
            result = _result(op, enroll(self.session, self.feed, p, self.block_size))
        self._record(op, result, p.member_id)

    def _flush_entries(self) -> None:
        if not self.pending:
            return
        items = [EntryItem(entry, op.op_id, op.seq) for op, entry in self.pending]
        for (op, entry), res in zip(self.pending, apply_entries(
                self.session, self.feed, items, self.received_at), strict=True):
            # Built without re-validation: every field comes from validated input (hot path).
            result = OpResult.model_construct(seq=op.seq, op_id=op.op_id, status=res.status,
                                              reason=res.reason, message=res.message,
                                              mappings=[])
            if res.status == "applied":
                self.results.append(result)
            else:
                self._record(op, result, entry.entry_id)
        self.pending = []

    def _record(self, op: Operation, result: OpResult, ref_id: str | None) -> None:
        self.results.append(result)
        self.op_rows.append({
            "terminal_id": self.terminal.id, "seq": op.seq, "op_id": op.op_id,
            "kind": op.kind[:32], "status": result.status, "reason": result.reason,
            "message": result.message, "ref_id": ref_id, "received_at": self.received_at})


def _result(op: Operation, outcome: Outcome) -> OpResult:
    status = "rejected" if outcome.status == "rejected" else outcome.status
    return OpResult(seq=op.seq, op_id=op.op_id, status=status,  # type: ignore[arg-type]
                    reason=outcome.reason, message=outcome.message, mappings=outcome.mappings)
