"""Fixtures of the console's browser tests: Debian's Chromium (headless, one per module) and
a central on the session's PostgreSQL database, emptied first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.helpers.central_db import reset
from tests.helpers.central_server import CentralServer, running_central

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "console"
"""Where the browser tests put their full-page screenshots (ignored by git)."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "installer/setup.sh --dev installs Debian's chromium"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def pg_central(pg_database: str) -> Iterator[CentralServer]:
    reset(pg_database)
    with running_central(pg_database) as server:
        yield server
