"""installer/central/ as an operator runs it: the systemd unit's command with its environment
file and two workers, Debian's nginx with the shipped site config terminating TLS in front
(limits and timeouts enforced there), a fleet of tills through it, and a PostgreSQL backup
restored into a new database."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess as sp
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.helpers.central_db import temp_postgres_database
from tests.helpers.deploy import (
    KIT,
    UNITS,
    Deployed,
    deployed_central,
    render,
    unit_directives,
    unit_values,
)
from tests.helpers.fleet import Fleet, FleetConfig, check_ledgers, count_missed, enrollment_codes

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
HEADER_TIMEOUT_S = 2


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployed]:
    folder = tmp_path_factory.mktemp("deploy")
    with temp_postgres_database() as db_url, deployed_central(
            folder, db_url, workers=2, header_timeout=f"{HEADER_TIMEOUT_S}s",
            body_timeout=f"{HEADER_TIMEOUT_S}s") as central:
        yield central


def test_units_are_valid_systemd_units(tmp_path: Path) -> None:
    values = unit_values(tmp_path, 8470)
    (tmp_path / "central.env").write_text("REGULARS_CENTRAL_WORKERS=2\n")
    for name in UNITS:
        rendered = tmp_path / name
        rendered.write_text(render(KIT / name, **values))
    service = unit_directives((tmp_path / "regulars-central.service").read_text())
    assert service["ExecStart"].split()[1:] == ["-m", "central", "serve", "--host",
                                                "127.0.0.1", "--port", "8470"]
    assert service["ExecReload"] == "/bin/kill -HUP $MAINPID"  # uvicorn's rolling restart
    assert service["Restart"] == "always" and service["PrivateTmp"] == "yes"
    assert unit_directives((tmp_path / "regulars-central-backup.timer").read_text())[
        "OnCalendar"] == "*-*-* 03:30:00"
    analyze = shutil.which("systemd-analyze")
    if analyze is not None:
        done = sp.run([analyze, "verify", *[str(tmp_path / n) for n in UNITS]],
                      capture_output=True, text=True, check=False)
        # any word about our files (an unknown key, a bad value, a missing binary) fails;
        # complaints about this machine's own systemd (no bus, no PID 1) do not
        problems = [line for line in done.stderr.splitlines() if str(tmp_path) in line]
        assert not problems, done.stderr
    with pytest.raises(ValueError, match="no value for @PORT@"):
        render(KIT / "regulars-central.service", **{k: v for k, v in values.items()
                                                    if k != "PORT"})


def test_a_fleet_syncs_through_nginx_over_tls(deployed: Deployed) -> None:
    assert len(deployed.workers) == 2
    fleet = Fleet(deployed.url, enrollment_codes(deployed.db_url, 20),
                  FleetConfig(terminals=20, speed=30, redeem_one_in=5, enroll_one_in=10,
                              bootstraps=2, threads=12), ca_file=deployed.ca_file)
    fleet.setup()
    try:
        stats = fleet.run(8)
        fleet.drain()
    finally:
        fleet.close()
    summary = stats.summary()
    print("through nginx:", summary)
    assert stats.errors == 0, stats.error_samples
    assert count_missed(fleet, deployed.db_url) == 0  # nothing seen twice, none missed
    assert summary["redeem_n"] > 0 and summary["bootstrap_n"] == 2
    assert check_ledgers(fleet, deployed.db_url) == {
        "lost": 0, "duplicated": 0, "unexpected": 0, "still_queued": 0, "balance_drift": 0}
    # and nginx, not central, answered the client (TLS ends there)
    with deployed.client() as http:
        assert http.get("/openapi.json").headers["server"] == "nginx"


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(deployed: Deployed) -> None:
    """SIGKILL one of the two workers while 20 tills sync through nginx: the requests it
    held are retried by the tills through the proxy, uvicorn's supervisor starts a new
    worker, and every till's ledger matches central's."""
    fleet = Fleet(deployed.url, enrollment_codes(deployed.db_url, 20),
                  FleetConfig(terminals=20, speed=30, redeem_one_in=10, bootstraps=1,
                              threads=12), ca_file=deployed.ca_file)
    fleet.setup()
    victim = deployed.workers[0]

    def kill_one() -> None:
        time.sleep(3)
        os.kill(victim, signal.SIGKILL)

    try:
        stats = fleet.run(8, during=kill_one)
        fleet.drain()
        facts = check_ledgers(fleet, deployed.db_url)
    finally:
        fleet.close()
    print("failover:", stats.summary(), facts)
    assert facts == {"lost": 0, "duplicated": 0, "unexpected": 0, "still_queued": 0,
                     "balance_drift": 0}
    assert count_missed(fleet, deployed.db_url) == 0  # nothing seen twice, none missed
    assert stats.errors == 0, stats.error_samples
    deadline = time.monotonic() + 30
    while len(deployed.workers) < 2 or victim in deployed.workers:
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.2)


def test_bodies_over_the_limits_stop_at_nginx(deployed: Deployed) -> None:
    with deployed.client("not-even-a-token") as http:
        big = http.post("/v1/sync/push", content=b"x" * (9 * 1024 * 1024),
                        headers={"Content-Type": "application/json"})
        anonymous = http.post("/v1/terminals/register", content=b"x" * (17 * 1024),
                              headers={"Content-Type": "application/json"})
        small = http.post("/v1/terminals/register", json={"enrollment_code": "NOPE-NOPE"})
    assert big.status_code == 413 and "nginx" in big.text
    assert anonymous.status_code == 413 and "nginx" in anonymous.text
    assert 400 <= small.status_code < 500  # central's own answer, in JSON
    assert small.json()["reason"]


def _tls_socket(deployed: Deployed) -> ssl.SSLSocket:
    port = int(deployed.url.rsplit(":", 1)[1])
    context = ssl.create_default_context(cafile=str(deployed.ca_file))
    raw = socket.create_connection(("127.0.0.1", port), timeout=15)
    return context.wrap_socket(raw, server_hostname="localhost")


def _closed_after(sock: ssl.SSLSocket) -> float:
    """Seconds until the server closes the connection (reading whatever it says)."""
    started = time.monotonic()
    with sock:
        while sock.recv(4096):
            pass
    return time.monotonic() - started


def test_slow_headers_and_stalled_bodies_are_cut_at_nginx(deployed: Deployed) -> None:
    slow = _tls_socket(deployed)
    slow.sendall(b"GET /v1/rules HTTP/1.1\r\nHost: localhost\r\n")  # never finishes
    assert _closed_after(slow) < HEADER_TIMEOUT_S + 3
    stalled = _tls_socket(deployed)
    stalled.sendall(b"POST /v1/sync/push HTTP/1.1\r\nHost: localhost\r\n"
                    b"Authorization: Bearer x\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 5000\r\n\r\n{\"operations\": [")
    assert _closed_after(stalled) < HEADER_TIMEOUT_S + 3
    with deployed.client() as http:  # the service is unaffected
        assert http.get("/openapi.json").status_code == 200


def _facts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                "members": conn.execute(text("SELECT count(*) FROM members")).scalar_one(),
                "entries": conn.execute(text("SELECT count(*) FROM ledger_entries")
                                        ).scalar_one(),
                "points": conn.execute(text("SELECT COALESCE(sum(points), 0) "
                                            "FROM ledger_entries")).scalar_one(),
                "feed": conn.execute(text("SELECT value FROM counters WHERE name = 'feed'")
                                     ).scalar_one(),
            }
    finally:
        engine.dispose()


def test_backup_then_restore_into_a_new_database(deployed: Deployed) -> None:
    # something to back up, whatever ran before
    fleet = Fleet(deployed.url, enrollment_codes(deployed.db_url, 3, tills_per_store=3),
                  FleetConfig(terminals=3), ca_file=deployed.ca_file)
    fleet.setup()
    fleet.close()
    env = {"PATH": "/usr/bin:/bin", "REGULARS_BACKUP_URL": deployed.db_url,
           "REGULARS_BACKUP_DIR": str(deployed.folder / "backups")}
    done = sp.run([str(KIT / "backup.sh")], env=env, capture_output=True, text=True,
                  check=False)
    assert done.returncode == 0, done.stderr
    dump = Path(done.stdout.strip())
    assert dump.is_file() and dump.stat().st_mode & 0o077 == 0  # personal data: owner only
    before = _facts(deployed.db_url)
    assert before["entries"] > 0
    target = deployed.db_url.rsplit("/", 1)[0] + "/" + dump.stem.replace("-", "_").lower()
    try:
        done = sp.run([str(KIT / "restore.sh"), str(dump), target], env=env,
                      capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert _facts(target) == before
        again = sp.run([str(KIT / "restore.sh"), str(dump), target], env=env,
                       capture_output=True, text=True, check=False)
        assert again.returncode == 1 and "exists" in again.stderr  # never over a database
        # the restored database is a central: it migrates (a no-op) and serves
        migrated = sp.run([_python(), "-m", "central", "migrate", "--db", target],
                          cwd=KIT.parents[1], capture_output=True, text=True, check=False)
        assert migrated.returncode == 0, migrated.stderr
    finally:
        admin = create_engine(deployed.db_url.rsplit("/", 1)[0] + "/test",
                              isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.rsplit("/", 1)[1]}" '
                              "WITH (FORCE)"))
        admin.dispose()


def _python() -> str:
    import sys

    return sys.executable


def test_plain_http_to_the_tls_port_gets_nothing_from_central(deployed: Deployed) -> None:
    plain = deployed.url.replace("https://", "http://")
    response = httpx.get(plain + "/v1/rules", timeout=10)
    assert response.status_code == 400 and "nginx" in response.text
