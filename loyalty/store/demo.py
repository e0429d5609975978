"""Realistic demo members for a Taiwanese chain: names, mobiles, birthdays, two years of
purchases, so that every NAPL status and every tier occurs.

Fast enough for a million members (bulk inserts through the driver in one transaction);
balances are consistent with the ledger (each balance is its entries' sum, expired lots
are expired first-in-first-out), and the data counts as already confirmed by central.

    python -m loyalty.store.demo --db store.db --members 2000
"""

from __future__ import annotations

import argparse
import logging
import random
import sqlite3
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event, func, select

from loyalty.ids import new_id
from loyalty.member_code import CodeBlock
from loyalty.money import Currency, Money
from loyalty.rules import Rules, default_rules
from loyalty.store import cashiers, cipher
from loyalty.store.cashiers import Cashier
from loyalty.store.codes import assign_block
from loyalty.store.keyvalue import put_setting, put_state
from loyalty.store.members import Birthday
from loyalty.store.schema import members as members_table
from loyalty.store.service import CounterService
from loyalty.store.summaries import rebuild_raw

log = logging.getLogger(__name__)

SURNAMES = (
    "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐"
    "周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈"
    "余盧梁趙顏柯翁魏孫戴"
)
# Given names, including characters Big5 lacks (喆, 堃, 峯) that receipts must still print.
GIVEN = (
    "志明", "俊傑", "建宏", "家豪", "冠宇", "宗翰", "承恩", "柏翰", "彥廷", "品睿",
    "宇翔", "家瑋", "淑芬", "美玲", "雅婷", "怡君", "佳穎", "欣怡", "詩涵", "宜蓁",
    "郁婷", "雅琪", "婉婷", "靜怡", "思妤", "子晴", "語彤", "芷若", "峻豪", "冠廷",
    "昱翔", "哲瑋", "偉倫", "嘉玲", "惠雯", "秀英", "玉珍", "麗華", "文雄", "國華",
    "金龍", "春嬌", "喆", "堃", "峯",
)
STORES = ("S001", "S002", "S003")
PROFILES = ("new", "active", "sleeping", "lost", "never")
PROFILE_WEIGHTS = (0.12, 0.38, 0.20, 0.22, 0.08)


@dataclass
class _Lot:
    entry_id: str
    remaining: int
    expires_on: date


@dataclass
class _MemberBook:
    balance: int = 0
    lots: deque[_Lot] = field(default_factory=deque)


def _purchase_days(rng: random.Random, profile: str, today: date) -> list[date]:
    """Purchase dates shaped by the member's profile (window: 3 months)."""
    def day(lo: int, hi: int) -> date:
        return today - timedelta(days=rng.randint(lo, hi))
    if profile == "never":
        return []
    if profile == "new":
        first = day(0, 85)
        extra = [first + timedelta(days=rng.randint(1, 40)) for _ in range(rng.randint(0, 2))]
        return sorted([first] + [d for d in extra if d <= today])
    if profile == "lost":
        return [day(100, 729)]
    count = max(2, int(rng.lognormvariate(1.6, 0.7)))
    if profile == "active":
        days = [day(0, 729) for _ in range(count - 1)] + [day(0, 88)]
    else:  # sleeping: repeat buyer, nothing in the last 3 months
        days = [day(95, 729) for _ in range(count)]
    return sorted(days)


def _sale(rng: random.Random, big_spender: int) -> Money:
    amount = max(59, int(rng.lognormvariate(6.6, 0.8)) * big_spender)  # median ≈ NT$735
    return Money(Decimal(amount), Currency.TWD)


def _at(day: date, rng: random.Random, tz: ZoneInfo) -> datetime:
    """A moment in opening hours on ``day``, never later than now: a sale "this evening"
    generated in the morning would show in the future on the member panel (and every award
    to that member would replay their ledger, being older than their latest entry)."""
    local = datetime(day.year, day.month, day.day, rng.randint(10, 21), rng.randint(0, 59),
                     rng.randint(0, 59), tzinfo=tz)
    now = datetime.now(UTC)
    moment = local.astimezone(UTC)
    return moment if moment < now else now - timedelta(seconds=rng.randint(60, 3600))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


