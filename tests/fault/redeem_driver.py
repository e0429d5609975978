"""A counter process for the redemption fault test: awards and redeems online until killed.

    python tests/fault/redeem_driver.py DATA_DIR SEED CENTRAL_URL [--converge]

The store is ``DATA_DIR/store.db`` (registered). Requests go to ``CENTRAL_URL`` (a fault
proxy). Every start first resolves the redemptions a killed run left open, as the counter
does. With ``REGULARS_KILL_IN_COMMIT`` set to a probability, the process SIGKILLs itself
between central's approval and the local write — the moment a crash costs most. With
``--converge`` it resolves, syncs until a round succeeds and exits 0. It exits when the
test that started it is gone.
"""

from __future__ import annotations

import os
import random
import signal
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import contextlib

import httpx
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
from sync.redeem import RedemptionDesk
from sync.state import identity


def _kill_in_commit(desk: RedemptionDesk, rng: random.Random, rate: float) -> None:
    original = desk._commit

    def commit(*args: Any, **kwargs: Any) -> Any:
        if rng.random() < rate:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    desk._commit = commit  # type: ignore[method-assign]


def main() -> int:
    data_dir, seed, url = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    converge, parent = "--converge" in sys.argv, os.getppid()
    engine = create_store_engine(data_dir / "store.db")
    with engine.connect() as conn:
        ident = identity(conn)
    assert ident is not None
    token = load_token(data_dir)
    client = CentralClient(url, token, attempts=3, backoff=Backoff(0.01, 0.05), seed=seed)
    client.redeem_timeout = httpx.Timeout(2.0, read=0.6)
    sync = SyncEngine(engine, client, config=SyncConfig(verify_every=None, push_batch=50,
                                                        page_size=50))
    service = CounterService(engine, TillContext(ident.store_id, ident.terminal_id))
    desk = RedemptionDesk(service, client)
    rng = random.Random(seed)
    with contextlib.suppress(SyncError):
        desk.resolve_open()
    if converge:
        for _ in range(50):
            try:
                desk.resolve_open()
                sync.sync_once()
                sync.sync_once()
                return 0
            except SyncError:
                continue
        return 1
    rate = float(os.environ.get("REGULARS_KILL_IN_COMMIT", "0"))
    if rate:
        _kill_in_commit(desk, rng, rate)
    while os.getppid() == parent:
        with engine.connect() as conn:
            ids = list(conn.execute(select(members.c.id).where(members.c.status == "active")
                                    ).scalars())
        for _ in range(rng.randrange(1, 8)):
            if not ids:
                break
            member = rng.choice(ids)
            try:
                if rng.random() < 0.5:
                    service.award(member, Money(Decimal(rng.randrange(500, 5000)),
                                                Currency.TWD))
                else:
                    desk.redeem(member, rng.choice((100, 200, 500, 1200)))
            except LoyaltyError:
                pass
            except SyncError:
                pass
        with contextlib.suppress(SyncError):
            sync.sync_once()
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
