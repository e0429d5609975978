"""Members in the console: found by what a person types, their file read from central's own
records, and an admin's merge and erase reaching the API; a search never puts a phone in a
URL or the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from central.db import make_engine, run_transaction
from central.models import ConsoleAudit
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account


def _member(central: CentralServer, member_id: str) -> Any:
    with central.client("admin") as http:
        return http.get(f"/v1/admin/members/{member_id}").json()


def test_search_reads_phones_digits_codes_and_names(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        mei = term.enroll("+886912345678", name="陳美玲", marketing_consent=True)
        bo = term.enroll("+886922000678", name="林志明")
        term.push_ok(mei, bo, term.entry(mei["payload"]["member_id"], 120))
    add_account(central, "mkt", "marketing")
    with ConsoleBrowser(central).signed_in_as("mkt") as browser:
        def names(q: str, htmx: bool = False) -> list[str]:
            headers = {"HX-Request": "true"} if htmx else {}
            page = browser.http.post("/console/members/search", headers=headers,
                                     data={"q": q, "csrf": browser.csrf})
            assert page.status_code == 200, page.text
            assert ("<html" in page.text) is not htmx  # htmx gets the result list alone
            assert "+886912345678" not in page.text and "0912345678" not in page.text
            if 'id="member-results"' not in page.text:
                return []
            listed = page.text.split('id="member-results"')[1]
            return sorted(n for n in ("陳美玲", "林志明") if n in listed)

        assert names("678") == ["林志明", "陳美玲"]
        assert names("5678", htmx=True) == ["陳美玲"]
        assert names("0912-345-678") == ["陳美玲"]
        assert names(mei["payload"]["member_code"]) == ["陳美玲"]
        assert names("志明") == ["林志明"]
        assert names("nobody here") == []
        page = browser.get(f"/console/members/{mei['payload']['member_id']}").text
        assert "陳美玲" in page and "+120" in page and "示範門市" in page  # ledger with store
        assert "agreed" in page  # consent history
        assert "Merge into it" not in page  # marketing reads; only an admin merges
        refused = browser.post(f"/console/members/{mei['payload']['member_id']}/erase")
        assert refused.status_code == 403
    engine = make_engine(central.db_url)
    rows = run_transaction(engine, lambda s: list(s.execute(select(
        ConsoleAudit.action, ConsoleAudit.detail).where(ConsoleAudit.action != "sign_in"))))
    engine.dispose()
    assert [a for a, _ in rows].count("member_search") == 6
    assert "678" not in str([d for _, d in rows])  # what was typed is not kept


def test_an_admin_merges_and_erases_and_the_api_agrees(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        a = term.enroll("+886912345678", name="王小明")
        b = term.enroll("+886912000111", name="王小明")
        term.push_ok(a, b, term.entry(b["payload"]["member_id"], 40))
    a_id, b_id = a["payload"]["member_id"], b["payload"]["member_id"]
    add_account(central, "root", "admin")
    with ConsoleBrowser(central).signed_in_as("root") as browser:
        browser.get(f"/console/members/{b_id}")
        merged = browser.post(f"/console/members/{b_id}/merge", target_id=a_id)
        assert merged.headers["location"] == f"/console/members/{a_id}?ok=merged"
        page = browser.get(merged.headers["location"]).text
        assert b_id in page.split('id="aliases"')[1]  # the alias is listed
        assert _member(central, b_id)["canonical_id"] == a_id
        assert _member(central, a_id)["balance"] == 40
        erased = browser.post(f"/console/members/{a_id}/erase")
        assert erased.status_code == 303
    record = _member(central, a_id)
    assert record["status"] == "erased" and record["name"] is None and record["phone"] is None


def test_an_admin_exports_a_members_data_and_it_is_logged(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        mei = term.enroll("+886912345678", name="陳美玲")
        member_id = mei["payload"]["member_id"]
        term.push_ok(mei, term.entry(member_id, 120))
    add_account(central, "boss", "admin")
    add_account(central, "mk", "marketing")
    with ConsoleBrowser(central).signed_in_as("mk") as browser:
        assert "Export everything held" not in browser.get(f"/console/members/{member_id}").text
        assert browser.post(f"/console/members/{member_id}/export",
                            format="json").status_code == 403
    with ConsoleBrowser(central).signed_in_as("boss") as browser:
        page = browser.get(f"/console/members/{member_id}").text
        assert 'id="member-export"' in page
        assert browser.post(f"/console/members/{member_id}/export", csrf="",
                            format="json").status_code == 403
        as_json = browser.post(f"/console/members/{member_id}/export", format="json")
        assert as_json.status_code == 200
        assert as_json.headers["content-disposition"].endswith(f'member-{member_id}.json"')
        body = as_json.json()
        assert body["member_id"] == member_id and "陳美玲" in as_json.text
        assert [e["points"] for e in body["ledger"]] == [120]
        as_pdf = browser.post(f"/console/members/{member_id}/export", format="pdf")
        assert as_pdf.content.startswith(b"%PDF")
        assert browser.post(f"/console/members/{member_id}/export",
                            format="xml").status_code == 422
    with central.client("admin") as http:
        log = http.get("/v1/admin/access-log", params={"member_id": member_id}).json()
    assert [(r["action"], r["actor"], r["detail"]) for r in log if r["action"] == "export"] == [
        ("export", "console:boss", "pdf"), ("export", "console:boss", "json")]
    engine = make_engine(central.db_url)
    try:
        rows = run_transaction(engine, lambda s: list(s.scalars(
            select(ConsoleAudit.username).where(ConsoleAudit.action == "member_exported"))))
    finally:
        engine.dispose()
    assert rows == ["boss", "boss"]
