"""Applying central's changes to the local store (the terminal's replica of the chain).

Balances: ``members.balance`` is *confirmed by central* plus *pending here*
(``members.pending_points``, the sum of this terminal's ledger rows still ``pending``).
Ledger entries are counted exactly once by their id, which is the same everywhere:

* an entry this terminal wrote comes back through the feed: its row turns ``confirmed`` and
  leaves ``pending_points``; the balance does not move (it was already counted);
* an entry from elsewhere is inserted ``confirmed`` and added to the balance;
* an entry a snapshot part already counted (``in_snapshot``) is recorded without moving the
  balance (and, if it was ours and still pending, it stops being counted twice).

Merges: the alias keeps its member row (status ``merged``, balance 0) so its old code and id
still resolve, its ledger rows and balances move to the canonical member, and the
``aliases`` table says where it went. Every function here runs in the caller's transaction.
Records arrive as :mod:`loyalty.records` models, validated once where they were read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from loyalty.phone import phone_digits_reversed
from loyalty.records import FeedEntry, MemberRecord
from loyalty.store import erasure
from loyalty.store.entry_rows import row_from_entry
from loyalty.store.instrument_replica import move_instruments
from loyalty.store.members import resolve_id
from loyalty.store.schema import aliases, ledger, members
from loyalty.store.summaries import entry_written, refresh_expiry

log = logging.getLogger(__name__)

PROFILE = ("phone", "member_code", "name", "birthday_month", "birthday_day", "birth_year",
           "marketing_consent", "consent_at", "origin", "tier", "tier_since", "status")


def parse_time(value: str | None) -> datetime | None:
    """An ISO-8601 time from the wire (``Z`` or an offset) as aware UTC."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


REPLICA_COLUMNS = ("phone", "phone_rev", "member_code", "name", "birthday_month",
                   "birthday_day", "birth_year", "marketing_consent", "consent_at", "origin",
                   "tier", "tier_since", "status")
"""The ``members`` columns a :class:`MemberRecord` from central sets here, in the order of
:func:`replica_values` (the bulk loader's statement is built from them too)."""


def replica_values(rec: MemberRecord) -> tuple[Any, ...]:
    """The till's :data:`REPLICA_COLUMNS` of central's record (the balance is not among them:
    entries move balances; a snapshot load sets it)."""
    phone = rec.phone or ""
    return (phone, phone_digits_reversed(phone), rec.member_code or _placeholder_code(rec.id),
            rec.name or "", rec.birthday_month, rec.birthday_day, rec.birth_year,
            rec.marketing_consent, _utc(rec.consent_at), rec.origin or "",
            rec.tier or "general", rec.tier_since, rec.status)


def _member_values(rec: MemberRecord, now: datetime) -> dict[str, Any]:
    return dict(zip(REPLICA_COLUMNS, replica_values(rec), strict=True)) | {"updated_at": now}


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _placeholder_code(member_id: str) -> str:
    """A code for a record central sent without one (erased members): never a valid code."""
    return "E" + member_id.replace("-", "")[-9:]


_EXISTS = select(members.c.id, members.c.status, members.c.balance, members.c.pending_points
                 ).where(members.c.id == bindparam("id"))


def apply_member(conn: Connection, rec: MemberRecord, now: datetime) -> None:
    """Create or update a member from central's record (a ``member.upsert``).

    The balance is never taken from the record: entries move balances, one by one. A local
    member still waiting for central's word that holds the same phone is set to ``review``
    (the push's answer or a later change says what became of it).
    """
    member_id = rec.id
    values = _member_values(rec, now)
    if values["status"] == "active" and values["phone"]:
        _yield_phone(conn, values["phone"], member_id, now)
    _release_code(conn, values["member_code"], member_id)
    found = conn.execute(_EXISTS, {"id": member_id}).first()
    if found is None:
        enrolled = _utc(rec.enrolled_at) or now
        conn.execute(insert(members).values(
            id=member_id, balance=0, pending_points=0, hlc="", created_at=enrolled, **values))
    else:
        conn.execute(update(members).where(members.c.id == member_id).values(**values))
    if values["status"] == "merged" and rec.canonical_id:
        apply_alias(conn, member_id, rec.member_code, rec.canonical_id, None, now)


def _yield_phone(conn: Connection, phone: str, member_id: str, now: datetime) -> None:
    holder = conn.execute(select(members.c.id).where(
        members.c.phone == phone, members.c.status == "active", members.c.id != member_id)
    ).scalar_one_or_none()
    if holder is not None:
        log.info("local member %s shares an incoming phone; set to review until central "
                 "decides", holder)
        conn.execute(update(members).where(members.c.id == holder)
                     .values(status="review", updated_at=now))


def _release_code(conn: Connection, code: str, member_id: str) -> None:
    """Central's code assignment wins: a stale local holder of ``code`` gets a placeholder."""
    holder = conn.execute(select(members.c.id).where(
        members.c.member_code == code, members.c.id != member_id)).scalar_one_or_none()
    if holder is not None:
        conn.execute(update(members).where(members.c.id == holder)
                     .values(member_code=_placeholder_code(holder)))


