"""The kept lots (``points_lots``, ``points_debt``) and ``points_expiry`` equal a full replay
of each member's ledger after every write, whatever the writes: awards, redemptions (also
overdrafts), voids of either, other terminals' entries arriving late, central's expiries and
bonuses, rejections and entries confirmed again, merges. And an award to a member with a
long history does not replay it."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, text

import loyalty.store.summaries as summaries
from loyalty.ids import new_id
from loyalty.ledger import Entry, EntryKind, PointsState, replay
from loyalty.money import Currency, Money
from loyalty.napl import napl_status
from loyalty.store import points, replica
from loyalty.store.context import TillContext
from loyalty.store.rulebook import current_rules
from tests.helpers.records import as_feed_entry
from tests.helpers.store import StoreFixture, make_store
from tests.helpers.summaries import assert_exact

Kept = tuple[list[tuple[str, str | None, int]], int, dict[str, int]]


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def replay_ledger(conn: Connection, member_id: str) -> PointsState:
    """The member's whole ledger replayed (entries central rejected do not count)."""
    rows = conn.execute(text(
        "SELECT id, kind, points, occurred_at, expires_on, ref_entry_id FROM ledger"
        " WHERE member_id = :m AND state <> 'rejected'"), {"m": member_id})
    return replay(Entry(r[0], EntryKind(r[1]), r[2],
                        datetime.fromisoformat(r[3]).replace(tzinfo=UTC),
                        date.fromisoformat(r[4]) if r[4] else None, r[5]) for r in rows)


def replayed(conn: Connection, member_id: str) -> Kept:
    """What a replay of the member's whole ledger leaves (computed here, independently)."""
    state = replay_ledger(conn, member_id)
    lots = [(lot.entry_id, lot.expires_on.isoformat() if lot.expires_on else None,
             lot.remaining) for lot in state.lots if lot.remaining > 0]
    expiry: dict[str, int] = defaultdict(int)
    for _, day, remaining in lots:
        if day is not None:
            expiry[day] += remaining
    return lots, state.debt, dict(expiry)


def kept(conn: Connection, member_id: str) -> Kept:
    lots = [tuple(r) for r in conn.execute(text(
        "SELECT entry_id, expires_on, remaining FROM points_lots WHERE member_id = :m"
        " ORDER BY seq"), {"m": member_id})]
    debt = conn.execute(text("SELECT debt FROM points_debt WHERE member_id = :m"),
                        {"m": member_id}).scalar_one_or_none()
    expiry = {r[0]: r[1] for r in conn.execute(text(
        "SELECT expires_on, remaining FROM points_expiry WHERE member_id = :m"),
        {"m": member_id})}
    return lots, debt or 0, expiry  # type: ignore[return-value]


def feed(member_id: str, kind: str, pts: int, at: datetime, **extra: Any) -> dict[str, Any]:
    """A ``ledger.entry`` change from central's feed (another terminal, or central)."""
    return {"entry_id": new_id(), "member_id": member_id, "kind": kind, "points": pts,
            "store_id": "S001", "terminal_id": "S001-T02", "rules_version": 1,
            "occurred_at": at.isoformat(), **extra}


