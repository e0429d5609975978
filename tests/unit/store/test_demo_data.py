"""Demo data is realistic enough to demo every screen: every NAPL status and tier occurs,
balances equal ledger sums, phones are valid mobiles, and the counter path queues it all."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from loyalty.napl import napl_status
from loyalty.phone import normalise_phone
from loyalty.store.demo import MovableClock, generate, seed_through_counter
from tests.helpers.store import make_store

TODAY = date(2026, 11, 23)


def test_bulk_demo_covers_every_status_and_tier(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    store.engine.dispose()
    counts = generate(store.path, 3000, today=TODAY)
    db = sqlite3.connect(store.path)
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 3000
    assert counts["entries"] == db.execute("SELECT count(*) FROM ledger").fetchone()[0]
    drift = db.execute("SELECT count(*) FROM members m WHERE balance != (SELECT coalesce("
                       "sum(points), 0) FROM ledger l WHERE l.member_id = m.id)").fetchone()[0]
    assert drift == 0
    tiers = {row[0] for row in db.execute("SELECT DISTINCT tier FROM members")}
    assert tiers == {"general", "silver", "gold", "vip"}
    statuses = set()
    for first, last, days in db.execute(
            "SELECT min(substr(occurred_at, 1, 10)), max(substr(occurred_at, 1, 10)), "
            "count(DISTINCT substr(occurred_at, 1, 10)) FROM members m LEFT JOIN ledger l "
            "ON l.member_id = m.id AND l.kind = 'earn' GROUP BY m.id"):
        statuses.add(napl_status(date.fromisoformat(first) if first else None,
                                 date.fromisoformat(last) if last else None, days, TODAY))
    assert {s.value if s else None for s in statuses} == {"N", "A", "P", "L", None}
    for (phone,) in db.execute("SELECT phone FROM members LIMIT 200"):
        assert normalise_phone(phone) == phone
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_counter_seeding_queues_everything_for_central(tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    clock = MovableClock()
    service = store.service(clock=clock)
    entries = seed_through_counter(service, clock, 40, today=TODAY)
    db = sqlite3.connect(store.path)
    kinds = dict(db.execute("SELECT kind, count(*) FROM outbox GROUP BY kind").fetchall())
    assert kinds == {"member.enroll": 40, "ledger.entry": entries}
    db.close()
    service.close()


def test_no_demo_sale_is_dated_after_now(tmp_path: Path) -> None:
    """Generated with tomorrow as "today" (as a morning run generates this evening's
    sales): every entry is still in the past, so no panel shows a purchase still to come."""
    store = make_store(tmp_path / "store.db")
    store.engine.dispose()
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    generate(store.path, 2000, today=tomorrow)
    db = sqlite3.connect(store.path)
    on_last_day = db.execute("SELECT count(*) FROM ledger WHERE occurred_at >= ?",
                             ((datetime.now(UTC) - timedelta(hours=2)).strftime(
                                 "%Y-%m-%dT%H:%M:%S"),)).fetchone()[0]
    latest = db.execute("SELECT max(occurred_at) FROM ledger").fetchone()[0]
    db.close()
    assert on_last_day > 0  # the day's sales are there, moved into the last hour
    assert datetime.fromisoformat(latest).replace(tzinfo=UTC) <= datetime.now(UTC)
