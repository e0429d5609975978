from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from loyalty.store.service import CounterService
from tests.helpers.store import StoreFixture, make_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StoreFixture]:
    fixture = make_store(tmp_path / "store.db")
    yield fixture
    fixture.engine.dispose()


@pytest.fixture
def svc(store: StoreFixture) -> Iterator[CounterService]:
    service = store.service()
    service.sign_in(store.cashier.id, "1357")
    yield service
    service.close()
