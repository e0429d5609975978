"""Real store files of every shipped schema version (``data/store-v000N.sqlite3``, see
``build_old_stores.py``) upgrade to today's schema the way the counter opens them: a key is
made, the plain file is encrypted, backed up and migrated; every member, entry, balance and
cashier survives, lookups find them, and the counter can keep selling on the result."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from loyalty.money import Currency, Money
from loyalty.store import cipher, keys, lookup, migrate
from loyalty.store.backup import list_backups, open_and_upgrade
from loyalty.store.context import TillContext
from loyalty.store.engine import lookup_engine
from loyalty.store.schema import cashiers, ledger, members
from loyalty.store.service import CounterService

DATA = Path(__file__).parent / "data"
VERSIONS = [f"{n:04d}" for n in range(1, 9)]


def _plain_rows(path: Path) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]],
                                     set[str]]:
    db = sqlite3.connect(path)
    try:
        people = set(db.execute("SELECT id, phone, member_code, name, balance FROM members"))
        entries = set(db.execute("SELECT id, member_id, kind, points, state FROM ledger"))
        staff = {row[0] for row in db.execute("SELECT name FROM cashiers")}
        return people, entries, staff
    finally:
        db.close()


def test_every_shipped_version_has_its_file() -> None:
    assert migrate.head_revision() in VERSIONS or int(migrate.head_revision()) > 8
    for version in VERSIONS:
        path = DATA / f"store-v{version}.sqlite3"
        db = sqlite3.connect(path)
        try:
            assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] \
                == version
            assert db.execute("SELECT count(*) FROM members").fetchone()[0] >= 1
        finally:
            db.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_store_file_upgrades_encrypted_with_all_its_data(tmp_path: Path,
                                                               version: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = data / "store.db"
    shutil.copyfile(DATA / f"store-v{version}.sqlite3", store)
    people, entries, staff = _plain_rows(store)
    keys.unlock(store, keys.default_vault(data, tmp_path / "keys"))
    engine = open_and_upgrade(store, data / "backups")
    try:
        assert cipher.is_encrypted(store)
        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.connect() as conn:
            after_people = set(conn.execute(select(members.c.id, members.c.phone,
                                                   members.c.member_code, members.c.name,
                                                   members.c.balance)))
            after_entries = set(conn.execute(select(ledger.c.id, ledger.c.member_id,
                                                    ledger.c.kind, ledger.c.points,
                                                    ledger.c.state)))
            after_staff = set(conn.execute(select(cashiers.c.name)).scalars())
        assert after_people == people
        assert after_entries == entries
        assert after_staff == staff
        with lookup_engine(engine).connect() as conn:
            for _id, phone, _code, name, _balance in people:
                assert [m.name for m in lookup.by_phone(conn, str(phone))] == [name]
        if version != migrate.head_revision():
            assert "before-upgrade" in [b.reason for b in list_backups(data / "backups")]
        # The upgraded store sells: an award on the first member lands on its balance.
        member_id, _phone, _code, _name, balance = min(people)
        service = CounterService(engine, TillContext("S001", "S001-T01", tz_name="Asia/Taipei"))
        try:
            change = service.award(str(member_id), Money(Decimal("500"), Currency("TWD")))
            assert change.points > 0
            assert service.panel(str(member_id)).balance == int(str(balance)) + change.points
        finally:
            service.close()
    finally:
        engine.dispose()
        cipher.forget(store)
