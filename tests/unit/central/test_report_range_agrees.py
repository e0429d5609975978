"""The chain report over a range (``reporting.daily_range``, a few grouped queries) says
what ``reporting.daily`` (``/v1/reports/daily``) says day by day: stores in two time zones,
sales either side of local midnight, a voided sale, a redemption that overdrew and one whose
overdraft a reverse undid, an expiry, an offline breach, members joined (one merged away)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central.db import run_transaction
from central.feed import FeedWriter
from central.models import (
    InstrumentConflict,
    InstrumentEntryRow,
    LedgerEntryRow,
    Member,
    OfflineBreach,
    Store,
)
from central.report_cache import ReportCache
from central.reporting import daily, daily_range
from central.reporting_programs import daily_counts, daily_counts_range
from central.schemas import DailyReportRow
from central.zones import store_zones
from loyalty.ids import new_id

TPE, LON = ZoneInfo("Asia/Taipei"), ZoneInfo("Europe/London")
FIRST, LAST = date(2026, 10, 24), date(2026, 10, 27)  # London leaves summer time on the 25th
_seq = count(10_000)  # above the feed counter: late entries take theirs from it


def _at(day: int, hour: int, minute: int, tz: tzinfo) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=tz).astimezone(UTC)


def _entry(member: str, kind: str, points: int, store: str, when: datetime, *,
           sale: int | None = None, overdraft: int = 0, ref: str | None = None
           ) -> LedgerEntryRow:
    return LedgerEntryRow(
        id=new_id(), member_id=member, account_id=member, kind=kind, points=points,
        sale_amount=Decimal(sale) if sale is not None else None, currency="TWD",
        store_id=store, terminal_id="t1", occurred_at=when, rules_version=1, offline=False,
        received_at=when, feed_seq=next(_seq), balance_after=0, overdraft=overdraft,
        ref_entry_id=ref)


def _member(origin: str, when: datetime, status: str = "active") -> Member:
    mid = new_id()
    return Member(id=mid, phone=None, name="x", origin=origin, enrolled_at=when,
                  tier="general", balance=0, status=status, bucket=0, clocks={},
                  created_at=when, updated_at=when)


def _fill(session: Session) -> None:
    opened = _at(1, 0, 0, UTC)
    session.add_all([Store(id="S001", name="台北", timezone="Asia/Taipei", created_at=opened),
                     Store(id="L01", name="London", timezone="Europe/London",
                           created_at=opened)])
    mei, ann = _member("S001", _at(24, 23, 50, TPE)), _member("L01", _at(25, 0, 30, LON))
    session.add_all([mei, ann, _member("S001", _at(25, 0, 10, TPE)),
                     _member("S001", _at(26, 9, 0, TPE), status="merged")])
    voided = _entry(mei.id, "earn", 300, "S001", _at(25, 11, 0, TPE), sale=3000)
    undone = _entry(mei.id, "redeem", -80, "S001", _at(26, 12, 0, TPE), overdraft=30)
    session.add_all([
        _entry(mei.id, "earn", 100, "S001", _at(24, 23, 59, TPE), sale=1000),
        _entry(mei.id, "earn", 200, "S001", _at(25, 0, 1, TPE), sale=2000),
        voided, _entry(mei.id, "reverse", -300, "S001", _at(25, 11, 5, TPE), ref=voided.id),
        _entry(mei.id, "redeem", -50, "S001", _at(25, 13, 0, TPE), overdraft=20),
        undone, _entry(mei.id, "reverse", 80, "S001", _at(26, 12, 5, TPE), ref=undone.id),
        _entry(mei.id, "expire", -40, "S001", _at(27, 0, 0, TPE)),
        _entry(ann.id, "earn", 70, "L01", _at(25, 0, 30, LON), sale=700),
        _entry(ann.id, "earn", 10, "L01", _at(25, 23, 30, LON), sale=100),
        _entry(ann.id, "bonus", 15, "L01", _at(27, 23, 59, LON)),
        _entry(ann.id, "earn", 99, "L01", _at(28, 0, 0, LON), sale=990),  # after the range
    ])
    session.add(OfflineBreach(entry_id=new_id(), terminal_id="t1", store_id="S001",
                              member_id=mei.id, points=50, reasons="per_redeem",
                              occurred_at=_at(25, 13, 0, TPE), recorded_at=_at(25, 14, 0, TPE)))


def test_the_range_report_equals_the_daily_report_day_by_day(engine: Engine) -> None:
    run_transaction(engine, _fill)
    with Session(engine) as session:
        by_day = []
        day = FIRST
        while day <= LAST:
            by_day.extend(daily(session, day, None))
            day += timedelta(days=1)
        ranged = daily_range(session, FIRST, LAST, None)
        one_store = daily_range(session, FIRST, LAST, "L01")
    assert ranged == by_day
    assert one_store == [r for r in by_day if r.store_id == "L01"]
    s001 = {r.day: r for r in ranged if r.store_id == "S001"}
    assert s001[date(2026, 10, 24)].points_issued == 100
    assert s001[date(2026, 10, 25)].points_issued == 200  # the voided 300 left out
    assert (s001[date(2026, 10, 25)].overdraft_count, s001[date(2026, 10, 26)].overdraft_count
            ) == (1, 0)
    assert sum(r.new_members for r in ranged) == 3
    assert [r.earn_entries for r in ranged if r.store_id == "L01"] == [0, 2, 0, 0]


def test_the_kept_days_equal_a_fresh_count_after_late_entries_voids_and_members(
        engine: Engine) -> None:
    run_transaction(engine, _fill)
    cache = ReportCache(engine)

    def both() -> tuple[list[DailyReportRow], list[DailyReportRow]]:
        with Session(engine) as session:
            return (daily_range(session, FIRST, LAST, None, cache),
                    daily_range(session, FIRST, LAST, None))

    kept, fresh = both()
    assert kept == fresh
    assert kept == both()[0]  # served from the kept rows the second time

    def late(session: Session) -> None:
        feed = FeedWriter(session)
        feed.lock()  # as every writer of entries does: sequences from the feed's counter
        mei = session.scalars(select(Member.id).where(Member.origin == "S001")
                              .order_by(Member.enrolled_at)).first()
        old = session.scalars(select(LedgerEntryRow).where(
            LedgerEntryRow.kind == "earn", LedgerEntryRow.points == 100)).one()
        for entry in (_entry(str(mei), "earn", 500, "S001", _at(26, 12, 0, TPE), sale=5000),
                      _entry(str(mei), "reverse", -100, "S001", _at(27, 9, 0, TPE),
                             ref=old.id)):  # an offline till's late sale, a late void
            entry.feed_seq = feed.allocate(1)
            session.add(entry)
        # A member enrolled offline on the 26th arrives late; the one who joined on the
        # 25th is merged away: both joining days' counts change.
        late_member = _member("S001", _at(26, 15, 0, TPE))
        session.add(late_member)
        merged = session.scalars(select(Member).where(
            Member.enrolled_at == _at(25, 0, 10, TPE))).one()
        merged.status = "merged"
        session.flush()
        feed.append("member.upsert", late_member.id)
        feed.append("member.upsert", merged.id)
        session.flush()
        feed.flush()

    run_transaction(engine, late)
    kept, fresh = both()
    assert kept == fresh
    s001 = {r.day: r.points_issued for r in kept if r.store_id == "S001"}
    assert (s001[FIRST], s001[date(2026, 10, 26)]) == (0, 500)  # the 24th's sale was voided
    joined = {r.day: r.new_members for r in kept if r.store_id == "S001"}
    assert (joined[date(2026, 10, 25)], joined[date(2026, 10, 26)]) == (0, 1)


def _instrument_entry(kind: str, units: int, store: str, when: datetime, *,
                      ref: str | None = None) -> InstrumentEntryRow:
    return InstrumentEntryRow(
        id=new_id(), instrument_id="i1", program_id="welcome", member_id="m", account_id="m",
        kind=kind, units=units, store_id=store, terminal_id="t1", occurred_at=when,
        ref_entry_id=ref, received_at=when, balance_after=0, feed_seq=next(_seq))


def _fill_instruments(session: Session) -> None:
    issued = _instrument_entry("issue", 1, "S001", _at(24, 23, 59, TPE))
    used = _instrument_entry("redeem", -1, "S001", _at(25, 0, 1, TPE))
    twice = _instrument_entry("redeem", -2, "L01", _at(25, 23, 30, LON))
    session.add_all([
        issued, used, twice,
        _instrument_entry("issue", 1, "S001", _at(25, 10, 0, TPE)),
        _instrument_entry("issue", 1, "L01", _at(25, 0, 30, LON)),
        _instrument_entry("reverse", 1, "S001", _at(26, 9, 0, TPE), ref=used.id),
        _instrument_entry("reverse", -1, "S001", _at(27, 9, 0, TPE), ref=issued.id),
        _instrument_entry("redeem", -1, "L01", _at(28, 0, 0, LON)),  # after the range
    ])
    session.add_all([InstrumentConflict(entry_id=twice.id, instrument_id="i1",
                                        reason="over_redeemed", store_id="L01",
                                        terminal_id="t1", occurred_at=twice.occurred_at),
                     InstrumentConflict(entry_id=used.id, instrument_id="i1",
                                        reason="used_twice", store_id="S001",
                                        terminal_id="t1", occurred_at=used.occurred_at)])


def test_the_range_instrument_figures_equal_the_daily_ones(engine: Engine) -> None:
    """``daily_counts_range`` (three grouped queries per zone) against ``daily_counts`` day
    by day: issues, redemptions and their reverses either side of local midnight, in two
    zones across a daylight saving change, and conflicts."""
    run_transaction(engine, _fill)
    run_transaction(engine, _fill_instruments)
    with Session(engine) as session:
        zones = store_zones(session)
        by_day = {}
        day = FIRST
        while day <= LAST:
            by_day.update({(day, sid): counts
                           for sid, counts in daily_counts(session, day, zones).items()})
            day += timedelta(days=1)
        ranged = daily_counts_range(session, FIRST, LAST, zones)
        rows = {(r.day, r.store_id): r for r in daily_range(session, FIRST, LAST, None)}
    assert ranged == by_day
    assert ranged[(date(2026, 10, 24), "S001")] == (1, 0, 0)
    assert ranged[(date(2026, 10, 25), "S001")] == (1, 1, 1)
    assert ranged[(date(2026, 10, 26), "S001")] == (0, -1, 0)  # the redemption undone
    assert ranged[(date(2026, 10, 27), "S001")] == (-1, 0, 0)  # the issue undone
    assert ranged[(date(2026, 10, 25), "L01")] == (1, 2, 1)
    assert (date(2026, 10, 28), "L01") not in ranged
    assert (rows[(date(2026, 10, 25), "L01")].instruments_issued,
            rows[(date(2026, 10, 25), "L01")].instrument_units_redeemed,
            rows[(date(2026, 10, 25), "L01")].instrument_conflicts) == (1, 2, 1)
