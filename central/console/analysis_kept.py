"""Member analyses kept once computed (``report_analyses``, PostgreSQL), so the analysis page
shows in well under two seconds at a million members although computing one takes tens of
seconds there (every purchase since the chain began is read for NAPL).

The page shows the kept analysis of its store and range with the time it was computed. One
that is missing or stale (an earn at or before the range's end, or any void, written since)
is computed again in the background (:class:`Computer`, one at a time per process, and per
analysis one process at a time by an advisory lock); the page waits up to
:data:`WAIT_S` for it — a small chain's analysis is ready by then, so it sees current
figures — and otherwise shows what is kept, or says it is being computed. Central's loop
keeps the chain's last 7 and 30 days current ahead of any reader (:func:`keep_defaults`).
SQLite (small chains) computes on each view.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, delete, exists, or_, select, text
from sqlalchemy.orm import Session

from central.clock import now
from central.console.analysis import Analysis, analyse
from central.db import read_session, run_transaction
from central.feed import feed_head
from central.models import LedgerEntryRow, ReportAnalysis
from loyalty.dates import local_day_bounds
from loyalty.report.model import Napl
from loyalty.report.periods import Period

log = logging.getLogger(__name__)
WAIT_S = 1.5
RECHECK = timedelta(minutes=15)  # a stale analysis that took long is redone at most this often
KEEP_FOR = timedelta(days=400)  # kept analyses of ranges that ended longer ago are dropped
LOCK_CLASS = 0x414E  # "AN": pg_try_advisory_xact_lock(class, hashtext(key))
DEFAULT_DAYS = (7, 30)
L = LedgerEntryRow
Key = tuple[str, str, date, date]  # scope, zone, first, last


@dataclass(frozen=True, slots=True)
class Kept:
    """A kept analysis, when it was computed and whether entries written since change it."""

    analysis: Analysis
    computed_at: datetime
    stale: bool
    took_s: float

    def redo(self, at: datetime) -> bool:
        """Compute it again now? Stale, and either quick to compute or not redone lately."""
        return self.stale and (self.took_s < WAIT_S / 2 or at - self.computed_at > RECHECK)


def key_of(period: Period, store_id: str | None) -> Key:
    return (store_id or "", period.tz_name, period.start, period.end)


def to_json(a: Analysis) -> dict[str, Any]:
    return {"buyers": a.buyers, "rfm": a.rfm,
            "top_share": None if a.top_share is None else str(a.top_share),
            "top_buyers": a.top_buyers, "current": a.napl.current, "previous": a.napl.previous,
            "flows": [[p, c, k] for (p, c), k in a.napl.flows.items()]}


def from_json(period: Period, d: dict[str, Any]) -> Analysis:
    share = d["top_share"]
    return Analysis(period, int(d["buyers"]), {str(k): int(v) for k, v in d["rfm"].items()},
                    None if share is None else Decimal(share), int(d["top_buyers"]),
                    Napl({k: int(v) for k, v in d["current"].items()},
                         {k: int(v) for k, v in d["previous"].items()},
                         {(str(p), str(c)): int(k) for p, c, k in d["flows"]}))


def kept(session: Session, period: Period, store_id: str | None) -> Kept | None:
    """The kept analysis of ``period`` and store (None: none kept)."""
    scope, zone, first, last = key_of(period, store_id)
    row = session.get(ReportAnalysis, (scope, zone, first, last))
    if row is None:
        return None
    end = local_day_bounds(period.end, period.tz)[1]
    head = feed_head(session)
    # A void anywhere can cancel a sale of the range; only earns up to its end count.
    touched = head > row.feed_mark and session.scalar(select(exists().where(
        L.feed_seq > row.feed_mark, L.feed_seq <= head,
        or_(L.kind == "reverse", and_(L.kind == "earn", L.occurred_at < end)))))
    return Kept(from_json(period, row.figures), row.computed_at, bool(touched),
                float(row.figures.get("took_s", 0)))


def compute(engine: Engine, period: Period, store_id: str | None) -> Analysis | None:
    """Compute the analysis and keep it; None when another process is computing it."""
    scope, zone, first, last = key_of(period, store_id)

    def work(session: Session) -> Analysis | None:
        if not session.scalar(text("SELECT pg_try_advisory_xact_lock(:c, hashtext(:k))"),
                              {"c": LOCK_CLASS, "k": f"{scope}|{zone}|{first}|{last}"}):
            return None
        # In the background, so beyond the statement timeout meant for requests.
        session.execute(text("SET LOCAL statement_timeout = '30min'"))
        # The mark first: an entry written while the analysis runs makes it stale (at worst
        # computed once more), never silently missing.
        mark = feed_head(session)
        started = time.monotonic()
        analysis = analyse(session, period, store_id)
        figures = to_json(analysis) | {"took_s": round(time.monotonic() - started, 3)}
        row = session.get(ReportAnalysis, (scope, zone, first, last))
        if row is None:
            row = ReportAnalysis(scope=scope, zone=zone, first=first, last=last)
            session.add(row)
        row.feed_mark, row.computed_at, row.figures = int(mark or 0), now(), figures
        return analysis

    return run_transaction(engine, work)


class Computer:
    """Analyses computed in the background, one at a time; a key asked for again while it is
    pending shares the first request."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
        self.pending: dict[Key, Future[Analysis | None]] = {}
        self.lock = threading.Lock()

    def request(self, period: Period, store_id: str | None) -> Future[Analysis | None]:
        key = key_of(period, store_id)
        with self.lock:
            future = self.pending.get(key)
            if future is None:
                future = self.pool.submit(self._run, key, period, store_id)
                self.pending[key] = future
            return future

    def _run(self, key: Key, period: Period, store_id: str | None) -> Analysis | None:
        try:
            return compute(self.engine, period, store_id)
        except Exception:
            log.exception("member analysis %s failed", key)
            raise
        finally:
            with self.lock:
                self.pending.pop(key, None)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def show(engine: Engine, computer: Computer, period: Period, store_id: str | None
         ) -> tuple[Analysis | None, datetime | None, bool]:
    """What the page shows: ``(analysis, computed at, being updated)``; the analysis is None
    while the first one is computed."""
    if engine.dialect.name != "postgresql":
        with read_session(engine) as session:
            return analyse(session, period, store_id), None, False
    with read_session(engine) as session:
        found = kept(session, period, store_id)
    if found is not None and not found.redo(now()):
        return found.analysis, found.computed_at, False
    future = computer.request(period, store_id)
    try:
        fresh = future.result(timeout=WAIT_S)
    except FutureTimeout:
        fresh = None
    except Exception:  # logged by the computer; show what is kept
        fresh = None
    if fresh is not None:
        return fresh, now(), False
    if found is not None:
        return found.analysis, found.computed_at, True
    return None, None, True


