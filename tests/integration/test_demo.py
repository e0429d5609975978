"""``regulars demo`` as a visitor runs it: the real command in a subprocess, the real central
service it starts, the real store file it leaves behind."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.demo import main as demo_main
from desktop.demo.central import CentralProcess, DemoError, HeadOffice, free_port
from desktop.demo.place import DemoDir
from desktop.demo.prepare import STAFF, open_store
from loyalty.errors import AuthenticationFailed
from loyalty.money import Currency, Money
from loyalty.store import cashiers, cipher, keys
from loyalty.store.context import TillContext
from loyalty.store.keyvalue import get_state
from loyalty.store.service import CounterService
from sync.client import CentralClient
from sync.credentials import load_token
from sync.engine import SyncConfig, SyncEngine
from sync.state import identity
from tests.helpers.wait import wait_until

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 40
MANAGER, CASHIER = STAFF


def demo(data_dir: Path, *args: str, env: dict[str, str] | None = None,
         timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", "demo", "--data-dir",
                           str(data_dir), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that name ``text`` (a demo's folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmdline:
            found.append(cmdline)
    return found


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A demo folder prepared once by the real command; its first run's output."""
    data_dir = tmp_path_factory.mktemp("demo") / "demo"
    run = demo(data_dir, "--prepare-only", "--members", str(MEMBERS))
    assert run.returncode == 0, run.stderr
    yield data_dir, run.stdout


def test_prepare_builds_a_set_up_registered_store_with_members_from_three_sides(
        prepared: tuple[Path, str]) -> None:
    data_dir, out = prepared
    assert f"Demo data: {data_dir}" in out
    for staff in STAFF:
        assert f"{staff.name}  PIN {staff.pin}" in out
    engine = open_store(data_dir / "store.db")
    try:
        with engine.connect() as conn:
            assert get_state(conn, "setup_completed_at") is not None
            assert identity(conn) is not None
            origins: dict[str, int] = {row[0]: row[1] for row in conn.exec_driver_sql(
                "SELECT origin, count(*) FROM members GROUP BY origin")}
            pending = conn.exec_driver_sql(
                "SELECT count(*) FROM outbox WHERE state = 'pending'").scalar_one()
            refused = conn.exec_driver_sql(
                "SELECT count(*) FROM outbox WHERE state IN ('held', 'rejected')").scalar_one()
            expired = conn.exec_driver_sql(
                "SELECT count(*) FROM ledger WHERE kind = 'expire'").scalar_one()
    finally:
        engine.dispose()
    # Served here, at the other store (arrived by sync) and signed up online (by sync).
    assert origins["S001"] >= MEMBERS * 0.8 and origins["S002"] == MEMBERS // 10
    assert origins["online"] == MEMBERS // 10 + 1
    assert pending == 0  # everything seeded here reached central
    assert refused == 0  # … and central took all of it: nothing held for head office
    assert expired > 0  # central's nightly jobs ran and their expiries came back
    assert not processes_mentioning(str(data_dir))


def test_the_demo_shows_everything_slips_spread_jobs_non_members_and_codes_to_scan(
        prepared: tuple[Path, str]) -> None:
    """Issue 18 point 7: a file printer with PNG slips, expiries and tier changes spread
    over the history (not all today), non-member sales, e-invoices and carrier barcodes."""
    data_dir, out = prepared
    assert str(data_dir / "scan-me") in out and "regulars pos-sale" in out
    pictures = sorted(p.name for p in (data_dir / "scan-me").iterdir())
    assert sum(name.startswith("einvoice-") for name in pictures) == 4
    assert "carrier-MEIplus678.png" in pictures and "carrier-NEW-001.png" in pictures
    assert (data_dir / "slips").is_dir()
    engine = open_store(data_dir / "store.db")
    try:
        with engine.connect() as conn:
            printer = conn.exec_driver_sql(
                "SELECT value FROM settings WHERE key = 'printer'").scalar_one()
            sellers = conn.exec_driver_sql(
                "SELECT value FROM settings WHERE key = 'einvoice.seller_ids'").scalar_one()
            expiry_days = conn.exec_driver_sql(
                "SELECT count(DISTINCT substr(occurred_at, 1, 10)) FROM ledger "
                "WHERE kind = 'expire'").scalar_one()
            expired_today = conn.exec_driver_sql(
                "SELECT count(*) FROM ledger WHERE kind = 'expire' AND occurred_at >= "
                "date('now', '-1 day')").scalar_one()
            total_expired = conn.exec_driver_sql(
                "SELECT count(*) FROM ledger WHERE kind = 'expire'").scalar_one()
            tier_days = conn.exec_driver_sql(
                "SELECT count(DISTINCT on_date) FROM tier_changes").scalar_one()
            anonymous, member_sales = (conn.exec_driver_sql(
                "SELECT (SELECT count(*) FROM anonymous_sales), "
                "(SELECT count(*) FROM ledger WHERE kind = 'earn')").one())
            carriers = conn.exec_driver_sql("SELECT count(*) FROM member_carriers").scalar_one()
    finally:
        engine.dispose()
    assert '"kind": "file"' in printer and "53212539" in sellers
    assert expiry_days >= 3 and expired_today < total_expired / 2
    assert tier_days >= 2
    assert 0.15 < anonymous / (anonymous + member_sales) < 0.5
    assert carriers == 1


