"""Terminals for sync tests: a real store file, registered with a real central, its engine.

Usage::

    term = Terminal.create(tmp_path / "t1", central)      # registered, snapshot loaded
    member = term.service.enroll(phone="0912345678", name="王小明")
    term.sync()                                           # push + pull against central
    term.offline()                                        # requests fail like a dead network
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, func, select, text

from loyalty.store.cashiers import Cashier
from loyalty.store.context import TillContext
from loyalty.store.replica import ledger_sum_mismatches
from loyalty.store.schema import ledger, members
from loyalty.store.service import CounterService
from sync.bootstrap import register_terminal
from sync.client import Backoff, CentralClient
from sync.credentials import load_token
from sync.engine import SyncConfig, SyncEngine, SyncReport
from sync.redeem import RedemptionDesk
from tests.helpers.central_server import CentralServer
from tests.helpers.store import MANAGER_PIN, FakeClock, StoreFixture, make_store


def _pairs(rows: Any) -> dict[Any, Any]:
    return {r[0]: r[1] for r in rows}


class SwitchTransport(httpx.BaseTransport):
    """The real network, or (switched off) a connection error on every request."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.up = True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.up:
            raise httpx.ConnectError("network down (test)", request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@dataclass
class Terminal:
    """One counter: store file, service, engine, redemption desk, switchable network."""

    fixture: StoreFixture
    service: CounterService
    engine: SyncEngine
    desk: RedemptionDesk
    network: SwitchTransport
    terminal_id: str
    store_id: str
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, path: Path, central: CentralServer, *, store_id: str = "S001",
               clock: FakeClock | None = None, config: SyncConfig | None = None,
               base_url: str | None = None, sync: bool = True) -> Terminal:
        path.mkdir(parents=True, exist_ok=True)
        fixture = make_store(path / "store.db", clock=clock)
        code = central.demo_chain(store_id).enrollment_code
        url = base_url or central.url
        manager_id = store_manager(central, store_id)
        ident = register_terminal(fixture.engine, path, central.url, code, fixture.clock())
        # Registration brought the store's staff: approvals name the manager central knows.
        fixture.manager = Cashier(manager_id, fixture.manager.name, "manager")
        network = SwitchTransport()
        client = CentralClient(url, load_token(path), transport=network, attempts=3,
                               backoff=Backoff(base=0.01, cap=0.05), seed=1)
        ctx = TillContext(ident.store_id, ident.terminal_id)
        service = fixture.service(ctx)
        service.ctx = service.ctx.signed_in(fixture.cashier.id, "cashier")
        engine = SyncEngine(fixture.engine, client, now=fixture.clock,
                            config=config or SyncConfig(verify_every=None))
        term = cls(fixture, service, engine, RedemptionDesk(service, client), network,
                   ident.terminal_id, ident.store_id)
        if sync:
            term.sync()
        return term

    def sync(self) -> SyncReport:
        return self.engine.sync_once()

    def offline(self) -> None:
        self.network.up = False

    def online(self) -> None:
        self.network.up = True

    def close(self) -> None:
        self.service.close()
        self.engine.client.close()
        self.fixture.engine.dispose()

    # --- what the tests check ------------------------------------------------------------------
    @property
    def db(self) -> Engine:
        return self.fixture.engine

    def entries(self) -> dict[str, int]:
        """Every ledger entry here that counts (id → points)."""
        with self.db.connect() as conn:
            return _pairs(conn.execute(select(ledger.c.id, ledger.c.points)
                                     .where(ledger.c.state != "rejected")))

    def member(self, member_id: str) -> dict[str, Any]:
        with self.db.connect() as conn:
            row = conn.execute(select(members).where(members.c.id == member_id)).mappings().one()
            return dict(row)

    def active_by_phone(self, phone: str) -> list[dict[str, Any]]:
        with self.db.connect() as conn:
            rows = conn.execute(select(members).where(members.c.phone == phone,
                                                      members.c.status == "active"))
            return [dict(r) for r in rows.mappings()]

    def balances(self) -> dict[str, int]:
        """Balance of every member that is not an alias (id → points)."""
        with self.db.connect() as conn:
            return _pairs(conn.execute(select(members.c.id, members.c.balance)
                                       .where(members.c.status != "merged")))

    def balance_errors(self) -> list[str]:
        with self.db.connect() as conn:
            return ledger_sum_mismatches(conn)

    def pending_total(self) -> int:
        with self.db.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.sum(members.c.pending_points), 0))
                                    ).scalar_one())


MANAGER_NAME = "王店長"  # the store fixture's manager


def store_manager(central: CentralServer, store_id: str) -> str:
    """The id of the store's manager at central (the store fixture's name and PIN, active
    since long before any test clock), made by head office on first use."""
    with central.client("admin") as http:
        listed = http.get(f"/v1/admin/stores/{store_id}/staff")
        assert listed.status_code == 200, listed.text
        for staff in listed.json():
            if staff["name"] == MANAGER_NAME:
                found: str = staff["id"]
                return found
        made = http.post(f"/v1/admin/stores/{store_id}/staff", json={
            "name": MANAGER_NAME, "role": "manager", "pin": MANAGER_PIN,
            "active_from": "2000-01-01"})
        assert made.status_code == 201, made.text
        staff_id: str = made.json()["id"]
        return staff_id


def central_entries(db_url: str) -> dict[str, int]:
    """Central's ledger: entry id → points."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return _pairs(conn.execute(text("SELECT id, points FROM ledger_entries")))
    finally:
        engine.dispose()


def central_balances(db_url: str) -> dict[str, int]:
    """Central's balance per canonical member, and its ledger sum per account."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return _pairs(conn.execute(text(
                "SELECT id, balance FROM members WHERE canonical_id IS NULL")))
    finally:
        engine.dispose()


def central_ledger_mismatches(db_url: str) -> list[str]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text(
                "SELECT m.id FROM members m LEFT JOIN (SELECT account_id, SUM(points) AS s "
                "FROM ledger_entries GROUP BY account_id) l ON l.account_id = m.id "
                "WHERE m.balance <> COALESCE(l.s, 0)"))]
    finally:
        engine.dispose()


def convergence(db_url: str, terms: list[Terminal]) -> dict[str, int]:
    """Compare central's ledger with every terminal's; return the counts the fault suite
    prints (entries checked, lost, duplicated, balance errors)."""
    central = central_entries(db_url)
    counts = {"entries_checked": 0, "lost": 0, "duplicated": 0, "balance_errors": 0}
    for term in terms:
        local = term.entries()
        counts["entries_checked"] += len(local)
        counts["lost"] += len(set(local) - set(central))
        counts["duplicated"] += len(set(central) - set(local))
        counts["balance_errors"] += len(term.balance_errors()) + (term.pending_total() != 0)
        counts["balance_errors"] += sum(1 for k, v in local.items() if central.get(k) != v)
    counts["duplicated"] += _duplicate_receipts(db_url)
    counts["balance_errors"] += len(central_ledger_mismatches(db_url))
    return counts


def _duplicate_receipts(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT COUNT(*) FROM (SELECT store_id, receipt_no FROM ledger_entries "
                "WHERE kind = 'earn' AND receipt_no IS NOT NULL GROUP BY store_id, receipt_no "
                "HAVING COUNT(*) > 1) d")).scalar_one())
    finally:
        engine.dispose()


def unique_phones(rng: random.Random, n: int) -> list[str]:
    """``n`` different valid Taiwanese mobile numbers (0912xxxxxx)."""
    return [f"0912{k:06d}" for k in rng.sample(range(10**6), n)]
