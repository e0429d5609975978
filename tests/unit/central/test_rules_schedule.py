"""Scheduled rules versions are published once due and not before, by the watch every feed
read asks: it looks in the table at most every RECHECK, at once when told something was
scheduled, and exactly when the next version it knows of comes due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central.db import run_transaction
from central.models import ChangeRow
from central.rules_schedule import RECHECK, DueWatch, cancel, schedule, waiting
from central.rules_store import current_version

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


def _version(engine: Engine) -> int:
    with Session(engine) as session:
        return current_version(session).version


def test_the_watch_publishes_each_version_when_it_is_due(engine: Engine) -> None:
    watch = DueWatch()
    assert watch.poll(engine, T0) == []

    def plan(session: Session) -> None:
        doc = dict(current_version(session).document)
        schedule(session, doc, T0 + timedelta(minutes=10), "mei", T0)
        gone = schedule(session, doc, T0 + timedelta(minutes=5), "mei", T0)
        assert cancel(session, gone.id, "mei", T0) and not cancel(session, gone.id, "mei", T0)

    run_transaction(engine, plan)
    # Scheduled elsewhere and not told: the watch looks again only after RECHECK.
    assert watch.poll(engine, T0 + RECHECK / 2) == []
    assert watch.poll(engine, T0 + RECHECK) == [] and _version(engine) == 1
    assert watch.poll(engine, T0 + timedelta(minutes=9, seconds=59)) == []
    assert watch.poll(engine, T0 + timedelta(minutes=10)) == [2]
    assert watch.poll(engine, T0 + timedelta(minutes=11), force=True) == []
    with Session(engine) as session:
        assert waiting(session) == []
        kinds = [c.kind for c in session.scalars(select(ChangeRow))]
    assert kinds.count("rules.updated") == 2  # version 1 at setup, version 2 when due


def test_an_invalid_document_is_refused_when_scheduled(engine: Engine) -> None:
    def plan(session: Session) -> None:
        doc = dict(current_version(session).document)
        doc["tiers"] = "none"
        schedule(session, doc, T0, "mei", T0)

    try:
        run_transaction(engine, plan)
    except (ValueError, KeyError, TypeError):
        pass
    else:
        raise AssertionError("an invalid document was scheduled")
    with Session(engine) as session:
        assert waiting(session) == []
