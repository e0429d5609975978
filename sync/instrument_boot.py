"""Instruments for a till that loaded a member snapshot: the snapshot carries members and
balances, not instruments, so the instrument entries central held up to the snapshot's
cursor are fetched page by page (``GET /v1/instruments/entries``) and applied exactly once
by entry id, each page with its position in one transaction (resumable; an overlap with the
feed is harmless). The feed brings everything after the cursor."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine

from loyalty.records import FeedInstrumentEntry
from loyalty.store.instrument_replica import apply_instrument_entry
from loyalty.store.keyvalue import get_state, put_state
from loyalty.store.rulebook import current_rules
from sync.client import CentralClient

log = logging.getLogger(__name__)
UPTO, THROUGH = "instruments_upto", "instruments_through"
PAGE = 1000


def mark_snapshot(conn: Connection, cursor: int) -> None:
    """A snapshot up to ``cursor`` was loaded: instruments up to it are still to fetch."""
    put_state(conn, UPTO, max(cursor, int(get_state(conn, UPTO, 0))))


def load_instruments(engine: Engine, client: CentralClient, now: Callable[[], datetime],
                     *, limit: int = PAGE) -> int:
    """Fetch what a loaded snapshot left out; returns how many entries were new here."""
    added = 0
    while True:
        with engine.connect() as conn:
            upto = int(get_state(conn, UPTO, 0))
            after = int(get_state(conn, THROUGH, 0))
        if after >= upto:
            return added
        page = client.instrument_entries(after, upto, limit)
        with engine.begin() as conn:
            rules = current_rules(conn)
            for change in page.changes:
                if isinstance(change.data, FeedInstrumentEntry):
                    added += apply_instrument_entry(conn, change.data, rules, now())
            put_state(conn, THROUGH, upto if not page.has_more else page.next_cursor)
        if not page.has_more:
            log.info("instruments up to the snapshot loaded: %d new entries", added)
            return added