class Writer:
    """Random writes through the store's real write paths."""

    def __init__(self, store: StoreFixture, rng: random.Random) -> None:
        self.store, self.rng = store, rng
        self.svc = store.service()
        self.svc.sign_in(store.manager.id, "2468")
        self.members = [self.svc.enroll(phone=f"09123456{i:02d}", name=f"會員{i}").member_id
                        for i in range(3)]
        self.entries: list[str] = []  # every entry written, any member
        self.ops: defaultdict[str, int] = defaultdict(int)

    def step(self) -> str:
        rng, clock = self.rng, self.store.clock
        clock.advance(minutes=rng.choice([0, 1, 30, 600, 24 * 60, 40 * 24 * 60]))
        now = clock.now
        member = rng.choice(self.members)
        op = rng.choices(["award", "redeem", "overdraft", "void", "late", "same_time",
                          "feed_redeem", "bonus", "expire", "feed_void", "reject",
                          "unreject", "merge"],
                         [8, 3, 1, 2, 2, 1, 1, 2, 2, 1, 1, 1, 0.3])[0]
        try:
            self._do(op, member, now)
        except Exception as error:  # refusals a cashier would see are fine here
            if type(error).__module__ != "loyalty.errors":
                raise
            return op + " (refused)"
        self.ops[op] += 1
        return op

    def _do(self, op: str, member: str, now: datetime) -> None:
        rng, store = self.rng, self.store
        if op == "award":
            self.entries.append(self.svc.award(member, twd(rng.randint(1, 60) * 50)).entry_id)
        elif op == "redeem":
            self.entries.append(self.svc.redeem(member, rng.choice([100, 200])).entry_id)
        elif op == "overdraft":  # central approved more than this terminal knew of
            with store.engine.begin() as conn:
                change = points.redeem_points(
                    conn, self.svc.ctx, current_rules(conn), member,
                    rng.choice([100, 500, 2000]), now, authorised=True,
                    approved_by=store.manager.id)
            self.entries.append(change.entry_id)
        elif op == "void" and self.entries:
            self.svc.void(rng.choice(self.entries), manager_id=store.manager.id, reason="x")
        elif op in ("late", "same_time"):  # an offline terminal's sale, synced late
            at = now - timedelta(hours=rng.randint(1, 24 * 90)) if op == "late" else now
            self._apply(feed(member, "earn", rng.randint(1, 80), at, sale_amount="100",
                             currency="TWD", expires_on=rng.choice(
                                 ["2027-01-31", "2027-06-30", "2028-01-31"])))
        elif op == "feed_redeem":
            self._apply(feed(member, "redeem", -rng.randint(1, 300),
                             now - timedelta(hours=rng.choice([0, 0, 5]))))
        elif op == "bonus":
            self._apply(feed(member, rng.choice(["bonus", "adjust"]),
                             rng.choice([50, 20, -30, 0]), now, expires_on=rng.choice(
                                 [None, "2027-03-31"])))
        elif op == "expire" and self.entries:  # central's job, naming a lot
            self._apply(feed(member, "expire", -rng.randint(1, 120),
                             now - timedelta(hours=rng.choice([0, 0, 48])),
                             ref_entry_id=rng.choice(self.entries), store_id="central",
                             terminal_id="central"))
        elif op == "feed_void" and self.entries:  # a void at another terminal
            ref = rng.choice(self.entries)
            with store.engine.connect() as conn:
                row = conn.execute(text("SELECT member_id, points FROM ledger WHERE id = :i"),
                                   {"i": ref}).one()
            self._apply(feed(row.member_id, "reverse", -row.points,
                             now - timedelta(hours=rng.choice([0, 0, 3])), ref_entry_id=ref))
        elif op == "reject" and self.entries:
            with store.engine.begin() as conn:
                replica.reject_entry(conn, rng.choice(self.entries), now)
        elif op == "unreject" and self.entries:  # central holds a rejected entry after all
            with store.engine.begin() as conn:
                entry_id = rng.choice(self.entries)
                pts = conn.execute(text("SELECT points FROM ledger WHERE id = :id"),
                                   {"id": entry_id}).scalar_one()
                replica.apply_entry(conn,
                    as_feed_entry(conn, {"entry_id": entry_id, "points": pts}), now)
        elif op == "merge" and member != self.members[0]:
            with store.engine.begin() as conn:
                replica.apply_alias(conn, member, None, self.members[0], None, now)
            self.members.remove(member)

    def _apply(self, change: dict[str, Any]) -> None:
        with self.store.engine.begin() as conn:
            replica.apply_entry(conn, as_feed_entry(conn, change), self.store.clock.now)
        self.entries.append(change["entry_id"])


@pytest.mark.parametrize("seed", range(8))
def test_kept_lots_equal_a_full_replay_after_every_write(tmp_path: Any, seed: int) -> None:
    store = make_store(tmp_path / "store.db")
    writer = Writer(store, random.Random(seed))
    with store.engine.connect() as conn:
        everyone = [r[0] for r in conn.execute(text("SELECT id FROM members"))]
    for n in range(120):
        op = writer.step()
        with store.engine.connect() as conn:
            for member in everyone:
                assert kept(conn, member) == replayed(conn, member), (n, op, member)
    assert writer.ops["award"] > 20 and writer.ops["late"] + writer.ops["expire"] > 3
    assert_exact(store)  # the whole rebuild (as the demo loader runs it) agrees too
    writer.svc.close()
    store.engine.dispose()


def test_writes_at_the_counter_do_not_replay_the_history(store: StoreFixture,
                                                         monkeypatch: Any) -> None:
    """Awards, redemptions and voids of an earn by the member's latest entry touch the kept
    lots only; an entry older than the member's latest still replays (and stays exact)."""
    svc = store.service()
    svc.sign_in(store.manager.id, "2468")
    member = svc.enroll(phone="0912345678", name="林美玲").member_id
    for _ in range(30):
        store.clock.advance(days=3)
        svc.award(member, twd(500))
    replays: list[int] = []
    real = summaries.replay
    monkeypatch.setattr(summaries, "replay", lambda e: replays.append(1) or real(e))
    store.clock.advance(days=1)
    earned = svc.award(member, twd(800)).entry_id
    svc.redeem(member, 200)
    svc.void(earned, manager_id=store.manager.id, reason="wrong member")
    assert replays == []
    with store.engine.begin() as conn:  # a sale from an offline till, a week old
        replica.apply_entry(conn,
            as_feed_entry(conn, feed(member, "earn", 40, store.clock.now - timedelta(days=7),
                                       expires_on="2027-11-30")), store.clock.now)
    assert replays == [1]
    with store.engine.connect() as conn:
        assert kept(conn, member) == replayed(conn, member)
    svc.close()


