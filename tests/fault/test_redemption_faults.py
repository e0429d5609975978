"""Online redemptions under faults: every redemption in central's ledger is committed on the
till that asked, or cancelled; the cashier was told "approved" exactly for those that stand;
no member loses points to a redemption that was not given; no breach is recorded for tills
that stayed within their floor limits.

Three tills sell through fault proxies (requests dropped, answers lost after central
committed, delayed, reset, 500s, answers later than the client waits) with awards, online
and offline redemptions, voids and phones shared between tills; a fourth counter runs as a
process that is SIGKILLed at random and kills itself between central's approval and its
local write; central itself is killed mid-run and restarted. The sync worker pulls while the
desk waits, so the feed often brings an approval before its answer.
"""

from __future__ import annotations

import contextlib
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select, text

from loyalty.errors import LoyaltyError
from loyalty.money import Currency, Money
from loyalty.store.schema import ledger, members, redemption_intents
from sync.client import Backoff, CentralClient
from sync.credentials import load_token
from sync.engine import SyncConfig
from sync.errors import SyncError
from sync.redeem import RedemptionDesk
from tests.fault.conftest import ITERATIONS
from tests.helpers.central_server import CentralServer, free_port, start_central
from tests.helpers.fault_proxy import ALL_FAULTS, FaultPlan, FaultProxy
from tests.helpers.store import LiveClock
from tests.helpers.sync_terminal import SwitchTransport, Terminal, convergence

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("redeem_driver.py")
ROUNDS = 60


class Till:
    """An in-process till whose desk and sync both go through its own fault proxy; what the
    cashier was told is kept (``said``: entry id → approved?)."""

    def __init__(self, term: Terminal, proxy: FaultProxy) -> None:
        self.term, self.proxy = term, proxy
        self.said: dict[str, bool] = {}
        self.network = SwitchTransport()
        token = load_token(term.fixture.path.parent)
        self.client = CentralClient(proxy.url, token, transport=self.network, attempts=2,
                                    backoff=Backoff(0.01, 0.03), seed=7)
        self.client.redeem_timeout = httpx.Timeout(2.0, read=0.6)
        term.engine.client.close()
        term.engine.client = CentralClient(proxy.url, token, transport=self.network,
                                           attempts=2, backoff=Backoff(0.01, 0.03), seed=8)
        term.desk = RedemptionDesk(term.service, self.client)

    def close(self) -> None:
        self.client.close()
        self.term.close()


def _member_ids(term: Terminal) -> list[str]:
    with term.db.connect() as conn:
        return list(conn.execute(select(members.c.id).where(members.c.status == "active")
                                 ).scalars())


def _act(till: Till, rng: random.Random, phones: list[str], counts: Counter[str]) -> None:
    term = till.term
    ids = _member_ids(term)
    roll = rng.random()
    try:
        if roll < 0.12 or not ids:
            # Shared phones: the same person joins at two tills before either syncs.
            term.service.enroll(phone=rng.choice(phones), name=f"客{rng.randrange(99)}")
        elif roll < 0.4:
            term.service.award(rng.choice(ids), Money(Decimal(rng.randrange(2000, 20000)),
                                                      Currency.TWD))
        elif roll < 0.9:
            _redeem(till, rng.choice(ids), rng.choice((100, 300, 500, 900, 1500)), counts)
        else:
            _void(term, rng)
    except LoyaltyError:
        pass


def _redeem(till: Till, member_id: str, points: int, counts: Counter[str]) -> None:
    counts["tried"] += 1
    before = set(till.said)
    syncing = threading.Thread(target=_quiet_sync, args=(till.term,))
    syncing.start()  # the sync worker pulls while the desk waits for its answer
    try:
        result = till.term.desk.redeem(member_id, points)
    except (LoyaltyError, SyncError) as exc:
        counts["refused" if isinstance(exc, LoyaltyError) else "errors"] += 1
        counts[f"refused_{getattr(exc, 'code', type(exc).__name__)}"] += 1
        with till.term.db.connect() as conn:
            for entry_id in conn.execute(select(redemption_intents.c.entry_id)).scalars():
                if entry_id not in before:
                    till.said.setdefault(entry_id, False)
        return
    finally:
        syncing.join()
    till.said[result.change.entry_id] = True
    counts["approved_online" if result.online else "approved_offline"] += 1


