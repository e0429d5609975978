"""What a person does in the console is what the admin API then answers: stores added and
renamed, enrollment codes that register a till, tills renamed and revoked, held entries and
recycled-number cases decided — each with who decided, and each in the audit log."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from central.db import make_engine, run_transaction
from central.models import ConsoleAudit
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account

PHONE = "+886912345678"


def _api(central: CentralServer, path: str) -> Any:
    with central.client("admin") as http:
        answer = http.get(path)
        assert answer.status_code == 200, answer.text
        return answer.json()


def _audit(central: CentralServer) -> list[tuple[str, str, str | None]]:
    engine = make_engine(central.db_url)
    try:
        return run_transaction(engine, lambda s: [tuple(r) for r in s.execute(
            select(ConsoleAudit.username, ConsoleAudit.action, ConsoleAudit.target)
            .order_by(ConsoleAudit.id))])
    finally:
        engine.dispose()


def test_stores_and_tills_change_as_the_console_says(central: CentralServer) -> None:
    add_account(central, "ops", "store_ops")
    with ConsoleBrowser(central).signed_in_as("ops") as browser:
        added = browser.post("/console/stores", id="S002", name="信義店",
                             timezone="Asia/Taipei")
        assert added.headers["location"] == "/console/stores?ok=store_added"
        assert browser.post("/console/stores", id="S002", name="again").status_code == 409
        bad = browser.post("/console/stores", id="S 3", name="x")
        assert bad.status_code == 422 and "A store needs an id" in bad.text
        browser.post("/console/stores/S002/rename", name="信義旗艦店")
        assert {s["id"]: s["name"] for s in _api(central, "/v1/admin/stores")} == {
            "S002": "信義旗艦店"}

        page = browser.post("/console/stores/S002/code")
        assert page.status_code == 200 and "<svg" in page.text
        code = re.search(r'id="enrollment-code">([A-Z0-9-]+)<', page.text)
        assert code is not None
        assert code.group(1) not in browser.get("/console/stores").text  # shown once
        till = central.register(code.group(1))
        assert till["store_id"] == "S002"

        browser.get("/console/stores")
        browser.post(f"/console/tills/{till['terminal_id']}/rename", name="Counter 1")
        listed = browser.get("/console/stores").text
        assert "Counter 1" in listed
        revoked = browser.post(f"/console/tills/{till['terminal_id']}/revoke")
        assert revoked.headers["location"] == "/console/stores?ok=revoked"
    [row] = _api(central, "/v1/admin/terminals")
    assert row["name"] == "Counter 1" and row["revoked_at"] is not None
    with central.client(till["token"]) as http:
        assert http.get("/v1/sync/changes").status_code == 401
    assert [a for _, a, _ in _audit(central)] == [
        "sign_in", "store_added", "store_renamed", "enrollment_code_issued", "till_renamed",
        "till_revoked"]


def test_held_entries_and_phone_cases_are_decided_by_a_named_person(
        central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        old = term.enroll(PHONE, name="陳美玲")
        term.push_ok(old)
        gift = term.entry(old["payload"]["member_id"], 500, kind="bonus")
        assert term.push_ok(gift)["results"][0]["status"] == "held"
        newcomer = term.enroll(PHONE, name="林志豪")
        assert term.push_ok(newcomer)["results"][0]["reason"] == "review_opened"
    entry_id = gift["payload"]["entry_id"]
    add_account(central, "ops", "store_ops")
    add_account(central, "mkt", "marketing")
    with ConsoleBrowser(central).signed_in_as("ops") as ops:
        queue = ops.get("/console/review").text
        assert entry_id in queue and "林志豪" in queue and "陳美玲" in queue
        assert PHONE not in queue  # phones are masked in the queue
        done = ops.post(f"/console/review/held/{entry_id}/approve", note="goodwill")
        assert done.headers["location"] == "/console/review?ok=held_approved"
        again = ops.post(f"/console/review/held/{entry_id}/reject")
        assert again.status_code == 409 and "already decided" in again.text
    [held] = _api(central, "/v1/admin/held-entries?status=approved")
    assert (held["decided_by"], held["note"]) == ("ops", "goodwill")
    assert _api(central, f"/v1/admin/members/{old['payload']['member_id']}")["balance"] == 500

    [case] = _api(central, "/v1/admin/review-cases?status=open")
    with ConsoleBrowser(central).signed_in_as("mkt") as mkt:
        done = mkt.post(f"/console/review/cases/{case['id']}/keep_apart")
        assert done.headers["location"] == "/console/review?ok=case_keep_apart"
        decided = mkt.get("/console/review").text.split('id="decided"')[1]
        assert "kept apart" in decided and "mkt" in decided
    assert _api(central, "/v1/admin/review-cases")[0]["status"] == "kept_apart"
    newcomer_id = newcomer["payload"]["member_id"]
    assert _api(central, f"/v1/admin/members/{newcomer_id}")["status"] == "active"
    assert [(u, a) for u, a, _ in _audit(central) if a not in ("sign_in",)] == [
        ("ops", "held_approved"), ("mkt", "review_case_resolved")]
