"""Benchmark the sync engine against the real central (a separate process on loopback).

    python tests/perf/bench_sync.py [--entries 100000] [--members 1000000] [--dir DIR]

Prints one JSON line: ``push_100k_s`` (that many queued entries drained to central),
``bootstrap_1m_members_s`` (a fresh terminal registers, loads the snapshot, pulls, and looks
a member up), ``bootstrap_raw_load_s`` (the same rows loaded into a fresh store from a local
NDJSON file in one transaction, lookup indexes built at the end as the bootstrap builds them:
the ceiling), ``bootstrap_ratio``, and ``redeem_online_p50_ms``/``redeem_online_p99_ms``: an
online redemption at the counter from the cashier's confirm to the entry written here — the
intent committed durably, central's authorisation over loopback, the local write — over
``--redemptions`` of them (``--redeem-db postgres``: central on a private PostgreSQL
database; SQLite by default). Targets: push < 30 s; ratio < 3; redemption p99 <= 150 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pydantic import TypeAdapter
from sqlalchemy import create_engine, insert

from central.db import migrate
from central.models import Base
from loyalty.ids import new_id
from loyalty.member_code import code_for_serial
from loyalty.records import MemberRecord
from loyalty.store.bulk import load_members
from loyalty.store.context import TillContext
from loyalty.store.engine import create_store_engine
from loyalty.store.journal import append_operation
from loyalty.store.lookup import find_members
from loyalty.store.migrate import upgrade
from loyalty.store.points import entry_payload
from loyalty.store.schema import ledger
from loyalty.store.service import CounterService
from sync.bootstrap import defer_member_indexes, register_terminal, restore_indexes
from sync.client import CentralClient
from sync.credentials import load_token
from sync.engine import SyncConfig, SyncEngine
from sync.protocol import snapshot_bucket
from sync.push import push_pending
from tests.helpers.central_db import temp_postgres_database
from tests.helpers.central_server import CentralServer, start_central


def _terminal(root: Path, central: CentralServer, name: str) -> tuple[Path, SyncEngine]:
    data = root / name
    engine = create_store_engine(data / "store.db")
    upgrade(engine)
    register_terminal(engine, data, central.url, central.demo_chain().enrollment_code,
                      datetime.now(UTC))
    client = CentralClient(central.url, load_token(data))
    return data, SyncEngine(engine, client, config=SyncConfig(verify_every=None))


def bench_push(root: Path, central: CentralServer, entries: int) -> float:
    _, sync = _terminal(root, central, "pusher")
    sync.sync_once()
    from sync.state import identity
    with sync.engine.connect() as conn:
        ident = identity(conn)
    assert ident is not None
    service = CounterService(sync.engine, TillContext(ident.store_id, ident.terminal_id))
    member = service.enroll(phone="0912345678", name="王小明")
    service.close()
    now = datetime.now(UTC)
    with sync.engine.begin() as conn:  # queue the backlog quickly (what a week offline leaves)
        for k in range(entries):
            values = {"id": new_id(), "member_id": member.member_id, "kind": "earn",
                      "points": 10, "sale_cents": 10000, "currency": "TWD",
                      "store_id": ident.store_id, "terminal_id": ident.terminal_id,
                      "cashier_id": None, "receipt_no": f"B{k}", "occurred_at": now,
                      "rules_version": 1, "expires_on": None, "ref_entry_id": None,
                      "offline": False, "approved_by": None, "state": "pending"}
            conn.execute(insert(ledger), [values])
            append_operation(conn, "ledger.entry", entry_payload(values), now)
    start = time.perf_counter()
    report = push_pending(sync.engine, sync.client, lambda: datetime.now(UTC))
    elapsed = time.perf_counter() - start
    assert report.acked == entries + 1 or report.acked == entries, report
    sync.client.close()
    sync.engine.dispose()
    return elapsed


def bench_redeem(root: Path, central: CentralServer, count: int) -> list[float]:
    """Milliseconds per online redemption, as the counter's desk does it."""
    from decimal import Decimal

    from loyalty.money import Currency, Money
    from sync.redeem import RedemptionDesk
    from sync.state import identity
    _, sync = _terminal(root, central, "redeemer")
    sync.sync_once()
    with sync.engine.connect() as conn:
        ident = identity(conn)
    assert ident is not None
    service = CounterService(sync.engine, TillContext(ident.store_id, ident.terminal_id))
    member = service.enroll(phone="0987654321", name="陳美玲")
    for k in range(count // 90 + 1):
        service.award(member.member_id, Money(Decimal(100_000), Currency.TWD), f"R{k}")
    sync.sync_once()
    desk = RedemptionDesk(service, sync.client)
    for _ in range(20):  # warm: statements built, connections open
        desk.redeem(member.member_id, 100)
    times = []
    for _ in range(count):
        start = time.perf_counter()
        result = desk.redeem(member.member_id, 100)
        times.append((time.perf_counter() - start) * 1000)
        assert result.online
    service.close()
    sync.client.close()
    sync.engine.dispose()
    return sorted(times)


def seed_members(db_url: str, members: int) -> None:
    engine = create_engine(db_url)
    table = Base.metadata.tables["members"]
    now = datetime.now(UTC)
    batch = []
    with engine.begin() as conn:
        for k in range(members):
            mid = new_id()
            batch.append({
                "id": mid, "phone": f"+8869{k:08d}",
                "member_code": code_for_serial(500_000_000 + k),
                "name": f"會員{k}", "birthday_month": k % 12 + 1, "birthday_day": k % 28 + 1,
                "birth_year": None, "marketing_consent": k % 3 == 0,
                "consent_at": now if k % 3 == 0 else None, "origin": "S001",
                "enrolled_at": now, "referral_code": None, "tier": "general",
                "tier_since": now.date(), "balance": k % 5000, "status": "active",
                "canonical_id": None, "bucket": snapshot_bucket(mid), "clocks": {},
                "created_at": now, "updated_at": now})
            if len(batch) == 20_000:
                conn.execute(insert(table), batch)
                batch = []
        if batch:
            conn.execute(insert(table), batch)
    engine.dispose()


def bench_bootstrap(root: Path, central: CentralServer) -> tuple[float, Path]:
    start = time.perf_counter()
    _, sync = _terminal(root, central, "fresh")
    sync.sync_once()
    with sync.engine.connect() as conn:
        found = find_members(conn, "0900000042")
    elapsed = time.perf_counter() - start
    assert found.members, "the bootstrapped terminal cannot find a member"
    # Keep the rows as a local NDJSON file for the raw-load ceiling.
    dump = root / "members.ndjson"
    with dump.open("wb") as out:
        manifest = sync.client.manifest()
        for part in range(manifest.parts):
            body = sync.client.snapshot_part(part, manifest.parts)
            out.write(body[:body.rstrip(b"\n").rfind(b"\n") + 1])
    sync.client.close()
    sync.engine.dispose()
    return elapsed, dump


_RECORDS = TypeAdapter(list[MemberRecord])  # the rows as the bootstrap reads them


def bench_raw_load(root: Path, dump: Path) -> float:
    engine = create_store_engine(root / "raw" / "store.db")
    upgrade(engine)
    start = time.perf_counter()
    now = datetime.now(UTC)
    with engine.begin() as conn, dump.open("rb") as lines:
        rows = lines.read().splitlines()
        # The best local load, as the bootstrap does it: lookup indexes built at the end.
        deferred = defer_member_indexes(conn)
        load_members(conn, _RECORDS.validate_json(b"[" + b",".join(rows) + b"]"), now)
        restore_indexes(conn, deferred)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--redemptions", type=int, default=500)
    parser.add_argument("--redeem-db", choices=("sqlite", "postgres"), default="sqlite",
                        help="central's database for the redemption figures")
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        central = start_central(f"sqlite:///{root / 'push-central.db'}", subprocess=True)
        try:
            push_s = bench_push(root, central, args.entries)
        finally:
            central.stop()
        with contextlib.ExitStack() as stack:
            url = f"sqlite:///{root / 'redeem-central.db'}"
            if args.redeem_db == "postgres":
                url = stack.enter_context(temp_postgres_database())
                migrate(url)
            central = start_central(url, subprocess=True)
            try:
                redeem_ms = bench_redeem(root, central, args.redemptions)
            finally:
                central.stop()
        db_url = f"sqlite:///{root / 'boot-central.db'}"
        central = start_central(db_url, subprocess=True)
        try:
            seed_members(db_url, args.members)
            boot_s, dump = bench_bootstrap(root, central)
        finally:
            central.stop()
        raw_s = bench_raw_load(root, dump)
    finally:
        if args.dir is None:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({"entries": args.entries, "members": args.members,
                      "push_100k_s": round(push_s, 2),
                      "bootstrap_1m_members_s": round(boot_s, 2),
                      "bootstrap_raw_load_s": round(raw_s, 2),
                      "bootstrap_ratio": round(boot_s / raw_s, 2) if raw_s else None,
                      "redemptions": len(redeem_ms),
                      "redeem_online_p50_ms": round(redeem_ms[len(redeem_ms) // 2], 2),
                      "redeem_online_p99_ms": round(
                          redeem_ms[min(len(redeem_ms) - 1, int(len(redeem_ms) * 0.99))], 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
