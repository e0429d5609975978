"""``POST /v1/sync/push``: apply a terminal's ordered batch of outbox operations.

Each operation's outcome is recorded in the same transaction as its effect, beside the
terminal's sequence number: on the ledger row for an applied entry (forever), in
``terminal_ops`` for everything else (compacted long after, see :mod:`central.retention`). A
resent sequence with the same operation id is answered from that record; with a different id,
or with no record left, the terminal was cloned or restored and must re-register.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from central import invoices
from central.entry_checks import EntryScreen, Hold
from central.errors import ApiError
from central.feed import FeedWriter
from central.held import hold_entry
from central.held_ops import held_members, hold_operation
from central.identity import Outcome, enroll, mapping_for
from central.instruments import InstrumentDesk
from central.instruments import cancel as cancel_instrument
from central.ledger_apply import APPLIED, EntryItem, EntryResult, apply_entries
from central.models import LedgerEntryRow, Member, Terminal, TerminalOp
from central.profile import EditSource, apply_update, prepare_update
from central.push_parse import Parsed, PushedOp, parse_operations
from central.redeem import cancel as cancel_redemption
from central.rules_store import member_phone_regions_ever
from central.terminal_health import (
    TillReport,
    note_clock,
    note_contact,
    note_report,
    record_offline_breaches,
)
from loyalty.errors import InvalidPhone
from loyalty.phone import check_member_e164
from loyalty.records import InstrumentCancel, InstrumentEntry, PushedEntry
from sync.protocol import (
    LedgerEntry,
    MemberEnroll,
    MemberUpdate,
    OpResult,
    PushResponse,
    RedemptionCancel,
)

log = logging.getLogger(__name__)


def push(session: Session, terminal_id: str, ops: Sequence[PushedOp], code_block_size: int,
         received_at: datetime, parsed: Sequence[Parsed] | None = None, *,
         reported_clock: datetime | None = None, skew_tolerance_s: int = 120,
         report: TillReport | None = None) -> PushOutcome:
    """Apply ``ops`` for ``terminal_id`` in one transaction and answer per operation.

    ``parsed`` holds each operation's payload as :mod:`central.push_parse` read it (parsed
    here when not given). Entries central cannot vouch for are held
    (:mod:`central.entry_checks`), and so are enrollments and changes to other stores'
    members beyond the terminal's daily caps (:mod:`central.held_ops`); offline redemptions
    beyond the floor limits are also recorded, the terminal's clock checked (against
    ``reported_clock`` when it sent one), the contact and what the till ``report``-ed about
    itself noted (:mod:`central.terminal_health`).
    """
    if parsed is None:
        parsed = parse_operations(ops)  # type: ignore[arg-type]
    terminal = session.get_one(Terminal, terminal_id, with_for_update=True)
    last = terminal.last_seq
    # ops are contiguous (push_parse checked): those at or below ``last`` come first.
    split = next((k for k, op in enumerate(ops) if op.seq > last), len(ops))
    results: list[OpResult | dict[str, Any]] = list(_replays(session, terminal_id, ops[:split]))
    new = list(zip(ops[split:], parsed[split:], strict=True))
    gap = bool(new) and new[0][0].seq != last + 1
    feed = None
    if new and not gap:
        feed = FeedWriter(session)
        if all(isinstance(payload, _SHARED_OPS) for _, payload in new):
            feed.share()  # each serialises on its own narrow locks
        else:
            feed.lock()
        batch = _Batch(session, feed, terminal, code_block_size, received_at)
        results += batch.run(new)
        if batch.screen is not None:
            record_offline_breaches(session, terminal, batch.screen.breaches, received_at)
        terminal.last_seq = new[-1][0].seq
    if gap:
        log.info("terminal %s push gap: expected %d, got %d", terminal_id, last + 1,
                 new[0][0].seq)
    note_clock(terminal, received_at, [op.created_at for op in ops], reported_clock,
               skew_tolerance_s)
    note_report(terminal, report, received_at)
    last_contact, terminal.last_contact_at = terminal.last_contact_at, received_at
    # Every change to the terminal row is made by now: the next statement writes it once.
    if feed is not None:
        feed.mark(terminal_id, terminal.last_seq)
        feed.flush()
    note_contact(session, terminal_id, received_at, last_contact)
    return PushOutcome(results, terminal.last_seq + 1, gap)


# Operations made safe beside other writers (narrow locks; docs/central-scale.md section 4):
# a push of only these does not wait for pushes of other members. A member edit or an
# instrument operation takes the write mutex alone, as every push did under the feed lock.
_SHARED_OPS = (PushedEntry, OpResult, MemberEnroll, RedemptionCancel)


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """A push's answer: results in ``seq`` order, each an :class:`OpResult` or, for an
    applied entry (the hot path), a bare ``{"seq", "op_id", "status": "applied"}``."""

    results: list[OpResult | dict[str, Any]]
    expected_seq: int
    gap: bool

    def response(self) -> PushResponse:
        """As the protocol model."""
        return PushResponse.model_validate({"results": self.results, "gap": self.gap,
                                            "expected_seq": self.expected_seq})

    def json(self) -> bytes:
        """``self.response().model_dump_json()``, without building a model per result."""
        parts = [_APPLIED % (r["seq"], r["op_id"]) if isinstance(r, dict)
                 else r.model_dump_json() for r in self.results]
        gap = "true" if self.gap else "false"
        return (f'{{"results":[{",".join(parts)}],"expected_seq":{self.expected_seq},'
                f'"gap":{gap}}}').encode()


# op_id is a validated UUID (hex and dashes): nothing in it needs escaping.
_APPLIED = ('{"seq":%d,"op_id":"%s","status":"applied","reason":null,"message":null,'
            '"mappings":[]}')


def _replays(session: Session, terminal_id: str, ops: Sequence[PushedOp]) -> list[OpResult]:
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


def _replay_result(session: Session, op: PushedOp,
                   rec: tuple[str, str, str | None, str | None, str, str | None] | None
                   ) -> OpResult:
    if rec is None or rec[0] != op.op_id:
        raise ApiError(409, "terminal_cloned",
                       f"Sequence {op.seq} was already used by a different operation: this "
                       "terminal was cloned or restored from a backup and must re-register.")
    _, status, reason, message, kind, ref = rec
    if status in ("rejected", "superseded", "held"):
        return OpResult(seq=op.seq, op_id=op.op_id, status=status,  # type: ignore[arg-type]
                        reason=reason, message=message)
    mappings = []
    if kind == "member.enroll" and ref is not None:
        member = session.get(Member, ref)
        mappings = mapping_for(session, member) if member is not None else []
    return OpResult(seq=op.seq, op_id=op.op_id, status="already_applied", mappings=mappings)


class _Batch:
    """One push's new operations: consecutive entries are applied together."""

    def __init__(self, session: Session, feed: FeedWriter, terminal: Terminal,
                 code_block_size: int, received_at: datetime) -> None:
        self.session, self.feed, self.terminal = session, feed, terminal
        self.block_size, self.received_at = code_block_size, received_at
        self.results: list[OpResult | dict[str, Any]] = []
        self.op_rows: list[dict[str, Any]] = []
        self.pending: list[tuple[PushedOp, PushedEntry]] = []
        self.applied: list[LedgerEntry] = []  # entries this push added to the ledger
        self.phone_regions: frozenset[str] | None = None  # read at the first enrollment
        self.screen: EntryScreen | None = None  # made at the first entry
        self.held_members: set[str] = set()  # enrollments held in this push
        self.instruments: InstrumentDesk | None = None  # made at the first instrument op

    def run(self, ops: Sequence[tuple[PushedOp, Parsed]]
            ) -> list[OpResult | dict[str, Any]]:
        terminal_id, store_id = self.terminal.id, self.terminal.store_id
        for op, payload in ops:
            if isinstance(payload, PushedEntry):
                if payload.terminal_id == terminal_id and payload.store_id == store_id:
                    self.pending.append((op, payload))
                else:
                    self._foreign(op, payload)
                continue
            self._flush_entries()
            if isinstance(payload, OpResult):
                self._record(op, payload, None)
            elif isinstance(payload, MemberEnroll):
                self._enroll(op, payload)
            elif isinstance(payload, MemberUpdate):
                self._update(op, payload)
            elif isinstance(payload, RedemptionCancel):
                res = cancel_redemption(self.session, self.feed, self.terminal, payload,
                                        self.received_at)
                self._record(op, OpResult(seq=op.seq, op_id=op.op_id,
                                          status=res.status,  # type: ignore[arg-type]
                                          reason=res.reason, message=res.message),
                             payload.entry_id)
            elif isinstance(payload, InstrumentEntry):
                self._instrument(op, payload)
            elif isinstance(payload, InstrumentCancel):
                res = cancel_instrument(self.session, self.feed, self.terminal, payload,
                                        self.received_at)
                self._record(op, _entry_result(op, res), payload.entry_id)
        self._flush_entries()
        if self.screen is not None:
            self.screen.save_totals()
        if self.op_rows:
            self.session.execute(insert(TerminalOp), self.op_rows)
        return self.results

    def _foreign(self, op: PushedOp, entry: LedgerEntry) -> None:
        """An entry that does not name the pushing terminal and its store: rejected."""
        self._flush_entries()
        self._record(op, OpResult(seq=op.seq, op_id=op.op_id, status="rejected",
                                  reason="wrong_terminal",
                                  message="An entry must name the pushing terminal and its "
                                          "store."), entry.entry_id)

    def _update(self, op: PushedOp, p: MemberUpdate) -> None:
        source = EditSource(self.terminal.id, self.terminal.store_id, self.received_at,
                            op.op_id)
        change = prepare_update(self.session, self.feed, p, source)
        if not isinstance(change, Outcome) and change.other_store:
            hold = self._screen().admit("other_store_edits", self.received_at)
            if hold is not None:
                self._record(op, hold_operation(self.session, self.terminal, op, p, hold,
                                                self.received_at), p.member_id)
                return
        outcome = (change if isinstance(change, Outcome)
                   else apply_update(self.session, self.feed, change))
        self._record(op, _result(op, outcome), p.member_id)

    def _instrument(self, op: PushedOp, entry: InstrumentEntry) -> None:
        """Apply an instrument entry; one of a member whose enrollment is held waits with
        it (head office approves the enrollment, then the entry)."""
        if entry.member_id in self.held_members or held_members(
                self.session, {entry.member_id}):
            self._record(op, hold_operation(self.session, self.terminal, op, entry,
                                            Hold(("member_held",)), self.received_at),
                         entry.entry_id)
            return
        res = self._desk().apply_pushed(self.terminal, entry, op.op_id, op.seq)
        self._record(op, _entry_result(op, res), entry.entry_id)

    def _desk(self) -> InstrumentDesk:
        if self.instruments is None:
            self.instruments = InstrumentDesk(self.session, self.feed, self.received_at)
        return self.instruments

    def _screen(self) -> EntryScreen:
        if self.screen is None:
            self.screen = EntryScreen(self.session, self.terminal)
        return self.screen

    def _enroll(self, op: PushedOp, p: MemberEnroll) -> None:
        if self.phone_regions is None:
            self.phone_regions = member_phone_regions_ever(self.session)
        try:
            check_member_e164(p.phone, self.phone_regions)
        except InvalidPhone as err:
            result = OpResult(seq=op.seq, op_id=op.op_id, status="rejected",
                              reason="invalid_phone", message=str(err))
        else:
            hold = self._screen().admit("enrollments", self.received_at)
            if hold is not None:
                self.held_members.add(p.member_id)
                self._record(op, hold_operation(self.session, self.terminal, op, p, hold,
                                                self.received_at), p.member_id)
                return
            result = _result(op, enroll(self.session, self.feed, p, self.block_size))
        self._record(op, result, p.member_id)

    def _flush_entries(self) -> None:
        if not self.pending:
            return
        entries = [entry for _, entry in self.pending]
        refused = invoices.duplicates(self.session, self.feed, entries)
        held = self.held_members | held_members(self.session,
                                                {e.member_id for e in entries})
        screened = iter(self._screen().screen([e for e in entries
                                               if e.member_id not in held]))
        screen = [Hold(("member_held",)) if e.member_id in held else next(screened)
                  for e in entries]
        holds = [r if r is not None else h for r, h in zip(refused, screen, strict=True)]
        passed = [(op, entry) for (op, entry), hold in zip(self.pending, holds, strict=True)
                  if hold is None]
        items = [EntryItem(entry, op.op_id, op.seq) for op, entry in passed]
        outcomes = iter(apply_entries(self.session, self.feed, items, self.received_at)
                        if items else [])
        applied, results = self.applied.append, self.results.append
        first_new = len(self.applied)
        for (op, entry), hold in zip(self.pending, holds, strict=True):
            if isinstance(hold, EntryResult):  # an e-invoice another entry earned
                self._record(op, OpResult(seq=op.seq, op_id=op.op_id, status="rejected",
                                          reason=hold.reason, message=hold.message),
                             entry.entry_id)
                continue
            if hold is not None:
                self._record(op, hold_entry(self.session, self.terminal, op, entry, hold,
                                            self.received_at), entry.entry_id)
                continue
            res = next(outcomes)
            if res is APPLIED:
                applied(entry)
                invoices.claim(self.session, [entry])
                # A plain dict: the response validates all results in one pass (hot path).
                results({"seq": op.seq, "op_id": op.op_id, "status": "applied"})
            else:
                result = OpResult(seq=op.seq, op_id=op.op_id,
                                  status=res.status,  # type: ignore[arg-type]
                                  reason=res.reason, message=res.message)
                self._record(op, result, entry.entry_id)
        earns = [e for e in self.applied[first_new:] if e.kind == "earn"]
        if earns and self._desk().has("referral"):  # referrals pay on the referee's earn
            self._desk().referrals(earns)
        self.pending = []

    def _record(self, op: PushedOp, result: OpResult, ref_id: str | None) -> None:
        self.results.append(result)
        self.op_rows.append({
            "terminal_id": self.terminal.id, "seq": op.seq, "op_id": op.op_id,
            "kind": op.kind[:32], "status": result.status, "reason": result.reason,
            "message": result.message, "ref_id": ref_id, "received_at": self.received_at})


def _entry_result(op: PushedOp, res: EntryResult) -> OpResult:
    return OpResult(seq=op.seq, op_id=op.op_id, status=res.status,  # type: ignore[arg-type]
                    reason=res.reason, message=res.message)


def _result(op: PushedOp, outcome: Outcome) -> OpResult:
    status = "rejected" if outcome.status == "rejected" else outcome.status
    return OpResult(seq=op.seq, op_id=op.op_id, status=status,  # type: ignore[arg-type]
                    reason=outcome.reason, message=outcome.message, mappings=outcome.mappings)
