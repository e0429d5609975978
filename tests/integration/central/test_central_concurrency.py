"""Concurrency on PostgreSQL: two central processes on one database, many clients at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.helpers.central_db import reset
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer, start_central
from tests.helpers.central_state import assert_read_whole_feed

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
PHONE = "+886987654321"


@pytest.fixture
def two_centrals(pg_database: str, tmp_path: Path) -> Iterator[list[CentralServer]]:
    reset(pg_database)
    servers = [start_central(pg_database, subprocess=True, log_path=tmp_path / f"c{k}.log")
               for k in range(2)]
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()


def _ledger_invariants(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            drift = conn.execute(text(
                "SELECT count(*) FROM members m WHERE m.balance <> COALESCE("
                "(SELECT sum(points) FROM ledger_entries e WHERE e.account_id = m.id), 0)"
            )).scalar_one()
            active = conn.execute(text(
                "SELECT count(*) FROM members WHERE phone = :p AND status = 'active'"),
                {"p": PHONE}).scalar_one()
            entries = conn.execute(text("SELECT count(*) FROM ledger_entries")).scalar_one()
    finally:
        engine.dispose()
    return {"drift": drift, "active": active, "entries": entries}


def test_same_phone_and_same_entries_from_many_clients(two_centrals: list[CentralServer]
                                                       ) -> None:
    a, b = two_centrals
    regs = [a.new_terminal() for _ in range(8)]
    barrier = threading.Barrier(len(regs))

    def enroll_and_earn(k: int) -> dict[str, Any]:
        server = two_centrals[k % 2]
        with server.client(regs[k]["token"]) as http:
            term = TerminalClient(http, regs[k])
            enroll = term.enroll(PHONE, name="張三")
            member_id = enroll["payload"]["member_id"]
            ops = [enroll, *[term.entry(member_id, 10) for _ in range(5)]]
            barrier.wait()
            body = term.push_ok(*ops)
            # the same batch again, at once, through both processes
            with ThreadPoolExecutor(4) as pool:
                replays = list(pool.map(lambda s: _push_via(s, regs[k]["token"], ops),
                                        [a, b, a, b]))
            assert all(r["results"][0]["status"] == "already_applied" for r in replays)
            return body

    with ThreadPoolExecutor(len(regs)) as pool:
        bodies = list(pool.map(enroll_and_earn, range(len(regs))))
    canonical = {r["results"][0]["mappings"][0]["canonical_id"] for r in bodies
                 if r["results"][0]["mappings"]}
    assert len(canonical) == 1  # every other enrollment became an alias of one member
    assert sum(1 for r in bodies if not r["results"][0]["mappings"]) == 1
    facts = _ledger_invariants(a.db_url)
    assert facts == {"drift": 0, "active": 1, "entries": 8 * 5}
    with a.client("admin") as http:
        member = http.get(f"/v1/admin/members/{canonical.pop()}").json()
    assert member["balance"] == 8 * 5 * 10


def _push_via(server: CentralServer, token: str, ops: list[dict[str, Any]]) -> dict[str, Any]:
    with server.client(token) as http:
        response = http.post("/v1/sync/push", json={"operations": ops})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def test_a_feed_reader_beside_concurrent_writers_misses_nothing(
        two_centrals: list[CentralServer]) -> None:
    a, b = two_centrals
    regs = [b.new_terminal() for _ in range(6)]
    done = threading.Event()
    pushed: set[str] = set()
    lock = threading.Lock()

    def write(k: int) -> None:
        with two_centrals[k % 2].client(regs[k]["token"]) as http:
            term = TerminalClient(http, regs[k])
            enroll = term.enroll(f"+8869{k:02d}123456")
            member_id = enroll["payload"]["member_id"]
            term.push_ok(enroll)
            for _ in range(25):
                ops = [term.entry(member_id, 1) for _ in range(4)]
                term.push_ok(*ops)
                with lock:
                    pushed.update(op["payload"]["entry_id"] for op in ops)

    seen_seqs: list[int] = []
    seen_entries: list[str] = []

    def read() -> None:
        with a.client(regs[0]["token"]) as http:
            reader = TerminalClient(http, regs[0])
            cursor, quiet = 0, False
            while not quiet:
                quiet = done.is_set()  # one more full pass after the writers finish
                while True:
                    page = reader.changes(cursor, 7)
                    seen_seqs.extend(c["seq"] for c in page["changes"])
                    seen_entries.extend(c["data"]["entry_id"] for c in page["changes"]
                                        if c["kind"] == "ledger.entry")
                    cursor = page["next_cursor"]
                    if not page["has_more"]:
                        break

    reader = threading.Thread(target=read)
    reader.start()
    with ThreadPoolExecutor(len(regs)) as pool:
        list(pool.map(write, range(len(regs))))
    done.set()
    reader.join(timeout=120)
    assert_read_whole_feed(seen_seqs, a.db_url)
    assert sorted(seen_entries) == sorted(pushed)
    assert _ledger_invariants(a.db_url)["drift"] == 0
