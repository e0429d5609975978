"""Rules versions set to take effect later. A scheduled document is kept aside (validated
now) and published as the next version — a ``rules.updated`` change in the feed — once its
time has come, so tills get it when it is due and never before: a till applies the newest
version it holds, and it cannot hold one that is not yet published.

Nothing runs on a timer: :class:`DueWatch` is asked on every feed read (and by the console)
and looks in the table at most every :data:`RECHECK`, so a version reaches the tills at their
first pull after it is due, up to that much later. A scheduled document replaces the whole
document as it was drafted, even if another version was published in between (the console
shows the version it was based on).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from central.db import run_transaction
from central.feed import FeedWriter
from central.models import ScheduledRules
from central.rules_store import current_version, publish
from loyalty.rules import Rules

log = logging.getLogger(__name__)
RECHECK = timedelta(seconds=30)


def schedule(session: Session, document: dict[str, Any], effective_at: datetime,
             author: str, at: datetime) -> ScheduledRules:
    """Keep ``document`` to be published at ``effective_at``.

    Raises:
        ValueError, KeyError, TypeError: not a valid rules document (checked now).
    """
    base = current_version(session).version
    doc = dict(document)
    doc["version"] = base + 1
    Rules.from_document(doc)  # the domain decides, now rather than when it is due
    row = ScheduledRules(document=doc, effective_at=effective_at, base_version=base,
                         created_at=at, created_by=author[:64])
    session.add(row)
    session.flush()
    return row


def waiting(session: Session) -> list[ScheduledRules]:
    """Scheduled versions neither published nor cancelled, soonest first."""
    return list(session.scalars(_waiting().order_by(ScheduledRules.effective_at,
                                                    ScheduledRules.id)))


def cancel(session: Session, schedule_id: int, author: str, at: datetime) -> bool:
    """Withdraw a version still waiting; False when there is none such."""
    row = session.get(ScheduledRules, schedule_id, with_for_update=True)
    if row is None or row.published_version is not None or row.cancelled_at is not None:
        return False
    row.cancelled_at, row.cancelled_by = at, author[:64]
    return True


def publish_due(session: Session, at: datetime) -> list[int]:
    """Publish every waiting version whose time has come, in time order; their numbers."""
    due = list(session.scalars(_waiting().where(ScheduledRules.effective_at <= at)
                               .order_by(ScheduledRules.effective_at, ScheduledRules.id)
                               .with_for_update()))
    if not due:
        return []
    feed = FeedWriter(session)
    published = []
    for row in due:
        row.published_version = publish(session, feed, row.document, row.created_by)
        published.append(row.published_version)
        log.info("scheduled rules %d published as version %d", row.id, row.published_version)
    session.flush()
    feed.flush()
    return published


def _waiting() -> Any:
    return select(ScheduledRules).where(ScheduledRules.published_version.is_(None),
                                        ScheduledRules.cancelled_at.is_(None))


class DueWatch:
    """When the next scheduled version is due, re-read at most every :data:`RECHECK`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked: datetime | None = None
        self._next: datetime | None = None

    def forget(self) -> None:
        """Look in the table at the next :meth:`poll` (a version was scheduled here)."""
        with self._lock:
            self._checked = None

    def poll(self, engine: Engine, at: datetime, *, force: bool = False) -> list[int]:
        """Publish what is due (the versions published, usually none); ``force``: look in
        the table now (the console's rules page, opened rarely)."""
        with self._lock:
            if not force and self._checked is not None and at - self._checked < RECHECK and (
                    self._next is None or self._next > at):
                return []
            self._checked = at
        published = run_transaction(engine, lambda s: publish_due(s, at))
        soonest = run_transaction(engine, lambda s: s.scalar(
            select(func.min(ScheduledRules.effective_at)).where(
                ScheduledRules.published_version.is_(None),
                ScheduledRules.cancelled_at.is_(None))))
        with self._lock:
            self._next = soonest
        return published