def test_the_printed_pins_sign_in_and_a_wrong_pin_does_not(
        prepared: tuple[Path, str]) -> None:
    data_dir, _ = prepared
    engine = open_store(data_dir / "store.db")
    service = CounterService(engine, TillContext("S001", "T"))
    try:
        with engine.connect() as conn:
            staff = {c.name: c for c in cashiers.list_cashiers(conn)}
        assert set(staff) == {MANAGER.name, CASHIER.name}
        assert service.sign_in(staff[MANAGER.name].id, MANAGER.pin).is_manager
        assert service.sign_in(staff[CASHIER.name].id, CASHIER.pin).role == "cashier"
        with pytest.raises(AuthenticationFailed):
            service.sign_in(staff[CASHIER.name].id, MANAGER.pin)
    finally:
        service.close()
        engine.dispose()


def test_second_run_reuses_the_demo_and_sync_follows_central_to_a_new_port(
        prepared: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, _ = prepared
    place = DemoDir(data_dir)
    before = place.read()
    with socket.socket() as squatter:  # the port of the first run is taken now
        # (the option lets us bind over the first run's connections still in TIME_WAIT)
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", before["port"]))
        squatter.listen()
        started = time.monotonic()
        status = demo_main(["--data-dir", str(data_dir), "--prepare-only", "--members", "500"])
        elapsed = time.monotonic() - started
    out = capsys.readouterr().out
    assert status == 0
    assert "Reusing the prepared demo" in out and "Preparing" not in out and elapsed < 30
    after = place.read()
    assert after["port"] != before["port"] and after["prepared_at"] == before["prepared_at"]
    engine = open_store(data_dir / "store.db")
    central = CentralProcess(place.central_dir / "central.db", place.central_dir / "c.log",
                             place.admin_token(), after["port"])
    try:
        with engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM members").scalar_one()
            ident = identity(conn)
            staff = cashiers.list_cashiers(conn)
        assert count == MEMBERS + 4 and len(staff) == 2  # nothing added the second time
        assert ident is not None and ident.central_url == central.url
        # The registered terminal syncs with the demo's central: a new member reaches it.
        central.start()
        service = CounterService(engine, TillContext(ident.store_id, ident.terminal_id))
        member = service.enroll(phone="0977000678", name="測試員")
        service.award(member.member_id, Money(Decimal(500), Currency.TWD))
        service.close()
        with CentralClient(central.url, load_token(data_dir)) as client:
            report = SyncEngine(engine, client, config=SyncConfig(verify_every=None)
                                ).sync_once()
        assert report.push.acked == 2
        with HeadOffice(central.url, place.admin_token()) as office:
            found = office.member("0977000678")
        assert found is not None and found["balance"] == 50
    finally:
        central.stop()
        engine.dispose()


def spawn(data_dir: Path, *args: str, env: dict[str, str] | None = None
          ) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "desktop.cli", "demo", "--data-dir",
                             str(data_dir), *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})


def wait_for_line(process: subprocess.Popen[str], prefix: str) -> str:
    assert process.stdout is not None
    for line in process.stdout:  # the pipe closes if the process dies: no endless wait
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(f"no {prefix!r} line; exit {process.wait()}: "
                         f"{process.stderr.read() if process.stderr else ''}")


def last_sync(data_dir: Path) -> str | None:
    store = data_dir / "store.db"
    if cipher.is_encrypted(store) and cipher.key_for(store) is None:
        keys.unlock(store)  # the counter encrypted it; its key is in this run's key folder
    db = cipher.connect(store, readonly=True)
    try:
        row = db.execute("SELECT value FROM sync_state WHERE key = 'last_sync_at'").fetchone()
        return None if row is None else str(row[0])
    finally:
        db.close()


