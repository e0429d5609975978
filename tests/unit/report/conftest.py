from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.store import StoreFixture, make_store
from tests.unit.report.dataset import Dataset, build


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StoreFixture]:
    fixture = make_store(tmp_path / "store.db")
    yield fixture
    fixture.engine.dispose()


@pytest.fixture
def dataset(store: StoreFixture) -> Dataset:
    return build(store)
