"""Benchmark the programs section of the reports (issue #20) on a till's store and on
central's PostgreSQL.

    python tests/perf/bench_programs_report.py --instruments 3000000 \
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test] [--skip-till] [--skip-central]

Fills, with SQL (recursive CTE on SQLite, ``generate_series`` on PostgreSQL), ``instruments``
spread over 20 stores and a year: a quarter each of prepaid passes (issue + a redemption
of 1-3 cups), stamp cards (three stamps), coupons (issue, half redeemed) and stamp rewards; a
conflict per thousand entries. Then times, best of ``--repeat``, the till's section for one
store (``loyalty.store.report.instruments.instrument_report``: one day and 30 days) and
central's (``central.reporting_programs.program_report``: 30 days for the chain and for one
store). Prints ONE JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from loyalty.programs import OfflinePolicy, Program
from loyalty.report.periods import Period
from loyalty.rules import Rules, default_rules

PROGRAMS = (
    Program("latte10", "prepaid_pass", "拿鐵寄杯", "Latte pass", units=10, price=Decimal(1200),
            offline=OfflinePolicy("per_terminal", 5)),
    Program("stamp5", "stamp_card", "集點卡", "Stamp card", units=5, reward_program="free"),
    Program("free", "coupon", "免費中杯", "Free cup"),
    Program("welcome", "coupon", "新會員券", "Welcome coupon"),
)
KINDS = ("CASE i % 4 WHEN 0 THEN 'latte10' WHEN 1 THEN 'stamp5' WHEN 2 THEN 'welcome'"
         " ELSE 'free' END")
STORE_INDEX = ("CREATE INDEX IF NOT EXISTS ix_instrument_ledger_store_kind_time"
               " ON instrument_ledger (store_id, kind, occurred_at)")
END = date(2026, 12, 1)  # the last day of the data (day 0), a year back from it


def rules() -> Rules:
    return replace(default_rules("TW"), version=2, programs=PROGRAMS)


def _best(repeat: int, run: Any) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return round(min(times), 1)


# --- the till ------------------------------------------------------------------------------
TILL_INSTRUMENTS = f"""
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count)
INSERT INTO instruments (id, program_id, member_id, kind, units_issued, remaining, issued_at)
SELECT printf('i%011d', i), {KINDS}, printf('m%011d', i / 3),
       CASE i % 4 WHEN 0 THEN 'prepaid_pass' WHEN 1 THEN 'stamp_card' ELSE 'coupon' END,
       CASE i % 4 WHEN 0 THEN 10 WHEN 1 THEN 0 ELSE 1 END,
       CASE i % 4 WHEN 0 THEN 10 - (i % 3 + 1) WHEN 1 THEN 3 + (i % 7) ELSE (i / 4) % 2 END,
       strftime('%Y-%m-%dT%H:%M:%f000', '2026-12-01T12:00:00', printf('-%d minutes', i % 525600))
FROM n"""
TILL_ENTRIES = """
INSERT INTO instrument_ledger (id, instrument_id, program_id, member_id, kind, units,
    amount_cents, store_id, terminal_id, occurred_at, source, state)
SELECT printf('%s-%s-%d', i.id, k.kind, k.n), i.id, i.program_id, i.member_id, k.kind,
       CASE k.kind WHEN 'issue' THEN i.units_issued WHEN 'stamp' THEN 1
                   ELSE -(i.units_issued - i.remaining) END,
       CASE WHEN k.kind = 'issue' AND i.kind = 'prepaid_pass' THEN 120000 END,
       printf('S%03d', CAST(substr(i.id, 2) AS INTEGER) / 4 % 20 + 1),
       printf('S%03d-T01', CAST(substr(i.id, 2) AS INTEGER) / 4 % 20 + 1),
       strftime('%Y-%m-%dT%H:%M:%f000', i.issued_at, printf('+%d minutes', k.n * 30)),
       'central', 'confirmed'
