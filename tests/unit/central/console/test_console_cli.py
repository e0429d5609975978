"""``regulars central console-admin``: the first head-office account from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from central.cli import main
from central.console.accounts import sign_in
from central.db import make_engine, run_transaction


def _signs_in(db: str, username: str, password: str) -> str | None:
    engine = make_engine(db)
    try:
        outcome = run_transaction(engine, lambda s: sign_in(s, username, password, "", None))
        return outcome.account.role if outcome.account else None
    finally:
        engine.dispose()


def test_console_admin_prints_a_password_once_or_reads_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = f"sqlite:///{tmp_path / 'central.db'}"
    assert main(["console-admin", "--db", db, "--username", "Mei", "--name", "林美"]) == 0
    made = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert made["username"] == "mei" and made["role"] == "admin"
    assert _signs_in(db, "mei", made["password"]) == "admin"

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    assert main(["console-admin", "--db", db, "--username", "kai", "--password-stdin"]) == 0
    assert "password" not in capsys.readouterr().out  # the caller knows it
    assert _signs_in(db, "kai", "a long enough secret") == "admin"

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["console-admin", "--db", db, "--username", "ann", "--password-stdin"]) == 2
    assert "at least 10 characters" in capsys.readouterr().err
    assert main(["console-admin", "--db", db, "--username", "mei"]) == 2
    assert "That user name is taken." in capsys.readouterr().err
