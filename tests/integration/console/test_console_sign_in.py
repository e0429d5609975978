"""Signing in to the console over real HTTP: wrong passwords, lockout, TOTP, sessions, and
each attempt in the audit log."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pyotp
from sqlalchemy import select, update

from central.console.accounts import MAX_FAILURES
from central.db import make_engine, run_transaction
from central.models import ConsoleAccount, ConsoleAudit, ConsoleSession
from tests.helpers.central_server import CentralServer
from tests.helpers.console import PASSWORD, ConsoleBrowser, add_account


def _audit_actions(central: CentralServer) -> list[str]:
    engine = make_engine(central.db_url)
    try:
        return run_transaction(engine, lambda s: list(s.scalars(
            select(ConsoleAudit.action).order_by(ConsoleAudit.id))))
    finally:
        engine.dispose()


def test_pages_need_a_session_and_the_right_password_opens_one(central: CentralServer) -> None:
    add_account(central, "mei", "admin")
    with ConsoleBrowser(central) as browser:
        assert browser.get("/console/stores").headers["location"] == "/console/sign-in"
        wrong = browser.sign_in("mei", "not the password")
        assert wrong.status_code == 401
        assert "The user name, password or code is wrong." in wrong.text
        unknown = browser.sign_in("nobody", "whatever it is")
        assert unknown.status_code == 401 and "password or code is wrong" in unknown.text
        right = browser.sign_in("MEI ")
        assert right.status_code == 303
        cookie = right.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/console" in cookie
        page = browser.get("/console/stores")
        assert page.status_code == 200 and "S001" not in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert browser.post("/console/sign-out").status_code == 303
        assert browser.get("/console/stores").status_code == 303  # the cookie is dead
    assert _audit_actions(central) == ["sign_in_failed", "sign_in_failed", "sign_in",
                                       "sign_out"]


def test_five_failures_lock_the_account_even_against_the_right_password(
        central: CentralServer) -> None:
    add_account(central, "kai", "store_ops")
    add_account(central, "root", "admin")
    with ConsoleBrowser(central) as browser:
        for _ in range(MAX_FAILURES - 1):
            assert browser.sign_in("kai", "guess guess guess").status_code == 401
        locked = browser.sign_in("kai", "guess guess guess")
        assert "this account is locked until" in locked.text
        again = browser.sign_in("kai")  # the right password, too late
        assert again.status_code == 401 and "locked until" in again.text
    actions = _audit_actions(central)
    assert actions.count("sign_in_failed") == MAX_FAILURES
    assert actions[-2:] == ["account_locked", "sign_in_refused"]
    with ConsoleBrowser(central).signed_in_as("root") as admin:
        page = admin.get("/console/accounts")
        assert "locked until" in page.text
        engine = make_engine(central.db_url)
        kai_id = run_transaction(engine, lambda s: s.scalar(
            select(ConsoleAccount.id).where(ConsoleAccount.username == "kai")))
        engine.dispose()
        assert admin.post(f"/console/accounts/{kai_id}/unlock").status_code == 303
    with ConsoleBrowser(central) as browser:
        assert browser.sign_in("kai").status_code == 303


def test_a_second_factor_is_asked_once_turned_on(central: CentralServer) -> None:
    add_account(central, "lin", "marketing")
    with ConsoleBrowser(central).signed_in_as("lin") as browser:
        me = browser.get("/console/me")
        secret = me.text.split('name="secret" value="')[1].split('"')[0]
        bad = browser.post("/console/me/totp", secret=secret, code="000000")
        assert bad.status_code == 422 and "That code is not right" in bad.text
        ok = browser.post("/console/me/totp", secret=secret, code=pyotp.TOTP(secret).now())
        assert ok.status_code == 303
        assert "Two-step sign-in is on" in browser.get(ok.headers["location"]).text
    with ConsoleBrowser(central) as browser:
        assert browser.sign_in("lin").status_code == 401  # no code
        # The code that turned it on is spent: the next one (30 s on) signs in.
        assert browser.sign_in("lin", code=_next_code(secret)).status_code == 303


def _next_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_a_code_accepted_once_is_refused_the_second_time(central: CentralServer) -> None:
    add_account(central, "lin", "marketing")
    with ConsoleBrowser(central).signed_in_as("lin") as browser:
        secret = browser.get("/console/me").text.split('name="secret" value="')[1].split('"')[0]
        used = pyotp.TOTP(secret).now()
        assert browser.post("/console/me/totp", secret=secret, code=used).status_code == 303
    code = _next_code(secret)
    with ConsoleBrowser(central) as first:
        assert first.sign_in("lin", code=used).status_code == 401  # the one that turned it on
        assert first.sign_in("lin", code=code).status_code == 303
    with ConsoleBrowser(central) as watcher:  # someone who saw the code typed
        again = watcher.sign_in("lin", code=code)
        assert again.status_code == 401
        assert "That code was already used. Wait for the next code" in again.text
        assert watcher.get("/console/stores").headers["location"] == "/console/sign-in"
    with ConsoleBrowser(central, "zh-TW") as watcher:
        assert "此驗證碼已使用過" in watcher.sign_in("lin", code=code).text
    actions = _audit_actions(central)
    assert actions.count("sign_in_failed") == 3 and actions.count("sign_in") == 2


def test_a_lapsed_session_is_refused(central: CentralServer) -> None:
    add_account(central, "ann", "auditor")
    with ConsoleBrowser(central).signed_in_as("ann") as browser:
        engine = make_engine(central.db_url)
        run_transaction(engine, lambda s: s.execute(update(ConsoleSession).values(
            expires_at=datetime(2000, 1, 1, tzinfo=UTC))))
        engine.dispose()
        assert browser.get("/console/stores").status_code == 303


def test_an_admin_changes_a_role_or_turns_an_account_off(central: CentralServer) -> None:
    till_id = central.new_terminal()["terminal_id"]
    add_account(central, "root", "admin")
    add_account(central, "kai", "store_ops")
    engine = make_engine(central.db_url)
    ids = run_transaction(engine, lambda s: dict(s.execute(
        select(ConsoleAccount.username, ConsoleAccount.id)).all()))
    engine.dispose()
    with ConsoleBrowser(central).signed_in_as("kai") as kai, \
            ConsoleBrowser(central).signed_in_as("root") as root:
        assert root.post(f"/console/accounts/{ids['root']}/change",
                         role="auditor").status_code == 422  # not oneself
        assert root.post(f"/console/accounts/{ids['kai']}/change",
                         role="auditor").status_code == 303
        assert kai.post(f"/console/tills/{till_id}/revoke").status_code == 403  # at once
        assert root.post(f"/console/accounts/{ids['kai']}/change",
                         state="off").status_code == 303
        assert kai.get("/console/stores").status_code == 303  # the session ended
    with ConsoleBrowser(central) as browser:
        assert browser.sign_in("kai").status_code == 401


def test_ones_own_password_change_follows_the_policy_and_is_audited(
        central: CentralServer) -> None:
    add_account(central, "lin", "marketing")
    new = "another long passphrase"
    with ConsoleBrowser(central).signed_in_as("lin") as browser:
        old_cookie = browser.http.cookies["regulars_console"]
        for current, first, again, message in (
                ("wrong password!", new, new, "The current password is wrong."),
                (PASSWORD, "short", "short", "at least 10 characters"),
                (PASSWORD, new, new + "x", "The two new passwords differ."),
                (PASSWORD, PASSWORD, PASSWORD, "must differ from the current one")):
            refused = browser.post("/console/me/password", current=current, new=first,
                                   again=again)
            assert refused.status_code == 422 and message in refused.text, message
        forged = browser.post("/console/me/password", csrf="", current=PASSWORD, new=new,
                              again=new)
        assert forged.status_code == 403
        done = browser.post("/console/me/password", current=PASSWORD, new=new, again=new)
        assert done.headers["location"] == "/console/me?ok=password_changed"
        assert browser.http.cookies["regulars_console"] != old_cookie  # a new session
        assert "Password changed" in browser.get(done.headers["location"]).text
    with ConsoleBrowser(central) as stale:  # the session before the change is gone
        stale.http.cookies.set("regulars_console", old_cookie, domain="127.0.0.1")
        assert stale.get("/console/me").headers["location"] == "/console/sign-in"
        assert stale.sign_in("lin").status_code == 401
        assert stale.sign_in("lin", new).status_code == 303
    actions = _audit_actions(central)
    assert actions.count("password_changed") == 1
    assert actions.count("password_change_refused") == 3
    assert actions.count("sign_in_failed") == 2  # the wrong current password counted
