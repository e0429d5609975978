"""The chain report's ledger figures and new members per store and local day, kept once computed
(``report_days``, PostgreSQL only: SQLite serves small chains and computes them each time).

The ledger is append-only and every entry carries the feed sequence it was written at; the
feed's counter row is locked until commit, so sequences become visible in order. The
``report_days`` counter records up to which sequence the kept rows are right. Each read first
forgets the days that entries written since then fall on — and, for a reverse, the day of
the entry it undoes, and the joining day of a member changed since (the feed's
``member.upsert``) — then computes what is missing (one grouped query over the missing
span) and keeps it. Past days are computed once; today's again after each new entry. One
refresh at a time (an advisory lock), so a stale row can never be kept after its day was
forgotten.

:func:`warm` keeps every complete day not kept yet ahead of any reader (the nightly jobs and
central's own periodic loop, :class:`Warmer`), so a manager's first view of a range finds its
past days kept and computes at most today's.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, delete, func, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from central.clock import now
from central.db import analytic, read_session, run_transaction
from central.feed import feed_head
from central.models import ChangeRow, LedgerEntryRow, Member, NamedCounter, ReportDay
from central.reporting import ZERO_SUMS, SumsKey, day_sums, store_zones

MARK = "report_days"
LOCK = 0x5245504F  # "REPO": pg_advisory_xact_lock key of the refresh
WARM_LOCK = 0x5245574D  # "REWM": pg_try_advisory_lock key of warm(): one process warms
WARM_DAYS = 92  # the console report's longest range
WARM_SPAN = 7  # days computed per refresh transaction (readers wait that long at most)
log = logging.getLogger(__name__)
FIELDS = ("earn_entries", "sales_amount", "points_issued", "points_redeemed",
          "points_expired", "points_adjusted", "overdraft_count", "overdraft_points",
          "new_members")
L = LedgerEntryRow


class ReportCache:
    """:data:`central.reporting.LedgerSums` from kept rows, for one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, session: Session, first: date, last: date, tz: ZoneInfo,
                 stores: list[str]) -> dict[SumsKey, tuple[Any, ...]]:
        if self.engine.dialect.name != "postgresql":
            return day_sums(session, first, last, tz, stores)
        return run_transaction(self.engine, lambda s: _refresh(s, first, last, tz, stores))


def _refresh(session: Session, first: date, last: date, tz: ZoneInfo, stores: list[str]
             ) -> dict[SumsKey, tuple[Any, ...]]:
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK})
    analytic(session)
    _forget_since_mark(session)
    kept = {(r.day, r.store_id): tuple(getattr(r, f) for f in FIELDS)
            for r in session.scalars(select(ReportDay).where(
                ReportDay.store_id.in_(stores), ReportDay.zone == tz.key,
                ReportDay.day >= first, ReportDay.day <= last))}
    days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    missing = [(d, s) for d in days for s in stores if (d, s) not in kept]
    if missing:
        low, high = min(d for d, _ in missing), max(d for d, _ in missing)
        found = day_sums(session, low, high, tz, sorted({s for _, s in missing}))
        for key in missing:
            values = found.get(key, ZERO_SUMS)
            kept[key] = values
            session.add(ReportDay(store_id=key[1], zone=tz.key, day=key[0],
                                  **dict(zip(FIELDS, values, strict=True))))
    return kept


def _forget_since_mark(session: Session) -> None:
    """Drop the kept days that entries written after the mark fall on, and the joining days
    of members changed since (enrolled, merged away); move the mark."""
    head = feed_head(session)
    mark = session.scalar(select(NamedCounter.value).where(NamedCounter.name == MARK))
    if mark is None:  # first use: nothing kept can be trusted
        session.execute(delete(ReportDay))
        session.add(NamedCounter(name=MARK, value=head))
        return
    if head <= mark:
        return
    floor = session.scalar(select(NamedCounter.value).where(NamedCounter.name == "feed_floor"))
    if (floor or 0) > mark:  # member changes since were compacted away: trust nothing kept
        session.execute(delete(ReportDay))
        session.execute(update(NamedCounter).where(NamedCounter.name == MARK).values(value=head))
        return
    undone = aliased(LedgerEntryRow)
    new = and_(L.feed_seq > mark, L.feed_seq <= head)
    touched: list[tuple[str, datetime]] = [
        (r[0], r[1]) for r in session.execute(select(L.store_id, L.occurred_at).where(new))]
    touched += ((r[0], r[1]) for r in session.execute(
        select(undone.store_id, undone.occurred_at).join(L, L.ref_entry_id == undone.id)
        .where(new, L.kind == "reverse")))
    # A member enrolled, merged away or otherwise changed: their joining day's count.
    touched += ((origin or "online", at) for origin, at in session.execute(  # type: ignore[misc]
        select(Member.origin, Member.enrolled_at).join(ChangeRow, ChangeRow.ref_id == Member.id)
        .where(ChangeRow.seq > mark, ChangeRow.seq <= head, ChangeRow.kind == "member.upsert",
               Member.enrolled_at.is_not(None))))
    zones = store_zones(session)
    fallback = zones.get("online", ZoneInfo("UTC"))
    gone = {(store, zones.get(store, fallback).key,
             at.astimezone(zones.get(store, fallback)).date()) for store, at in touched}
    for chunk in _chunks(sorted(gone), 500):
        session.execute(delete(ReportDay).where(or_(*(
            and_(ReportDay.store_id == s, ReportDay.zone == z, ReportDay.day == d)
            for s, z, d in chunk))))
    session.execute(update(NamedCounter).where(NamedCounter.name == MARK).values(value=head))


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[k:k + size] for k in range(0, len(items), size)]


