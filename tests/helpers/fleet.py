"""A fleet of simulated tills driving central with the real sync client (:class:`CentralClient`).

Each till registers with an enrollment code, bootstraps its cursor from the snapshot manifest
as the app does, then, at modest rates: a sale every ``push_every_s`` (jittered), pushed at
once with whatever was queued; a pull every ``pull_every_s`` (page by page up to the head);
1 sale in ``redeem_one_in`` first asks central to authorise a redemption online (the
cashier's wait, measured); 1 in ``enroll_one_in`` enrolls a new member first. A few tills
bootstrap again mid-run (manifest, every part). Operations a push did not get acknowledged
stay queued and go again with the next (the client itself retries 5xx and transport errors):
so a till killed mid-request or a worker killed under it loses nothing.

One scheduler thread hands due actions to a pool; a till never has two actions in flight.
:func:`check_ledgers` then compares every till's acknowledged entries with central's rows.

Usage::

    codes = enrollment_codes(db_url, 50)
    fleet = Fleet(url, codes, FleetConfig(terminals=50, speed=20), ca_file=ca_file)
    fleet.setup()
    stats = fleet.run(seconds=20)
    fleet.drain(); assert check_ledgers(fleet, db_url) == {"lost": 0, "duplicated": 0, ...}
"""

from __future__ import annotations

import bisect
import heapq
import math
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from central.db import make_engine, run_transaction
from central.models import Store
from central.registry import create_store, issue_code
from central.schemas import StoreIn
from loyalty.ids import new_id
from sync.client import Backoff, CentralClient
from sync.errors import Offline
from sync.protocol import RedemptionRequest
from sync.tls import TlsSettings
from tests.helpers.central_ops import TerminalClient

REDEEM_POINTS = 100  # the default rules' redemption step


@dataclass
class FleetConfig:
    """Rates are per till in real seconds, divided by ``speed`` (20: a 2-minute sale
    interval becomes 6 s)."""

    terminals: int
    push_every_s: float = 120.0
    pull_every_s: float = 30.0
    redeem_one_in: int = 200
    enroll_one_in: int = 50
    bootstraps: int = 3
    speed: float = 1.0
    threads: int = 32
    tills_per_store: int = 4
    seed: int = 7
    first_index: int = 0  # of this fleet's tills (their members' phones): another fleet's
    # tills against the same central start where this one's end


@dataclass
class Stats:
    """Latencies (ms) by request kind, counts, errors, and feed faults: a change a till saw
    twice or out of order (counted as it pulls), or never saw (:meth:`Fleet.count_missed`,
    after the run). Numbers may skip (on PostgreSQL an aborted writer's are never used):
    that is no fault."""

    ms: dict[str, list[float]] = field(default_factory=lambda: {
        "push": [], "pull": [], "redeem": [], "bootstrap": []})
    requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    feed_gaps: int = 0
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, started: float) -> None:
        with self.lock:
            self.ms[kind].append((time.perf_counter() - started) * 1000)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors += 1
            if len(self.error_samples) < 10:
                self.error_samples.append(what)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind, values in self.ms.items():
            out[f"{kind}_n"] = len(values)
            out[f"{kind}_p50_ms"] = round(percentile(values, 50), 1)
            out[f"{kind}_p99_ms"] = round(percentile(values, 99), 1)
        out.update(requests=self.requests, errors=self.errors, feed_gaps=self.feed_gaps,
                   client_retries=self.retries)
        return out


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[rank]


class Till:
    """One simulated till: its client, its queue, its members and feed cursor."""

    def __init__(self, index: int, url: str, registration: dict[str, Any],
                 tls: TlsSettings | None, rng: random.Random) -> None:
        self.index = index
        self.client = CentralClient(url, registration["token"], tls=tls, attempts=6,
                                    backoff=Backoff(base=0.05, cap=1.0), seed=index)
        self.ops = TerminalClient(self.client.http, registration)
        self.id: str = registration["terminal_id"]
        self.rng = rng
        self.pending: list[dict[str, Any]] = []
        self.members: dict[str, int] = {}  # member id -> points we believe it has
        self.acked_entries: set[str] = set()
        self.redeemed: set[str] = set()
        self.in_doubt: list[str] = []  # redemptions whose answer never came
        self.cursor = 0
        self.sales = 0
        # What the till read of the feed: [from cursor, to cursor, changes seen] per stretch
        # of pulls (a bootstrap starts a new one).
        self.read: list[list[int]] = []

    def close(self) -> None:
        self.client.close()


