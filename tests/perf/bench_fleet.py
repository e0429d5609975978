"""Benchmark central at chain scale: a fleet of tills at modest rates, behind nginx over TLS.

    python tests/perf/bench_fleet.py [--terminals 200] [--workers 2] [--minutes 0.5]
        [--steps 0.25,0.5,1] [--catch-up 100 --backlog 500] [--speed 1]

Central runs as installer/central/ deploys it (the systemd unit's command with N workers, the
shipped nginx site terminating TLS) on a private PostgreSQL database. The tills are
:mod:`tests.helpers.fleet`'s, speaking through the real sync client (``CentralClient``):
each pushes a sale every ~2 minutes and pulls every 30 s, 1 sale in 200 is an online
redemption, 1 in 50 enrolls a new member, a few tills bootstrap mid-run. The fleet runs at
each step's share of ``--terminals`` for ``--minutes`` (a ramp: the knee is the largest step
whose redemption p99 is <= 300 ms with no errors). Then ``--catch-up`` tills reconnect at the
same moment, each with ``--backlog`` queued sales, while other tills keep redeeming.
Besides the fleet's own 1-in-200, 10 probe cashiers redeem online in turn every
``--probe-every`` s, so a short run has enough redemptions for a p99. They run in a process
of their own (``fleet_probe.py``), as a till at a counter does: in the fleet's process a
cashier's answer waited for a GIL that 1,000 tills parsing every feed page keep busy. Their
figures are the ``redeem_*`` ones and decide the knee; the fleet's own redemptions are
``fleet_redeem_*``. The catch-up's probes stay in the fleet's process.

Prints one JSON line: the top step's push/pull/redeem p50/p99 ms, requests_per_s, errors,
the share of 50 ms samples in which some PostgreSQL session waited on a lock (the feed lock
is one: ``pg_lock_wait_share``, ``pg_lock_waiters_avg``),
``central_cpu_s_per_terminal_hour`` (workers and supervisor, user+system),
``pg_rows_written`` (inserted+updated+deleted in the run's database), every step,
``max_terminals_p99_300ms``, the catch-up's ``catch_up_drain_s`` and
``catch_up_redeem_p99_ms``, and the 1-minute load average before and after (the machine is
shared: read figures beside it). The simulator runs on the same machine as central.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, text

from tests.helpers.central_db import temp_postgres_database
from tests.helpers.central_server import process_tree_cpu_s
from tests.helpers.deploy import deployed_central
from tests.helpers.fleet import (
    REDEEM_POINTS,
    Fleet,
    FleetConfig,
    Till,
    check_ledgers,
    count_missed,
    enrollment_codes,
)


def _rows_written(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            time.sleep(0.6)  # backends report their counts at most every 0.5 s or so
            return int(conn.execute(text(
                "SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database "
                "WHERE datname = current_database()")).scalar_one())
    finally:
        engine.dispose()


PROBE_TILLS = 10


def _probe(fleet: Fleet, probes: list[Till], seconds: float, every_s: float) -> None:
    """Cashiers at ``probes`` redeeming online (then pushing the sale) every ``every_s``
    while the fleet syncs: the latency a cashier feels under that load."""
    end = time.monotonic() + seconds
    k = 0
    while time.monotonic() < end:
        till = probes[k % len(probes)]
        k += 1
        rich = max(till.members, key=lambda m: till.members[m])
        if till.members[rich] >= REDEEM_POINTS:
            fleet._redeem(till, rich, REDEEM_POINTS)
        till.pending.append(till.ops.entry(rich, REDEEM_POINTS))
        till.members[rich] += REDEEM_POINTS
        fleet._push(till, record=False)
        time.sleep(every_s)


class ProbeProcess:
    """The probe cashiers in their own process (``fleet_probe.py``): a till at a counter
    does not share the GIL of a thousand simulated ones."""

    def __init__(self, url: str, ca_file: Path, codes: list[str], every_s: float) -> None:
        script = Path(__file__).with_name("fleet_probe.py")
        self.proc = subprocess.Popen(
            [sys.executable, str(script), "--url", url, "--ca", str(ca_file), "--codes",
             ",".join(codes), "--every", str(every_s)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        ready = self.proc.stdout.readline().strip()
        if ready != "ready":
            raise RuntimeError(f"the probe process did not start: {ready!r}")

    def run(self, seconds: float) -> dict[str, Any]:
        """Redeem for ``seconds``; the figures."""
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.proc.stdin.write(f"go {seconds}\n")
        self.proc.stdin.flush()
        figures: dict[str, Any] = json.loads(self.proc.stdout.readline())
        return figures

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


class LockSampler:
    """Samples PostgreSQL's sessions of the run's database every 50 ms: how many wait on a
    row or transaction lock (the feed lock shows here) and how many are active at all."""

    def __init__(self, db_url: str) -> None:
        self.engine = create_engine(db_url)
        self.waiting: list[int] = []
        self.active: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def __enter__(self) -> LockSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.engine.dispose()

    def _run(self) -> None:
        query = text("SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), "
                     "count(*) FILTER (WHERE state = 'active') - 1 FROM pg_stat_activity "
                     "WHERE datname = current_database()")
        with self.engine.connect() as conn:
            while not self._stop.wait(0.05):
                waiting, active = conn.execute(query).one()
                conn.rollback()
                self.waiting.append(int(waiting))
                self.active.append(int(active))

    def summary(self) -> dict[str, float]:
        n = max(1, len(self.waiting))
        return {"pg_lock_waiters_avg": round(sum(self.waiting) / n, 2),
                "pg_lock_waiters_max": max(self.waiting, default=0),
                "pg_lock_wait_share": round(sum(1 for w in self.waiting if w) / n, 3),
                "pg_active_avg": round(sum(self.active) / n, 2)}


def _served_ms(log: Path, offset: int) -> tuple[dict[str, float], int]:
    """p50/p99 (ms) per kind of request logged after ``offset`` (the ``timed`` format of
    tests/helpers/deploy.py), and the log's new end: ``served``, nginx's request time (from
    the request's first byte to the answer's last, so it still includes a slow client), and
    ``central``, the upstream's answer time — what central took, without the simulator's
    own waits (its 1,000 tills share one Python process and its GIL; a till at a counter
    has its own)."""
    kinds = {"POST /v1/redemptions": "redeem", "POST /v1/sync/push": "push",
             "GET /v1/sync/changes": "pull"}
    times: dict[str, list[float]] = {f"{k}_{w}": [] for k in kinds.values()
                                     for w in ("served", "central")}
    with log.open("rb") as f:
        f.seek(offset)
        data = f.read()
    for line in data.decode(errors="replace").splitlines():
        parts = line.split(" ")
        kind = kinds.get(" ".join(parts[:2])) if len(parts) >= 5 else None
        if kind is not None and parts[4].replace(".", "", 1).isdigit():
            times[f"{kind}_served"].append(float(parts[3]) * 1000)
            times[f"{kind}_central"].append(float(parts[4]) * 1000)
    out: dict[str, float] = {}
    for name, values in times.items():
        values.sort()
        if values:
            out[f"{name}_p50_ms"] = round(values[len(values) // 2], 1)
            out[f"{name}_p99_ms"] = round(values[min(len(values) - 1,
                                                    int(len(values) * 0.99))], 1)
    return out, offset + len(data)


def _step(fleet: Fleet, tills: int, seconds: float, central_pid: int, db_url: str,
          probe: ProbeProcess, log: Path) -> dict[str, Any]:
    everyone = fleet.tills
    fleet.tills = everyone[:tills]
    probed: list[dict[str, Any]] = []
    log_start = log.stat().st_size if log.exists() else 0
    cpu0, rows0, started = process_tree_cpu_s(central_pid), _rows_written(db_url), \
        time.monotonic()
    try:
        with LockSampler(db_url) as locks:
            stats = fleet.run(seconds, during=lambda: probed.append(probe.run(seconds * 0.95)))
    finally:
        fleet.tills = everyone
    elapsed = time.monotonic() - started
    cpu = process_tree_cpu_s(central_pid) - cpu0
    served, _ = _served_ms(log, log_start) if log.exists() else ({}, 0)
    fleet_own = stats.summary()  # its redemptions (1 sale in 200) waited on its own GIL
    cashiers = {k: v for k, v in probed[0].items() if k.startswith("redeem_")}
    out = {"terminals": tills, **fleet_own,
           **{f"fleet_{k}": v for k, v in fleet_own.items() if k.startswith("redeem_")},
           **cashiers, "errors": fleet_own["errors"] + probed[0]["errors"], **served,
           "requests_per_s": round(stats.requests / elapsed, 1),
           "central_cpu_s": round(cpu, 1),
           "central_cpu_s_per_terminal_hour": round(cpu / (tills * elapsed / 3600), 2),
           "pg_rows_written": _rows_written(db_url) - rows0, **locks.summary(),
           "load_1m": round(os.getloadavg()[0], 2)}
    return out


def _catch_up(fleet: Fleet, count: int, backlog: int) -> dict[str, Any]:
    """``count`` tills reconnect at once with ``backlog`` sales each; the probes redeem."""
    catching = fleet.tills[:count]
    drained = fleet.catch_up(catching, backlog, fleet.tills[-PROBE_TILLS:])
    summary = fleet.stats.summary()
    return {"catch_up_tills": count, "catch_up_backlog": backlog,
            "catch_up_drain_s": round(drained, 1),
            "catch_up_entries_per_s": round(count * backlog / drained),
            "catch_up_redeem_n": summary["redeem_n"],
            "catch_up_redeem_p99_ms": summary["redeem_p99_ms"],
            "catch_up_errors": fleet.stats.errors,
            "catch_up_still_queued": sum(len(t.pending) for t in catching)}


def _feed_read_rate(fleet: Fleet) -> dict[str, float]:
    """One till reading the whole feed from 0 in pages of 1,000 (what every till's pulls
    add up to): changes served per second to one client, one request at a time."""
    till = fleet.tills[0]
    cursor, changes, began = 0, 0, time.perf_counter()
    while True:
        page = till.client.changes(cursor, 1000)
        changes += len(page.changes)
        cursor = page.next_cursor
        if not page.has_more:
            break
    elapsed = time.perf_counter() - began
    return {"feed_read_changes": changes,
            "feed_read_changes_per_s": round(changes / elapsed) if elapsed else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terminals", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--minutes", type=float, default=0.5, help="per step")
    parser.add_argument("--steps", default="0.25,0.5,1",
                        help="fractions of --terminals to run in turn")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="time compression of the tills' rates (1: real rates)")
    parser.add_argument("--threads", type=int, default=48)
    parser.add_argument("--probe-every", type=float, default=0.5,
                        help="seconds between probe redemptions (10 cashiers in turn)")
    parser.add_argument("--catch-up", type=int, default=100)
    parser.add_argument("--backlog", type=int, default=500)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    steps = sorted({max(1, round(args.terminals * float(f))) for f in args.steps.split(",")})
    scratch = tempfile.TemporaryDirectory(prefix="bench-fleet-") if args.dir is None else None
    folder = Path(args.dir or scratch.name)  # type: ignore[union-attr]
    with temp_postgres_database() as db_url, \
            deployed_central(folder, db_url, workers=args.workers) as central:
        total = args.terminals + PROBE_TILLS
        config = FleetConfig(terminals=total, speed=args.speed, threads=args.threads)
        fleet = Fleet(central.url, enrollment_codes(db_url, total), config,
                      ca_file=central.ca_file)
        set_up = time.monotonic()
        fleet.setup()
        set_up = time.monotonic() - set_up
        probe = ProbeProcess(central.url, central.ca_file,
                             enrollment_codes(db_url, PROBE_TILLS, prefix="P"),
                             args.probe_every)  # stores of their own: receipt numbers
        try:
            results = [_step(fleet, tills, args.minutes * 60, central.central.pid, db_url,
                             probe, folder / "access.log") for tills in steps]
        finally:
            probe.close()
        catch_up = _catch_up(fleet, min(args.catch_up, args.terminals),
                             args.backlog) if args.catch_up else {}
        fleet.drain()
        feed = _feed_read_rate(fleet)
        ledgers = check_ledgers(fleet, db_url)
        feed_faults = count_missed(fleet, db_url)  # seen twice, out of order, or missed
        fleet.close()
    if scratch is not None:
        scratch.cleanup()
    good = [r["terminals"] for r in results if r["redeem_p99_ms"] <= 300 and r["errors"] == 0]
    top = results[-1]
    out = {"terminals": args.terminals, "workers": args.workers, "minutes_per_step":
           args.minutes, "speed": args.speed, "setup_s": round(set_up, 1),
           **{k: v for k, v in top.items() if k != "terminals"}, "feed_gaps": feed_faults,
           "max_terminals_p99_300ms": max(good) if good else 0,
           "steps": [{k: r.get(k) for k in ("terminals", "push_p99_ms", "pull_p99_ms",
                                          "redeem_n", "redeem_p50_ms", "redeem_p99_ms",
                                          "fleet_redeem_n", "fleet_redeem_p99_ms",
                                          "redeem_served_p99_ms", "redeem_central_p50_ms",
                                          "redeem_central_p99_ms", "pull_central_p99_ms",
                                          "push_central_p99_ms", "requests_per_s",
                                          "errors", "central_cpu_s_per_terminal_hour",
                                          "pg_rows_written", "pg_lock_wait_share",
                                          "load_1m")} for r in results],
           **catch_up, **feed, "ledger_check": ledgers,
           "load_1m_before": round(load_before, 2), "load_1m_after":
           round(os.getloadavg()[0], 2), "cores": os.cpu_count()}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
