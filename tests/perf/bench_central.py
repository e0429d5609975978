"""Benchmark central: push throughput against the raw insert ceiling, and a 1M snapshot.

    python tests/perf/bench_central.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test

Works in a private database created beside the one named (dropped afterwards). Prints ONE
JSON line: push_entries_per_s (entries pushed over loopback HTTP in batches, one uvicorn
worker), raw_insert_entries_per_s (the ceiling: the very rows the push wrote, inserted directly
into a fresh database with the same schema, one transaction per batch, by the faster of
executemany and COPY; both rates are printed too), push_vs_raw, snapshot_1m_members_s
(manifest + every part streamed and verified over HTTP; the key keeps its name when
--members scales the base down), and the checksummed manifest: manifest_1m_build_s (built
for a new feed position), manifest_1m_kept_ms (served from what was built; target < 50 ms),
manifest_8_together_s/_builds (8 verifications arriving together after a feed move).
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from central import append_only
from central.db import make_engine, migrate, normalise_url
from central.ledger_apply import COLUMNS, insert_rows
from central.models import Base
from loyalty.ids import new_id
from sync.protocol import part_checksum, snapshot_bucket
from tests.helpers.central_server import start_central

NOW = datetime.now(UTC)


def _private_db(url: str, tag: str) -> tuple[str, Any]:
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    name = f"regulars_bench_{tag}_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    new_url = make_url(normalise_url(url)).set(database=name)
    return new_url.render_as_string(hide_password=False), (admin, name)


def _drop(handle: Any) -> None:
    admin, name = handle
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _entry(member_id: str, terminal: dict[str, Any], n: int) -> dict[str, Any]:
    return {"entry_id": new_id(), "member_id": member_id, "kind": "earn", "points": 12,
            "sale_amount": "120", "currency": "TWD", "store_id": terminal["store_id"],
            "terminal_id": terminal["terminal_id"], "cashier_id": "c1",
            "receipt_no": f"R{n:09d}", "occurred_at": NOW.isoformat().replace("+00:00", "Z"),
            "rules_version": 1, "expires_on": "2099-12-31", "ref_entry_id": None,
            "offline": False, "approved_by": None}


def _ops(kind: str, payloads: list[dict[str, Any]], first_seq: int) -> list[dict[str, Any]]:
    created = NOW.isoformat().replace("+00:00", "Z")
    return [{"seq": first_seq + k, "op_id": new_id(), "kind": kind, "created_at": created,
             "payload": p} for k, p in enumerate(payloads)]


def bench_push(url: str, entries: int, members: int, batch: int) -> tuple[float, list[Any]]:
    server = start_central(url, subprocess=True)
    try:
        terminal = server.new_terminal()
        with server.client("admin") as admin:  # a bulk load: past one till's daily caps
            document = admin.get("/v1/rules").json()["document"]
            document["terminal_limits"] = {name: 10**12 for name in (
                "daily_points_issued", "daily_points_redeemed", "daily_redemptions",
                "daily_points_adjusted", "daily_enrollments", "daily_other_store_edits")}
            admin.put("/v1/admin/rules", json={"document": document}).raise_for_status()
        http = httpx.Client(base_url=server.url, timeout=120,
                            headers={"Authorization": f"Bearer {terminal['token']}"})
        ids = [new_id() for _ in range(members)]
        start = terminal["code_block"]["start"]
        enrolls = [{"member_id": mid, "phone": f"+8869{10000000 + k:08d}",
                    "member_code": _code(start + k), "name": None, "origin": "S001",
                    "enrolled_at": NOW.isoformat().replace("+00:00", "Z"),
                    "hlc": f"{int(NOW.timestamp() * 1000):013d}-0000-bench"}
                   for k, mid in enumerate(ids)]
        seq = 1
        for k in range(0, members, batch):
            _push(http, _ops("member.enroll", enrolls[k:k + batch], seq))
            seq += len(enrolls[k:k + batch])
        rng = random.Random(7)
        payloads = [_entry(rng.choice(ids), terminal, n) for n in range(entries)]
        bodies = []
        for k in range(0, entries, batch):
            ops = _ops("ledger.entry", payloads[k:k + batch], seq)
            seq += len(ops)
            bodies.append(json.dumps({"operations": ops}).encode())
        began = time.perf_counter()
        for body in bodies:
            _push(http, body)
        elapsed = time.perf_counter() - began
        http.close()
        return entries / elapsed, payloads
    finally:
        server.stop()


def _code(serial: int) -> str:
    from loyalty.member_code import code_for_serial

    return code_for_serial(serial)


def _push(http: httpx.Client, body: Any) -> None:
    content = body if isinstance(body, bytes) else json.dumps({"operations": body}).encode()
    response = http.post("/v1/sync/push", content=content,
                         headers={"Content-Type": "application/json"})
    response.raise_for_status()
    results = response.json()["results"]
    assert all(r["status"] == "applied" for r in results), [
        r for r in results if r["status"] != "applied"][:3]


def bench_raw(push_url: str, base_url: str, batch: int) -> dict[str, float]:
    """The ceiling: the very rows the push wrote (same ids, values and feed numbers), inserted
    straight into a fresh database with the same schema and indexes, ``batch`` rows per
    transaction, once with SQLAlchemy's executemany and once with ``COPY``."""
    source = make_engine(push_url)
    columns = ", ".join(COLUMNS)
    with source.connect() as conn:
        rows = [tuple(r) for r in conn.execute(
            text(f"SELECT {columns} FROM ledger_entries ORDER BY feed_seq"))]
    source.dispose()
    raw_url, raw_db = _private_db(base_url, "raw")
    try:
        migrate(raw_url)
        engine = make_engine(raw_url)
        table = Base.metadata.tables["ledger_entries"]
        dicts = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
        rates = {}
        for method in ("executemany", "copy"):
            with engine.begin() as conn:  # a scratch database: history guards off for it
                append_only.uninstall(conn)
                conn.execute(text("TRUNCATE ledger_entries"))
            began = time.perf_counter()
            for k in range(0, len(rows), batch):
                if method == "copy":
                    with Session(engine) as session, session.begin():
                        insert_rows(session, rows[k:k + batch])
                else:
                    with engine.begin() as conn:
                        conn.execute(insert(table), dicts[k:k + batch])
            rates[method] = len(rows) / (time.perf_counter() - began)
        engine.dispose()
        return rates
    finally:
        _drop(raw_db)