FROM instruments i JOIN (SELECT 'issue' AS kind, 0 AS n UNION ALL SELECT 'redeem', 1
     UNION ALL SELECT 'stamp', 1 UNION ALL SELECT 'stamp', 2 UNION ALL SELECT 'stamp', 3) k
  ON (k.kind = 'issue' AND i.kind != 'stamp_card')
  OR (k.kind = 'redeem' AND i.kind != 'stamp_card' AND i.remaining < i.units_issued)
  OR (k.kind = 'stamp' AND i.kind = 'stamp_card')"""


def bench_till(path: Path, count: int, repeat: int) -> dict[str, Any]:
    from loyalty.store.engine import create_store_engine, reader
    from loyalty.store.migrate import upgrade
    from loyalty.store.report.instruments import instrument_report

    marker = path.with_suffix(".params")
    built = 0.0
    if not (path.exists() and marker.exists() and marker.read_text() == str(count)):
        for suffix in ("", "-wal", "-shm", ".params"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        engine = create_store_engine(path)
        upgrade(engine)
        t0 = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text(TILL_INSTRUMENTS), {"count": count})
            conn.execute(text(TILL_ENTRIES))
            conn.execute(text("UPDATE instrument_ledger SET conflict = 'used_twice'"
                              " WHERE rowid % 1000 = 0"))
        built = time.perf_counter() - t0
        marker.write_text(str(count))
        engine.dispose()
    engine = create_store_engine(path)
    with engine.connect() as conn:
        entries = conn.execute(text("SELECT count(*) FROM instrument_ledger")).scalar_one()
    out: dict[str, Any] = {"till_instruments": count, "till_entries": entries,
                           "till_build_s": round(built, 1)}
    r = rules()
    # As migration 0012 makes the table (no statistics: a till runs no ANALYZE), then with
    # the index the reports want on (store_id, kind, occurred_at).
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX IF EXISTS ix_instrument_ledger_store_kind_time"))
    for suffix in ("", "_indexed"):
        if suffix:
            with engine.begin() as conn:
                conn.execute(text(STORE_INDEX))
        for name, days in (("till_day_ms", 1), ("till_30d_ms", 30)):
            period = Period(END - timedelta(days=days - 1), END, "Asia/Taipei")

            def run(period: Period = period) -> None:
                with reader(engine).begin() as conn:
                    instrument_report(conn, "S001", period, r, END)

            out[name.replace("_ms", suffix + "_ms")] = _best(repeat, run)
    with reader(engine).begin() as conn:
        report = instrument_report(conn, "S001", Period(END - timedelta(days=29), END,
                                                        "Asia/Taipei"), r, END)
    assert report is not None
    out["till_30d_issued"] = report.total("issued")
    out["till_liability"] = str(report.liability_total.amount)
    engine.dispose()
    return out


# --- central -------------------------------------------------------------------------------
PG_INSTRUMENTS = f"""
INSERT INTO instruments (id, program_id, member_id, account_id, kind, units_issued, remaining,
    issued_at, store_id, status)
SELECT 'i' || lpad(i::text, 11, '0'), {KINDS}, 'm' || (i / 3), 'm' || (i / 3),
       CASE i % 4 WHEN 0 THEN 'prepaid_pass' WHEN 1 THEN 'stamp_card' ELSE 'coupon' END,
       CASE i % 4 WHEN 0 THEN 10 WHEN 1 THEN 0 ELSE 1 END,
       CASE i % 4 WHEN 0 THEN 10 - (i % 3 + 1) WHEN 1 THEN 3 + (i % 7) ELSE (i / 4) % 2 END,
       timestamptz '2026-12-01 04:00+00' - (i % 525600) * interval '1 minute',
       'S' || lpad((i / 4 % 20 + 1)::text, 3, '0'), 'active'
FROM generate_series(1, :count) AS i"""
PG_ENTRIES = """
INSERT INTO instrument_entries (id, instrument_id, program_id, member_id, account_id, kind,
    units, amount, store_id, terminal_id, occurred_at, offline, received_at, balance_after,
    feed_seq)
