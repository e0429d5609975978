"""Benchmark feed numbering on PostgreSQL: today's feed lock against the sequence + horizon.

    python tests/perf/bench_feed_numbering.py --writers 16 --hold-ms 20 --seconds 10

Each writer loops: begin, number 1-4 changes, insert them, spend ``--hold-ms`` in the
transaction (the Python work a push does between taking its numbers and committing: building
rows, the balance statements, a descheduled process on a busy machine), commit. ``lock`` numbers
the way :class:`central.feed.FeedWriter` does today (the ``feed`` counter row ``FOR UPDATE``,
held to commit); ``horizon`` uses :mod:`central.feed_horizon`. Two pullers page through the
feed throughout and must end with every committed change. Works in a private database (dropped
afterwards). Prints ONE JSON line: per mode, transactions/s, p50/p99 transaction ms, changes
missed by the pullers (must be 0), and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from central import feed_horizon

_INSERT = text("INSERT INTO changes_b (seq) VALUES (:seq)")


def _lock_allocate(conn: Connection, count: int) -> int:
    head: int = conn.execute(text(
        "SELECT value FROM counters_b WHERE name = 'feed' FOR UPDATE")).scalar_one()
    conn.execute(text("UPDATE counters_b SET value = :v WHERE name = 'feed'"),
                 {"v": head + count})
    return head + 1


def _lock_horizon(conn: Connection) -> int:
    head: int = conn.execute(text("SELECT value FROM counters_b WHERE name = 'feed'")
                             ).scalar_one()
    return head


def _run(engine: Engine, mode: str, writers: int, hold_s: float, seconds: float
         ) -> dict[str, Any]:
    allocate = _lock_allocate if mode == "lock" else feed_horizon.allocate
    horizon = _lock_horizon if mode == "lock" else feed_horizon.horizon
    committed: list[int] = []
    latencies: list[float] = []
    guard = threading.Lock()
    stop = time.monotonic() + seconds
    writing = threading.Event()
    writing.set()

    def write(k: int) -> None:
        rng = random.Random(k)
        while time.monotonic() < stop:
            started = time.perf_counter()
            with engine.begin() as conn:
                count = rng.randint(1, 4)
                first = allocate(conn, count)
                conn.execute(_INSERT, [{"seq": first + j} for j in range(count)])
                time.sleep(hold_s * rng.uniform(0.5, 1.5))
            with guard:
                committed.extend(range(first, first + count))
                latencies.append(time.perf_counter() - started)

    def pull(seen: list[int]) -> None:
        cursor, quiet = 0, False
        while not quiet:
            quiet = not writing.is_set()
            time.sleep(0.01)
            with engine.begin() as conn:
                upto = horizon(conn)
                seen += conn.execute(text(
                    "SELECT seq FROM changes_b WHERE seq > :a AND seq <= :u ORDER BY seq"),
                    {"a": cursor, "u": upto}).scalars()
            cursor = max(cursor, upto)

    seen_lists: list[list[int]] = [[], []]
    pullers = [threading.Thread(target=pull, args=(s,)) for s in seen_lists]
    threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
    for thread in pullers + threads:
        thread.start()
    for thread in threads:
        thread.join()
    writing.clear()
    for thread in pullers:
        thread.join()
    latencies.sort()
    missed = max(len(set(committed) - set(seen)) for seen in seen_lists)
    return {"tx_per_s": round(len(latencies) / seconds, 1),
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1),
            "missed": missed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--hold-ms", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    name = "regulars_bench_numbering_" + secrets.token_hex(4)
    admin = create_engine(args.db, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    out: dict[str, Any] = {"writers": args.writers, "hold_ms": args.hold_ms,
                           "load_start": os.getloadavg()[0]}
    try:
        url = make_url(args.db).set(database=name)
        engine = create_engine(url, pool_size=args.writers + 4)
        try:
            for mode in ("lock", "horizon"):
                with engine.begin() as conn:
                    conn.execute(text("DROP TABLE IF EXISTS changes_b, counters_b"))
                    conn.execute(text("CREATE TABLE changes_b (seq bigint PRIMARY KEY)"))
                    conn.execute(text("CREATE TABLE counters_b (name text PRIMARY KEY, "
                                      "value bigint)"))
                    conn.execute(text("INSERT INTO counters_b VALUES ('feed', 0)"))
                    feed_horizon.install(conn)
                out[mode] = _run(engine, mode, args.writers, args.hold_ms / 1000, args.seconds)
        finally:
            engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    out["load_end"] = os.getloadavg()[0]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