def _quiet_sync(term: Terminal) -> None:
    with contextlib.suppress(SyncError):
        term.sync()


def _void(term: Terminal, rng: random.Random) -> None:
    with term.db.connect() as conn:
        own = list(conn.execute(select(ledger.c.id).where(
            ledger.c.terminal_id == term.terminal_id,
            ledger.c.kind.in_(("earn", "redeem")))).scalars())
    if own:
        term.service.void(rng.choice(own), manager_id=term.fixture.manager.id,
                          reason="fault test")


def _driver(data_dir: Path, seed: int, url: str, *extra: str,
            kill_rate: float = 0.0) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REGULARS_KILL_IN_COMMIT": str(kill_rate)}
    return subprocess.Popen([sys.executable, str(DRIVER), str(data_dir), str(seed), url,
                             *extra], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _central_rows(db_url: str, sql: str) -> list[Any]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)))
    finally:
        engine.dispose()


def _intents(term: Terminal) -> dict[str, str]:
    with term.db.connect() as conn:
        return {r.entry_id: r.state for r in conn.execute(
            select(redemption_intents.c.entry_id, redemption_intents.c.state))}


def _exchange_check(db_url: str, tills: list[Till], killed: Terminal) -> dict[str, int]:
    """Central's redemptions against what each till committed and told its cashier."""
    redeems = _central_rows(db_url, "SELECT id, terminal_id FROM ledger_entries "
                                    "WHERE kind = 'redeem'")
    cancelled = {r[0]: r[1] for r in _central_rows(
        db_url, "SELECT entry_id, reversed_by FROM redemption_cancellations")}
    reversed_ids = {r[0] for r in _central_rows(
        db_url, "SELECT ref_entry_id FROM ledger_entries WHERE kind = 'reverse'")}
    by_terminal: dict[str, dict[str, str]] = {t.term.terminal_id: _intents(t.term)
                                              for t in tills}
    by_terminal[killed.terminal_id] = _intents(killed)
    out = Counter[str](orphans=0, lost=0, unresolved=0, told_wrong=0, cancelled_reversed=0)
    central_ids = set()
    for entry_id, terminal_id in redeems:
        central_ids.add(entry_id)
        state = by_terminal.get(terminal_id, {}).get(entry_id)
        if entry_id in cancelled:
            out["cancelled_reversed"] += 1
            if state != "cancelled" or entry_id not in reversed_ids:
                out["orphans"] += 1
        elif state != "committed":
            out["orphans"] += 1  # central spent points no till gave
    for intents in by_terminal.values():
        for entry_id, state in intents.items():
            out[f"intent_{state}"] += 1
            if state == "committed" and (entry_id not in central_ids or entry_id in cancelled):
                out["lost"] += 1  # the cashier gave a discount central does not hold
            if state == "asking":
                out["unresolved"] += 1
    for till in tills:
        intents = by_terminal[till.term.terminal_id]
        for entry_id, approved in till.said.items():
            if approved != (intents.get(entry_id) == "committed"):
                out["told_wrong"] += 1
        out["told_wrong"] += sum(1 for e, s in intents.items()
                                 if s == "committed" and e not in till.said)
    return dict(out)


