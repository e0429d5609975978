"""The terminal process killed with SIGKILL at random points during sync, and central
restarted mid-push: after restarts everything converges, nothing lost or doubled."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from loyalty.money import Currency, Money
from sync.client import Backoff, CentralClient
from sync.credentials import load_token
from sync.engine import SyncConfig
from tests.fault.conftest import ITERATIONS
from tests.fault.terminal_driver import READY
from tests.helpers.central_server import CentralServer, free_port, start_central
from tests.helpers.programs import instrument_convergence, put_programs
from tests.helpers.sync_terminal import Terminal, convergence, unique_phones

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("terminal_driver.py")


def _driver(data_dir: Path, seed: int, *extra: str) -> subprocess.Popen[bytes]:
    with (data_dir / "driver.err").open("ab") as errors:  # why a driver stopped, if it did
        return subprocess.Popen([sys.executable, str(DRIVER), str(data_dir), str(seed),
                                 *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)


def _wait_for(ready: Path, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    """Until the driver says it is selling (importing it takes seconds on a busy machine)."""
    deadline = time.monotonic() + timeout
    while not ready.exists():
        assert proc.poll() is None, "the driver stopped before it started selling"
        assert time.monotonic() < deadline, "the driver did not start selling"
        time.sleep(0.05)


@pytest.mark.slow
def test_terminal_killed_mid_sync_converges(tmp_path: Path, central: CentralServer,
                                            db_url: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(42)
    put_programs(central)  # stamps with the sales; passes sold and used, online
    terms = [Terminal.create(tmp_path / f"t{k}", central) for k in range(2)]
    kills = 0
    try:
        for it in range(ITERATIONS * 4):
            term = terms[it % 2]
            ready = term.fixture.path.parent / READY
            ready.unlink(missing_ok=True)
            proc = _driver(term.fixture.path.parent, 100 + it)
            _wait_for(ready, proc)
            time.sleep(rng.uniform(0.5, 2.0))  # let it run into a random point, then kill
            proc.kill()
            proc.wait()
            kills += 1
        for term in terms:
            assert _driver(term.fixture.path.parent, 0, "--converge").wait(timeout=120) == 0
        for term in terms:
            term.sync()
        counts = convergence(db_url, terms) | instrument_convergence(db_url, terms)
    finally:
        for term in terms:
            term.close()
    with capsys.disabled():
        print(f"\nSIGKILL [{db_url.split(':')[0]}]: iterations={kills} kills={kills} {counts}")
    assert counts["entries_checked"] > 0 and counts["instrument_entries_checked"] > 0
    assert counts["lost"] == counts["duplicated"] == counts["balance_errors"] == 0
    assert counts["instrument_lost"] == counts["instrument_duplicated"] == 0
    assert counts["instrument_balance_errors"] == 0


@pytest.mark.slow
def test_central_restarted_mid_push(tmp_path: Path, db_url: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    central = start_central(db_url, subprocess=True, port=port)
    restarts = 0
    rng = random.Random(7)
    config = SyncConfig(verify_every=None, push_batch=100)
    term = Terminal.create(tmp_path / "t", central, config=config)
    other = Terminal.create(tmp_path / "o", central, config=config)
    try:
        term.engine.client.close()
        term.engine.client = CentralClient(central.url, load_token(tmp_path / "t"),
                                           attempts=200, backoff=Backoff(0.02, 0.2), seed=3)
        for it in range(ITERATIONS):
            ids = [term.service.enroll(phone=p, name="客").member_id
                   for p in unique_phones(random.Random(it), 20)]
            for _ in range(1500):
                term.service.award(rng.choice(ids), Money(Decimal(500), Currency.TWD))
            errors: list[BaseException] = []

            def push() -> None:
                try:
                    term.sync()
                except BaseException as exc:
                    errors.append(exc)  # noqa: B023 - joined within the iteration

            worker = threading.Thread(target=push)
            worker.start()
            time.sleep(rng.uniform(0.3, 1.0))
            assert central._process is not None
            central._process.kill()  # mid-push: no goodbye
            central._process.wait()
            central = start_central(db_url, subprocess=True, port=port)
            restarts += 1
            worker.join(timeout=300)
            assert not errors, errors
        term.sync()
        other.sync()
        counts = convergence(db_url, [term, other])
    finally:
        term.close()
        other.close()
        central.stop()
    with capsys.disabled():
        print(f"\ncentral restart [{db_url.split(':')[0]}]: iterations={ITERATIONS} "
              f"restarts={restarts} {counts}")
    assert counts["lost"] == counts["duplicated"] == counts["balance_errors"] == 0
    assert counts["entries_checked"] >= 2 * 1500 * ITERATIONS
