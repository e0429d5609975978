"""The chain report's programs section in a real browser (Debian's Chromium, headless) over
PostgreSQL: what head office sees, in both languages. Full-page screenshots go to
``tests/artifacts/console/`` (ignored by git)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from loyalty.programs import Program
from loyalty.store.rulebook import current_rules
from tests.helpers.central_server import CentralServer
from tests.helpers.console import PASSWORD, add_account
from tests.helpers.console_browser import SHOTS, browser, pg_central
from tests.helpers.programs import COUPON, REWARD, put_programs
from tests.helpers.sync_terminal import Terminal
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


def test_an_admin_changes_a_programs_validity_and_limit_and_a_till_gets_them(
        browser: Browser, pg_central: CentralServer, tmp_path: Path) -> None:
    version = put_programs(pg_central, REWARD, COUPON)
    till = Terminal.create(tmp_path / "till", pg_central)
    add_account(pg_central, "boss", "admin")
    try:
        till.sync()
        assert _till_program(till).valid_until is None
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        _sign_in(page, pg_central.url)
        page.goto(pg_central.url + "/console/rules")
        row = page.locator('#program-list tr[data-program="welcome"]')
        expect(row.locator("td.limits")).to_contain_text("per member: —")
        row.get_by_role("link", name="Edit").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome coupon")
        page.fill("input[name=valid_from]", "2027-01-01")
        page.fill("input[name=valid_until]", "2026-12-31")  # before the start: refused
        page.get_by_role("button", name="Publish as a new version").click()
        expect(page.get_by_role("alert")).to_contain_text("The end date is before the start")
        page.fill("input[name=valid_until]", "2027-03-31")
        page.fill("input[name=per_member_limit]", "2")
        page.get_by_role("button", name="Publish as a new version").click()
        expect(page.get_by_role("status")).to_contain_text("Program published")
        expect(row.locator("td.validity")).to_contain_text("2027-01-01 – 2027-03-31")
        expect(row.locator("td.limits")).to_contain_text("per member: 2")
        with pg_central.client("admin") as http:
            assert http.get("/v1/rules").json()["version"] == version + 1
            welcome = next(p for p in http.get("/v1/admin/programs").json()
                           if p["program_id"] == "welcome")
        assert (welcome["valid_until"], welcome["per_member_limit"]) == ("2027-03-31", 2)
        till.sync()  # the till's rules now carry the program as edited
        program = _till_program(till)
        assert (program.valid_from, program.valid_until) == (date(2027, 1, 1), date(2027, 3, 31))
        assert program.per_member_limit == 2 and not program.running_on(date(2026, 12, 31))
        for lang in ("en", "zh_TW"):
            context.add_cookies([{"name": "regulars_console_lang", "value": lang,
                                  "domain": "127.0.0.1", "path": "/console"}])
            page.goto(pg_central.url + "/console/rules#programs")
            _shots(page, "rules_programs", lang)
            page.goto(pg_central.url + "/console/rules/programs/welcome")
            _shots(page, "program_edit", lang)
            page.fill("input[name=valid_until]", "2026-12-31")
            page.locator("#program-form button.primary").click()
            expect(page.get_by_role("alert")).to_contain_text(
                "結束日期早於開始日期。" if lang == "zh_TW" else "The end date is before")
            _shots(page, "program_error", lang)
        expect(page.get_by_role("heading", level=1)).to_contain_text("迎新券")
        assert errors == []
        context.close()
    finally:
        till.close()


def _sign_in(page: Page, url: str, username: str = "boss") -> None:
    page.goto(url + "/console/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button.primary")
    expect(page).to_have_url(url + "/console/stores")


def _shots(page: Page, name: str, lang: str) -> None:
    """The page at 1366×768 and at a phone's width, no sideways scrolling at either."""
    (SHOTS / "all").mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / "all" / f"{name}-{lang}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    page.set_viewport_size({"width": 1366, "height": 768})


def _till_program(till: Terminal) -> Program:
    with till.db.connect() as conn:
        program = current_rules(conn).program("welcome")
    assert program is not None
    return program


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