@pytest.mark.slow
@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_online_redemptions_under_faults_and_kills_end_the_same_on_both_sides(
        tmp_path: Path, store: str, request: pytest.FixtureRequest,
        capsys: pytest.CaptureFixture[str]) -> None:
    if store == "sqlite":
        from central.db import migrate
        db_url = f"sqlite:///{tmp_path / 'central.db'}"
        migrate(db_url)
    else:
        from tests.helpers.central_db import reset
        db_url = request.getfixturevalue("pg_database")
        reset(db_url)
    port = free_port()
    central: CentralServer = start_central(db_url, subprocess=True, port=port)
    totals: Counter[str] = Counter()
    seed = int(os.environ.get("REGULARS_FAULT_SEED", "4242"))
    rng = random.Random(seed)
    phones = [f"0933{k:06d}" for k in rng.sample(range(10**6), 40)]
    plans = [FaultPlan(seed=seed + 300 + k, rate=0.3, faults=ALL_FAULTS, late=0.9)
             for k in range(4)]
    proxies = [FaultProxy(central.url, plan).__enter__() for plan in plans]
    config = SyncConfig(verify_every=None)
    tills = [Till(Terminal.create(tmp_path / f"t{k}", central, store_id=f"S00{k % 2 + 1}",
                                  clock=LiveClock(), config=config), proxies[k])
             for k in range(3)]
    killed = Terminal.create(tmp_path / "k", central, store_id="S002", clock=LiveClock(),
                             config=config)
    driver: subprocess.Popen[bytes] | None = None
    try:
        for it in range(ITERATIONS):
            for till in tills:  # members with points to spend, known everywhere
                for phone in rng.sample(phones, 3):
                    with contextlib.suppress(LoyaltyError):
                        member = till.term.service.enroll(phone=phone, name="常客")
                        till.term.service.award(member.member_id, Money(Decimal(30000),
                                                                        Currency.TWD))
            for _ in range(2):
                for till in tills:
                    till.term.sync()
            for plan in plans:
                plan.enabled = True
            driver = _driver(killed.fixture.path.parent, seed + 500 + it, proxies[3].url,
                             kill_rate=0.08)
            for k in range(ROUNDS):
                till = rng.choice(tills)
                if rng.random() < 0.05:  # a till offline for a while: floor limits apply
                    till.network.up = not till.network.up
                _act(till, rng, phones, totals)
                if driver.poll() is not None:  # it killed itself in a commit: restart it
                    totals["kills_between_approval_and_write"] += 1
                    driver = _driver(killed.fixture.path.parent, 600 + k, proxies[3].url,
                                     kill_rate=0.08)
                if k == ROUNDS // 3:
                    driver.kill()
                    driver.wait()
                    totals["kills"] += 1
                    driver = _driver(killed.fixture.path.parent, 700 + it, proxies[3].url,
                                     kill_rate=0.08)
                if k == ROUNDS // 2:  # central killed mid-run, no goodbye
                    assert central._process is not None
                    central._process.kill()
                    central._process.wait()
                    time.sleep(rng.uniform(0.1, 1.0))
                    central = start_central(db_url, subprocess=True, port=port)
                    totals["central_kills"] += 1
            driver.kill()
            driver.wait()
            totals["kills"] += 1
            driver = None
            for plan in plans:
                plan.enabled = False
            for till in tills:
                till.network.up = True
            converge = _driver(killed.fixture.path.parent, 0, proxies[3].url, "--converge")
            assert converge.wait(timeout=180) == 0
            for _ in range(2):
                for till in tills:
                    till.term.desk.resolve_open()
                    till.term.sync()
                killed.sync()
        totals["faults"] = sum(sum(p.counts.values()) for p in plans)
        counts = convergence(db_url, [t.term for t in tills] + [killed])
        exchange = {f"exchange_{k}" if k == "lost" else k: v
                    for k, v in _exchange_check(db_url, tills, killed).items()}
        breaches = _central_rows(db_url, "SELECT count(*) FROM offline_breaches")[0][0]
    finally:
        if driver is not None:
            driver.kill()
            driver.wait()
        for till in tills:
            till.close()
        killed.close()
        for proxy in proxies:
            proxy.__exit__(None, None, None)
        central.stop()
    figures = {**totals, **exchange, **counts, "breaches": breaches}
    with capsys.disabled():
        print(f"\nredemption faults [{store}] seed={seed} iterations={ITERATIONS}: {figures}")
    assert totals["tried"] > 0 and totals["faults"] > 0 and totals["kills"] > 0
    assert exchange.get("intent_committed", 0) > 0 and exchange.get("intent_cancelled", 0) > 0
    assert exchange["orphans"] == 0, figures
    assert exchange["exchange_lost"] == 0 and exchange["unresolved"] == 0, figures
    assert exchange["told_wrong"] == 0, figures
    assert counts["lost"] == counts["duplicated"] == counts["balance_errors"] == 0, figures
    assert breaches == 0, figures