class _Writer:
    """Buffers rows and flushes them with executemany."""

    MEMBER_SQL = ("INSERT INTO members (id, phone, phone_rev, member_code, name, birthday_month,"
                  " birthday_day, birth_year, tier, tier_since, marketing_consent, consent_at,"
                  " origin, status, balance, pending_points, last_visit_at, hlc, created_at,"
                  " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'active',?,0,?,'',?,?)")
    LEDGER_SQL = ("INSERT INTO ledger (id, member_id, kind, points, sale_cents, currency,"
                  " store_id, terminal_id, cashier_id, receipt_no, occurred_at, rules_version,"
                  " expires_on, ref_entry_id, offline, approved_by, state)"
                  " VALUES (?,?,?,?,?,?,?,?,NULL,?,?,?,?,?,0,NULL,'confirmed')")

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.members: list[tuple[object, ...]] = []
        self.entries: list[tuple[object, ...]] = []
        self.entry_count = 0

    def flush(self, force: bool = False) -> None:
        if force or len(self.entries) >= 50_000 or len(self.members) >= 20_000:
            self.db.executemany(self.MEMBER_SQL, self.members)
            self.db.executemany(self.LEDGER_SQL, self.entries)
            self.entry_count += len(self.entries)
            self.members.clear()
            self.entries.clear()


def _phones(rng: random.Random, count: int) -> Iterator[str]:
    """Distinct valid Taiwanese mobiles, +8869[0-8]XXXXXXX (09[0-8]x are mobile ranges)."""
    for n in rng.sample(range(90_000_000), count):
        yield f"+8869{n:08d}"


def _bulk_mode(db: sqlite3.Connection) -> list[str]:
    """Make a one-off bulk load fast: no WAL, no fsync, big cache, secondary indexes and
    the report's summary triggers dropped (returned, to be rebuilt once at the end — far
    cheaper than row by row; the summaries are then rebuilt from the data)."""
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-512000")
    rows = db.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', "
                      "'trigger') AND sql IS NOT NULL AND tbl_name IN ('members', 'ledger')"
                      ).fetchall()
    for kind, name, _ in rows:
        db.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _, _, sql in rows]


def generate(db_path: str | Path, members: int, entries: int | None = None, *, seed: int = 7,
             today: date | None = None, rules: Rules | None = None,
             tz_name: str = "Asia/Taipei", block_index: int = 900) -> dict[str, int]:
    """Fill a migrated store file with ``members`` demo members (about ``entries`` entries).

    Returns counts: members, entries. The file must already be at the current schema.
    """
    rng = random.Random(seed)
    rules = rules or default_rules("TW")
    tz = ZoneInfo(tz_name)
    today = today or datetime.now(tz).date()
    scale = (entries / members / 3.4) if entries and members else 1.0
    db = cipher.connect(db_path, isolation_level=None)  # keyed if the store is encrypted
    indexes = _bulk_mode(db)
    db.execute("BEGIN")
    writer = _Writer(db)
    block = CodeBlock(CodeBlock.numbered(block_index).start,
                      CodeBlock.numbered(block_index).start + max(members, 1))
    for index, phone in enumerate(_phones(rng, members)):
        profile = rng.choices(PROFILES, PROFILE_WEIGHTS)[0]
        days = _purchase_days(rng, profile, today)
        if scale > 1.0 and profile in ("active", "sleeping"):
            days = sorted(days + [rng.choice(days) + timedelta(days=rng.randint(-60, 0))
                                  for _ in range(int(len(days) * (scale - 1)))])
        _member(writer, rng, rules, tz, today, phone, block.code_at(index), days)
        writer.flush()
    writer.flush(force=True)
    db.execute("COMMIT")
    for sql in indexes:
        db.execute(sql)
    db.execute("BEGIN")
    rebuild_raw(db)
    # Tier history as central's jobs would have left it: one upgrade to the current tier.
    db.execute("INSERT INTO tier_changes (member_id, origin, old_tier, new_tier, on_date)"
               " SELECT id, origin, 'general', tier, tier_since FROM members"
               " WHERE tier <> 'general' AND tier_since IS NOT NULL")
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    return {"members": members, "entries": writer.entry_count}


