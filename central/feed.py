"""The change feed: commit-ordered appends and page reads.

Every feed append takes the row lock of the ``feed`` counter and holds it until its
transaction commits, so sequence numbers are handed out in commit order and without gaps: a
reader that sees sequence *n* committed knows every sequence below *n* is committed too (a
plain PostgreSQL sequence gives no such promise). On SQLite, ``BEGIN IMMEDIATE`` serialises
writers the same way. Writers take this lock *before* any member row lock, so the two can
never deadlock.

Ledger entries are part of the feed through their own ``feed_seq`` column; every other change
is a small row in ``changes`` whose data is rendered when read (current state, so an erased
member's old upserts carry no personal data).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from central.clock import now
from central.errors import ApiError
from central.models import (
    ChangeRow,
    HeldEntry,
    LedgerEntryRow,
    Member,
    NamedCounter,
    RulesVersion,
    TerminalMark,
)
from central.records import alias_record, entry_record, member_record
from loyalty.records import Change, ErasedMember, HeldRejected, RulesDocument, StaffChanged
from sync.protocol import ChangesPage


class FeedWriter:
    """Appends changes to the feed inside the caller's transaction (one per transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._next: int | None = None
        self._head_at_lock = 0
        self._rows: list[dict[str, Any]] = []
        self._seen: set[tuple[str, str]] = set()

    def lock(self) -> None:
        """Take the feed lock (idempotent). Call before locking or writing member rows."""
        if self._next is None:
            head = self.session.execute(
                select(NamedCounter.value).where(NamedCounter.name == "feed").with_for_update()
            ).scalar_one()
            self._head_at_lock = head
            self._next = head + 1

    def allocate(self, count: int) -> int:
        """Reserve ``count`` consecutive sequence numbers; return the first."""
        self.lock()
        assert self._next is not None
        first = self._next
        self._next += count
        return first

    def release(self, first: int) -> None:
        """Give back the numbers from ``first`` on (the last allocation was not used)."""
        assert self._next is not None and first <= self._next
        self._next = first

    def append(self, kind: str, ref_id: str) -> None:
        """Append a change; repeats of the same (kind, ref) in one transaction collapse."""
        key = (kind, ref_id)
        if key in self._seen:
            return
        self._seen.add(key)
        self._rows.append({"seq": self.allocate(1), "kind": kind, "ref_id": ref_id,
                           "created_at": now()})

    def head(self) -> int:
        """The feed head as it will be once this transaction commits."""
        self.lock()
        assert self._next is not None
        return self._next - 1

    def mark(self, terminal_id: str, through_seq: int) -> None:
        """Record that ``terminal_id``'s ops through ``through_seq`` are in by ``head()``."""
        values = {"terminal_id": terminal_id, "feed_seq": self.head(),
                  "through_seq": through_seq}
        upsert = (pg_insert if self.session.get_bind().dialect.name == "postgresql"
                  else sqlite_insert)(TerminalMark).values(values)
        self.session.execute(upsert.on_conflict_do_update(
            index_elements=["terminal_id", "feed_seq"], set_={"through_seq": through_seq}))

    def flush(self) -> None:
        """Write the appended changes and the new head (before commit)."""
        if self._rows:
            self.session.execute(insert(ChangeRow), self._rows)
            self._rows = []
        if self._next is not None and self._next - 1 != self._head_at_lock:
            self.session.execute(update(NamedCounter).where(NamedCounter.name == "feed")
                                 .values(value=self._next - 1))
            self._head_at_lock = self._next - 1


def counter_value(session: Session, name: str) -> int:
    """The committed value of a counter."""
    return session.execute(select(NamedCounter.value).where(NamedCounter.name == name)).scalar_one()


