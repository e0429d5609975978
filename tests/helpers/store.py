"""Building real store files for tests: migrated SQLite, a code block, cashiers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from loyalty.member_code import CodeBlock
from loyalty.store import cashiers
from loyalty.store.codes import assign_block
from loyalty.store.context import TillContext
from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import upgrade
from loyalty.store.service import CounterService

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
    engine = create_store_engine(path)
    upgrade(engine)
    with engine.begin() as conn:
        assign_block(conn, CodeBlock.numbered(block_index))
        manager = cashiers.create_cashier(conn, "王店長", "manager", MANAGER_PIN)
        cashier = cashiers.create_cashier(conn, "李小華", "cashier", CASHIER_PIN)
    return StoreFixture(path, engine, manager, cashier, clock or FakeClock())
