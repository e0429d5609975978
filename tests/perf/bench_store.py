"""Benchmark the local store: lookups through our layer vs raw sqlite3, and durable awards.

    python tests/perf/bench_store.py --members 1000000 --entries 5000000 [--encrypted]

With ``--encrypted`` the same figures are measured a second time, in the same run, on a
SQLCipher copy of the store (``encrypted_*``; its raw side is raw SQLCipher), and
``encrypted_vs_plain_*`` compare the two. With ``--instruments`` (#20), ``instruments_*``:
panel reads and awards for members holding three active instruments each (a copy of the
store with three per member, ``instrument_data.py``; the encrypted one with ``--encrypted``).

The plain store is built once per size and reused (``bench_data.py``); so are the
encrypted and instrumented copies.

Builds (or reuses) a demo store of that size, then prints one JSON line of figures. The main
figures are a counter's steady state (the file read into the OS cache first, WAL checkpoints on
the app's background thread; each key looked up through our layer and raw sqlite3 in turn);
``cold_*`` are measured after the file was dropped from the OS cache, as after a reboot:
lookups before and after the start-up warming, then awards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_data import build, cached_path  # this script's folder is on sys.path

from loyalty.money import Currency, Money
from loyalty.store import cipher, lookup
from loyalty.store.checkpoint import WalCheckpointer
from loyalty.store.context import TillContext
from loyalty.store.engine import create_store_engine, lookup_engine
from loyalty.store.service import CounterService
from loyalty.store.warm import warm_lookups


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def sample_keys(path: Path, n: int) -> list[tuple[str, str, str]]:
    db = sqlite3.connect(path)
    count = db.execute("SELECT max(rowid) FROM members").fetchone()[0]
    rows = []
    rng = random.Random(1)
    while len(rows) < n:
        row = db.execute("SELECT phone, member_code, id FROM members WHERE rowid = ?",
                         (rng.randint(1, count),)).fetchone()
        if row:
            rows.append(row)
    db.close()
    return rows


def paired(ours: object, raw: object, args: list[object], block: int = 50
           ) -> tuple[list[float], list[float]]:
    """The keys looked up by both in alternating blocks, so whatever else the machine does
    at a moment weighs on both sides of the ratio alike. Who goes first alternates too: the
    second to read a block finds its pages in the CPU's caches."""
    mine: list[float] = []
    theirs: list[float] = []
    for n, start in enumerate(range(0, len(args), block)):
        chunk = args[start:start + block]
        sides = [(ours, mine), (raw, theirs)]
        for fn, out in sides if n % 2 == 0 else reversed(sides):
            out.extend(time_us(fn, chunk))
    return mine, theirs


def cpu_us(fn: object, args: list[object]) -> list[float]:
    """This thread's CPU time per call: the lookup's own cost, which a loaded machine's
    scheduler does not inflate (its wall time waits for a core)."""
    out = []
    for arg in args:
        t0 = time.thread_time_ns()
        fn(arg)  # type: ignore[operator]
        out.append((time.thread_time_ns() - t0) / 1000)
    return out


def time_us(fn: object, args: list[object]) -> list[float]:
    out = []
    for arg in args:
        t0 = time.perf_counter_ns()
        fn(arg)  # type: ignore[operator]
        out.append((time.perf_counter_ns() - t0) / 1000)
    return out


def evict(path: Path) -> None:
    """Drop the store file from the OS page cache (as after a reboot)."""
    for name in (path, Path(f"{path}-wal")):
        if name.exists():
            fd = os.open(name, os.O_RDONLY)
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)


def read_through(path: Path) -> None:
    """Pull the whole store file into the OS page cache: a counter that has been selling
    for a while (the steady state the main figures describe), whatever ran before."""
    with path.open("rb") as f:
        while f.read(16 << 20):
            pass


