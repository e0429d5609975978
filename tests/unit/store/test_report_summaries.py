"""The report's summary tables stay equal to what the ledger and the members say, through
every write path: award, void, redeem, expiry and entries applied from central's feed
(other terminals' sales, own entries confirmed or rejected, merges, tier decisions)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from loyalty.ids import new_id
from loyalty.money import Currency, Money
from loyalty.rules import default_rules
from loyalty.store import replica
from loyalty.store.context import TillContext
from loyalty.store.engine import reader
from loyalty.store.report.report import daily_report
from tests.helpers.records import as_feed_entry, as_member_record
from tests.helpers.store import StoreFixture, make_store
from tests.helpers.summaries import assert_exact

TPE = ZoneInfo("Asia/Taipei")


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def summary(store: StoreFixture, member_id: str, store_id: str = "S001") -> tuple[Any, ...]:
    with store.engine.connect() as conn:
        row = conn.execute(text(
            "SELECT first_at, last_at, prev_at, purchases, sale_cents, span FROM"
            " purchase_summary WHERE store_id = :s AND member_id = :m"),
            {"s": store_id, "m": member_id}).first()
    return tuple(row) if row else ()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def feed_entry(member_id: str, kind: str, points: int, at: datetime, **extra: Any
               ) -> dict[str, Any]:
    """A ``ledger.entry`` change as central's feed carries it."""
    return {"entry_id": new_id(), "member_id": member_id, "kind": kind, "points": points,
            "store_id": "S001", "terminal_id": "S001-T02", "rules_version": 1,
            "occurred_at": at.isoformat(), **extra}


def test_award_void_redeem_and_expiry_keep_the_summaries(store: StoreFixture) -> None:
    svc = store.service()
    svc.sign_in(store.manager.id, "2468")
    t0 = store.clock.now  # 2026-11-23 12:00 Taipei
    member = svc.enroll(phone="0912345678", name="林美玲").member_id
    first = svc.award(member, twd(1000)).entry_id  # 100 points, lot ends 2027-11-30
    assert summary(store, member) == (iso(t0), iso(t0), None, 1, 100_000, 0)
    store.clock.advance(hours=3)
    svc.award(member, twd(500))
    assert summary(store, member) == (iso(t0), iso(t0 + timedelta(hours=3)), iso(t0), 2,
                                      150_000, 2)  # two purchases within two days
    store.clock.advance(days=3)
    third = svc.award(member, twd(2000)).entry_id
    assert summary(store, member)[3:] == (3, 350_000, 1)
    kept = assert_exact(store)
    assert kept["points_expiry"] == [(member, "2027-11-30", 350, "S001", 1)]
    assert kept["tier_totals"] == [("S001", "active", "general", 1, 350)]
    svc.void(third, manager_id=store.manager.id, reason="wrong member")
    assert summary(store, member) == (iso(t0), iso(t0 + timedelta(hours=3)), iso(t0), 2,
                                      150_000, 2)
    svc.redeem(member, 100)  # first earned, first spent: the first lot is used up
    kept = assert_exact(store)
    assert kept["points_expiry"] == [(member, "2027-11-30", 50, "S001", 1)]
    assert kept["tier_totals"] == [("S001", "active", "general", 1, 50)]
    with store.engine.begin() as conn:  # central's expiry job, pulled from the feed
        replica.apply_entry(conn,
            as_feed_entry(conn, feed_entry(member, "expire", -50, t0 + timedelta(days=400),
                                             store_id="central", terminal_id="central",
                                             ref_entry_id=first)), store.clock.now)
    kept = assert_exact(store)
    assert kept["points_expiry"] == []
    assert kept["tier_totals"] == [("S001", "active", "general", 1, 0)]
    # voiding the first purchase moves the first purchase on
    second = svc.enroll(phone="0922345678", name="陳小明").member_id
    early = svc.award(second, twd(100)).entry_id
    store.clock.advance(days=10)
    svc.award(second, twd(200))
    svc.void(early, manager_id=store.manager.id, reason="refund")
    assert summary(store, second) == (iso(store.clock.now), iso(store.clock.now), None, 1,
                                      20_000, 0)
    assert_exact(store)
    svc.close()


