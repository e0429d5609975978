"""Builds ``data/store-v000N.sqlite3``: a plain store file of every shipped schema version
(0002 to the last shipped), with small synthetic data (no real person's), for
``test_old_store_files.py``.

``store-v0001.sqlite3`` was written by the 0001 app itself; this script adds four members
with earns, a redemption and a void to a copy of it in 0001's own columns (raw SQL: no
code of today's models), then migrates that copy one revision at a time and keeps the file
of each. Run it once per shipped revision (``python -m tests.migrations.build_old_stores``);
the files are committed, never rebuilt by the tests.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import upgrade

DATA = Path(__file__).parent / "data"
SHIPPED = ("0002", "0003", "0004", "0005", "0006", "0007", "0008")
TERMINAL, STORE, WHEN = "S001-T01", "S001", "2026-11-2{day}T0{hour}:00:00.000000"

# id suffix, phone, code, name, [(kind, points, sale cents, state)]
MEMBERS = (
    ("0a01", "+886912000001", "100100000107", "林美玲", (("earn", 250, 250000, "pending"),
                                                       ("redeem", -100, None, "pending"))),
    ("0a02", "+886912000002", "100100000206", "Zoé Chen", (("earn", 80, 80000, "confirmed"),)),
    ("0a03", "+85291234567", "100100000305", "黃 雅婷", (("earn", 40, 40000, "pending"),
                                                       ("earn", 1200, 1200000, "pending"))),
    ("0a04", "+886912000004", "100100000404", "王𠮷", ()),
)


def _add_members(db: sqlite3.Connection) -> None:
    cashier = db.execute("SELECT id FROM cashiers WHERE role = 'cashier'").fetchone()[0]
    for n, (suffix, phone, code, name, entries) in enumerate(MEMBERS, start=1):
        member_id = f"01a209f8-2000-7000-8000-00000000{suffix}"
        when = WHEN.format(day=n, hour=n)
        balance = sum(points for _, points, _, _ in entries)
        pending = sum(points for _, points, _, state in entries if state == "pending")
        db.execute(
            "INSERT INTO members (id, phone, phone_rev, member_code, name, tier, origin, "
            "status, balance, pending_points, hlc, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, ?, 'general', ?, 'active', ?, ?, ?, ?, ?)",
            (member_id, phone, phone[::-1], code, name, STORE, balance, pending,
             f"17954635834{n:02d}-0000-{TERMINAL}", when, when))
        for k, (kind, points, sale, state) in enumerate(entries):
            db.execute(
                "INSERT INTO ledger (id, member_id, kind, points, sale_cents, currency, "
                "store_id, terminal_id, cashier_id, receipt_no, occurred_at, rules_version, "
                "expires_on, offline, state) VALUES (?, ?, ?, ?, ?, 'TWD', ?, ?, ?, ?, ?, 1, "
                "?, ?, ?)",
                (f"01a209f8-3000-7000-8000-0000{suffix}{k:04d}", member_id, kind, points,
                 sale, STORE, TERMINAL, cashier, f"R-{suffix}-{k}" if kind == "earn" else None,
                 when, "2027-11-30" if kind == "earn" else None, int(kind == "redeem"),
                 state))
    db.execute("INSERT INTO settings (key, value) VALUES ('store_name', '\"測試門市\"'), "
               "('tz', '\"Asia/Taipei\"'), ('region', '\"TW\"')")


def build() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "store.db"
        shutil.copyfile(DATA / "store-v0001.sqlite3", work)
        db = sqlite3.connect(work)
        with db:
            _add_members(db)
        db.close()
        for revision in SHIPPED:
            engine = create_store_engine(work)
            upgrade(engine, revision)
            engine.dispose()
            out = DATA / f"store-v{revision}.sqlite3"
            out.unlink(missing_ok=True)
            db = sqlite3.connect(work)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("VACUUM INTO ?", (str(out),))
            db.close()
            print(out.name, out.stat().st_size)


if __name__ == "__main__":
    build()
