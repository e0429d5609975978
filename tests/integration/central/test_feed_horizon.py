"""Feed numbering without the feed lock (central/feed_horizon.py) on PostgreSQL: writers that
commit out of order, abort, or stall never make a puller skip a change."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from central import feed_horizon
from tests.helpers.central_db import temp_postgres_database

pytestmark = [pytest.mark.postgres]

_INSERT = text("INSERT INTO changes_h (seq, writer) VALUES (:seq, :writer)")
_PAGE = text("SELECT seq FROM changes_h WHERE seq > :after AND seq <= :upto ORDER BY seq "
             "LIMIT :limit")


@pytest.fixture
def feed_db() -> Iterator[Engine]:
    """A private PostgreSQL database with a change table and the feed numbering installed."""
    with temp_postgres_database() as url:
        engine = create_engine(url, pool_size=20)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE changes_h (seq bigint PRIMARY KEY, writer int)"))
            feed_horizon.install(conn, head=41)
        try:
            yield engine
        finally:
            engine.dispose()


def _pull(engine: Engine, after: int, limit: int = 5) -> tuple[list[int], int]:
    """One page as central would serve it: the horizon first, then the rows up to it; the
    cursor moves to the last row read, or to the horizon when the page is not full."""
    with engine.begin() as conn:
        upto = feed_horizon.horizon(conn)
        seqs = list(conn.execute(_PAGE, {"after": after, "upto": upto, "limit": limit})
                    .scalars())
    return seqs, (seqs[-1] if len(seqs) == limit else max(after, upto))


def test_a_change_committed_after_a_later_one_is_not_skipped(feed_db: Engine) -> None:
    slow, fast = feed_db.connect(), feed_db.connect()
    try:
        slow.begin()
        first = feed_horizon.allocate(slow, 3)
        slow.execute(_INSERT, [{"seq": first + k, "writer": 1} for k in range(3)])
        fast.begin()
        second = feed_horizon.allocate(fast, 1)
        assert (first, second) == (42, 45)  # contiguous ranges after the installed head
        fast.execute(_INSERT, {"seq": second, "writer": 2})
        fast.commit()
        # 45 is committed, 42-44 are not: a puller must stop before 42
        assert _pull(feed_db, 41) == ([], 41)
        slow.commit()
        assert _pull(feed_db, 41) == ([42, 43, 44, 45], 45)
    finally:
        slow.close()
        fast.close()


def test_an_aborted_range_leaves_a_gap_and_holds_nothing_up(feed_db: Engine) -> None:
    with feed_db.connect() as conn:
        conn.begin()
        feed_horizon.allocate(conn, 2)  # 42, 43
        assert _pull(feed_db, 41) == ([], 41)
        conn.rollback()
    with feed_db.begin() as conn:
        conn.execute(_INSERT, {"seq": feed_horizon.allocate(conn, 1), "writer": 1})
    assert _pull(feed_db, 41) == ([44], 44)
    with pytest.raises(ValueError, match="at least 1"), feed_db.begin() as conn:
        feed_horizon.allocate(conn, 0)


def test_pullers_beside_out_of_order_writers_miss_nothing(feed_db: Engine) -> None:
    """Eight writers allocate ranges, stall at random, commit or roll back in whatever
    order; three pullers page through the feed all the while. Every puller ends with exactly
    the committed numbers, in order, and no horizon it saw ever went back."""
    committed: set[int] = set()
    guard = threading.Lock()
    writing = threading.Event()
    writing.set()
    problems: list[str] = []

    def write(k: int) -> None:
        rng = random.Random(k)
        for _ in range(40):
            with feed_db.connect() as conn:
                conn.begin()
                taken = rng.randint(1, 4)
                first = feed_horizon.allocate(conn, taken)
                # some use less than they took (a released tail), as FeedWriter may
                used = [first + j for j in range(rng.randint(1, taken))]
                time.sleep(rng.random() * 0.02)
                conn.execute(_INSERT, [{"seq": s, "writer": k} for s in used])
                time.sleep(rng.random() * 0.02)
                if rng.random() < 0.2:
                    conn.rollback()
                    continue
                conn.commit()
                with guard:
                    committed.update(used)

    def pull(k: int) -> list[int]:
        seen: list[int] = []
        cursor, last_horizon, quiet = 41, 41, False
        while not quiet:
            quiet = not writing.is_set()  # one full pass after the writers finish
            time.sleep(0.005)
            while True:
                with feed_db.begin() as conn:
                    upto = feed_horizon.horizon(conn)
                if upto < last_horizon:
                    problems.append(f"puller {k}: horizon went back {last_horizon} → {upto}")
                last_horizon = upto
                seqs, cursor_next = _pull(feed_db, cursor, limit=3 + k)
                seen += seqs
                if cursor_next == cursor:
                    break
                cursor = cursor_next
        return seen

    results: list[list[int]] = [[] for _ in range(3)]
    pullers = [threading.Thread(target=lambda k=k: results.__setitem__(k, pull(k)))
               for k in range(3)]
    writers = [threading.Thread(target=write, args=(k,)) for k in range(8)]
    for thread in pullers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    writing.clear()
    for thread in pullers:
        thread.join(timeout=120)
    assert not problems, problems[:5]
    assert len(committed) > 150  # 320 transactions, about a fifth rolled back
    for seen in results:
        assert seen == sorted(committed)