def cold_figures(path: Path, engine: Engine, phones: list[str], last4: list[str],
                 member_ids: list[str]) -> dict[str, float]:
    """Lookups straight after the file left the OS cache, then after ``warm_lookups``
    (what the counter app runs on a thread at start-up), then awards to members whose
    pages are still on disk, each after its member panel was shown (as at the counter)."""
    def measure() -> tuple[float, float]:
        with lookup_engine(engine).connect() as conn:  # a new connection: SQLite's cache empty
            phone = time_us(lambda p: lookup.by_phone(conn, p), phones[:1000])
            last = time_us(lambda d: lookup.by_last_digits(conn, d), last4[:1000])
        return percentile(phone, 99), percentile(last, 99)
    with lookup_engine(engine).connect() as conn:  # as after a clean shutdown: no log left
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    evict(path)
    cold_phone, cold_last = measure()
    evict(path)
    warmed = warm_lookups(path)
    warm_phone, warm_last = measure()
    svc = CounterService(engine, TillContext("S001", "S001-T01", "bench", "cashier"))
    award_ms = []
    for i, member_id in enumerate(member_ids):
        svc.panel(member_id)  # the cashier sees the member before typing the amount
        t0 = time.perf_counter_ns()
        svc.award(member_id, Money(Decimal(100 + i), Currency.TWD))
        award_ms.append((time.perf_counter_ns() - t0) / 1e6)
    svc.close()
    return {"cold_lookup_phone_p99_us": round(cold_phone, 1),
            "cold_lookup_last4_p99_us": round(cold_last, 1),
            "warm_up_s": round(warmed.seconds, 2),
            "warmed_lookup_phone_p99_us": round(warm_phone, 1),
            "warmed_lookup_last4_p99_us": round(warm_last, 1),
            "cold_award_commit_p50_ms": round(statistics.median(award_ms), 2),
            "cold_award_commit_p99_ms": round(percentile(award_ms, 99), 2)}


def encrypted_copy(path: Path, key: cipher.StoreKey) -> tuple[Path, float]:
    """A SQLCipher copy of the plain store (rebuilt when the plain one is newer)."""
    target = path.with_name(path.stem + "-encrypted.db")
    marker = target.with_suffix(".params")
    wanted = path.with_suffix(".params").read_text() + ":" + key.hex()[:8]
    if target.exists() and marker.exists() and marker.read_text() == wanted:
        return target, 0.0
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    cipher.copy_database(path, None, target, key)
    marker.write_text(wanted)
    return target, time.perf_counter() - started