def _member(w: _Writer, rng: random.Random, rules: Rules, tz: ZoneInfo, today: date,
            phone: str, code: str, days: list[date]) -> None:
    member_id = new_id()
    book = _MemberBook()
    store = rng.choices(STORES, (0.8, 0.1, 0.1))[0]
    origin = "online" if rng.random() < 0.1 else store
    joined = (days[0] if days else today - timedelta(days=rng.randint(0, 700)))
    created = _at(joined, rng, tz)
    spend: list[tuple[date, Decimal]] = []
    big_spender = rng.choices((1, 5, 15, 40), (0.88, 0.08, 0.03, 0.01))[0]
    for day in days:
        at = _at(day, rng, tz)
        _expire_until(w, book, member_id, day, store, tz, rules)
        sale = _sale(rng, big_spender)
        points = rules.earn_points(sale, "general")
        entry_id = new_id()
        expires = rules.expires_on(day)
        w.entries.append((entry_id, member_id, "earn", points, int(sale.amount * 100), "TWD",
                          store, f"{store}-T01", f"R{len(w.entries) + w.entry_count:09d}",
                          _iso(at), rules.version, expires.isoformat(), None))
        book.balance += points
        book.lots.append(_Lot(entry_id, points, expires))
        spend.append((day, sale.amount))
        if book.balance >= 300 and rng.random() < 0.25:
            _redeem(w, book, member_id, rng, rules, at + timedelta(minutes=1), store)
    _expire_until(w, book, member_id, today, store, tz, rules)
    year_ago = today - timedelta(days=365)
    tier = rules.tier_for_spend(sum((a for d, a in spend if d > year_ago), Decimal(0))).code
    birthday = (rng.randint(1, 12), rng.randint(1, 28), rng.randint(1950, 2006))
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    consent = rng.random() < 0.7
    last_visit = _iso(_at(days[-1], rng, tz)) if days else None
    w.members.append((member_id, phone, "".join(ch for ch in phone if ch.isdigit())[::-1],
                      code, name, *birthday, tier, (today - timedelta(days=rng.randint(0, 300)))
                      .isoformat(), consent, _iso(created) if consent else None, origin,
                      book.balance, last_visit, _iso(created), _iso(created)))


