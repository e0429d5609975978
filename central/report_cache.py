"""The chain report's ledger figures per store and local day, kept once computed
(``report_days``, PostgreSQL only: SQLite serves small chains and computes them each time).

The ledger is append-only and every entry carries the feed sequence it was written at; the
feed's counter row is locked until commit, so sequences become visible in order. The
``report_days`` counter records up to which sequence the kept rows are right. Each read first
forgets the days that entries written since then fall on — and, for a reverse, the day of
the entry it undoes — then computes what is missing (one grouped query over the missing
span) and keeps it. Past days are computed once; today's again after each new entry. One
refresh at a time (an advisory lock), so a stale row can never be kept after its day was
forgotten.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, delete, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from central.db import analytic, run_transaction
from central.feed import feed_head
from central.models import LedgerEntryRow, NamedCounter, ReportDay
from central.reporting import ZERO_SUMS, SumsKey, ledger_sums, store_zones

MARK = "report_days"
LOCK = 0x5245504F  # "REPO": pg_advisory_xact_lock key of the refresh
FIELDS = ("earn_entries", "sales_amount", "points_issued", "points_redeemed",
          "points_expired", "points_adjusted", "overdraft_count", "overdraft_points")
L = LedgerEntryRow


class ReportCache:
    """:data:`central.reporting.LedgerSums` from kept rows, for one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, session: Session, first: date, last: date, tz: ZoneInfo,
                 stores: list[str]) -> dict[SumsKey, tuple[Any, ...]]:
        if self.engine.dialect.name != "postgresql":
            return ledger_sums(session, first, last, tz, stores)
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
        found = ledger_sums(session, low, high, tz, sorted({s for _, s in missing}))
        for key in missing:
            values = found.get(key, ZERO_SUMS)
            kept[key] = values
            session.add(ReportDay(store_id=key[1], zone=tz.key, day=key[0],
                                  **dict(zip(FIELDS, values, strict=True))))
    return kept


def _forget_since_mark(session: Session) -> None:
    """Drop the kept days that entries written after the mark fall on; move the mark."""
    head = feed_head(session)
    mark = session.scalar(select(NamedCounter.value).where(NamedCounter.name == MARK))
    if mark is None:  # first use: nothing kept can be trusted
        session.execute(delete(ReportDay))
        session.add(NamedCounter(name=MARK, value=head))
        return
    if head <= mark:
        return
    undone = aliased(LedgerEntryRow)
    new = and_(L.feed_seq > mark, L.feed_seq <= head)
    touched = list(session.execute(select(L.store_id, L.occurred_at).where(new)))
    touched += list(session.execute(
        select(undone.store_id, undone.occurred_at).join(L, L.ref_entry_id == undone.id)
        .where(new, L.kind == "reverse")))
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
