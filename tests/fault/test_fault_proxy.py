"""Terminals syncing through a proxy that drops requests, drops responses after central
committed, delays, resets connections and answers 500 — then everything converges."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from loyalty.errors import LoyaltyError
from loyalty.money import Currency, Money
from loyalty.store.schema import ledger, members
from sync.engine import SyncConfig
from sync.errors import SyncError
from sync.instrument_redeem import InstrumentRedeemDesk
from tests.fault.conftest import ITERATIONS
from tests.helpers.central_server import CentralServer
from tests.helpers.fault_proxy import FaultPlan, FaultProxy
from tests.helpers.programs import instrument_convergence, put_programs
from tests.helpers.sync_terminal import Terminal, convergence, unique_phones

ROUNDS = 40


def _act(term: Terminal, rng: random.Random, phones: list[str]) -> None:
    with term.db.connect() as conn:
        ids = list(conn.execute(select(members.c.id).where(members.c.status == "active")
                                ).scalars())
        own = list(conn.execute(select(ledger.c.id).where(
            ledger.c.terminal_id == term.terminal_id, ledger.c.kind == "earn")).scalars())
    roll = rng.random()
    try:
        if ids and roll < 0.08:  # instruments: a pass sold, a pass or a reward used
            _instrument_act(term, rng, ids)
        elif roll < 0.2 or not ids:
            term.service.enroll(phone=phones.pop(), name=f"客{rng.randrange(999)}")
        elif roll < 0.8:
            term.service.award(rng.choice(ids), Money(Decimal(rng.randrange(100, 3000)),
                                                      Currency.TWD))
        elif roll < 0.93:
            term.desk.redeem(rng.choice(ids), 100)
        elif own:
            term.service.void(rng.choice(own), manager_id=term.fixture.manager.id,
                              reason="fault test")
    except LoyaltyError:
        pass  # refused at the counter (not enough points, already voided…): fine


def _instrument_act(term: Terminal, rng: random.Random, ids: list[str]) -> None:
    member = rng.choice(ids)
    usable = [v for v in term.service.instruments(member) if v.usable]
    if not usable or rng.random() < 0.3:
        term.service.sell_pass(member, "latte-10", receipt_no=f"P{rng.randrange(10**6)}")
        return
    chosen = rng.choice(usable)
    InstrumentRedeemDesk(term.service, term.engine.client).redeem(
        chosen.instrument_id, min(chosen.remaining, rng.randrange(1, 3)))


@pytest.mark.slow
def test_faulty_network_converges(tmp_path: Path, central: CentralServer, db_url: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    totals = {"iterations": 0, "faults": 0, "entries_checked": 0, "lost": 0,
              "duplicated": 0, "balance_errors": 0, "sync_failures": 0,
              "instrument_entries_checked": 0, "instrument_lost": 0,
              "instrument_duplicated": 0, "instrument_balance_errors": 0}
    put_programs(central)  # stamp cards fill with the awards; passes sold and used
    for it in range(ITERATIONS):
        rng = random.Random(1000 + it)
        phones = unique_phones(rng, 200)
        plan = FaultPlan(seed=2000 + it, rate=0.35)
        with FaultProxy(central.url, plan) as proxy:
            # The first iteration bootstraps from the (empty) snapshot; later ones read the
            # whole feed, so every terminal holds every entry to compare.
            config = SyncConfig(verify_every=None, snapshot_bootstrap=it == 0)
            terms = [Terminal.create(tmp_path / f"{it}-{k}", central, base_url=proxy.url,
                                     store_id=f"S{k % 2 + 1:03d}", sync=False, config=config)
                     for k in range(3)]
            try:
                plan.enabled = False  # everyone loads the (empty) snapshot before selling
                for term in terms:
                    term.sync()
                plan.enabled = True
                for _ in range(ROUNDS):
                    term = rng.choice(terms)
                    _act(term, rng, phones)
                    if rng.random() < 0.5:
                        try:
                            term.sync()
                        except SyncError:
                            totals["sync_failures"] += 1
                plan.enabled = False
                for _ in range(2):
                    for term in terms:
                        term.sync()
                counts = convergence(db_url, terms) | instrument_convergence(db_url, terms)
            finally:
                for term in terms:
                    term.close()
        totals["iterations"] += 1
        totals["faults"] += sum(plan.counts.values())
        for key in ("entries_checked", "lost", "duplicated", "balance_errors",
                    "instrument_entries_checked", "instrument_lost", "instrument_duplicated",
                    "instrument_balance_errors"):
            totals[key] += counts[key]
    with capsys.disabled():
        print(f"\nfault proxy [{db_url.split(':')[0]}]: {totals}")
    assert totals["faults"] > 0 and totals["entries_checked"] > 0
    assert totals["lost"] == totals["duplicated"] == totals["balance_errors"] == 0
    assert totals["instrument_entries_checked"] > 0
    assert totals["instrument_lost"] == totals["instrument_duplicated"] == 0
    assert totals["instrument_balance_errors"] == 0