def bench_snapshot(url: str, members: int) -> dict[str, float]:
    migrate(url)
    _fill_members(url, members)
    server = start_central(url, subprocess=True)
    try:
        terminal = server.new_terminal()
        http = httpx.Client(base_url=server.url, timeout=600,
                            headers={"Authorization": f"Bearer {terminal['token']}"})
        began = time.perf_counter()
        manifest = http.get("/v1/sync/snapshot").json()
        rows = 0
        for part in manifest["part_list"]:
            # As the terminal reads a part: the whole body, split into its lines.
            response = http.get(f"/v1/sync/snapshot/parts/{part['part']}",
                                params={"parts": manifest["parts"]})
            response.raise_for_status()
            lines = response.content.splitlines(keepends=True)
            assert part_checksum(lines[:-1]) == part["sha256"]
            rows += len(lines) - 1
        elapsed = time.perf_counter() - began
        assert rows == members, (rows, members)
        figures = {"snapshot_1m_members_s": round(elapsed, 2), **_manifests(url, http)}
        http.close()
        return figures
    finally:
        server.stop()


def _manifests(url: str, http: httpx.Client) -> dict[str, float]:
    """The checksummed manifest (a terminal's verification): built once for a feed position
    (``manifest_1m_build_s``), then served from what was built (``manifest_1m_kept_ms``,
    median of 20), and 8 verifications arriving together after the feed moved: how long
    the last waited and how many builds served them (one, not eight)."""
    engine = create_engine(url)

    def move_feed() -> None:
        with engine.begin() as conn:
            conn.execute(text("UPDATE counters SET value = value + 1 WHERE name = 'feed'"))

    def kept_count() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM snapshot_manifests")
                                    ).scalar_one())

    try:
        move_feed()
        began = time.perf_counter()
        http.get("/v1/sync/snapshot").raise_for_status()
        build_s = time.perf_counter() - began
        kept = []
        for _ in range(20):
            began = time.perf_counter()
            http.get("/v1/sync/snapshot").raise_for_status()
            kept.append((time.perf_counter() - began) * 1000)
        move_feed()
        before = kept_count()
        began = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: http.get("/v1/sync/snapshot").raise_for_status(),
                          range(8)))
        together_s = time.perf_counter() - began
        builds = kept_count() - before
    finally:
        engine.dispose()
    return {"manifest_1m_build_s": round(build_s, 2),
            "manifest_1m_kept_ms": round(statistics.median(kept), 1),
            "manifest_8_together_s": round(together_s, 2), "manifest_8_together_builds": builds}


def _fill_members(url: str, members: int) -> None:
    engine = make_engine(url)
    table = Base.metadata.tables["members"]
    chunk = 20_000
    for k in range(0, members, chunk):
        rows = []
        for n in range(k, min(members, k + chunk)):
            mid = new_id()
            rows.append({"id": mid, "phone": f"+8869{20000000 + n:08d}", "member_code": None,
                         "name": f"會員{n}", "origin": "S001", "enrolled_at": NOW,
                         "tier": "general", "tier_since": NOW.date(), "balance": n % 5000,
                         "status": "active", "bucket": snapshot_bucket(mid), "clocks": {},
                         "created_at": NOW, "updated_at": NOW})
        with engine.begin() as conn:
            conn.execute(insert(table), rows)
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--push-members", type=int, default=10_000)
    args = parser.parse_args(argv)
    push_url, push_db = _private_db(args.db, "push")
    try:
        push_rate, _ = bench_push(push_url, args.entries, args.push_members, args.batch)
        raw_rates = bench_raw(push_url, args.db, args.batch)
        raw_rate = max(raw_rates.values())
    finally:
        _drop(push_db)
    snap_url, snap_db = _private_db(args.db, "snap")
    try:
        snapshot = bench_snapshot(snap_url, args.members)
    finally:
        _drop(snap_db)
    print(json.dumps({"push_entries_per_s": round(push_rate), "raw_insert_entries_per_s":
                      round(raw_rate), "push_vs_raw": round(push_rate / raw_rate, 3),
                      "raw_executemany_entries_per_s": round(raw_rates["executemany"]),
                      "raw_copy_entries_per_s": round(raw_rates["copy"]),
                      **snapshot, "entries": args.entries,
                      "members": args.members, "batch": args.batch}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
