"""Shared test set-up: Qt runs offscreen (set before anything imports Qt), and fixtures for
a real, migrated store file with a manager and a cashier."""

from __future__ import annotations

import logging
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")
os.environ.setdefault("QT_FONT_DPI", "96")
# Each worker's counters listen for the POS on a port of their own, not all on 8765.
if "REGULARS_POS_LINK_PORT" not in os.environ:
    import socket
    with socket.socket() as _probe:
        _probe.bind(("127.0.0.1", 0))
        os.environ["REGULARS_POS_LINK_PORT"] = str(_probe.getsockname()[1])
# Store keys the app makes (loyalty.store.keys) go to a folder of this run, never the
# tester's own ~/.config; subprocesses inherit it.
if "REGULARS_KEY_DIR" not in os.environ:
    import tempfile
    os.environ["REGULARS_KEY_DIR"] = tempfile.mkdtemp(prefix="regulars-test-keys-")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

from loyalty.store.service import CounterService
from tests.helpers.logfail import LogFailHandler
from tests.helpers.qt_media import MEDIA_NOISE
from tests.helpers.store import StoreFixture, make_store

# Modules with an expensive module fixture (a bundle build, an nginx deployment, the demo, a
# central or a generated store shared by the module): xdist sends each one whole to a single
# worker, so the fixture is built once, not once on every worker that got one of its tests.
WHOLE_MODULES = frozenset({
    "tests/installer/test_linux_bundle.py",
    "tests/installer/test_central_deploy.py",
    "tests/integration/test_demo.py",
    "tests/integration/console/test_console_browser.py",
    "tests/integration/console/test_console_programs_browser.py",
    "tests/integration/central/test_central_openapi.py",
    "tests/unit/report/test_hours.py",
    "tests/unit/report/test_napl_summary.py",
})


class _Scheduling(LoadScopeScheduling):  # type: ignore[misc]  # xdist ships no types
    """xdist's load balancing one test at a time, except WHOLE_MODULES (sent first, being
    the largest units; xdist 3.8's ``loadgroup`` marker does nothing under pytest 9)."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return module if module in WHOLE_MODULES else nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> _Scheduling | None:
    """The scheduler for ``-n`` (``--dist load``, the default); other modes as xdist has them."""
    return _Scheduling(config, log) if config.getvalue("dist") == "load" else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first, otherwise in collection order: under xdist the longest
    then start early instead of landing on one worker at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def fail_on_log_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test when a Python log WARNING (or worse) it did not declare was emitted:
    see :mod:`tests.helpers.logfail` for how a test declares one."""
    handler = LogFailHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    marks = list(request.node.iter_markers("expect_log_warnings"))  # module's and own
    allowed = None if any(not mark.args for mark in marks) else \
        tuple(str(name) for mark in marks for name in mark.args)
    qt_ignored = [*MEDIA_NOISE, *(str(pattern) for mark in
                                  request.node.iter_markers("qt_log_ignore")
                                  for pattern in mark.args)]
    lines = handler.judged(allowed, qt_ignored)
    if lines:
        pytest.fail("unexpected log warnings:\n  " + "\n  ".join(lines), pytrace=False)


@pytest.fixture
def store_fixture(tmp_path: Path) -> Iterator[StoreFixture]:
    """A migrated store file with a code block, manager 王店長 (PIN 2468) and cashier
    李小華 (PIN 1357), on a fake clock."""
    fixture = make_store(tmp_path / "store.db")
    yield fixture
    fixture.engine.dispose()


@pytest.fixture
def counter_service(store_fixture: StoreFixture) -> Iterator[CounterService]:
    """A CounterService on that store, nobody signed in."""
    service = store_fixture.service()
    yield service
    service.close()
