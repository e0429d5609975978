"""Benchmark the counter with instruments: the member panel (which lists the member's
instruments) and an award that stamps a card, with three instruments per member.

    python tests/perf/bench_instruments.py --members 1000000 [--entries 3000000]

Builds (or reuses) a demo store of that size, adds three instruments per member (a coupon, a
prepaid pass, a stamp card; with their issue entries) and the programs to the rules, then
prints one JSON line: panel and award p50/p99 in ms.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from loyalty.money import Currency, Money
from loyalty.programs import issue_entry_id, read_programs, stamp_card_id
from loyalty.store.context import TillContext
from loyalty.store.engine import create_store_engine
from loyalty.store.rulebook import current_rules, store_rules
from loyalty.store.service import CounterService
from tests.helpers.programs import ALL
from tests.perf.bench_store import build, percentile

NOW = "2026-11-20T04:00:00.000000"


def add_instruments(path: Path) -> int:
    """Three instruments per member, written straight into the file (once per data set)."""
    db = sqlite3.connect(path)
    try:
        if db.execute("SELECT count(*) FROM instruments").fetchone()[0]:
            return int(db.execute("SELECT count(*) FROM instruments").fetchone()[0])
        ids = [r[0] for r in db.execute("SELECT id FROM members")]
        rows, entries = [], []
        for k, member in enumerate(ids):
            for program, kind, units in (("welcome", "coupon", 1),
                                         ("latte-10", "prepaid_pass", 10),
                                         ("coffee-card", "stamp_card", 0)):
                iid = (stamp_card_id(program, member) if kind == "stamp_card"
                       else f"{k:08x}-0000-4000-8000-{len(rows):012x}")
                rows.append((iid, program, member, kind, units, units or 3, NOW))
                entries.append((issue_entry_id(iid), iid, program, member,
                                "stamp" if kind == "stamp_card" else "issue", units or 3,
                                "S001", "S001-T01", NOW, "central", "confirmed"))
        db.executemany("INSERT INTO instruments (id, program_id, member_id, kind, "
                       "units_issued, remaining, issued_at) VALUES (?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO instrument_ledger (id, instrument_id, program_id, "
                       "member_id, kind, units, store_id, terminal_id, occurred_at, source, "
                       "state) VALUES (?,?,?,?,?,?,?,?,?,?,?)", entries)
        db.commit()
        return len(rows)
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=300_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/regulars-bench/instruments.db"))
    parser.add_argument("--samples", type=int, default=2000)
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    build_s = build(args.db, args.members, args.entries)
    instruments = add_instruments(args.db)
    engine = create_store_engine(args.db)
    svc = CounterService(engine, TillContext("S001", "S001-T01", "bench", "cashier"))
    with engine.begin() as conn:
        rules = current_rules(conn)
        if not rules.programs:
            store_rules(conn, replace(rules, version=rules.version + 1,
                                      programs=read_programs(list(ALL))), svc.now())
    with engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM members WHERE status = 'active'")]
    rng = random.Random(7)
    panel_ms, award_ms = [], []
    for member in rng.sample(ids, min(args.samples, len(ids))):
        t0 = time.perf_counter_ns()
        panel = svc.panel(member)
        panel_ms.append((time.perf_counter_ns() - t0) / 1e6)
        assert len(panel.instruments) >= 2
        t0 = time.perf_counter_ns()
        svc.award(member, Money(Decimal(120), Currency.TWD))
        award_ms.append((time.perf_counter_ns() - t0) / 1e6)
    svc.close()
    engine.dispose()
    print(json.dumps({
        "members": args.members, "instruments": instruments, "build_s": round(build_s, 1),
        "panel_p50_ms": round(statistics.median(panel_ms), 2),
        "panel_p99_ms": round(percentile(panel_ms, 99), 2),
        "award_p50_ms": round(statistics.median(award_ms), 2),
        "award_p99_ms": round(percentile(award_ms, 99), 2)}))


if __name__ == "__main__":
    main()
