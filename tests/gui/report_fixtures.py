"""Fixtures for the report's GUI tests: a real store file with the hand-built data set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from loyalty.store.service import CounterService
from tests.helpers.store import StoreFixture, make_store
from tests.unit.report.dataset import Dataset, at, build


@pytest.fixture
def report_store(tmp_path: Path) -> Iterator[tuple[StoreFixture, Dataset]]:
    store = make_store(tmp_path / "store.db")
    data = build(store)
    store.clock.now = at(2026, 11, 13, 21, 30)  # closing time the day after the period
    yield store, data
    store.engine.dispose()


@pytest.fixture
def manager_service(report_store: tuple[StoreFixture, Dataset]) -> Iterator[CounterService]:
    store, _ = report_store
    svc = store.service()
    svc.sign_in(store.manager.id, "2468")
    yield svc
    svc.close()
