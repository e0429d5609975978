"""A dead counter PC's backup restored on a new PC through head office's recovery key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop import keys_cli, upkeep
from loyalty.store import cipher, keys
from loyalty.store.backup import SEALED_KEY, BackupError, list_backups, restore_store
from loyalty.store.engine import create_store_engine
from loyalty.store.escrow import RecoveryError, generate_recovery_keys, seal, unseal
from tests.helpers.crypt import NAME, found, make_till


@pytest.fixture
def head_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Head office's recovery key pair, made with the CLI; tills find the public half."""
    monkeypatch.setenv("REGULARS_RECOVERY_PASSPHRASE", "總公司-復原-2026")
    private = tmp_path / "head-office" / "recovery.pem"
    private.parent.mkdir()
    assert keys_cli.main(["recovery-keygen", "--out", str(private)]) == 0
    monkeypatch.setenv("REGULARS_RECOVERY_KEY", str(private.with_suffix(".pub.pem")))
    return private


def test_a_backup_of_a_dead_pc_opens_on_a_new_pc_with_the_key_head_office_recovers(
        tmp_path: Path, head_office: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    old_pc = make_till(tmp_path / "old-pc")
    monkeypatch.setenv("REGULARS_KEY_DIR", str(old_pc.key_dir))  # that PC's key folder
    keys.unlock_folder(old_pc.store.path, old_pc.backups)  # as the counter does at start
    assert upkeep.backup_main(
        ["--data-dir", str(old_pc.data)]) == 0
    old_pc.store.engine.dispose()
    backup = list_backups(old_pc.backups)[0]
    meta = json.loads(backup.path.with_suffix(".json").read_text())
    assert meta["encrypted"] is True and meta["key_escrow"].startswith("rsa-oaep-sha256:")
    assert (old_pc.backups / SEALED_KEY).exists()
    # The old PC is gone, its key folder with it. The backup alone opens nowhere.
    monkeypatch.setenv("REGULARS_KEY_DIR", str(tmp_path / "new-pc-keys"))
    new_data = tmp_path / "new-pc"
    with pytest.raises(BackupError, match="another key"):
        restore_store(backup.path, new_data / "store.db", expected_terminal=None)
    # Head office opens the sealed key with its private key, and the new PC restores.
    key_file = tmp_path / "recovered.hex"
    assert keys_cli.main(["recover", str(backup.path.with_suffix(".json")),
                          "--private-key", str(head_office), "--out", str(key_file)]) == 0
    assert cipher.StoreKey.from_hex(key_file.read_text()) == old_pc.key
    assert upkeep.restore_main([str(backup.path), "--data-dir", str(new_data),
                                "--backup-key", str(key_file)]) == 0
    new_key = cipher.key_for(new_data / "store.db")
    assert new_key is not None and new_key != old_pc.key  # re-encrypted with the new PC's
    assert cipher.is_encrypted(new_data / "store.db") and not found(new_data / "store.db")
    engine = create_store_engine(new_data / "store.db")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM members")).scalar_one() == NAME
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar_one() > 0
    engine.dispose()
    capsys.readouterr()


def test_a_key_sealed_to_another_head_office_or_a_wrong_passphrase_is_refused(
        head_office: Path) -> None:
    _, other_public = generate_recovery_keys(b"another chain")
    sealed = seal(cipher.StoreKey.generate(), other_public)
    with pytest.raises(RecoveryError, match="another head-office"):
        unseal(sealed, head_office.read_bytes(), "總公司-復原-2026".encode())
    mine = seal(cipher.StoreKey.generate(), head_office.with_suffix(".pub.pem").read_bytes())
    with pytest.raises(RecoveryError, match="cannot be read"):
        unseal(mine, head_office.read_bytes(), b"wrong")
