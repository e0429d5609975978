"""Every console route checks the role and, for a POST, the session's CSRF token on the
server: a marketing account cannot revoke a till, an auditor only reads, and a form sent
without its token (or with another session's) changes nothing."""

from __future__ import annotations

from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account

ROLES = ("admin", "marketing", "store_ops", "auditor")
UUID = "01900000-0000-7000-8000-000000000000"
# (method, path, roles allowed); every other role must get 403.
ROUTES = [
    ("GET", "/console/stores", ROLES),
    ("GET", "/console/review", ROLES),
    ("GET", "/console/me", ROLES),
    ("GET", "/console/members", ROLES),
    ("GET", "/console/rules", ROLES),
    ("GET", "/console/report?first=2026-01-05&last=2026-01-05", ROLES),
    ("GET", "/console/report.csv?first=2026-01-05&last=2026-01-05", ROLES),
    ("GET", "/console/report.pdf?first=2026-01-05&last=2026-01-05", ROLES),
    ("GET", "/console/report/members?first=2026-01-05&last=2026-01-05", ROLES),
    ("POST", "/console/report/segment.csv", ("admin", "marketing")),
    ("GET", "/console/audit", ("admin", "auditor")),
    ("GET", "/console/accounts", ("admin",)),
    ("POST", "/console/stores", ("admin", "store_ops")),
    ("POST", "/console/stores/S001/rename", ("admin", "store_ops")),
    ("POST", "/console/stores/S001/code", ("admin", "store_ops")),
    ("POST", "/console/tills/{till}/revoke", ("admin", "store_ops")),
    ("POST", "/console/tills/{till}/rename", ("admin", "store_ops")),
    ("POST", f"/console/review/held/{UUID}/approve", ("admin", "store_ops")),
    ("POST", f"/console/review/held/{UUID}/reject", ("admin", "store_ops")),
    ("POST", "/console/review/cases/nope/merge", ("admin", "marketing")),
    ("POST", "/console/review/cases/nope/keep_apart", ("admin", "marketing")),
    ("POST", "/console/members/search", ROLES),
    ("POST", f"/console/members/{UUID}/merge", ("admin",)),
    ("POST", f"/console/members/{UUID}/erase", ("admin",)),
    ("POST", f"/console/members/{UUID}/export", ("admin",)),
    ("POST", "/console/rules/preview", ("admin", "marketing")),
    ("POST", "/console/rules", ("admin", "marketing")),
    ("POST", "/console/rules/scheduled/999999/cancel", ("admin", "marketing")),
    ("GET", "/console/rules/programs/nope", ("admin",)),  # unknown: 404
    ("POST", "/console/rules/programs/nope", ("admin",)),
    ("POST", "/console/me/password", ROLES),  # no current password: 422
    ("POST", "/console/accounts", ("admin",)),
    ("POST", "/console/accounts/999999/unlock", ("admin",)),  # unknown: 404, not a crash
    ("POST", "/console/accounts/999999/change", ("admin",)),
]


def _till(central: CentralServer) -> dict[str, object]:
    with central.client("admin") as http:
        terminals: list[dict[str, object]] = http.get("/v1/admin/terminals").json()
    return terminals[0]


def test_each_role_reaches_only_its_routes(central: CentralServer) -> None:
    till_id = central.new_terminal()["terminal_id"]
    # The roles that may not revoke go first: the till must still be active after them.
    for role in ("marketing", "auditor", "store_ops", "admin"):
        add_account(central, role, role)
        with ConsoleBrowser(central).signed_in_as(role) as browser:
            for method, path, allowed in ROUTES:
                url = path.format(till=till_id)
                answer = browser.get(url) if method == "GET" else browser.post(url, name="X")
                assert answer.status_code < 500, (role, url, answer.text[-300:])
                if role in allowed:
                    assert answer.status_code != 403, (role, url)
                else:
                    assert answer.status_code == 403, (role, url, answer.status_code)
                    assert "Your role cannot open this page or do this." in answer.text
        if role == "auditor":
            assert _till(central)["revoked_at"] is None  # refused means nothing happened


def test_a_post_without_the_session_token_changes_nothing(central: CentralServer) -> None:
    till_id = central.new_terminal()["terminal_id"]
    add_account(central, "ops", "store_ops")
    add_account(central, "ops2", "store_ops")
    with ConsoleBrowser(central).signed_in_as("ops2") as other:
        foreign_token = other.csrf
    with ConsoleBrowser(central).signed_in_as("ops") as browser:
        for token in ("", "forged", foreign_token):
            answer = browser.post(f"/console/tills/{till_id}/revoke", csrf=token)
            assert answer.status_code == 403
            assert "security token is missing or wrong" in answer.text
        assert _till(central)["revoked_at"] is None
        header = browser.http.post(f"/console/tills/{till_id}/revoke",
                                   headers={"X-CSRF-Token": browser.csrf})
        assert header.status_code == 303  # htmx sends the token as a header
    assert _till(central)["revoked_at"] is not None


def test_the_sign_in_form_needs_its_own_token(central: CentralServer) -> None:
    add_account(central, "mei", "admin")
    with ConsoleBrowser(central) as browser:
        forged = browser.post("/console/sign-in", csrf="", username="mei",
                              password="correct horse battery")
        assert forged.status_code == 403  # a cross-site form cannot sign a browser in
        assert "regulars_console=" not in forged.headers.get("set-cookie", "")


def test_the_admin_token_still_works_and_opens_no_console(central: CentralServer) -> None:
    with central.client("admin") as http:
        assert http.get("/v1/admin/stores").status_code == 200
        assert http.get("/console/stores", follow_redirects=False).status_code == 303
        assert "/console" not in http.get("/openapi.json").text
