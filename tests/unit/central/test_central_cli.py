"""The command line: first-run set-up, the demo chain, jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from central.bootstrap import bootstrap_demo_chain
from central.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(list(argv)) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    return out


def test_first_run_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'central.db'}"
    token = _run(capsys, "init-admin", "--db", db)["admin_token"]
    assert isinstance(token, str) and token.startswith("ra_")
    assert _run(capsys, "create-store", "--db", db, "--id", "T01", "--name", "台北")[
        "store_id"] == "T01"
    code = _run(capsys, "issue-code", "--db", db, "--store", "T01")
    assert code["store_id"] == "T01" and len(str(code["code"])) == 19
    report = _run(capsys, "jobs", "run", "--db", db, "--date", "2030-01-01")
    assert report["expired_entries"] == 0
    assert (tmp_path / "central.db").stat().st_mode & 0o777 == 0o600


def test_demo_chain_can_be_made_twice(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'central.db'}"
    first, second = bootstrap_demo_chain(db), bootstrap_demo_chain(db)
    assert first.store_id == second.store_id == "S001"
    assert first.enrollment_code != second.enrollment_code


def test_serve_refuses_fewer_than_one_worker(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["serve", "--db", db, "--workers", "0"]) == 2
    assert "--workers must be 1 or more" in capsys.readouterr().err