def apply_alias(conn: Connection, alias_id: str, alias_code: str | None, canonical_id: str,
                canonical_code: str | None, now: datetime) -> None:
    """``alias_id`` now counts on ``canonical_id``, forever (idempotent).

    The alias's ledger rows, balance and pending points move to the canonical member; other
    aliases that pointed at ``alias_id`` now point at ``canonical_id`` directly.
    """
    if alias_id == canonical_id:  # a re-coded member: only its code changed
        if canonical_code:
            _release_code(conn, canonical_code, alias_id)
            conn.execute(update(members).where(members.c.id == alias_id)
                         .values(member_code=canonical_code, updated_at=now))
        return
    source = conn.execute(_EXISTS, {"id": alias_id}).first()
    target = conn.execute(_EXISTS, {"id": canonical_id}).first()
    if source is not None and not alias_code:
        alias_code = conn.execute(select(members.c.member_code)
                                  .where(members.c.id == alias_id)).scalar_one()
    if target is None and source is not None:
        _placeholder_canonical(conn, alias_id, canonical_id, canonical_code, now)
    known = conn.execute(select(aliases.c.canonical_id, aliases.c.alias_code)
                         .where(aliases.c.alias_id == alias_id)).first()
    if known is None:
        conn.execute(insert(aliases).values(alias_id=alias_id, canonical_id=canonical_id,
                                            alias_code=alias_code, created_at=now))
    elif known.canonical_id != canonical_id or (alias_code and not known.alias_code):
        conn.execute(update(aliases).where(aliases.c.alias_id == alias_id).values(
            canonical_id=canonical_id, alias_code=known.alias_code or alias_code))
    conn.execute(update(aliases).where(aliases.c.canonical_id == alias_id)
                 .values(canonical_id=canonical_id))
    if source is None:
        return
    conn.execute(update(ledger).where(ledger.c.member_id == alias_id)
                 .values(member_id=canonical_id))
    move_instruments(conn, alias_id, canonical_id)
    refresh_expiry(conn, alias_id)
    refresh_expiry(conn, canonical_id)
    if source.balance or source.pending_points:
        conn.execute(update(members).where(members.c.id == canonical_id).values(
            balance=members.c.balance + source.balance,
            pending_points=members.c.pending_points + source.pending_points, updated_at=now))
    conn.execute(update(members).where(members.c.id == alias_id).values(
        balance=0, pending_points=0, status="merged", updated_at=now))


def _placeholder_canonical(conn: Connection, alias_id: str, canonical_id: str,
                           canonical_code: str | None, now: datetime) -> None:
    """The canonical member is not here yet: start it from the alias's row (central's record
    arrives later in the feed and overwrites it)."""
    row = conn.execute(select(members).where(members.c.id == alias_id)).mappings().one()
    values = dict(row) | {"id": canonical_id, "balance": 0, "pending_points": 0,
                          "member_code": canonical_code or _placeholder_code(canonical_id),
                          "updated_at": now}
    _release_code(conn, values["member_code"], canonical_id)
    conn.execute(update(members).where(members.c.id == alias_id).values(status="merged"))
    conn.execute(insert(members).values(**values))


def apply_erased(conn: Connection, member_id: str, now: datetime) -> None:
    """A tombstone: personal data goes, entries and balances stay."""
    conn.execute(update(members).where(members.c.id == member_id).values(
        phone="", phone_rev="", name="", birthday_month=None, birthday_day=None,
        birth_year=None, marketing_consent=None, consent_at=None, status="erased",
        updated_at=now))
    erasure.record(conn, member_id, now)  # the outbox, quarantine and the erasure list


@dataclass(frozen=True, slots=True)
class EntryEffect:
    """What applying one feed entry did here."""

    entry_id: str
    account_id: str
    confirmed_own: bool  # one of this terminal's pending rows was confirmed
    inserted: bool  # a new row (someone else's entry)
    overdraft: int


_ENTRY = select(ledger.c.id, ledger.c.state, ledger.c.member_id, ledger.c.points
                ).where(ledger.c.id == bindparam("id"))
_MOVE = (update(members).where(members.c.id == bindparam("mid"))
         .values(balance=members.c.balance + bindparam("dbal"),
                 pending_points=members.c.pending_points + bindparam("dpend"),
                 updated_at=bindparam("now")))