def warm(engine: Engine, days: int = WARM_DAYS, at: datetime | None = None,
         stopping: threading.Event | None = None) -> int | None:
    """Keep the figures of every store's complete local days (the ``days`` before its today
    at ``at``) that are not kept yet, a few days per transaction. Returns how many store-days
    it computed; None when not PostgreSQL or another process is warming (it skips: what that
    one keeps serves everyone); ``stopping`` set ends it between transactions."""
    if engine.dialect.name != "postgresql":
        return None
    # Autocommit: the session-level lock is held across the refresh transactions without an
    # idle open transaction (which idle_in_transaction_session_timeout would end).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": WARM_LOCK}):
            return None
        try:
            return _warm(engine, days, at or now(), stopping or threading.Event())
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WARM_LOCK})


def _warm(engine: Engine, days: int, at: datetime, stopping: threading.Event) -> int:
    with read_session(engine) as session:
        by_zone: dict[str, list[str]] = {}
        for sid, tz in store_zones(session).items():
            by_zone.setdefault(tz.key, []).append(sid)
    cache, computed = ReportCache(engine), 0
    for key, stores in sorted(by_zone.items()):
        tz = ZoneInfo(key)
        last = at.astimezone(tz).date() - timedelta(days=1)
        first = last - timedelta(days=days - 1)
        with read_session(engine) as session:
            kept = {d: int(n) for d, n in session.execute(
                select(ReportDay.day, func.count()).where(
                    ReportDay.zone == key, ReportDay.store_id.in_(stores),
                    ReportDay.day >= first, ReportDay.day <= last).group_by(ReportDay.day))}
        missing = [first + timedelta(days=k) for k in range(days)
                   if kept.get(first + timedelta(days=k), 0) < len(stores)]
        for span in _spans(missing, WARM_SPAN):
            if stopping.is_set():
                return computed
            with Session(engine) as session:
                cache(session, span[0], span[-1], tz, stores)
            computed += sum(len(stores) - kept.get(d, 0) for d in span)
    return computed


def _spans(days: list[date], most: int) -> list[list[date]]:
    """Runs of consecutive days, each at most ``most`` long."""
    out: list[list[date]] = []
    for day in days:
        if out and day - out[-1][-1] == timedelta(days=1) and len(out[-1]) < most:
            out[-1].append(day)
        else:
            out.append([day])
    return out


class Warmer:
    """Central's loop that runs :func:`warm` every ``interval_s`` (the first time
    ``delay_s`` after start), in a daemon thread; with several workers each has one, and
    the lock lets one of them work. ``also`` runs after each round (e.g. the console's kept
    analyses), given the stop event."""

    def __init__(self, engine: Engine, interval_s: float, delay_s: float,
                 also: Callable[[threading.Event], object] | None = None) -> None:
        self.engine, self.interval_s, self.delay_s = engine, interval_s, delay_s
        self.also = also
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="report-warmer", daemon=True)

    def start(self) -> None:
        if self.engine.dialect.name == "postgresql" and self.interval_s > 0:
            self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=30)

    def _run(self) -> None:
        wait = self.delay_s
        while not self.stopping.wait(wait):
            try:
                computed = warm(self.engine, stopping=self.stopping)
                if computed:
                    log.info("report days kept ahead: %d store-days", computed)
                if self.also is not None:
                    self.also(self.stopping)
            except Exception:  # the next round tries again; a reader computes what it needs
                log.exception("keeping report days ahead failed")
            wait = self.interval_s
