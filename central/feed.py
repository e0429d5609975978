"""The change feed: appends numbered so that no puller ever skips a committed change, and
page reads.

On PostgreSQL numbers come from the sequence ``feed_numbers`` through ``feed_allocate``
(:mod:`central.feed_horizon`): writers do not wait for each other and commit in any order; a
reader reads only up to the *horizon*, below which no transaction is still in flight. Numbers
of aborted transactions (and given back ones) are gaps: the feed's numbers increase, and a
puller sees exactly the committed changes. On SQLite, ``BEGIN IMMEDIATE`` serialises writers,
so the ``feed`` counter hands numbers out in commit order and without gaps.

The feed is no longer central's write mutex. On PostgreSQL a separate *write mutex* (a
transaction advisory lock) is held shared by the hot writers — a push, an online redemption,
an online sign-up (:meth:`FeedWriter.share`) — which serialise on narrow locks of their own
(:func:`narrow_lock`: member rows ``FOR UPDATE`` in id order, advisory locks on an invoice
key, a phone, a redemption's entry id, a referee), so pushes for different members proceed
together. Every other writer (the jobs, merges, head office's decisions and edits) takes it
exclusively (:meth:`FeedWriter.lock`) and runs alone, as every writer did under the feed lock.
Either is taken before any row lock but a push's terminal row.

Ledger entries are part of the feed through their own ``feed_seq`` column; every other change
is a small row in ``changes`` whose data is rendered when read (current state, so an erased
member's old upserts carry no personal data).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from central import feed_horizon
from central.clock import now
from central.errors import ApiError
from central.feed_cache import REWRITES, RenderedFeed
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

# Advisory lock spaces (the two-int form: never taken for a feed mark, which is one bigint).
WRITE_MUTEX = 1
INVOICE_KEY, PHONE, ENTRY_ID, REFEREE = 2, 3, 4, 5
_LOCK_SHARED = text("SELECT pg_advisory_xact_lock_shared(:space, 0)")
_LOCK = text("SELECT pg_advisory_xact_lock(:space, 0)")
_LOCK_KEYS = text("SELECT pg_advisory_xact_lock(:space, k) "
                  "FROM unnest(CAST(:keys AS integer[])) WITH ORDINALITY AS t(k, n) ORDER BY n")


def is_postgres(session: Session) -> bool:
    """Whether ``session`` writes to PostgreSQL (else SQLite, whose writers are serial)."""
    return session.get_bind().dialect.name == "postgresql"


def narrow_lock(session: Session, space: int, keys: Iterable[str]) -> None:
    """Hold ``keys`` of lock ``space`` until the transaction ends (PostgreSQL; SQLite's
    writers are serial already): check-then-insert on one of them is then not raced by
    another writer. Taken in one order (by hash), so two holders of several never
    deadlock on them."""
    if not is_postgres(session):
        return
    hashes = sorted({_key_hash(k) for k in keys})
    if hashes:
        session.execute(_LOCK_KEYS, {"space": space, "keys": hashes})


def _key_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big",
                          signed=True)


class FeedWriter:
    """Appends changes to the feed inside the caller's transaction (one per transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._pg = is_postgres(session)
        self._mode: str | None = None  # "shared" or "exclusive" once the write mutex is held
        self._next: int | None = None
        self._end = 0  # PostgreSQL: the reserve this transaction holds is [_next, _end)
        self._top = 0  # PostgreSQL: the highest number handed out (head())
        self._head_at_lock = 0
        self._rows: list[dict[str, Any]] = []
        self._seen: set[tuple[str, str]] = set()

    def lock(self) -> None:
        """Take the write mutex (idempotent) before locking or writing member rows: alone,
        unless this transaction already took it shared (:meth:`share`). Every writer that
        was not made safe beside others (the jobs, merges, head office's decisions and
        edits) takes it so, and runs as all writers did under the feed lock."""
        self._take("exclusive")

    def share(self) -> None:
        """Take the write mutex shared (idempotent; nothing more if already held): for the
        writers that serialise on narrow locks (:func:`narrow_lock`, member rows in id
        order) instead — a push, an online redemption, an online sign-up — so those for
        different members proceed together. What they call then keeps the shared hold."""
        self._take("shared")

    def _take(self, mode: str) -> None:
        if self._mode is None:
            if self._pg:  # SQLite has one writer at a time anyway: the counter row's lock
                self.session.execute(_LOCK if mode == "exclusive" else _LOCK_SHARED,
                                     {"space": WRITE_MUTEX})
            else:
                self._lock_counter()
            self._mode = mode

    @property
    def shared(self) -> bool:
        """Whether other writers may run beside this transaction (PostgreSQL, shared hold)."""
        return self._pg and self._mode == "shared"

    def _lock_counter(self) -> None:
        if self._next is None:
            head = self.session.execute(
                select(NamedCounter.value).where(NamedCounter.name == "feed").with_for_update()
            ).scalar_one()
            self._head_at_lock = head
            self._next = head + 1

    def allocate(self, count: int) -> int:
        """Reserve ``count`` consecutive sequence numbers; return the first."""
        self.lock()
        if self._pg:
            if self._next is None or self._next + count > self._end:
                self._next = feed_horizon.allocate(self.session, count)
                self._end = self._next + count
            first = self._next
            self._next += count
            self._top = max(self._top, self._next - 1)
            return first
        assert self._next is not None
        first = self._next
        self._next += count
        return first

    def release(self, first: int) -> None:
        """Give back the numbers from ``first`` on (the last allocation was not used); a
        later allocation of this transaction reuses them (PostgreSQL: those left unused
        are gaps)."""
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
        """A feed position at or after every change of this transaction: the highest number
        it took (on PostgreSQL the sequence's value when it took none)."""
        self.lock()
        if self._pg:
            if self._top:
                return self._top
            value: int = self.session.execute(text("SELECT last_value FROM feed_numbers")
                                              ).scalar_one()
            return value
        assert self._next is not None
        return self._next - 1

    def mark(self, terminal_id: str, through_seq: int) -> None:
        """Record that ``terminal_id``'s ops through ``through_seq`` are in by ``head()``."""
        values = {"terminal_id": terminal_id, "feed_seq": self.head(),
                  "through_seq": through_seq}
        upsert = (pg_insert if self._pg else sqlite_insert)(TerminalMark).values(values)
        self.session.execute(upsert.on_conflict_do_update(
            index_elements=["terminal_id", "feed_seq"], set_={"through_seq": through_seq}))

    def flush(self) -> None:
        """Write the appended changes (and on SQLite the new head) before commit."""
        if self._rows:
            self.session.execute(insert(ChangeRow), self._rows)
            self._rows = []
        if (not self._pg and self._next is not None
                and self._next - 1 != self._head_at_lock):
            self.session.execute(update(NamedCounter).where(NamedCounter.name == "feed")
                                 .values(value=self._next - 1))
            self._head_at_lock = self._next - 1


