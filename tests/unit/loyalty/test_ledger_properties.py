"""Ledger invariants for any sequence of earns, redemptions, expiries and reversals."""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from loyalty.ledger import Entry, EntryKind, PointsState, apply, expiry_entries, replay

START = datetime(2025, 1, 1, 3, tzinfo=UTC)

ops = st.lists(
    st.tuples(st.sampled_from(["earn", "earn", "redeem", "expire", "reverse", "bonus"]),
              st.integers(min_value=1, max_value=500),  # points
              st.integers(min_value=0, max_value=40)),  # days after the previous operation
    max_size=60)


Op = tuple[str, int, int]


def build(sequence: list[Op]) -> tuple[list[Entry], list[tuple[Entry, PointsState]]]:
    """Turn an abstract sequence into ledger entries, as the counter and central would write
    them; record the state before each redemption to check what it consumed."""
    entries: list[Entry] = []
    state = PointsState()
    seen: dict[str, Entry] = {}
    before_redeem: list[tuple[Entry, PointsState]] = []
    reversed_ids: set[str] = set()
    at = START
    for i, (kind, points, gap) in enumerate(sequence):
        at += timedelta(days=gap, seconds=1)
        new: list[Entry] = []
        if kind in ("earn", "bonus"):
            new.append(Entry(f"e{i}", EntryKind(kind), points, at,
                             expires_on=at.date() + timedelta(days=90)))
        elif kind == "redeem":
            new.append(Entry(f"e{i}", EntryKind.REDEEM, -points, at))
        elif kind == "expire":
            for n, (lot_id, remaining) in enumerate(expiry_entries(state, at.date())):
                new.append(Entry(f"e{i}x{n}", EntryKind.EXPIRE, -remaining, at,
                                 ref_entry_id=lot_id))
        else:
            candidates = [e for e in entries if e.kind in (EntryKind.EARN, EntryKind.REDEEM,
                                                           EntryKind.BONUS)
                          and e.id not in reversed_ids]
            if candidates:
                target = candidates[points % len(candidates)]
                reversed_ids.add(target.id)
                new.append(Entry(f"e{i}", EntryKind.REVERSE, -target.points, at,
                                 ref_entry_id=target.id))
        for entry in new:
            if entry.kind is EntryKind.REDEEM:
                before_redeem.append((entry, snapshot(state)))
            apply(state, entry, seen)
            seen[entry.id] = entry
            entries.append(entry)
    return entries, before_redeem


def snapshot(state: PointsState) -> PointsState:
    return deepcopy(state)


@settings(max_examples=300)
@given(ops)
def test_balance_always_equals_the_ledger_sum(sequence: list[tuple[str, int, int]]) -> None:
    entries, _ = build(sequence)
    state = replay(entries)
    assert state.balance == sum(e.points for e in entries)
    assert all(lot.remaining >= 0 for lot in state.lots)
    assert state.debt >= 0


@settings(max_examples=300)
@given(ops, st.integers(min_value=0, max_value=400))
def test_no_expired_point_is_counted_after_the_expiry_job(sequence: list[tuple[str, int, int]],
                                                          later: int) -> None:
    entries, _ = build(sequence)
    today = (entries[-1].occurred_at if entries else START).date() + timedelta(days=later)
    state = replay(entries)
    last = entries[-1].occurred_at if entries else START
    job_at = max(datetime.combine(today, datetime.min.time(), tzinfo=UTC),
                 last + timedelta(seconds=1))  # the nightly job runs after the day's sales
    job = [Entry(f"x{n}", EntryKind.EXPIRE, -pts, job_at, ref_entry_id=lot)
           for n, (lot, pts) in enumerate(expiry_entries(state, today))]
    after = replay(entries + job)
    assert not after.expired_lots(today)
    usable = sum(lot.remaining for lot in after.lots
                 if lot.expires_on is None or lot.expires_on >= today)
    assert after.balance == usable - after.debt
    assert after.balance == sum(e.points for e in entries + job)


@settings(max_examples=300)
@given(ops)
def test_redemption_consumes_the_oldest_lots_first(sequence: list[tuple[str, int, int]]) -> None:
    entries, before = build(sequence)
    final = replay(entries)
    for redeem, state in before:
        taken = dict(final.taken.get(redeem.id, []))
        open_lots = [lot for lot in state.lots if lot.remaining > 0]
        # The lots it took from are a prefix of the open lots in arrival order, and every
        # lot but the last one it touched was emptied.
        touched = [lot for lot in open_lots if lot.entry_id in taken]
        assert touched == open_lots[:len(touched)]
        for lot in touched[:-1]:
            assert taken[lot.entry_id] == lot.remaining
        if "" in taken:  # an overdraft only after every lot was emptied
            assert sum(taken[lot.entry_id] for lot in touched) == sum(
                lot.remaining for lot in open_lots)


def test_overdraft_is_recovered_from_the_next_earn() -> None:
    t = START
    entries = [Entry("a", EntryKind.EARN, 100, t, date(2026, 1, 1)),
               Entry("b", EntryKind.REDEEM, -150, t + timedelta(hours=1)),
               Entry("c", EntryKind.EARN, 80, t + timedelta(hours=2), date(2026, 2, 1))]
    state = replay(entries)
    assert state.balance == 30
    assert state.debt == 0
    assert [lot.remaining for lot in state.lots] == [0, 30]


def test_reversing_a_redemption_gives_points_back_to_their_lots() -> None:
    t = START
    entries = [Entry("a", EntryKind.EARN, 100, t, date(2025, 3, 31)),
               Entry("b", EntryKind.EARN, 100, t + timedelta(days=1), date(2025, 4, 30)),
               Entry("r", EntryKind.REDEEM, -150, t + timedelta(days=2)),
               Entry("v", EntryKind.REVERSE, 150, t + timedelta(days=3), ref_entry_id="r")]
    state = replay(entries)
    assert [lot.remaining for lot in state.lots] == [100, 100]


def test_expiring_soon() -> None:
    t = START
    state = replay([Entry("a", EntryKind.EARN, 100, t, date(2025, 1, 31)),
                    Entry("b", EntryKind.EARN, 50, t, date(2025, 6, 30))])
    assert state.expiring(date(2025, 1, 10), 30) == (100, date(2025, 1, 31))
    assert state.expiring(date(2025, 2, 1), 30) == (0, None)
