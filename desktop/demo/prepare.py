"""Preparing a demo data directory (no Qt): a registered terminal with staff and members.

With central, members arrive from three sides, as in a real chain: most are enrolled and
served at this counter (back-dated purchase histories through the counter's own operations,
so they reach central by sync), some at another store's terminal, some signed up on the web
shop; the first sync brings them all here, and central's nightly jobs (expiry, tiers) run
for the first of every month of the history and today (:func:`job_days`), so their events
are spread over it; this counter also records non-member sales. Standalone (no central),
the bulk demo generator fills the store with members that count as already confirmed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from desktop.demo.central import CentralProcess, DemoError, HeadOffice
from desktop.demo.extras import LINKED_CARRIER, anonymous_sales
from loyalty.dates import utc_now
from loyalty.money import Currency, Money
from loyalty.store import cashiers, cipher, keys
from loyalty.store.context import TillContext
from loyalty.store.demo import (
    GIVEN,
    SURNAMES,
    MovableClock,
    configure_counter,
    generate,
    give_code_block,
    mark_set_up,
    seed_through_counter,
    without_fsync,
)
from loyalty.store.demo_rules import demo_rules, use_demo_rules
from loyalty.store.engine import StoreEngine, create_store_engine
from loyalty.store.members import Birthday
from loyalty.store.migrate import needs_upgrade, upgrade
from loyalty.store.service import CounterService
from sync.bootstrap import register_terminal
from sync.client import CentralClient
from sync.credentials import load_token
from sync.engine import SyncConfig, SyncEngine
from sync.errors import SyncError
from sync.registration import point_at_central, terminal_identity
from sync.state import TerminalIdentity

Say = Callable[[str], None]
TZ = "Asia/Taipei"
STORE_ID, STORE_NAME = "S001", "好日子生活百貨 信義店"
TERMINAL_NAME = "收銀機 1"  # the name head office gave this counter (shown in its header)
OTHER_ID, OTHER_NAME = "S002", "好日子生活百貨 台中店"


@dataclass(frozen=True, slots=True)
class Staff:
    """A demo login: the name on the sign-in screen and its PIN."""

    name: str
    role: str
    pin: str


# The staff the screenshots and tests use too.
STAFF = (Staff("王店長", "manager", "2468"), Staff("李小華", "cashier", "1357"))
# Members a visitor can find at once: all their phones end in 678. The first has a birthday
# this month (double points) and over NT$30,000 in a year (gold); purchases are
# (days ago, NT$).
SHOWCASE: tuple[tuple[str, str, tuple[int, int], tuple[tuple[int, int], ...]], ...] = (
    ("0912345678", "陳美玲", (0, 5), ((330, 4200), (250, 12800), (180, 6400), (120, 9800),
                                     (60, 15800), (21, 3560), (9, 890), (2, 6420))),
    ("0922111678", "林志明", (4, 18), ((200, 1280), (40, 640))),
    ("0933555678", "黃雅婷", (9, 2), ((6, 1580),)),
)
WEB_SHOWCASE = {"phone": "0955123678", "name": "張家豪", "birthday_month": 8,
                "birthday_day": 21, "marketing_consent": True}
TRY_SEARCHES = ("678", "0912-345-678")


@dataclass(frozen=True, slots=True)
class Split:
    """How many demo members join where."""

    here: int
    other_store: int
    online: int

    @classmethod
    def of(cls, members: int) -> Split:
        tenth = members // 10
        return cls(members - 2 * tenth, tenth, tenth)


def open_store(path: Path, *, migrate: bool = True, fast: bool = False) -> StoreEngine:
    """Open (creating and migrating) a store file. A prepared demo's store is opened as it
    is: the counter upgrades it at start, with the backup it takes first.

    ``fast``: commits without fsync, for building the demo only — a set-up that stops
    midway is built again from scratch, and :func:`_finish` makes the result durable.
    """
    if cipher.is_encrypted(path) and cipher.key_for(path) is None:
        keys.unlock(path)  # a demo whose counter has run: it encrypted its store
    engine = create_store_engine(path)
    if fast:
        without_fsync(engine)
    if migrate and needs_upgrade(engine):
        upgrade(engine)
    return engine


def _configure(engine: StoreEngine, store_id: str, terminal_id: str, store_name: str,
               language: str) -> list[cashiers.Cashier]:
    """Counter settings and the demo staff (kept if they exist)."""
    settings: dict[str, object] = {
        "store_id": store_id, "terminal_id": terminal_id, "store_name": store_name,
        "region": "TW", "tz": TZ, "currency": "TWD", "language": language,
        "terminal_name": TERMINAL_NAME}
    return configure_counter(engine, settings, [(s.name, s.role, s.pin) for s in STAFF])


def job_days(today: date, months: int = 25) -> list[date]:
    """The days central's nightly jobs run for, oldest first: the first of each month of
    the history, then today — so expiries and tier changes are spread over the history as
    in a chain whose jobs ran every night, not all dated today."""
    days = []
    for back in range(months, 0, -1):
        month = (today.month - 1 - back) % 12 + 1
        year = today.year + (today.month - 1 - back) // 12
        days.append(date(year, month, 1))
    return [*days, today]


def _finish(path: Path) -> None:
    """Everything written so far onto the disk (a checkpoint with fsync), then the store
    counts as set up."""
    engine = open_store(path, migrate=False)
    try:
        mark_set_up(engine, utc_now())
    finally:
        engine.dispose()


def _sync(engine: StoreEngine, data_dir: Path) -> None:
    ident = terminal_identity(engine)
    assert ident is not None
    client = CentralClient(ident.central_url, load_token(data_dir), attempts=3)
    try:
        SyncEngine(engine, client, config=SyncConfig(verify_every=None)).sync_once()
    except SyncError as exc:
        raise DemoError(f"The first sync with the demo's central failed: {exc}") from exc
    finally:
        client.close()


def _terminal(path: Path, office: HeadOffice, central_url: str, store_id: str,
              name: str) -> tuple[StoreEngine, TerminalIdentity]:
    engine = open_store(path / "store.db", fast=True)
    try:
        ident = register_terminal(engine, path, central_url, office.enrollment_code(store_id),
                                  utc_now(), name=name)
    except BaseException:
        engine.dispose()
        raise
    return engine, ident


def _seed(engine: StoreEngine, ident: TerminalIdentity, cashier: cashiers.Cashier | None,
          count: int, seed: int, showcase: bool = False) -> int:
    """Members and their histories through the counter's own operations (queued for central)."""
    clock = MovableClock()
    service = CounterService(engine, TillContext(ident.store_id, ident.terminal_id, tz_name=TZ),
                             clock)
    try:
        if cashier is not None:  # stamps the demo cashier on the seeded entries
            service.ctx = service.ctx.signed_in(cashier.id, cashier.role)
        # Seeded history is back-dated before the till ever spoke to central: its offline
        # redemptions carry the approval of the store's manager as central knows them, or
        # central holds them for head office.
        approver = next((c.id for c in service.staff() if c.is_manager), None)
        entries = seed_through_counter(service, clock, count, seed=seed, approved_by=approver)
        if showcase:
            entries += _showcase(service, clock)
            anonymous_sales(service, clock, entries // 3)  # about a quarter of all sales
            clock.now = utc_now()
        return entries
    finally:
        service.close()


def _showcase(service: CounterService, clock: MovableClock) -> int:
    tz = ZoneInfo(TZ)
    today = datetime.now(tz).replace(hour=11, minute=0, second=0, microsecond=0)
    entries = 0
    for phone, name, (month, day), visits in SHOWCASE:
        clock.now = today - timedelta(days=visits[0][0])
        member = service.enroll(phone=phone, name=name, marketing_consent=True,
                                birthday=Birthday(month or today.month, day, 1988))
        if name == SHOWCASE[0][1]:  # her phone's carrier barcode finds her (scan-me/)
            service.link_carrier(member.member_id, LINKED_CARRIER, consent=True)
        for days_ago, amount in visits:
            entries += 1
            # Afternoons and evenings, each sale with its till receipt.
            clock.now = today - timedelta(days=days_ago) + timedelta(minutes=97 * entries % 540)
            service.award(member.member_id, Money(Decimal(amount), Currency.TWD),
                          receipt_no=f"AB-{10200 + 131 * entries}")
    clock.now = utc_now()
    return entries


def _other_store(path: Path, office: HeadOffice, central_url: str, count: int) -> None:
    """Another store's counter: its members reach this one through central."""
    office.ensure_staff(OTHER_ID, [(s.name, s.role, s.pin) for s in STAFF])
    engine, ident = _terminal(path, office, central_url, OTHER_ID, "Demo — other store")
    try:
        _seed(engine, ident, None, count, seed=23)
        _sync(engine, path)
    finally:
        engine.dispose()


def web_sign_ups(count: int, seed: int = 41) -> list[dict[str, Any]]:
    """Web-shop sign-ups: a name, a Taiwanese mobile, sometimes a birthday."""
    rng = random.Random(seed)
    people = []
    for n in rng.sample(range(10_000_000), count):
        person: dict[str, Any] = {"phone": f"098{n:07d}",
                                  "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                                  "marketing_consent": rng.random() < 0.8}
        if rng.random() < 0.7:
            person |= {"birthday_month": rng.randint(1, 12), "birthday_day": rng.randint(1, 28)}
        people.append(person)
    return people


def prepare_with_central(data_dir: Path, central: CentralProcess, count: int,
                         language: str, say: Say) -> None:
    """Fill ``data_dir`` with a registered, synced, set-up demo terminal."""
    split = Split.of(count)
    with central.head_office() as office:
        office.ensure_store(STORE_ID, STORE_NAME)
        office.ensure_store(OTHER_ID, OTHER_NAME)
        office.publish_rules(demo_rules().to_document())  # programs and the 禮券 issuer
        say(f"  {split.other_store} members at another store's counter ({OTHER_NAME}) …")
        _other_store(data_dir / "other-store", office, central.url, split.other_store)
        say(f"  {split.online} web-shop sign-ups …")
        web = office.online_client("Demo web shop")
        for person in [WEB_SHOWCASE, *web_sign_ups(split.online)]:
            office.sign_up(web, person)
        say(f"  registering this counter; {split.here} members served here …")
        office.ensure_staff(STORE_ID, [(s.name, s.role, s.pin) for s in STAFF])
        engine, ident = _terminal(data_dir, office, central.url, STORE_ID, TERMINAL_NAME)
        try:
            staff = _configure(engine, ident.store_id, ident.terminal_id, STORE_NAME, language)
            _seed(engine, ident, staff[1], split.here, seed=7, showcase=True)
            say("  first sync, central's nightly jobs over the two years, sync again …")
            _sync(engine, data_dir)
            for day in job_days(datetime.now(ZoneInfo(TZ)).date()):
                office.run_jobs(day)
            _sync(engine, data_dir)
        finally:
            engine.dispose()
    _finish(data_dir / "store.db")


def follow_central(data_dir: Path, url: str) -> None:
    """Point the terminal at central's address for this run (its port may have changed)."""
    engine = open_store(data_dir / "store.db", migrate=False)
    try:
        point_at_central(engine, url)
    finally:
        engine.dispose()


def prepare_standalone(data_dir: Path, count: int, language: str, say: Say) -> None:
    """A terminal of its own: a code block, the demo staff, bulk-generated members."""
    path = data_dir / "store.db"
    engine = open_store(path)
    try:
        give_code_block(engine, 1)
    finally:
        engine.dispose()  # the generator writes the file on its own connection
    say(f"  {count} members with two years of purchases …")
    generate(path, count, tz_name=TZ)
    engine = open_store(path, fast=True)
    try:
        terminal_id = f"{STORE_ID}-T01"
        use_demo_rules(engine, utc_now())
        staff = _configure(engine, STORE_ID, terminal_id, STORE_NAME, language)
        _seed(engine, TerminalIdentity(terminal_id, STORE_ID, ""), staff[1], 0, seed=7,
              showcase=True)
    finally:
        engine.dispose()
    _finish(path)
