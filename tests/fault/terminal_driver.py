"""A terminal process for the SIGKILL tests: sells and syncs in a loop until killed.

    python tests/fault/terminal_driver.py DATA_DIR SEED [--converge]

The store is ``DATA_DIR/store.db`` (already registered). With ``--converge`` it stops selling
and syncs until a round succeeds, then exits 0. It also exits when the test that started it
is gone (killed before it could kill this process, which would otherwise sell forever).
"""

from __future__ import annotations

import os
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import contextlib

from sqlalchemy import select

from loyalty.errors import LoyaltyError
from loyalty.money import Currency, Money
from loyalty.store.context import TillContext
from loyalty.store.engine import create_store_engine
from loyalty.store.schema import members
from loyalty.store.service import CounterService
from sync.client import Backoff, CentralClient
from sync.credentials import load_token
from sync.engine import SyncConfig, SyncEngine
from sync.errors import SyncError
from sync.instrument_redeem import InstrumentRedeemDesk
from sync.state import identity

READY = "driver.ready"
"""Made once the driver is selling: a slow import on a busy machine is not a kill point."""


def _instrument(service: CounterService, desk: InstrumentRedeemDesk, rng: random.Random,
                member: str) -> None:
    """Sell a pass, or use what the member holds (online, as the counter does)."""
    usable = [v for v in service.instruments(member) if v.usable]
    if not usable or rng.random() < 0.3:
        service.sell_pass(member, "latte-10", receipt_no=f"P{rng.randrange(10**6)}")
    else:
        desk.redeem(rng.choice(usable).instrument_id)


def main() -> int:
    data_dir, seed, converge = Path(sys.argv[1]), int(sys.argv[2]), "--converge" in sys.argv
    parent = os.getppid()
    engine = create_store_engine(data_dir / "store.db")
    with engine.connect() as conn:
        ident = identity(conn)
    assert ident is not None
    client = CentralClient(ident.central_url, load_token(data_dir), attempts=3,
                           backoff=Backoff(0.01, 0.05), seed=seed)
    sync = SyncEngine(engine, client, config=SyncConfig(verify_every=None, push_batch=50,
                                                        page_size=50))
    service = CounterService(engine, TillContext(ident.store_id, ident.terminal_id))
    rng = random.Random(seed)
    desk = InstrumentRedeemDesk(service, client)
    if converge:
        for _ in range(50):
            try:
                desk.resolve_open()  # exchanges a kill left open: recorded or cancelled
                sync.sync_once()
                sync.sync_once()
                return 0
            except SyncError:
                continue
        return 1
    (data_dir / READY).touch()  # the test's kill clock starts here, not at the fork
    while os.getppid() == parent:
        with engine.connect() as conn:
            ids = list(conn.execute(select(members.c.id).where(members.c.status == "active")
                                    ).scalars())
        for _ in range(rng.randrange(1, 30)):
            try:
                if ids and rng.random() < 0.1:
                    _instrument(service, desk, rng, rng.choice(ids))
                elif not ids or rng.random() < 0.1:
                    phone = f"0912{rng.randrange(10**6):06d}"
                    ids.append(service.enroll(phone=phone, name="客").member_id)
                else:
                    service.award(rng.choice(ids), Money(Decimal(rng.randrange(100, 900)),
                                                         Currency.TWD))
            except LoyaltyError:
                pass
        with contextlib.suppress(SyncError):
            sync.sync_once()
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
