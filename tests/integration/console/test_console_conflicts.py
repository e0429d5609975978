"""Head office resolves an instrument conflict from the report page (SQLite and PostgreSQL):
only an admin sees the resolve form, the form needs the session's CSRF token and a note, a
refused decision is explained on the page, and a resolution shows who and what in the table,
in the API's list and in the audit log."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account
from tests.helpers.programs import central_rows
from tests.integration.console.programs_chain import build_chain


def _conflicts(html: str) -> dict[str, str]:
    """entry id → the conflict's row on the report page."""
    table = html.split('id="report-conflicts"')[1].split("</table>")[0]
    return dict(re.findall(r'<tr data-conflict="([0-9a-f-]+)">(.*?)</tr>', table, re.S))


def _resolved(central: CentralServer) -> list[dict[str, Any]]:
    with central.client("admin") as http:
        answer = http.get("/v1/admin/instrument-conflicts", params={"status": "resolved"})
        assert answer.status_code == 200, answer.text
        body: list[dict[str, Any]] = answer.json()
    return body


@pytest.mark.expect_log_warnings("central.instruments")  # the chain's two conflicts
def test_an_admin_resolves_a_conflict_from_the_report_page(central: CentralServer) -> None:
    chain = build_chain(central)
    add_account(central, "boss", "admin")
    add_account(central, "mkt", "marketing")
    with ConsoleBrowser(central).signed_in_as("mkt") as browser:
        rows = _conflicts(browser.get("/console/report").text)
        assert len(rows) == 2 and not any("/resolve" in r for r in rows.values())
        some = next(iter(rows))
        refused = browser.post(f"/console/report/conflicts/{some}/resolve",
                               decision="accept", note="mine")
        assert refused.status_code == 403
    with ConsoleBrowser(central).signed_in_as("boss") as browser:
        rows = _conflicts(browser.get("/console/report").text)
        assert all("/resolve" in r for r in rows.values())
        coupon = next(k for k, r in rows.items() if chain.coupon[-12:] in r)
        path = f"/console/report/conflicts/{coupon}/resolve"
        assert browser.post(path, csrf="", decision="accept", note="x").status_code == 403
        empty = browser.post(path, decision="accept", note=" ")
        assert empty.status_code == 422 and "Write a note" in empty.text
        wrong = browser.post(path, decision="revoke", note="take it back")
        assert wrong.status_code == 422 and "Only an unused coupon" in wrong.text
        done = browser.post(path, decision="charge_back", note="S002 skipped the check",
                            first="not a day", store="S0<02>")
        assert (done.status_code, done.headers["location"]) == (
            303, "/console/report?store=S002&ok=conflict_resolved")
        page = browser.get("/console/report?ok=conflict_resolved").text
        assert "Conflict resolved." in page
        row = _conflicts(page)[coupon]
        assert "/resolve" not in row and "Charge back to the store · boss" in row
        assert 'id="open-conflicts">1<' in page
        again = browser.post(path, decision="accept", note="other")
        assert again.status_code == 409 and "already resolved" in again.text
    [resolved] = _resolved(central)
    assert (resolved["entry_id"], resolved["decision"], resolved["resolved_by"],
            resolved["charged_to"]) == (coupon, "charge_back", "boss", "S002")
    assert [tuple(r) for r in central_rows(
        central.db_url, "SELECT username, action, target FROM console_audit "
        "WHERE action = 'instrument_conflict_resolved'")] == [
        ("boss", "instrument_conflict_resolved", coupon)]