SELECT i.id || '-' || k.kind || k.n, i.id, i.program_id, i.member_id, i.account_id, k.kind,
       CASE k.kind WHEN 'issue' THEN i.units_issued WHEN 'stamp' THEN 1
                   ELSE -(i.units_issued - i.remaining) END,
       CASE WHEN k.kind = 'issue' AND i.kind = 'prepaid_pass' THEN 1200 END,
       i.store_id, i.store_id || '-T01', i.issued_at + k.n * interval '30 minutes', false,
       i.issued_at, 0, 2000000000 + row_number() OVER ()
FROM instruments i JOIN (VALUES ('issue', 0), ('redeem', 1), ('stamp', 1), ('stamp', 2),
                                ('stamp', 3)) AS k(kind, n)
  ON (k.kind = 'issue' AND i.kind != 'stamp_card')
  OR (k.kind = 'redeem' AND i.kind != 'stamp_card' AND i.remaining < i.units_issued)
  OR (k.kind = 'stamp' AND i.kind = 'stamp_card')"""
PG_CONFLICTS = """
INSERT INTO instrument_conflicts (entry_id, instrument_id, reason, store_id, terminal_id,
    occurred_at)
SELECT id, instrument_id, 'used_twice', store_id, terminal_id, occurred_at
FROM instrument_entries WHERE feed_seq % 1000 = 0"""


def bench_central(url: str, count: int, repeat: int) -> dict[str, Any]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.orm import Session

    from central.db import make_engine, migrate
    from central.reporting_programs import program_report

    name = "p20rep_bench_programs"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": name}).first()
        if exists is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    db = make_url(url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(db)
    built = 0.0
    with engine.connect() as conn:
        have = conn.execute(text("SELECT to_regclass('instruments') IS NOT NULL")).scalar_one()
        held = conn.execute(text("SELECT count(*) FROM instruments")).scalar_one() if have else 0
    if held != count:
        migrate(db)
        t0 = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE instruments, instrument_entries, instrument_conflicts"))
            conn.execute(text(
                "INSERT INTO stores (id, name, timezone, created_at) SELECT"
                " 'S' || lpad(n::text, 3, '0'), 'bench', 'Asia/Taipei', now()"
                " FROM generate_series(1, 20) AS n ON CONFLICT DO NOTHING"))
            conn.execute(text(PG_INSTRUMENTS), {"count": count})
            conn.execute(text(PG_ENTRIES))
            conn.execute(text(PG_CONFLICTS))
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        built = time.perf_counter() - t0
    with engine.connect() as conn:
        entries = conn.execute(text("SELECT count(*) FROM instrument_entries")).scalar_one()
    out: dict[str, Any] = {"central_instruments": count, "central_entries": entries,
                           "central_build_s": round(built, 1)}
    r = rules()
    first = END - timedelta(days=29)
    for label, store in (("central_30d_chain_ms", None), ("central_30d_store_ms", "S001")):
        def run(store: str | None = store) -> None:
            with Session(engine) as session:
                program_report(session, first, END, store, r, END, "Asia/Taipei")

        out[label] = _best(repeat, run)
    with Session(engine) as session:
        report = program_report(session, first, END, None, r, END, "Asia/Taipei")
    out["central_30d_issued"] = report.total("issued")
    out["central_liability"] = str(report.liability_total.amount)
    engine.dispose()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instruments", type=int, default=3_000_000)
    parser.add_argument("--db", type=Path,
                        default=Path("/tmp/regulars-bench-programs/store.db"))
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-till", action="store_true")
    parser.add_argument("--skip-central", action="store_true")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {}
    if not args.skip_till:
        figures |= bench_till(args.db, args.instruments, args.repeat)
    if not args.skip_central:
        figures |= bench_central(args.pg, args.instruments, args.repeat)
    print(json.dumps({**figures, "load1": round(os.getloadavg()[0], 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
