"""Benchmark the manager's member report on a demo store.

    python tests/perf/bench_report.py --members 1000000 --entries 5000000

Builds (or reuses) a demo store of that size with ``loyalty.store.demo`` (the same generator as
``bench_store.py``; it fills the report's summary tables too), brings it to the current
schema (a store built by an older version is upgraded: ``upgrade_s`` is then the time
migrations 0004 and 0005 take to build the summaries), then times one report for the latest
full day, one for the 30 days ending on it, and the same 30-day report for periods ending 30
and 150 days earlier (``month_1_back_ms``, ``month_5_back_ms``: a past month viewed later, when most
of its buyers have bought again since), each in its own read transaction, best of
``--repeat`` runs, "today" always the latest day. Prints one JSON line; ``entries`` is what
the generator made of ``--entries``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from loyalty.member_code import CodeBlock
from loyalty.rules import default_rules
from loyalty.store import demo
from loyalty.store.codes import assign_block
from loyalty.store.engine import create_store_engine, reader
from loyalty.store.migrate import upgrade
from loyalty.store.report.report import daily_report


def build(path: Path, members: int, entries: int) -> float:
    marker = path.with_suffix(".params")
    wanted = f"{members}:{entries}"
    if path.exists() and marker.exists() and marker.read_text() == wanted:
        return 0.0
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    engine = create_store_engine(path)
    upgrade(engine)
    with engine.begin() as conn:
        assign_block(conn, CodeBlock.numbered(1))
    engine.dispose()
    started = time.perf_counter()
    demo.generate(path, members, entries)
    marker.write_text(wanted)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=5_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/regulars-bench-report/store.db"))
    parser.add_argument("--store", default="S001")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    build_s = build(args.db, args.members, args.entries)
    engine = create_store_engine(args.db)
    started = time.perf_counter()
    upgrade(engine)  # a store made by an older version gets the report's summaries
    upgrade_s = time.perf_counter() - started
    raw = sqlite3.connect(args.db)
    last = raw.execute("SELECT occurred_at FROM ledger WHERE kind = 'earn'"  # newest first,
                       " ORDER BY occurred_at DESC LIMIT 1").fetchone()[0]  # by the time index
    counts = raw.execute("SELECT (SELECT count(*) FROM members), (SELECT max(rowid) FROM ledger)"
                         ).fetchone()
    raw.close()
    rules = default_rules("TW")
    day = date.fromisoformat(last[:10]) - timedelta(days=1)  # the last full local day
    figures: dict[str, object] = {}
    month = timedelta(days=29)
    for name, end, start in (
            ("day_report_ms", day, day), ("month_report_ms", day, day - month),
            ("month_1_back_ms", day - timedelta(days=30), day - timedelta(days=30) - month),
            ("month_5_back_ms", day - timedelta(days=150), day - timedelta(days=150) - month)):
        times = []
        for _ in range(args.repeat):
            with reader(engine).begin() as conn:
                t0 = time.perf_counter()
                report = daily_report(conn, args.store, start, end, "Asia/Taipei", rules, day)
                times.append((time.perf_counter() - t0) * 1000)
        figures[name] = round(min(times), 1)
        figures[name.removesuffix("_ms") + "_buyers"] = report.current.buyers
    print(json.dumps({"members": counts[0], "entries": counts[1], "store": args.store,
                      "day": day.isoformat(), **figures, "build_s": round(build_s, 1),
                      "upgrade_s": round(upgrade_s, 1),
                      "load1": round(os.getloadavg()[0], 2)}))
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
