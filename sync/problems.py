"""What a manager must see about syncing: operations central rejected, overdrafts central
recorded for this store, with the member they concern, and changes pulled from central that
failed their model (quarantined, not applied: :mod:`sync.pull_check`); which of them are new.

A manager marks the list as seen; the status bar then counts only what arrived since.
Nothing is ever deleted: the list keeps every item (overdrafts up to
:data:`sync.state.MAX_OVERDRAFTS`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from loyalty.store.keyvalue import put_state
from loyalty.store.members import resolve_id
from loyalty.store.schema import members, outbox, pull_quarantine
from sync.state import identity, overdrafts, time_state

SEEN_KEY = "problems_seen_at"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class MemberRef:
    """A member as the manager knows them (``code`` and ``name`` empty when unknown here)."""

    member_id: str
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class RejectedItem:
    """An operation central refused: kept here with central's reason."""

    seq: int
    kind: str  # ledger.entry, member.enroll, member.update …
    created_at: datetime
    answered_at: datetime | None
    member: MemberRef | None
    points: int | None  # for a ledger entry
    reason: str  # central's reason code
    message: str  # central's words
    new: bool
    state: str = "rejected"  # or "held": central keeps it for head office to decide


@dataclass(frozen=True, slots=True)
class OverdraftItem:
    """A redemption central accepted beyond the member's balance (recorded, never refused)."""

    entry_id: str
    member: MemberRef
    points: int  # redeemed (positive)
    overdraft: int  # points it went below zero
    terminal_id: str
    occurred_at: datetime | None
    new: bool


@dataclass(frozen=True, slots=True)
class QuarantinedItem:
    """A feed change or snapshot row from central that failed its model: kept, not applied."""

    received_at: datetime
    source: str  # change / snapshot
    seq: int | None  # feed position or snapshot part
    kind: str | None
    reason: str
    new: bool


@dataclass(frozen=True, slots=True)
class SyncProblems:
    """Everything for the manager's list; ``new_*`` count what arrived since last seen."""

    rejected: list[RejectedItem]
    overdrafts: list[OverdraftItem]
    seen_at: datetime | None
    quarantined: list[QuarantinedItem] = field(default_factory=list)

    @property
    def new_rejected(self) -> int:
        return sum(1 for r in self.rejected if r.new)

    @property
    def new_overdrafts(self) -> int:
        return sum(1 for o in self.overdrafts if o.new)

    @property
    def new_quarantined(self) -> int:
        return sum(1 for q in self.quarantined if q.new)


@dataclass(frozen=True, slots=True)
class ProblemCounts:
    """What the status bar shows: items a manager has not seen yet."""

    rejected: int = 0
    overdrafts: int = 0
    quarantined: int = 0


def problem_counts(conn: Connection) -> ProblemCounts:
    """Cheap counts for the status bar (one indexed query and a small JSON value)."""
    seen = time_state(conn, SEEN_KEY) or _EPOCH
    rejected = conn.execute(select(func.count()).select_from(outbox).where(
        outbox.c.state.in_(("rejected", "held")), outbox.c.acked_at > seen)).scalar_one()
    recorded = sum(1 for o in _own_overdrafts(conn) if _recorded_at(o) > seen)
    bad = conn.execute(select(func.count()).select_from(pull_quarantine).where(
        pull_quarantine.c.received_at > seen)).scalar_one()
    return ProblemCounts(int(rejected), recorded, int(bad))


def sync_problems(conn: Connection) -> SyncProblems:
    """The manager's list: rejected operations and this store's overdrafts, newest first."""
    seen_at = time_state(conn, SEEN_KEY)
    seen = seen_at or _EPOCH
    rejected = []
    for row in conn.execute(select(outbox).where(outbox.c.state.in_(("rejected", "held")))
                            .order_by(outbox.c.seq.desc())):
        payload: dict[str, Any] = json.loads(row.payload)
        member_id = payload.get("member_id")
        points = payload.get("points") if row.kind == "ledger.entry" else None
        code, _, message = (row.reason or "").partition(": ")
        rejected.append(RejectedItem(
            int(row.seq), str(row.kind), row.created_at, row.acked_at,
            _member(conn, str(member_id)) if member_id else None,
            int(points) if points is not None else None, code, message or code,
            row.acked_at is not None and row.acked_at > seen, str(row.state)))
    items = [OverdraftItem(
        str(o["entry_id"]), _member(conn, str(o["account_id"])), abs(int(o["points"] or 0)),
        int(o["overdraft"] or 0), str(o.get("terminal_id") or ""),
        _parse(o.get("occurred_at")), _recorded_at(o) > seen)
        for o in reversed(_own_overdrafts(conn))]
    quarantined = [QuarantinedItem(q.received_at, q.source, q.seq, q.kind, q.reason,
                                   q.received_at > seen)
                   for q in conn.execute(select(pull_quarantine)
                                         .order_by(pull_quarantine.c.id.desc()))]
    return SyncProblems(rejected, items, seen_at, quarantined)


def mark_seen(conn: Connection, now: datetime) -> None:
    """A manager has seen the list: the status bar counts only what arrives after ``now``."""
    put_state(conn, SEEN_KEY, now.isoformat())


def _own_overdrafts(conn: Connection) -> list[dict[str, Any]]:
    ident = identity(conn)
    return overdrafts(conn, ident.store_id if ident else None)


def _recorded_at(item: dict[str, Any]) -> datetime:
    return _parse(item.get("recorded_at")) or _EPOCH


def _parse(raw: object) -> datetime | None:
    if not isinstance(raw, str) or not raw:
        return None
    moment = datetime.fromisoformat(raw)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _member(conn: Connection, member_id: str) -> MemberRef:
    canonical = resolve_id(conn, member_id)
    row = conn.execute(select(members.c.member_code, members.c.name)
                       .where(members.c.id == canonical)).one_or_none()
    if row is None:
        return MemberRef(canonical, "", "")
    return MemberRef(canonical, str(row.member_code), str(row.name))
