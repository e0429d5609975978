"""The console in a real browser: Playwright drives Debian's Chromium headless
(``/usr/bin/chromium``, no browser download) against central on loopback over PostgreSQL.

Few tests, each a whole visit, so the file stays about a minute. Screenshots of each page
in both languages at 1366×768 and at a phone's width (390) go to ``tests/artifacts/console/``
(ignored by git; the README links the ones kept in ``docs/screenshots/``)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.console import PASSWORD, add_account
from tests.helpers.console_browser import SHOTS, browser, pg_central

pytestmark = pytest.mark.postgres
__all__ = ["browser", "pg_central"]  # fixtures used by name
PAGES = ("/console/stores", "/console/members", "/console/rules",
         "/console/report?first=2026-01-05&last=2026-01-05", "/console/review",
         "/console/audit", "/console/accounts", "/console/me")




def _page(browser: Browser, lang: str, width: int = 1366, height: int = 768) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="zh-TW" if lang == "zh_TW" else "en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A refused sign-in answers 401, which Chromium logs as a failed resource: not a fault.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _sign_in(page: Page, url: str, username: str, password: str = PASSWORD,
             code: str = "") -> None:
    page.goto(url + "/console/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    if code:
        page.fill("input[name=code]", code)
    page.click("form button.primary")


def _shot(page: Page, name: str) -> None:
    (SHOTS / name).parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_admin_signs_in_issues_a_code_and_revokes_a_till(
        browser: Browser, pg_central: CentralServer) -> None:
    url = pg_central.url
    till = pg_central.new_terminal()
    add_account(pg_central, "boss", "admin")
    page = _page(browser, "en")
    _sign_in(page, url, "boss", "wrong password here")
    expect(page.get_by_role("alert")).to_have_text("The user name, password or code is wrong.")
    _shot(page, "sign-in-error-en")
    _sign_in(page, url, "boss")
    expect(page).to_have_url(url + "/console/stores")
    row = page.locator(f'tr[data-till="{till["terminal_id"]}"]')
    expect(row.locator(".tag.good")).to_have_text("Active")
    _shot(page, "stores-en")

    page.locator('tr[data-store="S001"] button.primary').click()
    code = page.locator("#enrollment-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    expect(page.locator(".qr svg")).to_be_visible()
    _shot(page, "code-en")
    page.get_by_role("link", name="Back to stores").click()

    page.once("dialog", lambda dialog: dialog.dismiss())  # asked first; "no" keeps it
    row.get_by_role("button", name="Revoke").click()
    expect(row.locator(".tag.good")).to_have_text("Active")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("status")).to_contain_text("Till revoked")
    expect(row.locator(".tag.bad")).to_have_text("Revoked")
    with pg_central.client("admin") as http:
        assert http.get("/v1/admin/terminals").json()[0]["revoked_at"] is not None

    page.get_by_role("link", name="中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("門市")
    _shot(page, "stores-zh_TW")
    for path, name in (("/console/report?last=2026-01-05&first=2026-01-05", "report"),
                       ("/console/review", "review"), ("/console/audit", "audit")):
        page.goto(url + path)
        _shot(page, f"{name}-zh_TW")
    expect(page.locator('tr[data-action="till_revoked"]')).to_have_count(1)
    for lang in ("en", "zh_TW"):  # every page, both languages, desktop and phone widths
        page.context.add_cookies([{"name": "regulars_console_lang", "value": lang,
                                   "domain": "127.0.0.1", "path": "/console"}])
        for width, height in ((1366, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            for path in PAGES:
                page.goto(url + path)
                expect(page.locator("html")).to_have_attribute(
                    "lang", "en" if lang == "en" else "zh-Hant-TW")
                _shot(page, f"all/{path.split('?')[0].strip('/').replace('/', '_')}"
                            f"-{lang}-{width}")
    assert page.errors == []  # type: ignore[attr-defined]


def test_marketing_turns_on_a_second_factor_and_cannot_revoke(
        browser: Browser, pg_central: CentralServer) -> None:
    url = pg_central.url
    reg = pg_central.new_terminal()
    with pg_central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        member = term.enroll("+886912345678", name="陳美玲", marketing_consent=True)
        term.push_ok(member, term.entry(member["payload"]["member_id"], 120),
                     term.entry(member["payload"]["member_id"], 35))
    add_account(pg_central, "mei", "marketing")
    page = _page(browser, "zh_TW")
    _sign_in(page, url, "mei")
    expect(page.get_by_role("heading", level=1)).to_have_text("門市")
    expect(page.get_by_role("button", name="撤銷")).to_have_count(0)
    page.goto(url + "/console/accounts")
    expect(page.get_by_role("alert")).to_have_text("您的角色無法開啟此頁面或執行此操作。")

    page.goto(url + "/console/me")
    secret = page.locator("input[name=secret]").get_attribute("value") or ""
    spent = pyotp.TOTP(secret).now()
    page.fill("input[name=code]", spent)
    page.get_by_role("button", name="開啟").click()
    expect(page.get_by_role("status")).to_contain_text("已開啟兩步驟登入")
    _shot(page, "me-zh_TW")
    page.get_by_role("button", name="登出").click()
    _sign_in(page, url, "mei")  # no code
    expect(page.get_by_role("alert")).to_have_text("帳號、密碼或驗證碼錯誤。")
    for lang, message in (("zh_TW", "此驗證碼已使用過，請等待 App 顯示下一組代碼後再試。"),
                          ("en", "That code was already used. Wait for the next code in your "
                                 "app and try again.")):
        page.context.add_cookies([{"name": "regulars_console_lang", "value": lang,
                                   "domain": "127.0.0.1", "path": "/console"}])
        _sign_in(page, url, "mei", code=spent)  # the code that turned it on is spent
        expect(page.get_by_role("alert")).to_have_text(message)
        for width, height in ((1366, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            _shot(page, f"all/sign_in_code_used-{lang}-{width}")
        page.set_viewport_size({"width": 1366, "height": 768})
    page.context.add_cookies([{"name": "regulars_console_lang", "value": "zh_TW",
                               "domain": "127.0.0.1", "path": "/console"}])
    _sign_in(page, url, "mei", code=pyotp.TOTP(secret).at(time.time() + 30))  # now's is spent
    expect(page).to_have_url(url + "/console/stores")
    page.get_by_role("link", name="會員").click()
    page.fill("#q", "5678")  # htmx searches as one types: no button pressed
    expect(page.get_by_role("link", name="陳美玲")).to_be_visible()
    _shot(page, "members-zh_TW")
    page.get_by_role("link", name="陳美玲").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("陳美玲")
    expect(page.locator("#ledger tbody tr")).to_have_count(2)
    expect(page.locator("progress")).to_have_attribute("value", "1550.00")
    _shot(page, "member-zh_TW")

    page.get_by_role("link", name="點數規則").click()
    gold = page.locator("#earnings tr", has_text="金卡會員")
    expect(gold).to_contain_text("150")
    page.fill('input[name="tier.gold.earn_rate"]', "0.2")  # the preview follows the typing
    expect(gold).to_contain_text("200")
    expect(page.locator("#changes")).to_contain_text("0.15 → 0.2")
    _shot(page, "rules-zh_TW")
    page.get_by_role("link", name="報表").click()
    expect(page.locator('#report-stores tr[data-store="S001"]')).to_contain_text("1,550")
    _shot(page, "report-zh_TW-data")
    assert page.errors == []  # type: ignore[attr-defined]


def test_marketing_reads_the_member_analysis_exports_a_segment_and_schedules_rules(
        browser: Browser, pg_central: CentralServer) -> None:
    url = pg_central.url
    reg = pg_central.new_terminal()
    with pg_central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        people = [term.enroll(f"+88691234{k:04d}", name=f"會員{k}", marketing_consent=k % 2 == 0,
                              consent_at="2026-12-01T00:00:00+00:00") for k in range(6)]
        ids = [p["payload"]["member_id"] for p in people]
        # What a till says about itself with a push (the real till sends these).
        http.headers.update({"X-Terminal-Queue": "12", "X-Terminal-Version": "0.1.0",
                             "X-Terminal-Rules": "1"})
        term.push_ok(*people, *(term.entry(m, 10 * (k + 1)) for k, m in enumerate(ids)))
    add_account(pg_central, "mei", "marketing")
    add_account(pg_central, "boss", "admin")
    for lang, width in (("zh_TW", 1366), ("en", 1366), ("zh_TW", 390)):
        page = _page(browser, lang, width)
        _sign_in(page, url, "mei")
        page.goto(url + "/console/report")
        page.locator("#report-analysis").click()
        expect(page.locator('#napl tr[data-napl="N"]')).to_contain_text("6")
        expect(page.locator("#top-share")).to_have_text(re.compile(r"\d+\.\d%"))
        _shot(page, f"all/report_members-{lang}-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if lang == "en" and width == 1366:
            with page.expect_download() as download:
                page.locator('button[data-segment="napl_N"]').click()
            lines = Path(download.value.path()).read_text("utf-8-sig").splitlines()
            assert len(lines) == 4  # the header and the three who agreed to marketing
            page.goto(url + "/console/rules")
            page.fill('input[name="tier.gold.earn_rate"]', "0.2")
            page.fill("#effective-at", "2030-01-01T09:00")
            page.get_by_role("button", name="Publish as a new version").click()
            expect(page.get_by_role("status")).to_contain_text("Scheduled")
            expect(page.locator("#scheduled tbody tr")).to_have_count(1)
            _shot(page, "all/rules_scheduled-en-1366")
        assert page.errors == []  # type: ignore[attr-defined]
        page.context.close()
    page = _page(browser, "zh_TW")
    _sign_in(page, url, "boss")
    page.goto(url + f"/console/members/{ids[0]}")
    with page.expect_download() as download:
        page.locator("#member-export button").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    _shot(page, "all/member_export-zh_TW-1366")
    page.goto(url + "/console/stores")
    _shot(page, "all/stores_tills-zh_TW-1366")
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


def test_a_signed_in_person_changes_their_own_password(
        browser: Browser, pg_central: CentralServer) -> None:
    url = pg_central.url
    add_account(pg_central, "mei", "marketing")
    other = _page(browser, "en")  # the same person signed in elsewhere
    _sign_in(other, url, "mei")
    expect(other).to_have_url(url + "/console/stores")
    page = _page(browser, "zh_TW")
    _sign_in(page, url, "mei")
    page.goto(url + "/console/me")
    page.fill("input[name=current]", "not my password")
    page.fill("input[name=new]", "a new long passphrase")
    page.fill("input[name=again]", "a new long passphrase")
    page.get_by_role("button", name="變更密碼").click()
    expect(page.get_by_role("alert")).to_have_text("目前的密碼錯誤。")
    page.fill("input[name=current]", PASSWORD)
    page.fill("input[name=new]", "a new long passphrase")
    page.fill("input[name=again]", "a new long passphrase")
    page.get_by_role("button", name="變更密碼").click()
    expect(page.get_by_role("status")).to_contain_text("已變更密碼")
    page.goto(url + "/console/members")  # this browser stays signed in
    expect(page.get_by_role("heading", level=1)).to_have_text("會員")
    other.goto(url + "/console/members")  # the other session was ended
    expect(other).to_have_url(url + "/console/sign-in")
    _sign_in(other, url, "mei")  # the old password no longer signs in
    expect(other.get_by_role("alert")).to_have_text("The user name, password or code is wrong.")
    _sign_in(other, url, "mei", "a new long passphrase")
    expect(other).to_have_url(url + "/console/stores")
    for lang, shot in (("zh_TW", page), ("en", other)):
        shot.goto(url + "/console/me")
        for width, height in ((1366, 768), (390, 844)):
            shot.set_viewport_size({"width": width, "height": height})
            _shot(shot, f"all/me_password-{lang}-{width}")
            assert shot.evaluate("document.documentElement.scrollWidth") <= width
    assert page.errors == [] and other.errors == []  # type: ignore[attr-defined]
