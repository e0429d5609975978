"""The member analysis page on PostgreSQL shows a kept analysis (``report_analyses``) with the
time it was computed, counts sales made since when it is viewed again, says "being computed"
(and reloads itself) while another process computes it, and central's loop keeps the chain's
last 7 and 30 days ahead of any reader, equal to a fresh computation."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from central.console.analysis import analyse
from central.console.analysis_kept import LOCK_CLASS, keep_defaults, kept
from central.models import ReportAnalysis
from loyalty.report.periods import Period
from tests.helpers.central_db import reset
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.console import ConsoleBrowser, add_account

pytestmark = pytest.mark.postgres
ZONE = "Asia/Taipei"


@pytest.fixture
def pg_central(pg_database: str) -> Iterator[CentralServer]:
    reset(pg_database)
    with running_central(pg_database) as server:
        yield server


def _new_buyers(central: CentralServer, *phones: str) -> None:
    reg = central.new_terminal()
    at = datetime.now(UTC).isoformat()
    with central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        ops = [term.enroll(p, name="x", marketing_consent=True, consent_at=at) for p in phones]
        ids = [op["payload"]["member_id"] for op in ops]
        term.push_ok(*ops, *(term.entry(m, 100) for m in ids))


def _new_count(page: str) -> str:
    return page.split('data-napl="N"')[1].split("</tr>")[0]


def test_the_page_shows_kept_figures_counts_new_sales_and_waits_for_another_process(
        pg_central: CentralServer) -> None:
    _new_buyers(pg_central, "+886912345678", "+886922333444")
    today = datetime.now(UTC).astimezone(ZoneInfo(ZONE)).date()
    week = f"first={today - timedelta(days=6)}&last={today}"
    add_account(pg_central, "mk", "marketing")
    engine = create_engine(pg_central.db_url)
    try:
        with ConsoleBrowser(pg_central).signed_in_as("mk") as browser:
            page = browser.get(f"/console/report/members?{week}").text
            assert '<td class="num">2</td>' in _new_count(page)
            assert 'id="analysis-as-of"' in page and "Figures as of" in page
            with Session(engine) as session:
                assert session.scalar(select(func.count()).select_from(ReportAnalysis)) == 1

            _new_buyers(pg_central, "+886933444555")  # a sale since: the kept one is stale
            page = browser.get(f"/console/report/members?{week}").text
            assert '<td class="num">3</td>' in _new_count(page)

            # Another process holds this range's computation: the page does not wait for it.
            three = today - timedelta(days=2)
            key = f"|{ZONE}|{three}|{today}"
            with engine.connect() as other:
                other.execute(text("SELECT pg_advisory_lock(:c, hashtext(:k))"),
                              {"c": LOCK_CLASS, "k": key})
                page = browser.get(f"/console/report/members?first={three}&last={today}").text
                assert 'id="analysis-computing"' in page
                assert '<meta http-equiv="refresh"' in page and 'data-napl="N"' not in page
                other.execute(text("SELECT pg_advisory_unlock(:c, hashtext(:k))"),
                              {"c": LOCK_CLASS, "k": key})
                other.commit()
            page = browser.get(f"/console/report/members?first={three}&last={today}").text
            assert '<td class="num">3</td>' in _new_count(page)
            assert 'id="analysis-computing"' not in page
    finally:
        engine.dispose()


def test_the_loop_keeps_the_chains_last_7_and_30_days_equal_to_a_fresh_analysis(
        pg_central: CentralServer) -> None:
    _new_buyers(pg_central, "+886912345678", "+886922333444")
    engine = create_engine(pg_central.db_url)
    try:
        assert keep_defaults(engine, ZONE, threading.Event()) == 2
        assert keep_defaults(engine, ZONE, threading.Event()) == 0  # current: not redone
        today = datetime.now(UTC).astimezone(ZoneInfo(ZONE)).date()
        with Session(engine) as session:
            for days in (7, 30):
                period = Period(today - timedelta(days=days - 1), today, ZONE)
                found = kept(session, period, None)
                assert found is not None and not found.stale
                assert found.analysis == analyse(session, period, None)
                assert found.analysis.napl.current["N"] == 2
    finally:
        engine.dispose()
