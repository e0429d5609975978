"""A counter operation the desktop needs beyond :class:`CounterService`: creating the first
manager of an empty store, audited in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from loyalty.errors import InvalidInput
from loyalty.store import cashiers
from loyalty.store.context import TillContext
from loyalty.store.journal import audit


def create_first_manager(engine: Engine, ctx: TillContext, name: str, pin: str,
                         now: datetime) -> cashiers.Cashier:
    """Create the store's first manager; refused once any manager exists."""
    with engine.begin() as conn:
        if cashiers.has_manager(conn):
            raise InvalidInput("This store already has a manager.", code="manager_exists")
        manager = cashiers.create_cashier(conn, name, "manager", pin, now)
        audit(conn, ctx.signed_in(manager.id, "manager"), "cashier.create", manager.id, now,
              role="manager", first=True)
    return manager