class Fleet:
    """``terminals`` tills against central at ``url`` (see the module docstring)."""

    def __init__(self, url: str, codes: list[str], config: FleetConfig,
                 *, ca_file: Path | None = None) -> None:
        self.url = url
        self.codes = codes  # one enrollment code per till (:func:`enrollment_codes`)
        self.config = config
        self.tls = TlsSettings(ca_file=str(ca_file)) if ca_file is not None else None
        self.rng = random.Random(config.seed)
        self.tills: list[Till] = []
        self.stats = Stats()

    # --- set-up ------------------------------------------------------------------------------
    def setup(self) -> None:
        """Register every till, enroll its first member with some points, set its cursor."""
        def one(k: int) -> Till:
            with httpx.Client(base_url=self.url, verify=self._verify(), timeout=30) as http:
                response = http.post("/v1/terminals/register",
                                     json={"enrollment_code": self.codes[k]})
                response.raise_for_status()
            index = self.config.first_index + k
            till = Till(index, self.url, response.json(), self.tls, random.Random(index))
            self._enroll(till)
            till.pending.append(till.ops.entry(next(iter(till.members)), 500))
            till.members[next(iter(till.members))] += 500
            self._push(till, record=False)
            till.cursor = till.client.manifest(checksums=False).cursor
            return till

        with ThreadPoolExecutor(min(8, self.config.threads)) as pool:
            self.tills = list(pool.map(one, range(self.config.terminals)))

    def _verify(self) -> Any:
        return self.tls.ssl_context() if self.tls is not None else True

    # --- the run -----------------------------------------------------------------------------
    def run(self, seconds: float, *, during: Callable[[], None] | None = None) -> Stats:
        """Run the fleet for ``seconds`` (``during`` runs in its own thread meanwhile)."""
        self.stats = Stats()
        cfg = self.config
        push_every, pull_every = cfg.push_every_s / cfg.speed, cfg.pull_every_s / cfg.speed
        start = time.monotonic()
        end = start + seconds
        heap: list[tuple[float, int, str]] = []
        for pos in range(len(self.tills)):  # positions in self.tills, not till indexes
            heap.append((start + self.rng.uniform(0, push_every), pos, "sale"))
            heap.append((start + self.rng.uniform(0, pull_every), pos, "pull"))
        boot_at = sorted(self.rng.uniform(start, end - seconds * 0.2)
                         for _ in range(min(cfg.bootstraps, len(self.tills))))
        for k, at in enumerate(boot_at):
            heap.append((at, k, "bootstrap"))
        heapq.heapify(heap)
        busy: set[int] = set()
        guard = threading.Lock()
        side = threading.Thread(target=during) if during is not None else None
        if side is not None:
            side.start()

        def act(pos: int, action: str) -> None:
            till = self.tills[pos]
            try:
                if action == "sale":
                    self._sale(till)
                elif action == "pull":
                    self._pull(till)
                else:
                    self._bootstrap(till)
            except Exception as exc:  # every failure counts; the run goes on
                self.stats.error(f"{action}: {type(exc).__name__}: {exc}"[:300])
            finally:
                with guard:
                    busy.discard(pos)

        with ThreadPoolExecutor(cfg.threads) as pool:
            deferred: list[tuple[float, int, str]] = []
            while heap:
                due, index, action = heap[0]
                now = time.monotonic()
                if due > end:
                    break
                if due > now:
                    time.sleep(min(due - now, 0.05))
                    continue
                heapq.heappop(heap)
                with guard:
                    if index in busy:  # one action at a time per till: try again shortly
                        deferred.append((now + 0.02, index, action))
                        continue
                    busy.add(index)
                for item in deferred:
                    heapq.heappush(heap, item)
                deferred = []
                pool.submit(act, index, action)
                if action != "bootstrap":
                    every = push_every if action == "sale" else pull_every
                    heapq.heappush(heap, (due + every * self.rng.uniform(0.8, 1.2), index,
                                          action))
        if side is not None:
            side.join()
        self.stats.retries = sum(t.client.retries for t in self.tills)
        return self.stats

    def _sale(self, till: Till) -> None:
        cfg = self.config
        till.sales += 1
        if till.rng.randrange(cfg.enroll_one_in) == 0:
            self._enroll(till)
        member = till.rng.choice(list(till.members))
        if till.rng.randrange(cfg.redeem_one_in) == 0:
            rich = max(till.members, key=lambda m: till.members[m])
            if till.members[rich] >= REDEEM_POINTS:
                self._redeem(till, rich, REDEEM_POINTS)
        points = till.rng.randint(1, 30)
        till.pending.append(till.ops.entry(member, points))
        till.members[member] += points
        self._push(till)

    def _enroll(self, till: Till) -> None:
        phone = f"+8869{till.index:04d}{len(till.members):04d}"
        op = till.ops.enroll(phone, name=None)
        till.pending.append(op)
        till.members[op["payload"]["member_id"]] = 0

    def _redeem(self, till: Till, member: str, points: int) -> None:
        request = RedemptionRequest(entry_id=new_id(), member_id=member, points=points,
                                    sale_amount=Decimal(1000), currency="TWD",
                                    occurred_at=datetime.now(UTC), rules_version=1)
        started = time.perf_counter()
        with self.stats.lock:
            self.stats.requests += 1
        try:
            answer = till.client.redeem(request, attempts=4)
        except Offline as exc:  # the cashier falls back; the till asks what became of it
            self.stats.error(f"redeem: {exc}")
            till.in_doubt.append(request.entry_id)
            return
        self.stats.record("redeem", started)
        if answer.approved:
            till.members[member] -= points
            till.redeemed.add(request.entry_id)
        else:
            self.stats.error(f"redeem declined: {answer.reason}")

    def _push(self, till: Till, *, record: bool = True) -> None:
        if not till.pending:
            return
        batch = list(till.pending)
        started = time.perf_counter()
        with self.stats.lock:
            self.stats.requests += 1
        try:
            answer = till.client.push(batch)
        except Offline as exc:  # kept queued: the next push sends it again
            self.stats.error(f"push: {exc}")
            return
        if record:
            self.stats.record("push", started)
        done = {r.seq for r in answer.results}
        for result, op in zip(answer.results, batch, strict=False):
            if result.status in ("rejected", "held"):
                self.stats.error(f"push {op['kind']} {result.status}: {result.reason}")
        for op in batch:
            if op["seq"] in done and op["kind"] == "ledger.entry":
                till.acked_entries.add(op["payload"]["entry_id"])
        till.pending = [op for op in till.pending if op["seq"] not in done]

    def _pull(self, till: Till) -> None:
        first = True
        while True:
            started = time.perf_counter()
            with self.stats.lock:
                self.stats.requests += 1
            page = till.client.changes(till.cursor, 1000)
            if first:
                self.stats.record("pull", started)
                first = False
            if not till.read or till.read[-1][1] != till.cursor:
                till.read.append([till.cursor, till.cursor, 0])
            last = till.cursor
            for change in page.changes:
                if change.seq <= last:  # a repeat, or out of order
                    with self.stats.lock:
                        self.stats.feed_gaps += 1
                last = change.seq
            if page.changes and last > page.next_cursor:
                with self.stats.lock:
                    self.stats.feed_gaps += 1
            till.read[-1][1:] = [page.next_cursor, till.read[-1][2] + len(page.changes)]
            till.cursor = page.next_cursor
            if not page.has_more:
                return

    def _bootstrap(self, till: Till) -> None:
        started = time.perf_counter()
        manifest = till.client.manifest(checksums=False)
        for part in range(manifest.parts):
            with self.stats.lock:
                self.stats.requests += 1
            till.client.snapshot_part(part, manifest.parts)
        till.cursor = manifest.cursor
        self.stats.record("bootstrap", started)

    # --- after -------------------------------------------------------------------------------
    def drain(self, rounds: int = 5) -> None:
        """Push whatever is still queued and settle redemptions whose answer was lost, as
        the app does when it reconnects (``RedemptionDesk.resolve_open``)."""
        for till in self.tills:
            for entry_id in list(till.in_doubt):
                held = till.client.redemption_status(entry_id, attempts=4)
                if held.state == "approved":
                    till.redeemed.add(entry_id)
                till.in_doubt.remove(entry_id)
        for _ in range(rounds):
            waiting = [t for t in self.tills if t.pending]
            if not waiting:
                return
            with ThreadPoolExecutor(self.config.threads) as pool:
                list(pool.map(lambda t: self._push(t, record=False), waiting))

    def catch_up(self, catching: list[Till], backlog: int, redeemers: list[Till]
                 ) -> float:
        """``catching`` tills reconnect at the same moment, each with ``backlog`` sales
        queued, while ``redeemers`` keep redeeming online (into :attr:`stats`); seconds
        until every queue is drained."""
        for till in catching:
            member = next(iter(till.members))
            for _ in range(backlog):
                till.pending.append(till.ops.entry(member, 1))
                till.members[member] += 1
        self.stats = Stats()
        done = threading.Event()

        def redeem() -> None:
            while not done.is_set():
                for till in redeemers:
                    rich = max(till.members, key=lambda m: till.members[m])
                    if till.members[rich] >= REDEEM_POINTS:
                        self._redeem(till, rich, REDEEM_POINTS)
                done.wait(0.2)

        side = threading.Thread(target=redeem)
        side.start()
        started = time.monotonic()
        try:
            with ThreadPoolExecutor(self.config.threads) as pool:
                list(pool.map(lambda t: self._push(t, record=False), catching))
            self.drain()
        finally:
            drained = time.monotonic() - started
            done.set()
            side.join()
        return drained

    def close(self) -> None:
        for till in self.tills:
            till.close()