def apply_entry(conn: Connection, data: FeedEntry, now: datetime,
                in_snapshot: Callable[[str], bool] = lambda _: False) -> EntryEffect:
    """Apply one ``ledger.entry`` change, exactly once by entry id.

    ``in_snapshot(account_id)`` says whether a snapshot part loaded here already counted this
    entry in that member's balance.
    """
    entry_id, points, overdraft = data.entry_id, data.points, data.overdraft
    row = conn.execute(_ENTRY, {"id": entry_id}).first()
    if row is not None:
        account = resolve_id(conn, row.member_id)
        if row.state == "pending":
            counted = in_snapshot(account)
            conn.execute(update(ledger).where(ledger.c.id == entry_id).values(state="confirmed"))
            conn.execute(_MOVE, {"mid": account, "dbal": -points if counted else 0,
                                 "dpend": -points, "now": now})
            return EntryEffect(entry_id, account, True, False, overdraft)
        if row.state == "rejected":  # central holds it after all: count it again
            conn.execute(update(ledger).where(ledger.c.id == entry_id).values(state="confirmed"))
            conn.execute(_MOVE, {"mid": account, "dbal": points, "dpend": 0, "now": now})
            refresh_expiry(conn, account)
        return EntryEffect(entry_id, account, False, False, overdraft)
    account = _local_account(conn, data, now)
    _free_receipt(conn, data)
    values = row_from_entry(data, account, "confirmed")
    conn.execute(insert(ledger), [values])
    if not in_snapshot(account):
        conn.execute(_MOVE, {"mid": account, "dbal": points, "dpend": 0, "now": now})
    entry_written(conn, account, values)
    return EntryEffect(entry_id, account, False, True, overdraft)


def _local_account(conn: Connection, data: FeedEntry, now: datetime) -> str:
    for candidate in (data.account_id, data.member_id):
        if candidate:
            resolved = resolve_id(conn, candidate)
            if conn.execute(_EXISTS, {"id": resolved}).first() is not None:
                return resolved
    account = data.account_id or data.member_id
    log.warning("entry for member %s not held here yet; placeholder until its record", account)
    apply_member(conn, MemberRecord.placeholder(account), now)
    return account


def _free_receipt(conn: Connection, data: FeedEntry) -> None:
    """Central credited this receipt to the incoming entry: a local row of ours with the same
    store and receipt is a duplicate central refuses, so it gives the receipt up (the outbox
    keeps what was sent)."""
    if data.kind != "earn" or not data.receipt_no:
        return
    conn.execute(update(ledger).where(
        ledger.c.store_id == data.store_id, ledger.c.receipt_no == data.receipt_no,
        ledger.c.kind == "earn", ledger.c.state != "confirmed").values(receipt_no=None))


def reject_entry(conn: Connection, entry_id: str, now: datetime) -> None:
    """Central refused one of this terminal's entries: it no longer counts here either
    (the row stays, marked ``rejected``; the outbox keeps the reason for a manager)."""
    row = conn.execute(_ENTRY, {"id": entry_id}).first()
    if row is None or row.state != "pending":
        return
    account = resolve_id(conn, row.member_id)
    conn.execute(update(ledger).where(ledger.c.id == entry_id)
                 .values(state="rejected", receipt_no=None))
    conn.execute(_MOVE, {"mid": account, "dbal": -row.points, "dpend": -row.points,
                         "now": now})
    refresh_expiry(conn, account)


def set_status(conn: Connection, member_id: str, status: str, now: datetime) -> None:
    """Central's verdict on one of our enrollments (e.g. ``review`` for a recycled number)."""
    conn.execute(update(members).where(members.c.id == member_id)
                 .values(status=status, updated_at=now))


def confirm_included(conn: Connection, entry_ids: Iterable[str], now: datetime) -> int:
    """Our pending entries central's state already includes but whose feed changes we will
    never read (they precede a snapshot's cursor): stop counting them twice."""
    done = 0
    for entry_id in entry_ids:
        row = conn.execute(_ENTRY, {"id": entry_id}).first()
        if row is None or row.state != "pending":
            continue
        conn.execute(update(ledger).where(ledger.c.id == entry_id).values(state="confirmed"))
        conn.execute(_MOVE, {"mid": resolve_id(conn, row.member_id), "dbal": -row.points,
                             "dpend": -row.points, "now": now})
        done += 1
    return done


def pending_entries(conn: Connection) -> dict[str, tuple[str, int]]:
    """This terminal's entries not yet confirmed: entry id → (member id, points)."""
    rows = conn.execute(select(ledger.c.id, ledger.c.member_id, ledger.c.points)
                        .where(ledger.c.state == "pending"))
    return {r.id: (r.member_id, r.points) for r in rows}


def ledger_sum_mismatches(conn: Connection) -> list[str]:
    """Members whose cached balance differs from their ledger sum (a check for tests and
    for terminals built from the feed; snapshot-loaded balances carry no history)."""
    sums = (select(ledger.c.member_id, func.sum(ledger.c.points).label("total"))
            .where(ledger.c.state != "rejected").group_by(ledger.c.member_id).subquery())
    rows = conn.execute(select(members.c.id).select_from(
        members.outerjoin(sums, sums.c.member_id == members.c.id)).where(
        members.c.balance != func.coalesce(sums.c.total, 0)))
    return [r.id for r in rows]