def current(session: Session, period: Period, store_id: str | None) -> Analysis:
    """The analysis for a download: the kept one when it is not due to be redone (see
    :meth:`Kept.redo`), else computed here."""
    if session.get_bind().dialect.name == "postgresql":
        found = kept(session, period, store_id)
        if found is not None and not found.redo(now()):
            return found.analysis
    return analyse(session, period, store_id)


def keep_defaults(engine: Engine, tz_name: str, stopping: threading.Event) -> int:
    """Keep the chain's analyses of the last 7 and 30 days (to today) current and drop
    those of long-past ranges; how many were computed."""
    if engine.dialect.name != "postgresql":
        return 0
    today = now().astimezone(ZoneInfo(tz_name)).date()
    done = 0
    for days in DEFAULT_DAYS:
        if stopping.is_set():
            break
        period = Period(today - timedelta(days=days - 1), today, tz_name)
        with read_session(engine) as session:
            found = kept(session, period, None)
        if found is None or found.stale:
            done += compute(engine, period, None) is not None
    run_transaction(engine, lambda s: s.execute(
        delete(ReportAnalysis).where(ReportAnalysis.last < today - KEEP_FOR)))
    return done


__all__ = ["Computer", "Kept", "compute", "current", "keep_defaults", "kept", "show"]
