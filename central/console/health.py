"""Tills as head office sees them: the registry joined with what central noticed about each
(:mod:`central.terminal_health`), in a handful of grouped queries whatever the till count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import HeldEntry, OfflineBreach, Store, Terminal, TerminalContact
from central.registry import list_terminals
from central.terminal_health import clock_skewed

OFFLINE_WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class TillHealth:
    """One terminal or online client with its health figures."""

    terminal: Terminal
    clock_flagged: bool
    offline_periods: int
    """Offline periods that ended within :data:`OFFLINE_WINDOW` (contact stretches begun)."""
    breaches: int
    """Offline redemptions beyond the floor limits, ever."""
    held: int
    """Entries from it waiting for a decision."""


def stores(session: Session) -> list[tuple[Store, int]]:
    """Every store with how many active tills it has."""
    active = {row[0]: int(row[1]) for row in session.execute(
        select(Terminal.store_id, func.count()).where(Terminal.revoked_at.is_(None),
                                                      Terminal.kind == "terminal")
        .group_by(Terminal.store_id))}
    return [(s, active.get(s.id, 0)) for s in session.scalars(select(Store).order_by(Store.id))]


def tills(session: Session, tolerance_s: int, at: datetime) -> list[TillHealth]:
    """Every terminal and online client (newest first) with its health."""
    since = at - OFFLINE_WINDOW
    periods = _counts(session, select(TerminalContact.terminal_id, func.count()).where(
        func.coalesce(TerminalContact.started_at, TerminalContact.at) >= since)
        .group_by(TerminalContact.terminal_id))
    breaches = _counts(session, select(OfflineBreach.terminal_id, func.count())
                       .group_by(OfflineBreach.terminal_id))
    held = _counts(session, select(HeldEntry.terminal_id, func.count())
                   .where(HeldEntry.status == "held").group_by(HeldEntry.terminal_id))
    rows = []
    for terminal in list_terminals(session):
        # The stretch that began at registration is not the end of an offline period.
        started = periods.get(terminal.id, 0)
        if terminal.registered_at >= since:
            started = max(0, started - 1)
        rows.append(TillHealth(terminal, clock_skewed(terminal, tolerance_s, at), started,
                               breaches.get(terminal.id, 0), held.get(terminal.id, 0)))
    return rows


def _counts(session: Session, query: Any) -> dict[str, int]:
    """``{key: count}`` from a two-column grouped query (typed ``Any``: SQLAlchemy 2.0 and
    2.1 spell a two-column ``Select`` differently)."""
    return {str(row[0]): int(row[1]) for row in session.execute(query)}
