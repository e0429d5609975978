"""Issue 16 point 9: the till checks what it pulls. A malformed change in central's feed and a
bad row in a snapshot part (written straight into the real central's database, SQLite and
PostgreSQL) are quarantined with their reason and listed for the manager; the rest of the
feed keeps flowing, and pushes go on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, select
from sqlalchemy.orm import Session

from central import feed as central_feed
from central.models import LedgerEntryRow, Member
from loyalty.ids import new_id
from loyalty.money import Currency, Money
from loyalty.store.keyvalue import get_state
from loyalty.store.schema import ledger, members, pull_quarantine
from sync.problems import problem_counts, sync_problems
from sync.protocol import snapshot_bucket
from tests.helpers.central_fixtures import central, db_url, pg_database
from tests.helpers.central_server import CentralServer
from tests.helpers.sync_terminal import Terminal

__all__ = ["central", "db_url", "pg_database"]


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


@pytest.fixture
def tills(tmp_path: Path, central: CentralServer) -> Iterator[list[Terminal]]:
    made = [Terminal.create(tmp_path / "a", central), Terminal.create(tmp_path / "b", central)]
    yield made
    for term in made:
        term.close()


def feed_head(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return central_feed.feed_head(conn)
    finally:
        engine.dispose()


def write_bad_entry(db_url: str, member_id: str, terminal_id: str) -> str:
    """A ledger entry of a kind no protocol knows, appended to central's feed by hand."""
    entry_id = new_id()
    now = datetime.now(UTC)
    engine = create_engine(db_url)
    try:
        with Session(engine) as session, session.begin():
            feed = central_feed.FeedWriter(session)
            seq = feed.allocate(1)
            session.execute(insert(LedgerEntryRow).values(
                id=entry_id, member_id=member_id, account_id=member_id, kind="gift",
                points=500, store_id="S001", terminal_id=terminal_id, occurred_at=now,
                rules_version=1, offline=False, received_at=now, feed_seq=seq,
                balance_after=0, overdraft=0))
            feed.flush()
    finally:
        engine.dispose()
    return entry_id


@pytest.mark.expect_log_warnings("sync.pull_check")  # the test provokes them
def test_a_malformed_change_is_quarantined_and_the_rest_of_the_feed_flows(
        tills: list[Terminal], db_url: str) -> None:
    a, b = tills
    m = a.service.enroll(phone="0912345678", name="王小明")
    a.service.award(m.member_id, twd(1000), receipt_no="R1")
    a.sync()
    b.sync()
    bad_id = write_bad_entry(db_url, m.member_id, a.terminal_id)
    later = a.service.award(m.member_id, twd(2000), receipt_no="R2")
    a.sync()
    own = b.service.award(m.member_id, twd(300), receipt_no="R3")
    report = b.sync()  # before: the pull stopped at the bad change, every round
    assert report.pull.quarantined == 1
    assert report.push.acked == 1
    with b.db.connect() as conn:
        ids = set(conn.execute(select(ledger.c.id)).scalars())
        kept = conn.execute(select(pull_quarantine)).mappings().one()
        assert int(get_state(conn, "cursor")) == feed_head(db_url)
        problems = sync_problems(conn)
        counts = problem_counts(conn)
    assert later.entry_id in ids and own.entry_id in ids and bad_id not in ids
    assert (kept["source"], kept["kind"]) == ("change", "ledger.entry")
    assert "kind" in kept["reason"] and bad_id in kept["data"]
    assert [(q.source, q.kind, q.new) for q in problems.quarantined] == [
        ("change", "ledger.entry", True)]
    assert counts.quarantined == 1
    assert b.balance_errors() == []
    a.sync()
    with a.db.connect() as conn:  # every till sets the bad change aside
        assert len(sync_problems(conn).quarantined) == 1
    assert b.member(m.member_id)["balance"] == a.member(m.member_id)["balance"]


@pytest.mark.expect_log_warnings("sync.pull_check")  # the test provokes them
def test_a_bad_snapshot_row_is_quarantined_and_the_other_members_load(
        tills: list[Terminal], db_url: str, central: CentralServer, tmp_path: Path) -> None:
    a, _ = tills
    good = [a.service.enroll(phone=f"09123456{k:02d}", name="王小明").member_id
            for k in range(5)]
    a.sync()
    bad_id = new_id()
    now = datetime.now(UTC)
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(Member).values(
                id=bad_id, phone="+886912000999", member_code="9999999999", name="壞資料",
                origin="S001", tier="general", balance=0, status="haunted",
                bucket=snapshot_bucket(bad_id), clocks={}, created_at=now, updated_at=now))
    finally:
        engine.dispose()
    c = Terminal.create(tmp_path / "c", central)  # bootstraps from the snapshot
    try:
        with c.db.connect() as conn:
            held = set(conn.execute(select(members.c.id)).scalars())
            kept = conn.execute(select(pull_quarantine)).mappings().all()
            problems = sync_problems(conn)
    finally:
        c.close()
    assert set(good) <= held and bad_id not in held
    assert [(k["source"], k["kind"]) for k in kept] == [("snapshot", "member")]
    assert "status" in kept[0]["reason"] and bad_id in kept[0]["data"]
    assert len(problems.quarantined) == 1
