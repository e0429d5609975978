"""The chain report's past days are kept ahead of any reader (``report_cache.warm``): by the
nightly jobs and by central's own loop, once however many processes run it, so a manager's
first view of a range reads kept figures and equals a fresh count (PostgreSQL: SQLite keeps
nothing)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from central import jobs, report_cache
from central.bootstrap import prepare
from central.clock import now
from central.db import run_transaction
from central.models import LedgerEntryRow, Member, ReportDay, Store
from central.report_cache import ReportCache
from central.reporting import daily_range
from loyalty.ids import new_id
from tests.helpers.central_db import reset
from tests.helpers.central_server import running_central

pytestmark = pytest.mark.postgres
TPE, LON = ZoneInfo("Asia/Taipei"), ZoneInfo("Europe/London")
STORES = 4  # S001 and L01, and the online and central channels
_seq = count(10_000)


@pytest.fixture
def pg(pg_database: str) -> Iterator[Engine]:
    reset(pg_database)
    engine = prepare(pg_database)
    yield engine
    engine.dispose()


def _yesterday(tz: ZoneInfo) -> date:
    return now().astimezone(tz).date() - timedelta(days=1)


def _at(day: date, hour: int, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=tz).astimezone(UTC)


def _earn(member: str, store: str, when: datetime, points: int) -> LedgerEntryRow:
    return LedgerEntryRow(
        id=new_id(), member_id=member, account_id=member, kind="earn", points=points,
        sale_amount=Decimal(points * 10), currency="TWD", store_id=store, terminal_id="t1",
        occurred_at=when, rules_version=1, offline=False, received_at=when,
        feed_seq=next(_seq), balance_after=0, overdraft=0)


def _fill(session: Session) -> str:
    opened = now() - timedelta(days=200)
    session.add_all([Store(id="S001", name="台北", timezone="Asia/Taipei", created_at=opened),
                     Store(id="L01", name="London", timezone="Europe/London",
                           created_at=opened)])
    mid = new_id()
    session.add(Member(id=mid, phone=None, name="x", origin="S001", enrolled_at=opened,
                       tier="general", balance=0, status="active", bucket=0, clocks={},
                       created_at=opened, updated_at=opened))
    tpe, lon = _yesterday(TPE), _yesterday(LON)
    session.add_all([
        _earn(mid, "S001", _at(tpe, 0, TPE) + timedelta(minutes=5), 100),
        _earn(mid, "S001", _at(tpe - timedelta(days=9), 23, TPE), 40),
        _earn(mid, "L01", _at(lon, 23, LON), 70),
        _earn(mid, "S001", now(), 5),  # today: not complete, not kept ahead
        _earn(mid, "S001", _at(tpe - timedelta(days=120), 12, TPE), 9),  # before the window
    ])
    return mid


def _kept(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(ReportDay)) or 0)


def _reports(engine: Engine, first: date, last: date) -> tuple[list, list]:  # type: ignore[type-arg]
    with Session(engine) as session:
        return (daily_range(session, first, last, None, ReportCache(engine)),
                daily_range(session, first, last, None))


def test_the_nightly_jobs_keep_every_complete_day_once_and_the_report_reads_them(
        pg: Engine) -> None:
    mid = run_transaction(pg, _fill)
    result = jobs.run_all(pg, now().date(), 1_000_000)
    assert result.report_days_kept == report_cache.WARM_DAYS * STORES
    assert _kept(pg) == report_cache.WARM_DAYS * STORES
    assert jobs.run_all(pg, now().date(), 1_000_000).report_days_kept == 0  # nothing left

    last = _yesterday(TPE)
    first = last - timedelta(days=29)
    kept, fresh = _reports(pg, first, last)
    assert kept == fresh
    s001 = {r.day: r.points_issued for r in kept if r.store_id == "S001"}
    assert s001[last] == 100 and s001[last - timedelta(days=9)] == 40
    assert _kept(pg) == report_cache.WARM_DAYS * STORES  # nothing computed by the view

    # An entry slipped in beside the feed (no sequence past the mark): the kept figures are
    # what the report reads, so it does not show; a fresh count does.
    def slip(session: Session) -> None:
        entry = _earn(mid, "S001", _at(last, 12, TPE), 1000)
        entry.feed_seq = 10**12
        session.add(entry)

    run_transaction(pg, slip)
    kept, fresh = _reports(pg, first, last)
    assert {r.day: r.points_issued for r in kept if r.store_id == "S001"}[last] == 100
    assert {r.day: r.points_issued for r in fresh if r.store_id == "S001"}[last] == 1100


def test_a_second_process_skips_while_one_warms(pg: Engine) -> None:
    run_transaction(pg, _fill)
    with pg.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
        other.execute(text("SELECT pg_advisory_lock(:k)"), {"k": report_cache.WARM_LOCK})
        assert report_cache.warm(pg) is None
        assert _kept(pg) == 0
        other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": report_cache.WARM_LOCK})
    assert report_cache.warm(pg, days=10) == 10 * STORES


def test_centrals_own_loop_keeps_the_days_without_a_reader(pg: Engine) -> None:
    run_transaction(pg, _fill)
    url = pg.url.render_as_string(hide_password=False)
    with running_central(url, report_warm_delay_s=0.1):
        deadline = time.monotonic() + 30
        while _kept(pg) < report_cache.WARM_DAYS * STORES and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _kept(pg) == report_cache.WARM_DAYS * STORES
    last = _yesterday(TPE)
    kept, fresh = _reports(pg, last - timedelta(days=29), last)
    assert kept == fresh