def read_page(session: Session, after: int, limit: int, terminal_id: str | None) -> ChangesPage:
    """Changes after ``after`` (at most ``limit``), with the caller's included-ops mark.

    Raises:
        ApiError: 410 ``cursor_expired`` when the cursor is older than the retained feed or
            newer than central's head (a restored central): bootstrap again.
    """
    floor = counter_value(session, "feed_floor")
    head = counter_value(session, "feed")
    if after < floor or after > head:
        raise ApiError(410, "cursor_expired",
                       "This cursor can no longer be served; push, then bootstrap again.")
    upto = min(after + limit, head)
    from central.instruments import feed_changes  # renders its own rows; imports the feed
    changes = (_changes(session, after, upto) + _entries(session, after, upto)
               + feed_changes(session, after, upto))
    changes.sort(key=lambda c: c.seq)
    through = 0
    if terminal_id is not None:
        through = session.execute(
            select(func.max(TerminalMark.through_seq)).where(
                TerminalMark.terminal_id == terminal_id, TerminalMark.feed_seq <= upto)
        ).scalar_one() or 0
    return ChangesPage(changes=changes, next_cursor=upto, has_more=upto < head,
                       terminal_ops_through=through)


_ENTRY = LedgerEntryRow.__table__


def _entries(session: Session, after: int, upto: int) -> list[Change]:
    # Plain rows, not ORM objects: every till reads every entry (the feed's fan-out), and
    # building mapped instances was a third of a page's time.
    rows = session.execute(select(_ENTRY).where(_ENTRY.c.feed_seq > after,
                                                _ENTRY.c.feed_seq <= upto))
    return [Change.model_construct(seq=row.feed_seq, kind="ledger.entry", data=entry_record(row))
            for row in rows]


def _changes(session: Session, after: int, upto: int) -> list[Change]:
    rows = list(session.scalars(select(ChangeRow).where(ChangeRow.seq > after,
                                                        ChangeRow.seq <= upto)))
    member_ids = {r.ref_id for r in rows if r.kind in ("member.upsert", "member.alias")}
    members = _members_with_canonicals(session, member_ids)
    return [_change(session, row, members) for row in rows]


def _members_with_canonicals(session: Session, ids: set[str]) -> dict[str, Member]:
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(ids)))}
    extra = {m.canonical_id for m in members.values() if m.canonical_id} - members.keys()
    if extra:
        members.update({m.id: m for m in session.scalars(
            select(Member).where(Member.id.in_(extra)))})
    return members


def _change(session: Session, row: ChangeRow, members: dict[str, Member]) -> Change:
    if row.kind == "member.upsert":
        return Change(seq=row.seq, kind="member.upsert", data=member_record(members[row.ref_id]))
    if row.kind == "member.alias":
        alias = members[row.ref_id]
        return Change(seq=row.seq, kind="member.alias", data=alias_record(
            alias, members.get(alias.canonical_id or "")))
    if row.kind == "rules.updated":
        rules = session.get(RulesVersion, int(row.ref_id))
        assert rules is not None
        return Change(seq=row.seq, kind="rules.updated", data=RulesDocument(version=rules.version,
                                                           document=rules.document))
    if row.kind == "ledger.rejected":
        held = session.get(HeldEntry, row.ref_id)
        assert held is not None
        return Change(seq=row.seq, kind="ledger.rejected", data=HeldRejected(
            entry_id=held.entry_id, terminal_id=held.terminal_id, reason=held.reasons,
            note=held.note))
    if row.kind == "staff.changed":
        return Change(seq=row.seq, kind="staff.changed", data=StaffChanged(store_id=row.ref_id))
    return Change(seq=row.seq, kind="member.erased", data=ErasedMember(member_id=row.ref_id))


def compact(session: Session, retention: int) -> int:
    """Drop change rows more than ``retention`` behind the head; return the new floor.

    Ledger entries stay forever (they are the ledger), but cursors below the floor get 410.
    """
    head = counter_value(session, "feed")
    floor = max(counter_value(session, "feed_floor"), head - retention)
    session.execute(delete(ChangeRow).where(ChangeRow.seq <= floor))
    session.execute(update(NamedCounter).where(NamedCounter.name == "feed_floor")
                    .values(value=floor))
    return floor