def store_bytes(db: Path, members: int) -> dict[str, object]:
    """Bytes per member of the store file, and the part of it that is a member's name and
    birthday: their bytes in the members table's rows plus the name index (dbstat)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = db.stat().st_size
        name_row = conn.execute(
            "SELECT avg(length(CAST(name AS BLOB))) + avg((birthday_month IS NOT NULL) + "
            "(birthday_day IS NOT NULL) + 2 * (birth_year IS NOT NULL)) FROM members"
        ).fetchone()[0] or 0.0
        tables = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
    finally:
        conn.close()
    member_rows = tables.get("members", 0) + sum(
        v for k, v in tables.items() if k.startswith(("ix_members", "uq_members",
                                                       "sqlite_autoindex_members")))
    return {"bytes_per_member": round(size / members),
            "member_rows_and_indexes_bytes_per_member": round(member_rows / members),
            "name_birthday_bytes_per_member": round(
                name_row + tables.get("ix_members_name", 0) / members)}


def minimised_bytes(db: Path, members: int) -> dict[str, object]:
    """The store's size per member if other stores' members kept no name or birthday."""
    copy = db.with_name("minimised.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(db)
    try:
        conn.execute("VACUUM INTO ?", (str(copy),))
    finally:
        conn.close()
    compact = copy.stat().st_size  # the same store vacuumed: the fair comparison
    conn = sqlite3.connect(copy)
    try:
        home = conn.execute("SELECT origin FROM members GROUP BY origin "
                            "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        with conn:
            others = conn.execute(
                "UPDATE members SET name = '', birthday_month = NULL, birthday_day = NULL, "
                "birth_year = NULL WHERE origin != ?", (home,)).rowcount
        conn.execute("VACUUM")
        size = copy.stat().st_size
    finally:
        conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    return {"minimised_other_store_members": others,
            "vacuumed_bytes_per_member": round(compact / members),
            "minimised_bytes_per_member": round(size / members)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=500_000)
    parser.add_argument("--db", type=Path, default=None,
                        help="the store file (default: one per size under /tmp/regulars-bench, "
                             "built once and reused by later runs)")
    parser.add_argument("--lookups", type=int, default=5000)
    parser.add_argument("--awards", type=int, default=1000)
    parser.add_argument("--encrypted", action="store_true",
                        help="also measure a SQLCipher copy of the store, in the same run")
    parser.add_argument("--instruments", action="store_true",
                        help="also measure awards and panels with three active instruments "
                             "per member (#20; on the encrypted copy with --encrypted)")
    parser.add_argument("--minimised", action="store_true",
                        help="also measure a copy without the names and birthdays of other "
                             "stores' members (what data minimisation would save, #17)")
    args = parser.parse_args()
    if args.db is None:
        args.db = cached_path(args.members, args.entries)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    build_s = build(args.db, args.members, args.entries)
    keys = sample_keys(args.db, args.lookups + args.awards)
    figures: dict[str, object] = {"members": args.members, "entries": args.entries,
                                  "build_s": round(build_s, 1)}
    figures.update(store_bytes(args.db, args.members))
    if args.minimised:
        figures.update(minimised_bytes(args.db, args.members))
    figures.update(measure(args.db, None, keys, args))
    if args.encrypted:
        key = cipher.StoreKey(bytes(range(32)))  # a fixed bench key: the copy is reused
        path, copy_s = encrypted_copy(args.db, key)
        enc = measure(path, key, keys, args)
        figures["encrypt_copy_s"] = round(copy_s, 1)
        figures.update({f"encrypted_{k}": v for k, v in enc.items()})
        for name in ("lookup_phone_p99_us", "award_commit_p99_ms", "lookup_last4_p99_us"):
            figures[f"encrypted_vs_plain_{name}"] = round(
                float(enc[name]) / float(figures[name]), 2)  # type: ignore[arg-type]
    if args.instruments:
        figures.update(instrument_figures(path if args.encrypted else args.db,
                                          key if args.encrypted else None, keys, args))
    figures["load_avg"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures))


def instrument_figures(db: Path, key: cipher.StoreKey | None,
                       keys: list[tuple[str, str, str]], args: argparse.Namespace
                       ) -> dict[str, object]:
    """Awards to members holding three active instruments (a coupon, a stamp card the award
    stamps, a prepaid pass), each after the member's panel (which lists them) was read, on
    a copy of ``db`` with three instruments for every member (``instrument_data``)."""
    from instrument_data import instrumented_copy  # this script's folder is on sys.path

    path, fill_s = instrumented_copy(db, key)
    read_through(path)
    engine = create_store_engine(path, key=key)
    checkpoints = WalCheckpointer(engine).start()
    svc = CounterService(engine, TillContext("S001", "S001-T01", "bench", "cashier"))
    with engine.connect() as conn:
        held = conn.exec_driver_sql("SELECT count(*) FROM instruments").scalar_one()
    panel_ms: list[float] = []
    award_ms: list[float] = []
    shown: list[int] = []
    stamped = 0
    cpu_ms: list[float] = []
    for i, member_id in enumerate([k[2] for k in keys[:args.awards + 50]]):
        t0 = time.perf_counter_ns()
        panel = svc.panel(member_id)
        t1, c1 = time.perf_counter_ns(), time.thread_time_ns()
        change = svc.award(member_id, Money(Decimal(100 + i), Currency.TWD))
        t2, c2 = time.perf_counter_ns(), time.thread_time_ns()
        if i >= 50:  # the first ones warm the statement caches
            panel_ms.append((t1 - t0) / 1e6)
            award_ms.append((t2 - t1) / 1e6)
            cpu_ms.append((c2 - c1) / 1e6)
            shown.append(len(panel.instruments))
            stamped += any(c.kind == "stamp" for c in change.instruments)
    statements = award_statements(engine, svc, [k[2] for k in keys[args.awards + 50:
                                                                 args.awards + 90]])
    svc.close()
    checkpoints.stop()
    engine.dispose()
    cpu_ms.sort()
    return {"instruments_held": held, "instruments_fill_s": round(fill_s, 1),
            "instruments_award_statements_median": statements[len(statements) // 2],
            "instruments_award_statements_max": max(statements, default=0),
            "instruments_award_cpu_p99_ms": round(percentile(cpu_ms, 99), 2),
            "instruments_on_panel_min": min(shown), "instruments_awards_stamped": stamped,
            "instruments_panel_p50_ms": round(statistics.median(panel_ms), 2),
            "instruments_panel_p99_ms": round(percentile(panel_ms, 99), 2),
            "instruments_award_p50_ms": round(statistics.median(award_ms), 2),
            "instruments_award_p99_ms": round(percentile(award_ms, 99), 2),
            "instruments_award_cpu_p50_ms": round(statistics.median(cpu_ms), 2)}


def award_statements(engine: Engine, svc: CounterService, member_ids: list[str]
                     ) -> list[int]:
    """Statements each award runs (SQLite's statement trace, on a connection opened for it;
    a statement run again by ``executemany`` or a trigger counts once): after the timed
    awards, since the trace's callback costs time itself."""
    seen: list[str] = []

    def trace(conn: Any, _: Any) -> None:
        cipher.driver_connection(conn).set_trace_callback(seen.append)
    event.listen(engine, "connect", trace)
    engine.dispose()  # the next connection is a new one, traced
    counts = []
    for i, member_id in enumerate(member_ids):
        svc.panel(member_id)
        seen.clear()
        svc.award(member_id, Money(Decimal(100 + i), Currency.TWD))
        counts.append(sum(1 for k, sql in enumerate(seen) if k == 0 or sql != seen[k - 1]))
    event.remove(engine, "connect", trace)
    return sorted(counts)