def test_entries_from_the_feed_keep_the_summaries(store: StoreFixture) -> None:
    svc = store.service()
    svc.sign_in(store.manager.id, "2468")
    t0 = store.clock.now
    ours = svc.enroll(phone="0912345678", name="林美玲").member_id
    own = svc.award(ours, twd(800)).entry_id
    other = svc.enroll(phone="0922345678", name="陳小明").member_id
    svc.award(other, twd(300))
    with store.engine.begin() as conn:
        # another terminal's sale, older than ours (arrives late)
        replica.apply_entry(conn,
            as_feed_entry(conn, feed_entry(ours, "earn", 50, t0 - timedelta(days=5),
                                             sale_amount="500", currency="TWD",
                                             expires_on="2027-11-30")), store.clock.now)
        replica.apply_entry(conn,
            as_feed_entry(conn, {"entry_id": own, "points": 80}), store.clock.now)
    assert summary(store, ours) == (iso(t0 - timedelta(days=5)), iso(t0),
                                    iso(t0 - timedelta(days=5)), 2, 130_000, 1)
    assert_exact(store)
    rejected = svc.award(other, twd(900)).entry_id
    with store.engine.begin() as conn:  # central rejected one of ours, then a merge
        replica.reject_entry(conn, rejected, store.clock.now)
        replica.apply_alias(conn, other, None, ours, None, store.clock.now)
    kept = assert_exact(store)
    assert summary(store, other) == ()
    assert summary(store, ours)[3:5] == (3, 160_000)
    assert [r[0] for r in kept["points_expiry"]] == [ours]
    with store.engine.begin() as conn:  # central moved the member's tier
        code = conn.execute(text("SELECT member_code FROM members WHERE id = :id"),
                            {"id": ours}).scalar_one()
        replica.apply_member(conn, as_member_record({"id": ours, "phone": "+886912345678",
                                    "member_code": code, "name": "林美玲", "origin": "S001",
                                    "tier": "silver", "tier_since": "2026-11-24"}),
                             store.clock.now)
        changes = conn.execute(text("SELECT member_id, origin, old_tier, new_tier, on_date"
                                    " FROM tier_changes")).all()
    assert [tuple(c) for c in changes] == [(ours, "S001", "general", "silver", "2026-11-24")]
    assert ("S001", "active", "silver", 1, 160) in assert_exact(store)["tier_totals"]
    svc.close()


OPS = st.lists(st.tuples(st.sampled_from(["award", "redeem", "void", "feed", "reject",
                                          "merge", "tier", "erase", "bonus", "expire",
                                          "origin", "unreject"]),
                         st.integers(0, 3), st.integers(1, 40), st.integers(-20, 20)),
               min_size=1, max_size=25)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
# Found by this test: a bonus from another till dated 19 h ahead, voided here before that
# time; the ledger report took a void to come after what it undoes and counted the bonus.
@example(ops=[("bonus", 0, 1, 19), ("award", 0, 1, 0), ("void", 0, 2, 0), ("award", 0, 1, 18),
              ("award", 0, 1, 18)])
def test_any_sequence_of_writes_keeps_the_summaries_exact(tmp_path_factory: Any,
                                                          ops: list[Any]) -> None:
    store = make_store(tmp_path_factory.mktemp("s") / "store.db")
    svc = store.service()
    svc.sign_in(store.manager.id, "2468")
    ids = [svc.enroll(phone=f"09123456{i:02d}", name=f"會員{i}").member_id for i in range(4)]
    entries: list[str] = []
    for op, who, size, hours in ops:
        store.clock.advance(hours=abs(hours) + 1)
        member = ids[who]
        try:
            _apply(store, svc, op, member, ids, size, hours, entries)
        except Exception as error:  # refusals a cashier would see are fine here
            if type(error).__module__ != "loyalty.errors":
                raise
    assert_exact(store)
    _reports_agree(store, store.clock.now.astimezone(TPE).date())
    svc.close()
    store.engine.dispose()


def _reports_agree(store: StoreFixture, today: date) -> None:
    """The report from the hourly summaries equals the report from the ledger."""
    with reader(store.engine).begin() as conn:
        for start, end in ((today - timedelta(days=29), today), (today, today),
                           (today - timedelta(days=8), today - timedelta(days=2))):
            assert daily_report(conn, "S001", start, end, "Asia/Taipei", default_rules("TW"),
                                today) == daily_report(
                conn, "S001", start, end, "Asia/Taipei", default_rules("TW"), today,
                from_ledger=True)


