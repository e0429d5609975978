"""Instruments for the store benchmark (#20): three active ones per member, in bulk.

Each member gets a welcome coupon (1 left), a stamp card (1–9 stamps: an award stamps it)
and a 10-cup prepaid pass (1–10 cups left), each with the ledger entry that makes its
``remaining`` (remaining = the sum of its entries, as the till keeps it), all confirmed by
central. The programs go into a new rules version, so the panel names them and an award
stamps the card. The rows go straight to SQLite with ``executemany``, the tables' indexes
built once at the end, as the demo generator does for members.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from loyalty.programs import Program, issue_entry_id, stamp_card_id
from loyalty.store import cipher
from loyalty.store.engine import create_store_engine
from loyalty.store.rulebook import current_rules, store_rules

COUPON = {"program_id": "welcome", "kind": "coupon", "name_zh": "迎新券",
          "name_en": "Welcome coupon", "reward_value": "50",
          "offline": {"mode": "per_terminal", "max_per_terminal": 1}}
REWARD = {"program_id": "free-coffee", "kind": "coupon", "name_zh": "免費咖啡",
          "name_en": "Free coffee", "reward_item": "中杯拿鐵",
          "offline": {"mode": "per_terminal", "max_per_terminal": 5}}
STAMPS = {"program_id": "coffee-card", "kind": "stamp_card", "name_zh": "集點卡",
          "name_en": "Stamp card", "units": 10, "reward_program": "free-coffee",
          "stamp_min_sale": "60"}
PASS = {"program_id": "latte-10", "kind": "prepaid_pass", "name_zh": "拿鐵寄杯十杯",
        "name_en": "10 lattes", "units": 10, "price": "900", "refund_unit_price": "80",
        "offline": {"mode": "per_terminal", "max_per_terminal": 10}}

_INSTRUMENT = ("INSERT INTO instruments (id, program_id, member_id, kind, units_issued, "
               "remaining, serial, expires_on, issued_at) VALUES (?,?,?,?,?,?,?,?,?)")
_ENTRY = ("INSERT INTO instrument_ledger (id, instrument_id, program_id, member_id, kind, units,"
          " amount_cents, currency, serial, store_id, terminal_id, cashier_id, receipt_no,"
          " occurred_at, expires_on, ref_entry_id, offline, approved_by, source, state,"
          " conflict, balance_after, sale_entry_id) VALUES (?,?,?,?,?,?,NULL,NULL,?,?,?,NULL,"
          "NULL,?,?,NULL,0,NULL,'central','confirmed',NULL,?,NULL)")


def _rows(member_ids: list[str], today: date, rng: random.Random
          ) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """(instrument row, ledger row) for each of the three instruments of each member."""
    stamp = (datetime.now(UTC) - timedelta(days=30)).replace(tzinfo=None).isoformat(
        timespec="microseconds")
    expires = (today + timedelta(days=180)).isoformat()
    for n, member_id in enumerate(member_ids):
        coupon_id = f"bench-coupon-{n:08d}"
        pass_id = f"bench-pass-{n:08d}"
        card_id = stamp_card_id(STAMPS["program_id"], member_id)
        stamps, cups = rng.randint(1, 9), rng.randint(1, 10)
        serial = f"LT{n:010d}"
        for iid, program, kind, issued, left, ser, exp, entry_kind, entry_id in (
                (coupon_id, "welcome", "coupon", 1, 1, None, expires, "issue",
                 issue_entry_id(coupon_id)),
                (card_id, "coffee-card", "stamp_card", 0, stamps, None, None, "stamp",
                 f"bench-stamps-{n:08d}"),
                (pass_id, "latte-10", "prepaid_pass", 10, cups, serial, None, "issue",
                 issue_entry_id(pass_id))):
            yield ((iid, program, member_id, kind, issued, left, ser, exp, stamp),
                   (entry_id, iid, program, member_id, entry_kind, left, ser, "S001",
                    "S001-T01", stamp, exp, left))


def fill(db: Path, key: cipher.StoreKey | None, *, seed: int = 11) -> dict[str, int]:
    """Give every member of ``db`` (at the current schema) three instruments; returns counts."""
    engine = create_store_engine(db, key=key)
    with engine.begin() as conn:
        rules = current_rules(conn)
        programs = tuple(Program.from_document(d) for d in (COUPON, REWARD, STAMPS, PASS))
        store_rules(conn, replace(rules, version=rules.version + 1, programs=programs),
                    datetime.now(UTC))
    engine.dispose()
    raw = cipher.raw_connect(db, key, isolation_level=None)
    try:
        raw.execute("PRAGMA cache_size=-512000")
        indexes = [sql for (sql,) in raw.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
            "tbl_name IN ('instruments', 'instrument_ledger')")]
        for (name,) in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
                "tbl_name IN ('instruments', 'instrument_ledger')").fetchall():
            raw.execute(f'DROP INDEX "{name}"')
        member_ids = [r[0] for r in raw.execute("SELECT id FROM members ORDER BY rowid")]
        rng = random.Random(seed)
        raw.execute("BEGIN")
        batch: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
        count = 0
        for pair in _rows(member_ids, date.today(), rng):
            batch.append(pair)
            if len(batch) >= 60_000:
                count += _flush(raw, batch)
        count += _flush(raw, batch)
        raw.execute("COMMIT")
        for sql in indexes:
            raw.execute(sql)
        raw.execute("ANALYZE instruments")
        raw.execute("ANALYZE instrument_ledger")
    finally:
        raw.close()
    return {"members_with_instruments": len(member_ids), "instruments": count}


def _flush(raw: sqlite3.Connection, batch: list[tuple[tuple[Any, ...], tuple[Any, ...]]]
           ) -> int:
    raw.executemany(_INSTRUMENT, [b[0] for b in batch])
    raw.executemany(_ENTRY, [b[1] for b in batch])
    n = len(batch)
    batch.clear()
    return n


def instrumented_copy(source: Path, key: cipher.StoreKey | None) -> tuple[Path, float]:
    """A copy of ``source`` with the instruments (reused while ``source``'s marker holds)."""
    import shutil
    target = source.with_name(source.stem + "-instruments.db")
    marker = target.with_suffix(".params")
    wanted = source.with_suffix(".params").read_text() + ":i3"
    if target.exists() and marker.exists() and marker.read_text() == wanted:
        return target, 0.0
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    marker.unlink(missing_ok=True)
    db = cipher.raw_connect(source, key)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy is the one file
    finally:
        db.close()
    shutil.copyfile(source, target)
    target.chmod(0o600)
    engine = create_store_engine(target, key=key)
    from loyalty.store.migrate import upgrade
    upgrade(engine)  # the instrument tables (migration of #20)
    engine.dispose()
    fill(target, key)
    marker.write_text(wanted)
    return target, time.perf_counter() - started