def measure(db: Path, key: cipher.StoreKey | None, keys: list[tuple[str, str, str]],
            args: argparse.Namespace) -> dict[str, object]:
    """The figures on one store file (plain when ``key`` is None), raw driver beside ours."""
    read_through(db)
    cold_award_ids = [k[2] for k in keys[args.lookups:]]
    keys = keys[:args.lookups]
    phones = [k[0] for k in keys]
    codes = [k[1] for k in keys]
    last4 = [k[0][-4:] for k in keys]

    engine = create_store_engine(db, key=key)
    checkpoints = WalCheckpointer(engine).start()  # as the counter app runs it
    conn = lookup_engine(engine).connect()  # what CounterService.find uses

    def ours(fn):
        def run(arg):
            return fn(conn, arg)
        return run

    raw = cipher.raw_connect(db, key)  # raw sqlite3, or raw SQLCipher with the same key

    def raw_query(stmt):
        compiled = stmt.compile(conn)
        sql, names, defaults = str(compiled), compiled.positiontup, dict(compiled.params)

        def run(*values: object) -> list[object]:
            params = dict(defaults)
            params.update(zip(("phone",) if "phone" in names else
                              ("code",) if "code" in names else ("lo", "hi"), values,
                              strict=False))
            return raw.execute(sql, tuple(params[n] for n in names)).fetchall()
        return run
    q_phone, q_code = raw_query(lookup.BY_PHONE), raw_query(lookup.BY_CODE)
    q_last = raw_query(lookup.BY_LAST_DIGITS)

    def raw_phone(p: str) -> list[object]:
        return q_phone(p)

    def raw_code(c: str) -> list[object]:
        return q_code(c)

    def raw_last(d: str) -> list[object]:
        lo = d[::-1]
        return q_last(lo, lo[:-1] + chr(ord(lo[-1]) + 1))

    pairs = ((ours(lookup.by_phone), raw_phone, phones), (ours(lookup.by_code), raw_code, codes),
             (ours(lookup.by_last_digits), raw_last, last4))
    for fn, raw_fn, arg in pairs:  # warm the statement caches and SQLite's page caches
        time_us(fn, arg[:200])
        time_us(raw_fn, arg[:200])
    (phone_us, raw_phone_us), (code_us, raw_code_us), (last4_us, raw_last_us) = (
        paired(fn, raw_fn, arg) for fn, raw_fn, arg in pairs)
    phone_cpu_us = cpu_us(ours(lookup.by_phone), phones)
    raw_phone_cpu_us = cpu_us(raw_phone, phones)

    svc = CounterService(engine, TillContext("S001", "S001-T01", "bench", "cashier"))
    member_ids = [k[2] for k in keys[: args.awards]]
    award_ms = []
    award_cpu_ms = []  # this thread's CPU time: what the machine's load does not inflate
    for i, member_id in enumerate(member_ids):
        t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        svc.award(member_id, Money(Decimal(100 + i), Currency.TWD))
        award_ms.append((time.perf_counter_ns() - t0) / 1e6)
        award_cpu_ms.append((time.thread_time_ns() - c0) / 1e6)
    svc.close()
    conn.close()
    checkpoints.stop()
    checkpoints = WalCheckpointer(engine).start()
    cold = cold_figures(db, engine, phones[-1000:], last4[-1000:], cold_award_ids)
    checkpoints.stop()
    engine.dispose()
    raw.close()
    return {
        "lookup_phone_p50_us": round(statistics.median(phone_us), 1),
        "lookup_phone_p99_us": round(percentile(phone_us, 99), 1),
        "lookup_last4_p99_us": round(percentile(last4_us, 99), 1),
        "lookup_code_p99_us": round(percentile(code_us, 99), 1),
        "raw_lookup_phone_p50_us": round(statistics.median(raw_phone_us), 1),
        "raw_lookup_phone_p99_us": round(percentile(raw_phone_us, 99), 1),
        "raw_lookup_last4_p99_us": round(percentile(raw_last_us, 99), 1),
        "raw_lookup_code_p99_us": round(percentile(raw_code_us, 99), 1),
        "lookup_phone_cpu_p50_us": round(statistics.median(phone_cpu_us), 1),
        "lookup_phone_cpu_p99_us": round(percentile(phone_cpu_us, 99), 1),
        "raw_lookup_phone_cpu_p99_us": round(percentile(raw_phone_cpu_us, 99), 1),
        "lookup_phone_cpu_p99_vs_raw": round(
            percentile(phone_cpu_us, 99) / percentile(raw_phone_cpu_us, 99), 2),
        "phone_p99_vs_raw": round(percentile(phone_us, 99) / percentile(raw_phone_us, 99), 2),
        "lookup_phone_p99_vs_raw": round(
            percentile(phone_us, 99) / percentile(raw_phone_us, 99), 2),
        "award_commit_p50_ms": round(statistics.median(award_ms), 2),
        "award_commit_p99_ms": round(percentile(award_ms, 99), 2),
        "award_commit_cpu_p50_ms": round(statistics.median(award_cpu_ms), 2),
        "award_commit_cpu_p99_ms": round(percentile(award_cpu_ms, 99), 2),
        "background_checkpoints": checkpoints.checkpoints,
        "db_bytes": os.path.getsize(db),
        **cold,
    }


if __name__ == "__main__":
    main()
