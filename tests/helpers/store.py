"""Building real store files for tests: migrated SQLite, a code block, cashiers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, Engine, insert

from loyalty.dates import utc_now
from loyalty.ids import new_id
from loyalty.member_code import CodeBlock
from loyalty.pins import hash_pin
from loyalty.store import cashiers, schema
from loyalty.store.codes import assign_block
from loyalty.store.context import TillContext
from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import upgrade
from loyalty.store.service import CounterService
from tests.helpers.templates import store_file

MANAGER_PIN = "2468"
CASHIER_PIN = "1357"


class FakeClock:
    """A settable clock for services (time still flows only when a test moves it)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Taipei

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


class LiveClock(FakeClock):
    """The real time (for tests where central judges the terminal's stamps against its own
    clock: offline periods, clock skew)."""

    def __call__(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class StoreFixture:
    path: Path
    engine: Engine
    manager: cashiers.Cashier
    cashier: cashiers.Cashier
    clock: FakeClock

    def service(self, ctx: TillContext | None = None,
                clock: Callable[[], datetime] | None = None) -> CounterService:
        return CounterService(self.engine, ctx or TillContext("S001", "S001-T01"),
                              clock or self.clock)


def make_store(path: Path, block_index: int = 1, clock: FakeClock | None = None
               ) -> StoreFixture:
    if path.exists():  # a store made another way (encrypted, say): bring it to head
        engine = create_store_engine(path)
        upgrade(engine)
    else:
        engine = create_store_engine(store_file(path))
    with engine.begin() as conn:
        assign_block(conn, CodeBlock.numbered(block_index))
        manager = _add_cashier(conn, "王店長", "manager", MANAGER_PIN)
        cashier = _add_cashier(conn, "李小華", "cashier", CASHIER_PIN)
    return StoreFixture(path, engine, manager, cashier, clock or FakeClock())


@functools.cache
def _pin_hash(pin: str) -> str:
    return hash_pin(pin)


def _add_cashier(conn: Connection, name: str, role: str, pin: str) -> cashiers.Cashier:
    """What :func:`cashiers.create_cashier` writes, with the PIN's slow hash made once per
    process: scrypt takes 0.1–0.8 s a call and every test's store has two cashiers."""
    cashier = cashiers.Cashier(new_id(), name, role)
    conn.execute(insert(schema.cashiers).values(id=cashier.id, name=name, role=role,
                                                pin_hash=_pin_hash(pin), created_at=utc_now()))
    return cashier
