"""Push: drain the outbox to central in order, in bounded batches.

Each batch is the next pending operations by ``seq``. Central answers every operation
(applied, already applied, superseded, rejected) and the answers are recorded in one local
transaction: acknowledged rows leave the queue, rejected ones keep their reason for a manager
and never block what follows, id mappings (merges) are applied at once. A superseded
operation (a profile edit that lost to a newer one) is acknowledged like an applied one, its
reason kept on the row: it is no error, and central's record of the member reaches this
store through the feed. A lost answer is harmless:
the same operations are sent again and central answers from its record.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, select, update

from loyalty.store import erasure, replica
from loyalty.store.engine import reader
from loyalty.store.instrument_replica import reject_instrument_entry
from loyalty.store.schema import outbox
from sync.client import CentralClient
from sync.protocol import MAX_PUSH_OPERATIONS, OpResult, PushResponse

log = logging.getLogger(__name__)
DEFAULT_BATCH = MAX_PUSH_OPERATIONS


@dataclass
class PushReport:
    """What one drain did."""

    batches: int = 0
    acked: int = 0
    superseded: int = 0
    rejected: int = 0
    held: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


_PENDING = (select(outbox.c.seq, outbox.c.op_id, outbox.c.kind, outbox.c.payload,
                   outbox.c.created_at)
            .where(outbox.c.state == "pending", outbox.c.seq >= bindparam("from_seq"))
            .order_by(outbox.c.seq).limit(bindparam("n")))
_FROM = (select(outbox.c.seq, outbox.c.op_id, outbox.c.kind, outbox.c.payload,
                outbox.c.created_at)
         .where(outbox.c.seq >= bindparam("from_seq")).order_by(outbox.c.seq)
         .limit(bindparam("n")))


def _wire(row: Any) -> dict[str, Any]:
    return {"seq": row.seq, "op_id": row.op_id, "kind": row.kind,
            "created_at": row.created_at.isoformat(), "payload": json.loads(row.payload)}


def push_pending(engine: Engine, client: CentralClient, now: Callable[[], datetime], *,
                 batch: int = DEFAULT_BATCH,
                 progress: Callable[[PushReport], None] | None = None) -> PushReport:
    """Send every pending operation; return counts. Raises :mod:`sync.errors` errors."""
    report = PushReport()
    resend_from: int | None = None
    while True:
        with reader(engine).connect() as conn:
            if resend_from is not None:  # central lost operations it had acknowledged
                rows = list(conn.execute(_FROM, {"from_seq": resend_from, "n": batch}))
            else:
                rows = list(conn.execute(_PENDING, {"from_seq": 0, "n": batch}))
        if not rows:
            return report
        rows = _contiguous(rows)
        response = client.push([_wire(r) for r in rows])
        report.batches += 1
        with engine.begin() as conn:
            record_results(conn, response, now(), report)
        if progress is not None:
            progress(report)
        resend_from = _next_resend(response, rows[0].seq)


def _contiguous(rows: list[Any]) -> list[Any]:
    """Central takes consecutive sequence numbers only: stop at the first hole (the rows
    after it are acknowledged ones and go in a later batch)."""
    for k in range(1, len(rows)):
        if rows[k].seq != rows[k - 1].seq + 1:
            return rows[:k]
    return rows


def _next_resend(response: PushResponse, first_sent: int) -> int | None:
    if not response.gap:
        return None
    if response.expected_seq < first_sent:
        log.warning("central expects operation %d again (restored from a backup?): resending",
                    response.expected_seq)
        return response.expected_seq
    return None


_ACK = (update(outbox).where(outbox.c.seq == bindparam("s"), outbox.c.op_id == bindparam("o"))
        .values(state=bindparam("st"), reason=bindparam("r"), acked_at=bindparam("t"),
                attempts=outbox.c.attempts + 1))


def record_results(conn: Connection, response: PushResponse, now: datetime,
                   report: PushReport) -> None:
    """Record central's answers and their effects in the caller's transaction."""
    acks = []
    for result in response.results:
        state = result.status if result.status in ("rejected", "held") else "acked"
        acks.append({"s": result.seq, "o": result.op_id, "st": state,
                     "r": _reason(result), "t": now})
        if result.status == "held":
            report.held += 1
            _held(conn, result, now)
        elif result.status == "rejected":
            report.rejected += 1
            key = result.reason or "rejected"
            report.reasons[key] = report.reasons.get(key, 0) + 1
            _rejected(conn, result, now)
        elif result.status == "superseded":
            report.acked += 1
            report.superseded += 1
            log.info("operation %d superseded at central by a newer change", result.seq)
        else:
            report.acked += 1
            _applied(conn, result, now)
    if acks:
        conn.execute(_ACK, acks)
        erasure.scrub_acknowledged(conn, [r.seq for r in response.results])  # erased meanwhile


def _reason(result: OpResult) -> str | None:
    if result.status != "rejected" and result.reason is None:
        return None
    text = result.reason or ""
    if result.message:
        text = f"{text}: {result.message}" if text else result.message
    return text[:1000]


_PAYLOAD = select(outbox.c.kind, outbox.c.payload).where(outbox.c.seq == bindparam("s"))


def _payload(conn: Connection, seq: int) -> tuple[str, dict[str, Any]]:
    row = conn.execute(_PAYLOAD, {"s": seq}).one()
    return str(row.kind), json.loads(row.payload)


def _rejected(conn: Connection, result: OpResult, now: datetime) -> None:
    log.warning("operation %d rejected by central: %s", result.seq, result.reason)
    kind, payload = _payload(conn, result.seq)
    if kind == "ledger.entry":
        replica.reject_entry(conn, str(payload["entry_id"]), now)
    elif kind == "instrument.entry":
        reject_instrument_entry(conn, str(payload["entry_id"]))


def _held(conn: Connection, result: OpResult, now: datetime) -> None:
    """Central holds the entry for head office: until a person approves it (the feed then
    brings it and it counts again) it does not count here either."""
    log.warning("operation %d held by central: %s", result.seq, result.reason)
    kind, payload = _payload(conn, result.seq)
    if kind == "ledger.entry":
        replica.reject_entry(conn, str(payload["entry_id"]), now)


def held_approved(conn: Connection, entry_ids: Iterable[str]) -> int:
    """Entries of ours central held came back in the feed: head office approved them, so
    they leave the manager's list as acknowledged. Returns how many."""
    wanted = set(entry_ids)
    if not wanted:
        return 0
    seqs = [row.seq for row in conn.execute(select(outbox.c.seq, outbox.c.payload).where(
        outbox.c.state == "held", outbox.c.kind == "ledger.entry"))  # few: index on state
        if json.loads(row.payload).get("entry_id") in wanted]
    if seqs:
        conn.execute(update(outbox).where(outbox.c.seq.in_(seqs)).values(state="acked"))
    return len(seqs)


def held_rejected(conn: Connection, entry_id: str) -> None:
    """Head office rejected an entry central held: the manager's list says so."""
    conn.execute(update(outbox).where(
        outbox.c.state == "held", outbox.c.kind == "ledger.entry",
        outbox.c.payload.contains(f'"entry_id":"{entry_id}"')).values(state="rejected"))


def _applied(conn: Connection, result: OpResult, now: datetime) -> None:
    for m in result.mappings:
        replica.apply_alias(conn, m.alias_id, None, m.canonical_id, m.canonical_code, now)
    if result.reason == "review_opened":
        kind, payload = _payload(conn, result.seq)
        if kind == "member.enroll":
            replica.set_status(conn, str(payload["member_id"]), "review", now)