def _apply(store: StoreFixture, svc: Any, op: str, member: str, ids: list[str], size: int,
           hours: int, entries: list[str]) -> None:
    now = store.clock.now
    if op == "award":
        entries.append(svc.award(member, twd(size * 100)).entry_id)
    elif op == "redeem":
        entries.append(svc.redeem(member, 100).entry_id)
    elif op == "void" and entries:
        svc.void(entries[size % len(entries)], manager_id=store.manager.id, reason="x")
    elif op == "feed":  # another terminal's sale, possibly older than ours
        entry = feed_entry(member, "earn", size, now + timedelta(hours=hours),
                           sale_amount=str(size * 10), currency="TWD", expires_on="2027-11-30")
        with store.engine.begin() as conn:
            replica.apply_entry(conn, as_feed_entry(conn, entry), now)
        entries.append(entry["entry_id"])
    elif op == "bonus":
        entry = feed_entry(member, ("bonus", "adjust")[size % 2], hours,
                           now + timedelta(hours=hours))
        with store.engine.begin() as conn:
            replica.apply_entry(conn, as_feed_entry(conn, entry), now)
        entries.append(entry["entry_id"])
    elif op == "expire":
        with store.engine.begin() as conn:
            replica.apply_entry(conn, as_feed_entry(conn, feed_entry(member, "expire", -size, now,
                                                 store_id="central", terminal_id="central")), now)
    elif op == "origin":
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE members SET origin = :o WHERE id = :id"),
                         {"o": ("S001", "S002", "online")[size % 3], "id": member})
    elif op == "unreject" and entries:  # central holds a rejected entry after all
        with store.engine.begin() as conn:
            entry_id = entries[size % len(entries)]
            points = conn.execute(text("SELECT points FROM ledger WHERE id = :id"),
                                  {"id": entry_id}).scalar_one()
            replica.apply_entry(conn,
                as_feed_entry(conn, {"entry_id": entry_id, "points": points}), now)
    elif op == "reject" and entries:
        with store.engine.begin() as conn:
            replica.reject_entry(conn, entries[size % len(entries)], now)
    elif op == "merge" and member != ids[0]:
        with store.engine.begin() as conn:
            replica.apply_alias(conn, member, None, ids[0], None, now)
    elif op == "tier":
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE members SET tier = :t WHERE id = :id"),
                         {"t": ("general", "silver", "gold")[size % 3], "id": member})
    elif op == "erase":
        with store.engine.begin() as conn:
            replica.apply_erased(conn, member, now)


def test_other_stores_and_counter_context(store: StoreFixture) -> None:
    s2 = store.service(TillContext("S002", "S002-T01"))
    s2.sign_in(store.manager.id, "2468")
    member = s2.enroll(phone="0912345678", name="林美玲").member_id
    s2.award(member, twd(700))
    assert summary(store, member) == ()
    assert summary(store, member, "S002")[3:] == (1, 70_000, 0)
    assert ("S002", "active", "general", 1, 70) in assert_exact(store)["tier_totals"]
    s2.close()


def test_expiring_counts_each_member_once_across_expiry_dates(store: StoreFixture) -> None:
    from loyalty.store.report.base import expiring
    svc = store.service()
    svc.sign_in(store.cashier.id, "1357")
    store.clock.now = datetime(2026, 1, 20, 4, tzinfo=UTC)
    member = svc.enroll(phone="0912345678", name="林美玲").member_id
    svc.award(member, twd(1000))  # 100 points, last day 2027-01-31
    store.clock.now = datetime(2026, 2, 10, 4, tzinfo=UTC)
    svc.award(member, twd(500))  # 50 points, last day 2027-02-28
    other = svc.enroll(phone="0922345678", name="陳小明").member_id
    svc.award(other, twd(300))  # 30 points, last day 2027-02-28
    with store.engine.connect() as conn:
        assert expiring(conn, "S001", date(2027, 1, 31), 30) == (180, 2)  # both dates
        assert expiring(conn, "S001", date(2027, 2, 1), 30) == (80, 2)
        assert expiring(conn, "S001", date(2027, 3, 1), 30) == (0, 0)
    svc.close()
