"""Head office settles instrument conflicts (``docs/programs.md``, "Resolving conflicts").

A conflict is an entry central applied although it should not have happened (a coupon used
twice offline, cups over-redeemed, a second gift, an issue beyond a limit, a use dated after
the instrument's last day). The entry stands
either way — the coupon or the cup was given at the counter. Head office decides:

* ``accept`` — the chain bears it as goodwill; the cost of what was given beyond the
  balance is recorded, charged to ``chain``;
* ``charge_back`` — the same cost is charged back to the store whose till gave it
  (``charged_to`` = its store id); nothing is written against the member, who was served in
  good faith;
* ``revoke`` — only for ``limit_exceeded`` while the instrument is unused and not a sold
  pass (that one is refunded at the counter): central writes a
  ``reverse`` of the issue (a derived entry id), fed to the tills, so the instrument leaves
  the member's panel; nothing was given, so the cost is 0.

The cost: the units given beyond what the instrument held (a redemption's units beyond a
balance that was already at or under zero; all of a use after the last day; a whole
instrument issued beyond a limit; nothing
for a duplicate gift, which central reversed at once) times a unit's value (a pass's price
per cup, else the program's ``reward_value``; unknown when the program names an item only).

Resolving is idempotent: the same decision again answers the resolution as it stands; another
decision on a resolved conflict is refused (409). Each resolution is written to the audit
trail (``console_audit``) in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.console.audit import Actor, record
from central.errors import ApiError
from central.feed import FeedWriter
from central.identity import resolve
from central.instruments import CENTRAL, InstrumentDesk
from central.models import Instrument, InstrumentConflict, InstrumentEntryRow
from loyalty.programs import Program, derived_id
from loyalty.records import InstrumentEntry

Decision = Literal["accept", "charge_back", "revoke"]
DECISIONS: tuple[Decision, ...] = ("accept", "charge_back", "revoke")
Status = Literal["open", "resolved", "all"]
AUDIT_ACTION = "instrument_conflict_resolved"
LISTED = 1000


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """A conflict with what head office needs to decide it."""

    conflict: InstrumentConflict
    program_id: str
    member_id: str
    units: int
    balance_after: int


def list_conflicts(session: Session, status: Status) -> list[ConflictRow]:
    """Conflicts open, resolved or all, oldest first (the first :data:`LISTED`)."""
    C, E = InstrumentConflict, InstrumentEntryRow
    query = select(C, E.program_id, E.member_id, E.units, E.balance_after).join(
        E, E.id == C.entry_id)
    if status == "open":
        query = query.where(C.resolved_at.is_(None))
    elif status == "resolved":
        query = query.where(C.resolved_at.is_not(None))
    rows = session.execute(query.order_by(C.occurred_at, C.entry_id).limit(LISTED))
    return [ConflictRow(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in rows]


def resolve_conflict(session: Session, feed: FeedWriter, entry_id: str, decision: Decision,
                     note: str, actor: Actor, at: datetime) -> InstrumentConflict:
    """Record head office's decision on the conflict of entry ``entry_id`` (idempotent).

    Raises:
        ApiError: 404 ``not_found``; 409 ``already_resolved`` (another decision stands);
            422 ``not_revocable`` (``revoke`` of anything but an unused instrument issued
            beyond a limit).
    """
    feed.lock()  # every instrument writer holds it: the reads below hold till commit
    conflict = session.get(InstrumentConflict, entry_id)
    if conflict is None:
        raise ApiError(404, "not_found", "No instrument conflict with this entry id.")
    if conflict.resolved_at is not None:
        if conflict.decision != decision:
            raise ApiError(409, "already_resolved",
                           f"Already resolved by {conflict.resolved_by}: {conflict.decision}.")
        return conflict
    entry = session.get_one(InstrumentEntryRow, entry_id)
    desk = InstrumentDesk(session, feed, at)
    program = desk.rules.program(entry.program_id)
    correction = None
    if decision == "revoke":
        correction = _revoke(session, desk, conflict, entry, program)
        cost: Decimal | None = Decimal("0.00")
    else:
        cost = _cost(session, conflict, entry, program)
    conflict.resolved_at, conflict.resolved_by = at, actor.username[:64]
    conflict.decision, conflict.note = decision, note[:500]
    conflict.cost, conflict.correction_entry_id = cost, correction
    conflict.charged_to = {"accept": "chain", "charge_back": conflict.store_id}.get(decision)
    session.flush()
    feed.flush()
    record(session, actor, AUDIT_ACTION, entry_id, decision=decision, note=note[:500],
           reason=conflict.reason, cost=None if cost is None else str(cost),
           charged_to=conflict.charged_to, correction_entry_id=correction)
    return conflict


def _revoke(session: Session, desk: InstrumentDesk, conflict: InstrumentConflict,
            entry: InstrumentEntryRow, program: Program | None) -> str:
    held = session.get(Instrument, entry.instrument_id)
    if conflict.reason != "limit_exceeded" or entry.kind != "issue" or held is None \
            or program is None or program.kind == "prepaid_pass" \
            or held.remaining < entry.units or desk._reversed(entry.id):
        raise ApiError(422, "not_revocable", "Only an unused coupon or gift issued beyond a "
                                             "limit can be revoked (a sold pass is refunded); "
                                             "accept or charge back.")
    account = resolve(session, held.account_id)
    if account is None:
        raise ApiError(422, "not_revocable", "The instrument's member is gone.")
    correction = derived_id("revoke", entry.id)
    desk.write(InstrumentEntry(
        entry_id=correction, instrument_id=held.id, program_id=held.program_id,
        member_id=held.member_id, kind="reverse", units=-entry.units,
        store_id=entry.store_id, terminal_id=CENTRAL, occurred_at=desk.received_at,
        ref_entry_id=entry.id), account, program)
    return correction


def units_beyond(kind: str, reason: str, units: int, balance_after: int) -> int:
    """Units the conflicting entry gave beyond what the instrument held."""
    if reason == "duplicate_gift":
        return 0  # central reversed it at once
    if reason == "after_expiry":
        return -units  # nothing was usable any more
    if kind == "issue":
        return units
    return min(-units, max(0, -balance_after))


def _cost(session: Session, conflict: InstrumentConflict, entry: InstrumentEntryRow,
          program: Program | None) -> Decimal | None:
    over = units_beyond(entry.kind, conflict.reason, entry.units, entry.balance_after)
    if over == 0:
        return Decimal("0.00")
    if program is None:
        return None
    if program.kind == "prepaid_pass" and program.price is not None:
        held = session.get(Instrument, entry.instrument_id)
        cups = held.units_issued if held is not None and held.units_issued else program.units
        value = program.price / cups
    elif program.reward_value is not None:
        value = program.reward_value
    else:
        return None
    return (value * over).quantize(Decimal("0.01"))
