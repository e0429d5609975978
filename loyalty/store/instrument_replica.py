"""Applying central's ``instrument.entry`` changes here, exactly once by entry id.

An entry this terminal wrote comes back confirmed (with central's ``conflict`` and
``balance_after``): its row turns ``confirmed`` and ``remaining`` does not move (it was
counted when written). An entry from elsewhere is inserted ``confirmed`` and moves the
instrument's ``remaining``. Central's refusal of one of ours takes it out again. Every
function runs in the caller's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, bindparam, select, update

from loyalty.records import FeedInstrumentEntry, InstrumentEntry, MemberRecord
from loyalty.rules import Rules
from loyalty.store.instruments import keep_instrument, row_values
from loyalty.store.members import resolve_id
from loyalty.store.schema import instrument_ledger, instruments, members

log = logging.getLogger(__name__)

_ROW = select(instrument_ledger.c.id, instrument_ledger.c.state, instrument_ledger.c.units,
              instrument_ledger.c.instrument_id).where(instrument_ledger.c.id == bindparam("id"))
_ENTRY_FIELDS = tuple(InstrumentEntry.model_fields)


def apply_instrument_entry(conn: Connection, data: FeedInstrumentEntry, rules: Rules | None,
                           now: datetime) -> bool:
    """Apply one change; True when it was new here (someone else's entry)."""
    row = conn.execute(_ROW, {"id": data.entry_id}).first()
    if row is not None:
        values = {"state": "confirmed", "conflict": data.conflict,
                  "balance_after": data.balance_after}
        conn.execute(update(instrument_ledger).where(instrument_ledger.c.id == data.entry_id)
                     .values(**values))
        if row.state == "rejected":  # central holds it after all: it counts again
            conn.execute(update(instruments).where(instruments.c.id == row.instrument_id)
                         .values(remaining=instruments.c.remaining + row.units))
        return False
    account = _account(conn, data, now)
    entry = InstrumentEntry.model_construct(**{f: getattr(data, f) for f in _ENTRY_FIELDS})
    conn.execute(instrument_ledger.insert(), [row_values(entry, "central", "confirmed") | {
        "member_id": account, "conflict": data.conflict,
        "balance_after": data.balance_after}])
    program = rules.program(data.program_id) if rules is not None else None
    kind = program.kind if program is not None else "coupon"
    keep_instrument(conn, entry, kind, account)
    return True


def _account(conn: Connection, data: FeedInstrumentEntry, now: datetime) -> str:
    from loyalty.store.replica import apply_member  # the member replica; imported late
    for candidate in (data.account_id, data.member_id):
        resolved = resolve_id(conn, candidate)
        if conn.execute(select(members.c.id).where(members.c.id == resolved)).first():
            return resolved
    log.warning("instrument entry for member %s not held here yet; placeholder",
                data.account_id)
    apply_member(conn, MemberRecord.placeholder(data.account_id), now)
    return data.account_id


def reject_instrument_entry(conn: Connection, entry_id: str) -> None:
    """Central refused one of our entries: it stops counting here (the row stays)."""
    row = conn.execute(_ROW, {"id": entry_id}).first()
    if row is None or row.state != "pending":
        return
    conn.execute(update(instrument_ledger).where(instrument_ledger.c.id == entry_id)
                 .values(state="rejected"))
    conn.execute(update(instruments).where(instruments.c.id == row.instrument_id)
                 .values(remaining=instruments.c.remaining - row.units))


def move_instruments(conn: Connection, alias_id: str, canonical_id: str) -> None:
    """A merge: the alias's instruments and their entries belong to the canonical member."""
    conn.execute(update(instruments).where(instruments.c.member_id == alias_id)
                 .values(member_id=canonical_id))
    conn.execute(update(instrument_ledger).where(instrument_ledger.c.member_id == alias_id)
                 .values(member_id=canonical_id))


def remaining_mismatches(conn: Connection) -> list[str]:
    """Instruments whose ``remaining`` differs from their ledger's sum (a check for tests)."""
    from sqlalchemy import func
    sums = (select(instrument_ledger.c.instrument_id, func.sum(instrument_ledger.c.units)
                   .label("total"))
            .where(instrument_ledger.c.state != "rejected")
            .group_by(instrument_ledger.c.instrument_id).subquery())
    rows = conn.execute(select(instruments.c.id).select_from(instruments.outerjoin(
        sums, sums.c.instrument_id == instruments.c.id)).where(
        instruments.c.remaining != func.coalesce(sums.c.total, 0)))
    return [r.id for r in rows]


def pending_instrument_entries(conn: Connection) -> Iterable[str]:
    return [r.id for r in conn.execute(select(instrument_ledger.c.id).where(
        instrument_ledger.c.state == "pending"))]