def counter_value(session: Session, name: str) -> int:
    """The committed value of a counter."""
    return session.execute(select(NamedCounter.value).where(NamedCounter.name == name)).scalar_one()


def feed_head(session: Session | Connection) -> int:
    """How far the feed can be read: on PostgreSQL the horizon (every number up to it is
    committed or never will be; read committed statements after this one see them all), on
    SQLite the committed counter."""
    bind = session.get_bind() if isinstance(session, Session) else session
    if bind.dialect.name == "postgresql":
        return feed_horizon.horizon(session)
    value: int = session.execute(select(NamedCounter.value)
                                 .where(NamedCounter.name == "feed")).scalar_one()
    return value


def read_page(session: Session, after: int, limit: int, terminal_id: str | None) -> ChangesPage:
    """Changes after ``after`` (at most ``limit``), with the caller's included-ops mark (the
    page as records; the API serves :func:`page_json`).

    Raises:
        ApiError: 410 ``cursor_expired`` (see :func:`page_json`).
    """
    return ChangesPage.model_validate_json(page_json(session, None, after, limit, terminal_id))


def page_json(session: Session, kept: RenderedFeed | None, after: int, limit: int,
              terminal_id: str | None) -> bytes:
    """The JSON of a :class:`ChangesPage`: changes after ``after`` (at most ``limit``
    positions), from ``kept`` where this process holds them rendered.

    Raises:
        ApiError: 410 ``cursor_expired`` when the cursor is older than the retained feed or
            newer than central's head (a restored central): bootstrap again.
    """
    counters: dict[str, int] = {name: value for name, value in session.execute(
        select(NamedCounter.name, NamedCounter.value).where(
            NamedCounter.name.in_(("feed_floor", REWRITES))))}
    head = feed_head(session)
    if after < counters["feed_floor"] or after > head:
        raise ApiError(410, "cursor_expired",
                       "This cursor can no longer be served; push, then bootstrap again.")
    upto = min(after + limit, head)
    parts = ([part for _, part in render(session, after, upto)] if kept is None
             else kept.parts(session, after, upto, counters.get(REWRITES, 0)))
    through = 0
    if terminal_id is not None:
        through = session.execute(
            select(func.max(TerminalMark.through_seq)).where(
                TerminalMark.terminal_id == terminal_id, TerminalMark.feed_seq <= upto)
        ).scalar_one() or 0
    # ChangesPage's own JSON, field for field (a test holds them equal)
    return b"".join((b'{"changes":[', b",".join(parts), b'],"next_cursor":%d,"has_more":%s,'
                     b'"terminal_ops_through":%d}' % (upto, b"true" if upto < head else b"false",
                                                      through)))


def render(session: Session, after: int, upto: int) -> list[tuple[int, bytes]]:
    """Every change at positions in ``(after, upto]`` with its JSON, in feed order."""
    from central.instruments import feed_changes  # renders its own rows; imports the feed
    changes = (_changes(session, after, upto) + _entries(session, after, upto)
               + feed_changes(session, after, upto))
    changes.sort(key=lambda c: c.seq)
    to_json = Change.__pydantic_serializer__.to_json
    return [(c.seq, to_json(c, warnings=False)) for c in changes]


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
    head = feed_head(session)
    floor = max(counter_value(session, "feed_floor"), head - retention)
    session.execute(delete(ChangeRow).where(ChangeRow.seq <= floor))
    session.execute(update(NamedCounter).where(NamedCounter.name == "feed_floor")
                    .values(value=floor))
    return floor

