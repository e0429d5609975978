"""Benchmark awards at the counter by the length of the member's history.

    flock /tmp/regulars-bench.lock python tests/perf/bench_award_history.py \
        --members 1000000 --entries 5000000

Uses (or builds) the store of ``bench_store.py`` (same file, same size marker). Gives a few
of its members a long history first (once: ``--per-size`` members each with 50, 600 and
2,000 entries over three years — earns, a redemption every tenth entry, a void every 50th),
then awards to them round-robin, each award followed by the member panel (what the counter
shows after an award), WAL checkpoints on a thread as in the app. Prints one JSON line:
award and panel p50/p99 per history length.

Members with an entry dated later than now are not picked (a store built by the demo
generator in Taipei's morning holds some): an award earlier than the member's latest entry
replays the whole history (``loyalty.store.summaries.entry_written``), which is what this
measures the absence of.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import build, percentile, read_through

from loyalty.dates import end_of_month
from loyalty.money import Currency, Money
from loyalty.store.checkpoint import WalCheckpointer
from loyalty.store.context import TillContext
from loyalty.store.engine import create_store_engine
from loyalty.store.service import CounterService
from loyalty.store.summaries import refresh_expiry

SIZES = (50, 600, 2000)
LEDGER_SQL = ("INSERT INTO ledger (id, member_id, kind, points, sale_cents, currency,"
              " store_id, terminal_id, cashier_id, receipt_no, occurred_at, rules_version,"
              " expires_on, ref_entry_id, offline, approved_by, state)"
              " VALUES (?, ?, ?, ?, ?, 'TWD', 'S001', 'S001-T09', NULL, NULL, ?, 1, ?, ?, 0,"
              " NULL, 'confirmed')")


def history(member_id: str, n: int, today: date, rng: random.Random) -> list[tuple[object, ...]]:
    """``n`` entries over the three years before ``today`` (ids ``hist-<member>-<i>``)."""
    rows: list[tuple[object, ...]] = []
    balance = 0
    last_earn: tuple[str, int, int] | None = None
    start = datetime.combine(today - timedelta(days=3 * 365), datetime.min.time(), UTC)
    for i in range(n):
        at = start + timedelta(seconds=int(i * 3 * 365 * 86400 / n) + rng.randint(0, 3600))
        entry_id = f"hist-{member_id}-{i:05d}"
        text = at.replace(tzinfo=None).isoformat(timespec="microseconds")
        if i % 50 == 49 and last_earn is not None:
            ref, points, cents = last_earn
            rows.append((entry_id, member_id, "reverse", -points, -cents, text, None, ref))
            balance -= points
            last_earn = None
        elif i % 10 == 9 and balance >= 100:
            rows.append((entry_id, member_id, "redeem", -100, None, text, None, None))
            balance -= 100
        else:
            cents = rng.randint(100, 3000) * 100
            points = cents // 10_000
            expires = end_of_month(at.date(), 12).isoformat()
            rows.append((entry_id, member_id, "earn", points, cents, text, expires, None))
            balance += points
            last_earn = (entry_id, points, cents)
    return rows


def give_histories(path: Path, per_size: int, today: date) -> dict[int, list[str]]:
    """Members (picked by rowid) with long histories; written once, found again later."""
    db = sqlite3.connect(path)
    count = db.execute("SELECT max(rowid) FROM members").fetchone()[0]
    rng = random.Random(7)  # the same members every run, whichever histories exist
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    chosen: dict[int, list[str]] = {}
    fresh: list[str] = []
    for size in SIZES:
        chosen[size] = []
        while len(chosen[size]) < per_size:
            row = db.execute("SELECT id FROM members WHERE rowid = ? AND status = 'active'",
                             (rng.randint(1, count),)).fetchone()
            if row is None or any(row[0] in ids for ids in chosen.values()):
                continue
            if db.execute("SELECT 1 FROM ledger WHERE member_id = ? AND occurred_at > ?",
                          (row[0], now)).fetchone():
                continue  # an entry dated later than now: every award would replay (below)
            member_id = row[0]
            chosen[size].append(member_id)
            if db.execute("SELECT 1 FROM ledger WHERE id = ?",
                          (f"hist-{member_id}-00000",)).fetchone() is None:
                rows = history(member_id, size, today, random.Random(member_id))
                with db:
                    db.executemany(LEDGER_SQL, rows)
                    db.execute("UPDATE members SET balance = balance + ? WHERE id = ?",
                               (sum(int(r[3]) for r in rows), member_id))  # type: ignore[call-overload]
                fresh.append(member_id)
    db.close()
    if fresh:
        engine = create_store_engine(path)
        with engine.begin() as conn:
            for member_id in fresh:
                refresh_expiry(conn, member_id)
        engine.dispose()
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=500_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/regulars-bench/store.db"))
    parser.add_argument("--per-size", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    build(args.db, args.members, args.entries)
    upgrade_s = time.perf_counter() - started
    chosen = give_histories(args.db, args.per_size, datetime.now(UTC).date())
    read_through(args.db)
    engine = create_store_engine(args.db)
    checkpoints = WalCheckpointer(engine).start()  # as the counter app runs it
    svc = CounterService(engine, TillContext("S001", "S001-T01", "bench", "cashier"))
    award_ms: dict[int, list[float]] = {size: [] for size in SIZES}
    panel_ms: dict[int, list[float]] = {size: [] for size in SIZES}
    for member_id in (m for ids in chosen.values() for m in ids):  # statement caches warm
        svc.panel(member_id)
    svc.award(chosen[SIZES[0]][0], Money(Decimal(100), Currency.TWD))  # ... and the award's
    for r in range(args.rounds):
        for size in SIZES:
            for member_id in chosen[size]:
                t0 = time.perf_counter_ns()
                svc.award(member_id, Money(Decimal(100 + r), Currency.TWD))
                t1 = time.perf_counter_ns()
                svc.panel(member_id)
                t2 = time.perf_counter_ns()
                award_ms[size].append((t1 - t0) / 1e6)
                panel_ms[size].append((t2 - t1) / 1e6)
    svc.close()
    checkpoints.stop()
    engine.dispose()
    figures: dict[str, object] = {"members": args.members, "entries": args.entries,
                                  "open_and_upgrade_s": round(upgrade_s, 1),
                                  "samples_per_size": args.per_size * args.rounds}
    for size in SIZES:
        figures[f"award_{size}_p50_ms"] = round(statistics.median(award_ms[size]), 2)
        figures[f"award_{size}_p99_ms"] = round(percentile(award_ms[size], 99), 2)
        figures[f"panel_{size}_p50_ms"] = round(statistics.median(panel_ms[size]), 2)
        figures[f"panel_{size}_p99_ms"] = round(percentile(panel_ms[size], 99), 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