def _redeem(w: _Writer, book: _MemberBook, member_id: str, rng: random.Random, rules: Rules,
            at: datetime, store: str) -> None:
    unit = rules.redeem_points_unit
    points = min(book.balance, rules.redeem_max_points) // unit * unit
    points = max(unit, points // 2 // unit * unit)
    if points > book.balance:
        return
    w.entries.append((new_id(), member_id, "redeem", -points, None, "TWD", store,
                      f"{store}-T01", None, _iso(at), rules.version, None, None))
    book.balance -= points
    while points:
        lot = book.lots[0]
        take = min(points, lot.remaining)
        lot.remaining -= take
        points -= take
        if lot.remaining == 0:
            book.lots.popleft()


def _expire_until(w: _Writer, book: _MemberBook, member_id: str, day: date, store: str,
                  tz: ZoneInfo, rules: Rules) -> None:
    """Expire, oldest first, every lot whose last day is before ``day``."""
    while book.lots and book.lots[0].expires_on < day:
        lot = book.lots.popleft()
        if lot.remaining:
            next_day = lot.expires_on + timedelta(days=1)
            at = datetime(next_day.year, next_day.month, next_day.day, 0, 5, tzinfo=tz)
            w.entries.append((new_id(), member_id, "expire", -lot.remaining, None, None,
                              "central", "central", None, _iso(at), rules.version, None,
                              lot.entry_id))
            book.balance -= lot.remaining


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="regulars seed", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="store file (created and migrated)")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=None,
                        help="aim for about this many ledger entries")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from loyalty.store.engine import create_store_engine
    from loyalty.store.migrate import upgrade
    engine = create_store_engine(args.db)
    upgrade(engine)
    engine.dispose()
    started = time.perf_counter()
    counts = generate(args.db, args.members, args.entries, seed=args.seed)
    logging.basicConfig(level=logging.INFO)
    log.info("generated %s members, %s entries in %.1f s", counts["members"], counts["entries"],
             time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def seed_through_counter(service: CounterService, clock: MovableClock, members: int, *,
                         seed: int = 7, today: date | None = None,
                         approved_by: str | None = None) -> int:
    """Enroll ``members`` demo members and replay their purchase histories through the
    counter's own operations, back-dated, so every change is queued for central like a real
    counter's (used by ``regulars demo``, where central must know the members too).

    Returns the number of ledger entries written.
    """
    rng = random.Random(seed)
    tz = service.ctx.tz
    today = today or datetime.now(tz).date()
    entries = 0
    for phone in _phones(rng, members):
        profile = rng.choices(PROFILES, PROFILE_WEIGHTS)[0]
        days = _purchase_days(rng, profile, today)
        joined = days[0] if days else today - timedelta(days=rng.randint(0, 700))
        clock.now = _at(joined, rng, tz) - timedelta(minutes=5)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        enrolled = service.enroll(phone=phone, name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                                  birthday=Birthday(month, day, rng.randint(1950, 2006)),
                                  marketing_consent=rng.random() < 0.7)
        big_spender = rng.choices((1, 5, 15, 40), (0.88, 0.08, 0.03, 0.01))[0]
        for visit in days:
            clock.now = _at(visit, rng, tz)
            change = service.award(enrolled.member_id, _sale(rng, big_spender))
            entries += 1
            unit = service.rules().redeem_points_unit
            if change.balance >= 3 * unit and rng.random() < 0.2:
                clock.now += timedelta(minutes=1)
                # Seeded history never asked central: an offline redemption (central holds
                # an "online" one it did not authorise).
                service.redeem(enrolled.member_id, unit * rng.randint(1, 2), offline=True,
                               approved_by=approved_by)
                entries += 1
    return entries


class MovableClock:
    """A clock the demo seeder moves through the past."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


# --- preparing a demo terminal's store (the counter's demo command: desktop.demo) -----------

def without_fsync(engine: Engine) -> Engine:
    """Commits on ``engine`` skip fsync: for building a demo only (a set-up that stops midway
    is built again from scratch; :func:`mark_set_up` makes the result durable)."""
    @event.listens_for(engine, "connect")
    def _no_fsync(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA synchronous=OFF")
    return engine


def member_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(members_table)).scalar_one())


def configure_counter(engine: Engine, settings: dict[str, object],
                      staff: Sequence[tuple[str, str, str]]) -> list[Cashier]:
    """Write the counter's ``settings`` and create the ``staff`` (name, role, PIN) that do
    not exist yet, in one transaction; the staff in the order given."""
    with engine.begin() as conn:
        for key, value in settings.items():
            put_setting(conn, key, value)
        known = {c.name: c for c in cashiers.list_cashiers(conn)}
        return [known.get(name) or cashiers.create_cashier(conn, name, role, pin)
                for name, role, pin in staff]


def give_code_block(engine: Engine, index: int) -> None:
    with engine.begin() as conn:
        assign_block(conn, CodeBlock.numbered(index))


def mark_set_up(engine: Engine, now: datetime) -> None:
    """Everything written so far onto the disk (a checkpoint with fsync), then the store
    counts as set up."""
    with engine.execution_options(sqlite_begin="NONE").connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # not in a transaction
    with engine.begin() as conn:
        put_state(conn, "setup_completed_at", now.isoformat())
