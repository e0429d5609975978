"""Online instrument redemptions (``POST /v1/instruments/redemptions``): a conditional update
of the instrument's ``remaining`` (``remaining >= n``), so of two tills racing for the same
coupon exactly one wins; idempotent by entry id; a cancelled id is declined for ever
(``instrument.cancel``, :func:`central.instruments.cancel`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from central.feed import ENTRY_ID, FeedWriter, narrow_lock
from central.identity import resolve
from central.instruments import InstrumentDesk
from central.models import Instrument, InstrumentCancellation, InstrumentEntryRow, Terminal
from central.staff import store_day
from loyalty.records import InstrumentEntry
from sync.protocol import InstrumentRedemptionResponse, InstrumentRedemptionStatus


def _declined(reason: str, message: str) -> InstrumentRedemptionResponse:
    return InstrumentRedemptionResponse(status="declined", reason=reason, message=message)


def authorise(session: Session, terminal: Terminal, entry: InstrumentEntry,
              received_at: datetime) -> InstrumentRedemptionResponse:
    """Approve and record the redemption, or decline it with a reason."""
    feed = FeedWriter(session)
    feed.share()  # beside other writers; the instrument's row is the conditional update's
    # A second request under the same entry id cannot slip in between check and write (a
    # push of it, or its cancellation, takes the write mutex alone).
    narrow_lock(session, ENTRY_ID, [entry.entry_id])
    if entry.kind != "redeem" or entry.units >= 0 or entry.offline:
        return _declined("invalid_entry", "An online redemption is a redeem of one or more.")
    if entry.terminal_id != terminal.id or entry.store_id != (terminal.store_id or ""):
        return _declined("wrong_terminal", "The entry must name this terminal and its store.")
    if session.get(InstrumentCancellation, entry.entry_id) is not None:
        return _declined("cancelled", "This redemption was cancelled at the counter.")
    existing = session.get(InstrumentEntryRow, entry.entry_id)
    if existing is not None:
        return _replayed(session, entry, existing)
    held = session.get(Instrument, entry.instrument_id)
    if held is None or held.program_id != entry.program_id or held.kind == "stamp_card":
        return _declined("unknown_instrument", "Central holds no such instrument.")
    account = resolve(session, entry.member_id)
    holder = resolve(session, held.account_id)
    if account is None or holder is None or account.id != holder.id \
            or account.status not in ("active", "review"):
        return _declined("not_holder", "This instrument belongs to another member.")
    desk = InstrumentDesk(session, feed, received_at)
    program = desk.rules.program(held.program_id)
    if program is None:
        return _declined("unknown_program", "Head office no longer runs this program.")
    wanted = -entry.units
    if wanted > max(held.units_issued, 1):
        return _declined("invalid_units", "Not a number of units this instrument holds.")
    if held.expires_on is not None and store_day(session, terminal.store_id or "",
                                                 received_at) > held.expires_on:
        return _declined("instrument_expired", f"This expired on {held.expires_on}.")
    # The condition is the guard: two tills racing can never both spend the same units.
    left = session.execute(
        update(Instrument).where(Instrument.id == held.id, Instrument.remaining >= wanted,
                                 Instrument.status == "active")
        .values(remaining=Instrument.remaining - wanted).returning(Instrument.remaining)
    ).scalar()
    if left is None:
        used = held.units_issued <= 1
        return _declined("instrument_used" if used else "instrument_over_balance",
                         "This has already been used." if used
                         else "Not that many left.")
    session.refresh(held)
    held.remaining += wanted  # write() moves it again: the entry is the one record of it
    desk.write(entry, account, program)
    feed.flush()
    return InstrumentRedemptionResponse(status="approved", balance_after=int(left))


def _replayed(session: Session, entry: InstrumentEntry,
              existing: InstrumentEntryRow) -> InstrumentRedemptionResponse:
    if existing.kind != "redeem" or existing.units != entry.units \
            or existing.instrument_id != entry.instrument_id \
            or existing.terminal_id != entry.terminal_id:
        return _declined("entry_id_conflict", "This entry id is already used differently.")
    held = session.get_one(Instrument, existing.instrument_id)
    return InstrumentRedemptionResponse(status="approved", balance_after=held.remaining)


def status(session: Session, terminal: Terminal, entry_id: str) -> InstrumentRedemptionStatus:
    """What central holds of one of ``terminal``'s online instrument redemptions."""
    if session.get(InstrumentCancellation, entry_id) is not None:
        return InstrumentRedemptionStatus(entry_id=entry_id, state="cancelled")
    row = session.get(InstrumentEntryRow, entry_id)
    if row is None or row.kind != "redeem" or row.terminal_id != terminal.id:
        return InstrumentRedemptionStatus(entry_id=entry_id, state="unknown")
    held = session.get_one(Instrument, row.instrument_id)
    return InstrumentRedemptionStatus(entry_id=entry_id, state="approved",
                                      balance_after=held.remaining)
