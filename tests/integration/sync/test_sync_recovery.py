"""A week offline, healing after a 410, resumable bootstrap, verification, and never losing
the queue — against the real central."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from central.feed import compact
from loyalty.money import Currency, Money
from loyalty.store.keyvalue import get_state, put_state
from loyalty.store.schema import members
from sync.bootstrap import register_terminal
from sync.engine import SyncConfig
from sync.errors import QueueNotEmpty
from sync.queue import ensure_queue_empty, export_queue, rejected_operations
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.store import make_store
from tests.helpers.sync_terminal import Terminal, central_balances, central_entries, unique_phones

MakeTerminal = Callable[..., Terminal]


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


# A week offline at a busy counter: 10,000 sales (REGULARS_WEEK_OFFLINE_SALES=10000, about 90 s
# a database); CI's default, 3,000, still pushes in several batches of 1,000 operations.
WEEK_OFFLINE_SALES = int(os.environ.get("REGULARS_WEEK_OFFLINE_SALES", "3000"))


@pytest.mark.slow
def test_a_week_offline_of_sales_converges(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    sales, members = WEEK_OFFLINE_SALES, 200
    per_day = -(-sales // 7)
    rng = random.Random(7)
    with central.client("admin") as http:  # 1,500 large sales a day: a very busy counter
        document = http.get("/v1/rules").json()["document"]
        document["terminal_limits"] = {"daily_points_issued": 2_000_000}
        assert http.put("/v1/admin/rules", json={"document": document}).status_code == 200
    a, b = make_terminal("a"), make_terminal("b")
    a.offline()
    ids = [a.service.enroll(phone=p, name=f"會員{k}").member_id
           for k, p in enumerate(unique_phones(rng, members))]
    for k in range(sales):
        if k % per_day == 0:
            a.fixture.clock.advance(days=1)
        a.service.award(rng.choice(ids), twd(rng.randrange(50, 5000)), receipt_no=f"W{k}")
        if k % 2000 == 0:  # meanwhile the other store serves the same members online
            b.sync()
    assert a.service.pending_operations() == sales + members
    a.online()
    report = a.sync()
    assert report.push.acked == sales + members and report.push.rejected == 0
    b.sync()
    expected = central_entries(db_url)
    assert len(expected) == sales
    for term in (a, b):
        assert term.entries() == expected
        assert term.balance_errors() == [] and term.pending_total() == 0
        assert term.balances() == central_balances(db_url)


@pytest.mark.expect_log_warnings("sync.engine")  # the test provokes them
def test_too_far_behind_pushes_first_then_heals_from_the_snapshot(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    a, b = make_terminal("a"), make_terminal("b")
    m = b.service.enroll(phone="0912345678", name="王小明")
    b.service.award(m.member_id, twd(1000))
    b.sync()
    a.sync()
    a.offline()
    mine = a.service.award(m.member_id, twd(2000))  # waits in a's outbox
    for _ in range(5):
        b.service.award(m.member_id, twd(500))
        b.sync()
    engine = create_engine(db_url)
    with Session(engine) as s, s.begin():
        compact(s, retention=0)  # a's cursor is now too old to serve: 410
    engine.dispose()
    a.online()
    report = a.sync()
    assert report.healed
    total = 100 + 200 + 5 * 50
    assert a.member(m.member_id)["balance"] == total
    assert a.member(m.member_id)["pending_points"] == 0
    assert mine.entry_id in central_entries(db_url)
    assert a.balances() == central_balances(db_url)
    b.service.award(m.member_id, twd(1000))
    b.sync()
    a.sync()
    assert a.member(m.member_id)["balance"] == total + 100


# ~15 members a part on 8 parts: an interrupted load leaves parts done and parts to do, and 3
# damaged members drift at most 3 parts of 8 (300 members took 80-110 s here, to no more effect).
PARTED_MEMBERS = 120


@pytest.mark.expect_log_warnings("sync.verify")  # the test provokes them
def test_bootstrap_resumes_and_verification_refetches_only_drifted_parts(
        tmp_path: Path, db_url: str) -> None:
    with running_central(db_url, snapshot_parts=8) as central:
        _resume_and_verify(tmp_path, central, db_url)


def _resume_and_verify(tmp_path: Path, central: CentralServer, db_url: str) -> None:
    rng = random.Random(3)
    seed = Terminal.create(tmp_path / "seed", central)
    for k, phone in enumerate(unique_phones(rng, PARTED_MEMBERS)):
        mid = seed.service.enroll(phone=phone, name=f"會員{k}").member_id
        seed.service.award(mid, twd(1000))
    seed.sync()
    seed.close()
    reference = make_store(tmp_path / "reference" / "store.db")  # as the migrations make it
    fresh = Terminal.create(tmp_path / "fresh", central, sync=False)
    try:
        _resume(fresh, db_url, reference.engine)
    finally:
        fresh.close()
        reference.engine.dispose()


def member_indexes(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' "
            "ORDER BY name")]


def _resume(fresh: Terminal, db_url: str, reference: Engine) -> None:
    calls = {"n": 0}
    real = fresh.engine.client.snapshot_part

    def flaky(part: int, parts: int) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:
            fresh.offline()  # the network drops in the middle of the load
        return real(part, parts)

    fresh.engine.client.snapshot_part = flaky  # type: ignore[method-assign]
    fresh.engine.config = SyncConfig(verify_every=None)
    with pytest.raises(Exception, match="cannot be reached"):
        fresh.sync()
    with fresh.db.connect() as conn:
        plan = get_state(conn, "bootstrap")
    assert plan is not None and 1 <= len(plan["done"]) < plan["parts"]
    calls_before = calls["n"]
    fresh.online()
    fresh.sync()
    # Finished parts were not fetched again; the lookup indexes dropped for the load of a
    # new terminal (their SQL kept in the plan across the interruption) are all back.
    assert calls["n"] - calls_before == plan["parts"] - len(plan["done"])
    assert plan["deferred_indexes"]
    assert member_indexes(fresh.db) == member_indexes(reference)
    assert fresh.balances() == central_balances(db_url)
    assert len(fresh.balances()) == PARTED_MEMBERS

    # Damage the local copy of a few members; verification finds and heals only their parts.
    with fresh.db.begin() as conn:
        ids = [r.id for r in conn.execute(members.select().limit(3))]
        conn.execute(members.update().where(members.c.id.in_(ids))
                     .values(balance=members.c.balance + 7))
    fresh.engine.config = SyncConfig(verify_every=timedelta(0))
    with fresh.db.begin() as conn:
        put_state(conn, "verified_at", "2000-01-01T00:00:00+00:00")
    report = fresh.sync()
    assert report.verified is not None and report.verified.compared
    assert report.verified.drifted and len(report.verified.drifted) <= 3
    assert report.verified.parts > len(report.verified.drifted)
    assert fresh.balances() == central_balances(db_url)
    again = fresh.sync()
    assert again.verified is not None and again.verified.drifted == []


def test_the_queue_is_never_lost(tmp_path: Path, make_terminal: MakeTerminal,
                                 central: CentralServer) -> None:
    a = make_terminal("a")
    a.offline()
    m = a.service.enroll(phone="0912345678", name="王小明")
    a.service.award(m.member_id, twd(1000), receipt_no="R-1")
    with pytest.raises(QueueNotEmpty):
        ensure_queue_empty(a.db, "reset")
    with pytest.raises(QueueNotEmpty):
        register_terminal(a.db, tmp_path / "a", central.url,
                          central.demo_chain().enrollment_code, a.fixture.clock())
    out = tmp_path / "queue.jsonl"
    assert export_queue(a.db, out) == 2
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [x["kind"] for x in lines] == ["member.enroll", "ledger.entry"]
    assert out.stat().st_mode & 0o777 == 0o600

    # A stuck queue (online, no progress for 15 minutes) raises the alert.
    a.online()
    status_before = a.engine.status()
    assert not status_before.stuck
    real_push = a.engine.client.push

    def cloned(ops: list[dict[str, object]], **_: object) -> object:
        from sync.errors import Rejected
        raise Rejected("cloned", "terminal_cloned", 409)

    a.engine.client.push = cloned  # type: ignore[method-assign,assignment]
    with pytest.raises(Exception, match="cloned"):
        a.sync()
    a.fixture.clock.advance(minutes=16)
    status = a.engine.status()
    assert status.stuck and status.queue_depth == 2 and status.online
    a.engine.client.push = real_push  # type: ignore[method-assign]
    a.sync()
    assert not a.engine.status().stuck and a.engine.status().queue_depth == 0


@pytest.mark.expect_log_warnings("sync.push")  # the test provokes them
def test_a_rejected_operation_is_kept_and_does_not_block(
        make_terminal: MakeTerminal, db_url: str) -> None:
    a, b = make_terminal("a"), make_terminal("b")
    m = a.service.enroll(phone="0912345678", name="王小明")
    a.sync()
    b.sync()
    a.offline()
    b.offline()
    a.service.award(m.member_id, twd(1000), receipt_no="SAME")
    b.service.award(m.member_id, twd(1000), receipt_no="SAME")  # the same receipt twice
    later = b.service.award(m.member_id, twd(3000), receipt_no="NEXT")
    a.online()
    b.online()
    a.sync()
    b.sync()
    [rejected] = rejected_operations(b.db)
    assert rejected.reason.startswith("duplicate_receipt")
    assert later.entry_id in central_entries(db_url)
    a.sync()
    assert a.entries() == b.entries() == central_entries(db_url)
    assert b.member(m.member_id)["balance"] == a.member(m.member_id)["balance"] == 400
    assert b.engine.status().rejected == 1


@pytest.mark.expect_log_warnings("sync.bootstrap")  # the test provokes them
def test_a_registration_whose_rules_request_fails_is_kept_and_the_next_sync_fetches_them(
        tmp_path: Path, central: CentralServer) -> None:
    """Central spends the code on the first answer: losing the next request must not strand
    the terminal (it would need a new code); the rules come with the next sync."""
    from sqlalchemy import func, select

    from loyalty.store.rulebook import current_rules
    from loyalty.store.schema import rules_versions
    from sync.bootstrap import rules_pending
    from sync.client import CentralClient
    from sync.credentials import load_token
    from sync.engine import SyncEngine
    from sync.state import identity
    from tests.helpers.sync_terminal import SwitchTransport

    store = make_store(tmp_path / "store.db")
    down = SwitchTransport()
    down.up = False

    def factory(url: str, token: str | None) -> CentralClient:  # the network drops after
        return CentralClient(url, token, attempts=1, transport=None if token is None else down)

    ident = register_terminal(store.engine, tmp_path, central.url,
                              central.demo_chain().enrollment_code, store.clock(),
                              client_factory=factory)
    with store.engine.connect() as conn:
        assert identity(conn) == ident and rules_pending(conn)
        assert get_state(conn, "code_block") is not None
        assert conn.execute(select(func.count()).select_from(rules_versions)).scalar() == 0
    assert load_token(tmp_path)
    client = CentralClient(central.url, load_token(tmp_path), attempts=1)
    SyncEngine(store.engine, client, now=store.clock,
               config=SyncConfig(verify_every=None)).sync_once()
    with store.engine.connect() as conn:
        assert not rules_pending(conn)
        held = conn.execute(select(rules_versions.c.version)).scalars().all()
        assert held == [current_rules(conn).version]  # central's document, not the default
    client.close()
    store.engine.dispose()
