"""First-run set-up: migrate, seed the rules, and (for the demo) a store with a code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central.auth import create_admin_token
from central.db import make_engine, migrate, run_transaction
from central.models import Store
from central.registry import create_store, issue_code
from central.rules_store import ensure_rules
from central.schemas import StoreIn


@dataclass(frozen=True, slots=True)
class DemoChain:
    """What a demo terminal needs: the store, a one-time enrollment code, a head-office token."""

    admin_token: str
    store_id: str
    enrollment_code: str


def prepare(url: str, market: str = "TW", **engine_options: Any) -> Engine:
    """Migrate the database at ``url`` to head, seed the rules, and return an engine
    (``engine_options``: :func:`central.db.make_engine`'s timeouts)."""
    migrate(url)
    engine = make_engine(url, **engine_options)
    run_transaction(engine, lambda s: ensure_rules(s, market))
    return engine


def bootstrap_demo_chain(url: str, *, store_id: str = "S001", store_name: str = "示範門市",
                         market: str = "TW", code_hours: int = 72,
                         run_migrations: bool = True) -> DemoChain:
    """Set up a demo chain at ``url``: one store (kept if it exists), a fresh enrollment code
    and a fresh head-office token. Safe to call again (each call issues a new code)."""
    engine = prepare(url, market) if run_migrations else make_engine(url)
    try:
        def work(session: Session) -> DemoChain:
            if session.get(Store, store_id) is None:
                create_store(session, StoreIn(id=store_id, name=store_name))
            token = create_admin_token(session, "demo")
            code = issue_code(session, store_id, code_hours)
            return DemoChain(admin_token=token, store_id=store_id, enrollment_code=code.code)

        return run_transaction(engine, work)
    finally:
        engine.dispose()