def test_an_overdraft_is_paid_off_by_the_next_award_without_a_replay(
        store: StoreFixture, monkeypatch: Any) -> None:
    svc = store.service()
    svc.sign_in(store.manager.id, "2468")
    member = svc.enroll(phone="0912345678", name="林美玲").member_id
    svc.award(member, twd(1000))  # 100 points
    with store.engine.begin() as conn:  # central allowed 300 while we were offline
        points.redeem_points(conn, TillContext("S001", "S001-T01", store.manager.id, "manager"),
                             current_rules(conn), member, 300, store.clock.now,
                             authorised=True, approved_by=store.manager.id)
    with store.engine.connect() as conn:
        assert kept(conn, member) == ([], 200, {})
    monkeypatch.setattr(summaries, "replay", None)  # any replay would fail
    store.clock.advance(days=1)
    svc.award(member, twd(2500))  # 250 points: 200 pay the debt, 50 left to expire
    with store.engine.connect() as conn:
        lots, debt, expiry = kept(conn, member)
    assert (debt, expiry) == (0, {"2027-11-30": 50}) and [lot[2] for lot in lots] == [50]
    svc.close()


def panel_by_definition(conn: Connection, member_id: str, today: date, now: datetime,
                        rules: Any) -> tuple[Any, ...]:
    """The panel's expiring points, NAPL and voided flags the long way: a replay of the whole
    ledger (entries central rejected do not count), every purchase day, every void."""
    state = replay_ledger(conn, member_id)
    first, last, days = conn.execute(text(
        "SELECT min(substr(occurred_at, 1, 10)), max(substr(occurred_at, 1, 10)),"
        " count(DISTINCT substr(occurred_at, 1, 10)) FROM ledger WHERE member_id = :m"
        " AND kind = 'earn' AND occurred_at <= :now"),
        {"m": member_id, "now": now.astimezone(UTC).replace(tzinfo=None).isoformat(
            timespec="microseconds")}).one()
    napl = None if first is None else napl_status(
        date.fromisoformat(first), date.fromisoformat(last), days, today,
        rules.napl_window_months)
    voided = {r[0] for r in conn.execute(text(
        "SELECT ref_entry_id FROM ledger WHERE kind = 'reverse' AND member_id = :m"),
        {"m": member_id})}
    latest = [r[0] for r in conn.execute(text(
        "SELECT id FROM ledger WHERE member_id = :m ORDER BY occurred_at DESC LIMIT 10"),
        {"m": member_id})]
    return state.expiring(today, rules.expiring_soon_days), napl, [i in voided for i in latest]


@pytest.mark.parametrize("seed", range(3))
def test_the_panel_reads_a_few_rows_and_shows_what_the_whole_ledger_says(
        tmp_path: Any, seed: int) -> None:
    store = make_store(tmp_path / "store.db")
    writer = Writer(store, random.Random(100 + seed))
    rules = writer.svc.rules()
    checked = 0
    for n in range(150):
        writer.step()
        if n % 10:
            continue
        now = store.clock.now
        today = now.astimezone(writer.svc.ctx.tz).date()
        for member in writer.members:
            panel = writer.svc.panel(member)
            with store.engine.connect() as conn:
                expected = panel_by_definition(conn, member, today, now, rules)
            assert ((panel.expiring_points, panel.expiring_on), panel.napl,
                    [h.voided for h in panel.history]) == expected
            checked += bool(panel.expiring_points) + any(h.voided for h in panel.history)
    assert checked > 5  # expiring points and voids were there to be shown
    writer.svc.close()
    store.engine.dispose()


def test_expiring_points_on_the_panel_at_the_window_edges(store: StoreFixture) -> None:
    svc = store.service()
    svc.sign_in(store.cashier.id, "1357")
    store.clock.now = datetime(2026, 1, 20, 4, tzinfo=UTC)
    member = svc.enroll(phone="0912345678", name="林美玲").member_id
    svc.award(member, twd(1000))  # 100 points, last day 2027-01-31
    shown = {}
    for day in (1, 2, 31):  # 12:00 in Taipei on 2027-01-01, -02, -31; then February
        store.clock.now = datetime(2027, 1, day, 4, tzinfo=UTC)
        shown[day] = (svc.panel(member).expiring_points, svc.panel(member).expiring_on)
    store.clock.now = datetime(2027, 2, 1, 4, tzinfo=UTC)
    assert svc.panel(member).expiring_points == 0  # past its last day: central expires it
    assert shown == {1: (0, None), 2: (100, date(2027, 1, 31)), 31: (100, date(2027, 1, 31))}
    svc.close()