def test_the_counter_opens_signed_in_syncs_and_ctrl_c_leaves_no_central_behind(
        prepared: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, _ = prepared
    synced_before = last_sync(data_dir)
    counter = spawn(data_dir, "--ready-stamp", "--bench-sign-in", CASHIER.name,
                    env={"QT_QPA_PLATFORM": "offscreen", "REGULARS_BENCH_PIN": CASHIER.pin})
    try:
        ready = wait_for_line(counter, "READY ")
        assert ready.endswith(" 1")  # signed in with the printed PIN, search box takes input
        assert any("central" in cmd for cmd in processes_mentioning(str(data_dir)))
        # the app's sync worker, on its own thread, against central
        wait_until(lambda: last_sync(data_dir) != synced_before, 30, interval=0.1,
                   message="the demo counter never synced")
        # A second demo on this folder meanwhile is refused, and its --reset wipes nothing.
        assert demo_main(["--data-dir", str(data_dir), "--prepare-only", "--reset"]) == 1
        assert "is already running" in capsys.readouterr().err
        assert (data_dir / "store.db").exists()
        counter.send_signal(signal.SIGINT)
        assert counter.wait(timeout=30) == 0
    finally:
        counter.kill()
        counter.communicate()
    assert not processes_mentioning(str(data_dir))


def test_a_killed_demo_takes_its_central_along_and_the_next_run_starts_over(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "demo"
    demo_run = spawn(data_dir, "--prepare-only", "--members", "5000")  # killed long before
    try:
        wait_for_line(demo_run, "Central service:")
        demo_run.kill()  # SIGKILL: no clean-up of its own
        demo_run.wait(timeout=10)
    finally:
        demo_run.kill()
        demo_run.communicate()
    # the kernel's death signal; central shuts down
    wait_until(lambda: not processes_mentioning(str(data_dir)), 30, interval=0.1,
               message=lambda: f"still running: {processes_mentioning(str(data_dir))}")
    status = demo_main(["--data-dir", str(data_dir), "--prepare-only", "--no-central",
                        "--members", "10"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "did not finish; starting it again" in out


def test_a_folder_that_is_not_a_demo_is_refused_and_left_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "store.db").write_bytes(b"a real terminal's data")
    assert demo_main(["--data-dir", str(tmp_path), "--prepare-only", "--reset",
                      "--no-central"]) == 1
    assert "holds no Regulars demo" in capsys.readouterr().err
    assert (tmp_path / "store.db").read_bytes() == b"a real terminal's data"


def test_reset_rebuilds_a_standalone_demo(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--data-dir", str(tmp_path / "demo"), "--prepare-only"]
    assert demo_main([*args, "--no-central", "--members", "30"]) == 0
    capsys.readouterr()
    assert demo_main([*args, "--no-central", "--reset", "--members", "12"]) == 0
    out = capsys.readouterr().out
    assert "Wiping the demo" in out and "15 members" in out  # 12 and the 3 to try
    assert demo_main(args) == 1  # prepared standalone, asked with central
    assert "--reset" in capsys.readouterr().err


def test_a_taken_port_is_named_before_anything_starts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        status = demo_main(["--data-dir", str(tmp_path / "demo"), "--prepare-only",
                            "--port", str(port)])
    assert status == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in capsys.readouterr().err
    assert not processes_mentioning(str(tmp_path))


def test_central_that_cannot_start_is_reported_with_its_log(tmp_path: Path) -> None:
    db = tmp_path / "central.db"
    db.write_bytes(b"not a database" * 100)
    log = tmp_path / "central.log"
    central = CentralProcess(db, log, "token", free_port())
    with pytest.raises(DemoError) as failed:
        central.start(timeout=60)
    assert str(log) in str(failed.value)
    assert "exited with status" in str(failed.value)
    assert not central.alive()


def test_without_a_display_it_says_so_before_building_anything(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert demo_main(["--data-dir", str(tmp_path / "demo")]) == 1
    assert "No display to open the counter on" in capsys.readouterr().err
    assert not (tmp_path / "demo").exists()



def test_the_demo_prints_its_console_and_an_account_that_signs_in(
        prepared: tuple[Path, str]) -> None:
    from central.console.accounts import sign_in
    from central.db import make_engine, run_transaction
    from desktop.demo import CONSOLE_PASSWORD, CONSOLE_USER

    data_dir, out = prepared
    line = next(x for x in out.splitlines() if x.startswith("Head office's console: "))
    assert re.search(r"http://127\.0\.0\.1:\d+/console/ — sign in as headoffice, password "
                     "regulars-demo$", line)
    engine = make_engine(f"sqlite:///{data_dir / 'central' / 'central.db'}")
    try:
        outcome = run_transaction(engine, lambda s: sign_in(s, CONSOLE_USER, CONSOLE_PASSWORD,
                                                            "", None))
    finally:
        engine.dispose()
    assert outcome.account is not None and outcome.account.role == "admin"
