"""A till's files without the key: no phone, name or birthday in their bytes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from loyalty.store import cipher, keys
from loyalty.store.backup import backup_store, list_backups
from loyalty.store.engine import create_store_engine
from tests.helpers.crypt import NEEDLES, found, make_till


def test_a_plain_till_shows_the_member_in_its_files_so_the_search_below_can_fail(
        tmp_path: Path) -> None:
    till = make_till(tmp_path, encrypted=False)
    backup_store(till.store.path, till.backups)
    till.store.engine.dispose()
    seen = set().union(*(found(p) for p in till.files()))
    assert seen == set(NEEDLES)


def test_store_wal_backups_and_print_queue_hold_no_phone_name_or_birthday(
        tmp_path: Path) -> None:
    till = make_till(tmp_path)
    backup_store(till.store.path, till.backups, reason="daily")
    backup_store(till.store.path, till.backups, reason="manual")
    # The counter still open: its write-ahead log holds the newest pages.
    with till.store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM members")).scalar_one() == 1
        names = {p.name for p in till.files()}
        assert {"store.db", "store.db-wal", "print-jobs.sqlite3"} <= names
        assert {p.name: found(p) for p in till.files()} == {p.name: set() for p in
                                                             till.files()}
    till.store.engine.dispose()
    files = till.files()
    assert len([p for p in files if p.suffix == ".regulars-backup"]) == 2
    for path in files:
        assert not found(path), path.name
        if path.suffix in (".db", ".sqlite3", ".regulars-backup"):
            assert cipher.is_encrypted(path), path.name
    # Without the key neither driver can read them.
    for path in (till.data / "store.db", list_backups(till.backups)[0].path):
        with pytest.raises(cipher.DB_ERRORS, match="not a database"):
            cipher.raw_connect(path, None).execute("SELECT * FROM sqlite_master").fetchall()


def test_the_key_is_kept_outside_the_data_folder_readable_only_by_the_till(
        tmp_path: Path) -> None:
    till = make_till(tmp_path)
    till.store.engine.dispose()
    assert till.key is not None
    key_files = [p for p in till.key_dir.rglob("*") if p.is_file()]
    assert len(key_files) == 1 and till.data not in key_files[0].parents
    assert stat.S_IMODE(key_files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(till.key_dir.stat().st_mode) == 0o700
    hexkey = till.key.hex().encode()
    assert not any(hexkey in p.read_bytes() or till.key.raw in p.read_bytes()
                   for p in till.files())


def test_a_key_folder_inside_the_data_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="inside the data folder"):
        keys.default_vault(tmp_path, tmp_path / "keys")


def test_an_encrypted_store_whose_key_is_gone_is_never_given_a_new_key(tmp_path: Path) -> None:
    till = make_till(tmp_path)
    till.store.engine.dispose()
    for p in till.key_dir.iterdir():
        p.unlink()
    cipher.forget(till.data / "store.db")
    with pytest.raises(keys.KeyMissing, match="regulars keys recover") as err:
        keys.unlock(till.data / "store.db", keys.default_vault(till.data, till.key_dir))
    assert err.value.code == "store_key_missing"
    assert not any(till.key_dir.iterdir())  # no new key that could never open the data


def test_the_key_comes_back_from_its_file_and_opens_the_store_in_a_new_process_state(
        tmp_path: Path) -> None:
    till = make_till(tmp_path)
    till.store.engine.dispose()
    store = till.data / "store.db"
    for path in keys.protected_files(store):
        cipher.forget(path)
    key = keys.unlock(store, keys.default_vault(till.data, till.key_dir))
    assert key == till.key and cipher.key_for(store) == key
    engine = create_store_engine(store)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM members")).scalar_one() == "鄭雅文"
    engine.dispose()


class _MemoryKeyring:
    """Stands in for the Secret Service (none runs here): the keyring API's two calls."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, name: str) -> str | None:
        return self.saved.get((service, name))

    def set_password(self, service: str, name: str, value: str) -> None:
        self.saved[(service, name)] = value


def test_with_an_unlocked_keyring_the_key_lives_there_and_no_file_is_written(
        tmp_path: Path) -> None:
    ring = _MemoryKeyring()
    data = tmp_path / "data"
    data.mkdir()
    vault = keys.KeyringEntry(f"store-{keys.folder_id(data)}", ring)
    key = keys.unlock(data / "store.db", vault)
    assert list(ring.saved.values()) == [key.hex()]
    assert keys.unlock(data / "store.db", vault) == key
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_no_keyring_here_means_the_key_file(tmp_path: Path) -> None:
    # This build machine has no Secret Service: keyring's fail backend is not used.
    assert keys.usable_keyring() is None
    os.environ.pop("REGULARS_NO_SUCH", None)
    vault = keys.default_vault(tmp_path / "data", tmp_path / "keys")
    assert isinstance(vault, keys.KeyFile)