def enrollment_codes(db_url: str, terminals: int, tills_per_store: int = 4,
                     prefix: str = "F") -> list[str]:
    """Stores ``F00000…`` (``prefix``; ``tills_per_store`` tills each) and one enrollment
    code per till, made in central's database in one transaction."""
    engine = make_engine(db_url)

    def work(session: Session) -> list[str]:
        codes = []
        for k in range(terminals):
            store = f"{prefix}{k // tills_per_store:05d}"
            if k % tills_per_store == 0 and session.get(Store, store) is None:
                create_store(session, StoreIn(id=store, name=f"門市 {store}"))
            codes.append(issue_code(session, store, 24).code)
        return codes

    try:
        return run_transaction(engine, work)
    finally:
        engine.dispose()


def count_missed(fleet: Fleet, db_url: str) -> int:
    """Add to ``fleet.stats.feed_gaps`` the committed changes some till's pulls passed over
    without seeing; the total of feed faults."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            committed = sorted(conn.execute(text(
                "SELECT seq FROM changes UNION ALL SELECT feed_seq FROM ledger_entries "
                "UNION ALL SELECT feed_seq FROM instrument_entries")).scalars())
    finally:
        engine.dispose()
    missed = sum(bisect.bisect_right(committed, end) - bisect.bisect_right(committed, start)
                 - seen for till in fleet.tills for start, end, seen in till.read)
    with fleet.stats.lock:
        fleet.stats.feed_gaps += missed
        return fleet.stats.feed_gaps


def check_ledgers(fleet: Fleet, db_url: str) -> dict[str, int]:
    """Every till's acknowledged and authorised entries against central's ledger rows."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT terminal_id, id FROM ledger_entries")).all()
            drift = conn.execute(text(
                "SELECT count(*) FROM members m WHERE m.balance <> COALESCE("
                "(SELECT sum(points) FROM ledger_entries e WHERE e.account_id = m.id), 0)"
            )).scalar_one()
    finally:
        engine.dispose()
    central: dict[str, list[str]] = {}
    for terminal_id, entry_id in rows:
        central.setdefault(terminal_id, []).append(entry_id)
    lost = duplicated = unexpected = pending = 0
    for till in fleet.tills:
        ours = till.acked_entries | till.redeemed
        theirs = central.get(till.id, [])
        duplicated += len(theirs) - len(set(theirs))
        lost += len(ours - set(theirs))
        unexpected += len(set(theirs) - ours)
        pending += len(till.pending)
    return {"lost": lost, "duplicated": duplicated, "unexpected": unexpected,
            "still_queued": pending, "balance_drift": drift}
