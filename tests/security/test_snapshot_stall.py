"""Clients that open snapshot parts and read nothing cannot take central down (issue 16,
point 7).

The attack: 25 clients opened a part (``?parts=1``) and never read it; each held a pooled
database connection in an open REPEATABLE READ transaction, so ``/v1/rules``,
``/v1/sync/changes`` and registration answered 500 after 30 s, and stayed broken after the
clients left (PostgreSQL still showed them "idle in transaction"). Now a part is built once
per feed position into a file and streamed from there.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, text

from central.db import APPLICATION_NAME, normalise_url
from central.models import Base
from loyalty.ids import new_id
from sync.protocol import snapshot_bucket
from tests.helpers import raw_http
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.wait import wait_until

MEMBERS = 30_000  # ≈10 MB in one part: far more than loopback's socket buffers hold
STALLED = 50


def _fill_members(db_url: str, count: int) -> None:
    now = datetime.now(UTC)
    engine = create_engine(normalise_url(db_url))
    rows: list[dict[str, object]] = []
    for n in range(count):
        member_id = new_id()
        rows.append({"id": member_id, "phone": f"+8869{30000000 + n:08d}", "member_code": None,
                     "name": f"會員{n} 之家 王小明", "origin": "S001", "enrolled_at": now,
                     "tier": "general", "tier_since": now.date(), "balance": n % 5000,
                     "status": "active", "bucket": snapshot_bucket(member_id), "clocks": {},
                     "created_at": now, "updated_at": now})
    with engine.begin() as conn:
        conn.execute(insert(Base.metadata.tables["members"]), rows)
    engine.dispose()


def _sessions_in_a_transaction(db_url: str) -> list[tuple[str, str]]:
    """Central's PostgreSQL sessions inside a transaction right now (state, query)."""
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT state, query FROM pg_stat_activity WHERE datname = current_database()"
                " AND application_name = :name AND xact_start IS NOT NULL"),
                {"name": APPLICATION_NAME}).all()
            return [(str(state), str(query)) for state, query in rows]
    finally:
        engine.dispose()


def _open_snapshot_files() -> list[str]:
    """Snapshot part files this process (the test central runs in a thread) holds open."""
    names = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if "regulars-snapshot-" in target:
            names.append(target)
    return names


def _timed(call: Callable[[], httpx.Response]) -> tuple[int, float]:
    """An answer's status and how long it took."""
    began = time.monotonic()
    status = call().status_code
    return status, time.monotonic() - began


def test_fifty_stalled_snapshot_readers_leave_sync_working_and_hold_no_database_session(
        central: CentralServer, db_url: str) -> None:
    _fill_members(db_url, MEMBERS)
    reader = central.new_terminal()
    head = raw_http.request_head("GET", "/v1/sync/snapshot/parts/0?parts=1",
                                 f"Authorization: Bearer {reader['token']}")
    stalled = [raw_http.connect(central.url, rcvbuf=4096) for _ in range(STALLED)]
    try:
        for sock in stalled:
            sock.sendall(head)
        raw_http.wait_readable(stalled, timeout=120)  # every part is being sent: none read
        held = _open_snapshot_files()
        assert (len(held), len(set(held))) == (STALLED, 1)  # one file, built once, open 50 times
        postgres = db_url.startswith("postgresql")
        if postgres:
            assert _sessions_in_a_transaction(db_url) == []
        began = time.monotonic()
        other = central.new_terminal()
        registered_in = time.monotonic() - began
        with central.client(other["token"]) as http:
            term = TerminalClient(http, other)
            answers = {
                "rules": _timed(lambda: http.get("/v1/rules")),
                "changes": _timed(lambda: http.get("/v1/sync/changes", params={"after": 0})),
                "push": _timed(lambda: term.push(term.enroll("+886912000001"))),
            }
        assert {name: status for name, (status, _) in answers.items()} == {
            "rules": 200, "changes": 200, "push": 200}
        assert max([registered_in] + [took for _, took in answers.values()]) < 5.0, answers
    finally:
        for sock in stalled:
            sock.close()
    if db_url.startswith("postgresql"):
        assert _sessions_in_a_transaction(db_url) == []
    # the server (a thread of this process) lets them go
    wait_until(lambda: not _open_snapshot_files(), 10,
               message=lambda: f"still open: {_open_snapshot_files()}")
    with central.client(reader["token"]) as http:  # the readers' part is whole and current
        body = http.get("/v1/sync/snapshot/parts/0", params={"parts": 1}).content
    assert body.count(b"\n") == MEMBERS + 2  # the members, the push's new one, the trailer
