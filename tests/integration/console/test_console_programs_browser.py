"""The chain report's programs section in a real browser (Debian's Chromium, headless) over
PostgreSQL: what head office sees, in both languages. Full-page screenshots go to
``tests/artifacts/console/`` (ignored by git)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from tests.helpers.central_server import CentralServer
from tests.helpers.console import PASSWORD, add_account
from tests.helpers.console_browser import SHOTS, browser, pg_central
from tests.integration.console.programs_chain import build_chain

pytestmark = pytest.mark.postgres
__all__ = ["browser", "pg_central"]  # fixtures used by name




@pytest.mark.expect_log_warnings("central.instruments")  # the chain's two conflicts
def test_head_office_sees_the_programs_section(browser: Browser,
                                               pg_central: CentralServer) -> None:
    build_chain(pg_central)
    add_account(pg_central, "audit", "auditor")
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Taipei")).date()
    for lang, locale, liability, heading in (
            ("zh_TW", "zh-TW", "NT$2,280", "方案與票券"),
            ("en", "en-US", "NT$2,280", "Programs and instruments")):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale=locale)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc, seen=errors: seen.append(str(exc)))
        page.goto(pg_central.url + "/console/")
        page.fill("input[name=username]", "audit")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button.primary")
        page.goto(pg_central.url + f"/console/report?first={today - timedelta(days=1)}"
                  f"&last={today}")
        expect(page.locator("#programs")).to_have_text(heading)
        expect(page.locator("#prepaid-liability")).to_have_text(liability)
        expect(page.locator("#open-conflicts")).to_have_text("2")
        expect(page.locator("#report-programs tbody tr")).to_have_count(6)
        assert page.locator("#programs ~ section svg rect").count() >= 3
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"report_programs_{lang}.png"), full_page=True)
        assert errors == []
        context.close()


@pytest.mark.expect_log_warnings("central.instruments")  # the chain's two conflicts
def test_an_admin_resolves_a_conflict_with_the_pages_form(browser: Browser,
                                                          pg_central: CentralServer) -> None:
    chain = build_chain(pg_central)
    add_account(pg_central, "boss", "admin")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-TW")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(pg_central.url + "/console/")
    page.fill("input[name=username]", "boss")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button.primary")
    page.goto(pg_central.url + "/console/report")
    row = page.locator("#report-conflicts tr", has_text=chain.coupon[-12:])
    row.locator("select[name=decision]").select_option("charge_back")
    row.locator("input[name=note]").fill("S002 沒有確認")
    row.locator("button[type=submit]").click()
    expect(page.locator("#open-conflicts")).to_have_text("1")
    resolved = page.locator("#report-conflicts tr", has_text=chain.coupon[-12:])
    expect(resolved.locator("td.resolution")).to_have_text("✓ 由門市負擔 · boss")
    expect(page.locator("#report-conflicts form")).to_have_count(1)  # the other one
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "report_conflict_resolved.png"), full_page=True)
    assert errors == []
    context.close()
