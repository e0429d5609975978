"""Pushes without the feed lock (PostgreSQL): a push held open in its transaction does not
hold up another member's push, the same member's pushes wait for each other and end with the
exact balance, and no puller is served past a change still in flight."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from central.clock import now
from central.push import push
from central.push_parse import parse_body
from tests.helpers.central_db import reset
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.central_state import assert_read_whole_feed

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def pg_central(pg_database: str) -> Iterator[CentralServer]:
    reset(pg_database)
    with running_central(pg_database) as server:
        yield server


@pytest.fixture
def tills(pg_central: CentralServer) -> Iterator[list[TerminalClient]]:
    """Four registered tills of one store."""
    made = []
    for _ in range(4):
        registration = pg_central.new_terminal()
        made.append(TerminalClient(pg_central.client(registration["token"]), registration))
    yield made
    for till in made:
        till.http.close()


def _member(term: TerminalClient, phone: str) -> str:
    enroll = term.enroll(phone)
    term.push_ok(enroll)
    member_id: str = enroll["payload"]["member_id"]
    return member_id


def _balance(db_url: str, member_id: str) -> tuple[int, int]:
    """The member's balance, and the sum of its ledger entries."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return tuple(conn.execute(text(
                "SELECT balance, (SELECT COALESCE(sum(points), 0) FROM ledger_entries "
                "WHERE account_id = :m) FROM members WHERE id = :m"), {"m": member_id}).one())
    finally:
        engine.dispose()


def _pull_all(term: TerminalClient, after: int = 0) -> tuple[list[int], int]:
    seen: list[int] = []
    while True:
        page = term.changes(after, 3)
        seen += [c["seq"] for c in page["changes"]]
        after = page["next_cursor"]
        if not page["has_more"]:
            return seen, after


def test_a_push_held_open_does_not_hold_up_another_members_push(
        pg_central: CentralServer, tills: list[TerminalClient]) -> None:
    central = pg_central
    held_till, other_till, same_till = tills[:3]
    member_a = _member(held_till, "+886911000001")
    member_b = _member(other_till, "+886911000002")
    before_seen, before = _pull_all(other_till)
    # A push of member A, through central's own push code, left open in its transaction:
    # it holds its terminal, member A's row and a feed number.
    body = json.dumps({"operations": [held_till.entry(member_a, 7)]}).encode()
    ops, parsed = parse_body(body)
    engine = create_engine(central.db_url)
    session = Session(engine)
    try:
        outcome = push(session, held_till.id, ops, 1000, now(), parsed)
        assert outcome.results[0]["status"] == "applied"  # type: ignore[index]
        in_flight = session.execute(text(
            "SELECT feed_seq FROM ledger_entries WHERE member_id = :m AND points = 7"),
            {"m": member_a}).scalar_one()

        # Member B's push goes through at once (under the feed lock it waited for A's commit).
        started = time.monotonic()
        response = other_till.http.post("/v1/sync/push", json={
            "operations": [other_till.entry(member_b, 5)]}, timeout=5.0)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["results"][0]["status"] == "applied"
        assert time.monotonic() - started < 3.0
        assert _balance(central.db_url, member_b) == (5, 5)

        # B's entry is committed but numbered after A's, still in flight: not served yet.
        seen, cursor = _pull_all(other_till, before)
        assert seen == [] and cursor < in_flight

        # Member A's own next push (another till) waits for the open one.
        same = ThreadPoolExecutor(1)
        waiting = same.submit(same_till.push_ok, same_till.entry(member_a, 11))
        time.sleep(1.0)
        assert not waiting.done()
        session.commit()
        assert waiting.result(timeout=30)["results"][0]["status"] == "applied"
        same.shutdown()
    finally:
        session.close()
        engine.dispose()
    assert _balance(central.db_url, member_a) == (18, 18)
    seen, _ = _pull_all(other_till, before)
    assert seen and seen[0] == in_flight and seen == sorted(set(seen))
    assert_read_whole_feed(before_seen + seen, central.db_url)


def test_the_same_members_pushes_at_once_end_with_the_exact_balance(
        pg_central: CentralServer, tills: list[TerminalClient]) -> None:
    central = pg_central
    shared = _member(tills[0], "+886911000003")
    own = [_member(t, f"+88691100001{k}") for k, t in enumerate(tills)]
    pushed: list[int] = []
    lock = threading.Lock()

    def sell(k: int) -> None:
        term = tills[k]
        for round_ in range(8):
            points = [k + round_ + n for n in range(1, 4)]
            # Shared member and the till's own, in an order that differs between tills.
            members = [shared, own[k]] if k % 2 else [own[k], shared]
            ops: list[dict[str, Any]] = [term.entry(members[n % 2], p)
                                         for n, p in enumerate(points)]
            term.push_ok(*ops)
            with lock:
                pushed.extend(p for n, p in enumerate(points) if members[n % 2] == shared)

    with ThreadPoolExecutor(len(tills)) as pool:
        list(pool.map(sell, range(len(tills))))
    balance, ledger = _balance(central.db_url, shared)
    assert balance == ledger == sum(pushed)
    # and the running balances the ledger holds follow its feed order for that member
    engine = create_engine(central.db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT points, balance_after FROM ledger_entries WHERE account_id = :m "
                "ORDER BY feed_seq"), {"m": shared}).all()
    finally:
        engine.dispose()
    running = 0
    for points, after in rows:
        running += points
        assert after == running
    seen, _ = _pull_all(tills[0])
    assert_read_whole_feed(seen, central.db_url)
