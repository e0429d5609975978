"""The points ledger as pure functions: entries in, lots and balance out.

Points are never a mutable number. Every change is an append-only :class:`Entry`; a balance
is their sum. Positive entries open *lots* (with an expiry date); negative ones consume the
oldest lots first (first earned, first spent). A redemption larger than the lots (an offline
overdraft accepted by central) becomes *debt*, recovered from the next points earned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class EntryKind(StrEnum):
    EARN = "earn"
    REDEEM = "redeem"
    BONUS = "bonus"
    ADJUST = "adjust"
    EXPIRE = "expire"
    REVERSE = "reverse"


@dataclass(frozen=True, slots=True)
class Entry:
    """The part of a ledger entry the points arithmetic needs."""

    id: str
    kind: EntryKind
    points: int
    occurred_at: datetime
    expires_on: date | None = None  # for lots: the last day the points can be used
    ref_entry_id: str | None = None  # reverse: the entry undone; expire: the lot expiring


@dataclass(slots=True)
class Lot:
    """Points that arrived together and expire together."""

    entry_id: str
    occurred_at: datetime
    expires_on: date | None
    points: int
    remaining: int


@dataclass(slots=True)
class PointsState:
    """Lots in arrival order, plus unrecovered overdraft debt."""

    lots: list[Lot] = field(default_factory=list)
    debt: int = 0
    # what each consuming entry took: entry id → [(lot id or "" for debt, points)]
    taken: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # debt paid off by arriving lots, in order: [(lot id, points)]
    recoveries: list[tuple[str, int]] = field(default_factory=list)

    @property
    def balance(self) -> int:
        return sum(lot.remaining for lot in self.lots) - self.debt

    def expiring(self, today: date, within_days: int) -> tuple[int, date | None]:
        """Points still usable that expire within ``within_days`` of today, and the first date."""
        soon = [lot for lot in self.lots if lot.remaining > 0 and lot.expires_on is not None
                and today <= lot.expires_on and (lot.expires_on - today).days < within_days]
        if not soon:
            return 0, None
        return sum(lot.remaining for lot in soon), min(lot.expires_on for lot in soon
                                                       if lot.expires_on is not None)

    def expired_lots(self, today: date) -> list[Lot]:
        """Lots past their last day that still hold points (what the expiry job expires)."""
        return [lot for lot in self.lots if lot.remaining > 0 and lot.expires_on is not None
                and lot.expires_on < today]


def replay(entries: Iterable[Entry]) -> PointsState:
    """Apply entries in order (by time, then id) and return the resulting lots."""
    state = PointsState()
    by_id: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: (e.occurred_at, e.id)):
        apply(state, entry, by_id)
        by_id[entry.id] = entry
    return state


def apply(state: PointsState, entry: Entry, seen: dict[str, Entry]) -> None:
    """Apply one entry to ``state``."""
    if entry.kind is EntryKind.REVERSE:
        _reverse(state, entry, seen.get(entry.ref_entry_id or ""))
    elif entry.kind is EntryKind.EXPIRE:
        _expire(state, entry)
    elif entry.points > 0:
        _open_lot(state, entry.id, entry.occurred_at, entry.expires_on, entry.points)
    elif entry.points < 0:
        state.taken[entry.id] = _consume(state, -entry.points, entry.occurred_at)


def _open_lot(state: PointsState, entry_id: str, at: datetime, expires_on: date | None,
              points: int) -> None:
    lot = Lot(entry_id, at, expires_on, points, points)
    state.lots.append(lot)
    if state.debt:  # an overdraft is recovered from the next points that arrive
        recovered = min(state.debt, lot.remaining)
        lot.remaining -= recovered
        state.debt -= recovered
        state.recoveries.append((lot.entry_id, recovered))


def _consume(state: PointsState, points: int, at: datetime) -> list[tuple[str, int]]:
    """Take ``points`` from the oldest lots; what they cannot cover becomes debt."""
    taken: list[tuple[str, int]] = []
    for lot in state.lots:
        if points == 0:
            break
        if lot.remaining <= 0:
            continue
        take = min(points, lot.remaining)
        lot.remaining -= take
        points -= take
        taken.append((lot.entry_id, take))
    if points:
        state.debt += points
        taken.append(("", points))
    return taken


def _expire(state: PointsState, entry: Entry) -> None:
    lot = next((lot for lot in state.lots if lot.entry_id == entry.ref_entry_id), None)
    points = -entry.points
    if lot is not None:
        take = min(points, lot.remaining)
        lot.remaining -= take
        points -= take
    if points:
        state.taken[entry.id] = _consume(state, points, entry.occurred_at)


def _reverse(state: PointsState, entry: Entry, undone: Entry | None) -> None:
    if entry.points < 0:
        # Undoing an earn/bonus: take back from that lot first, then from the oldest.
        lot = next((lot for lot in state.lots if undone and lot.entry_id == undone.id), None)
        points = -entry.points
        if lot is not None:
            take = min(points, lot.remaining)
            lot.remaining -= take
            points -= take
        if points:
            state.taken[entry.id] = _consume(state, points, entry.occurred_at)
        return
    # Undoing a consumption: give back to the lots it took from (debt first).
    points = entry.points
    for lot_id, amount in reversed(state.taken.get(undone.id if undone else "", [])):
        give = min(points, amount)
        if lot_id == "":
            _forgive_debt(state, give)
        else:
            target = next(lot for lot in state.lots if lot.entry_id == lot_id)
            target.remaining += give
        points -= give
        if points == 0:
            break
    if points:
        _open_lot(state, entry.id, entry.occurred_at, None, points)


def _forgive_debt(state: PointsState, points: int) -> None:
    """Undo ``points`` of overdraft: cancel what is still owed, and give back to the lots
    that already paid the rest (most recent payment first)."""
    cancelled = min(points, state.debt)
    state.debt -= cancelled
    points -= cancelled
    while points and state.recoveries:
        lot_id, paid = state.recoveries.pop()
        give = min(points, paid)
        next(lot for lot in state.lots if lot.entry_id == lot_id).remaining += give
        points -= give
        if give < paid:
            state.recoveries.append((lot_id, paid - give))


def expiry_entries(state: PointsState, today: date) -> list[tuple[str, int]]:
    """``(lot entry id, points)`` to expire as of ``today`` (lots whose last day passed)."""
    return [(lot.entry_id, lot.remaining) for lot in state.expired_lots(today)]
