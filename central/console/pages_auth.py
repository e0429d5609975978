"""Signing in and out, the language switch, and one's own account (the second factor)."""

from __future__ import annotations

import secrets
from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from central.console import accounts, audit, sessions
from central.console.i18n import LANGUAGES
from central.console.passwords import new_totp_secret, totp_step, totp_uri
from central.console.web import (
    COOKIE,
    LANG_COOKIE,
    FormDep,
    actor,
    address,
    back,
    current_viewer,
    engine_of,
    local_time,
    need,
    render,
)
from central.db import run_transaction
from central.models import ConsoleAccount

router = APIRouter()
LOGIN_COOKIE = "regulars_console_login"
Viewer = Annotated[sessions.Viewer, Depends(need("stores.view"))]


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/")
def home(request: Request) -> Response:
    """The console's start: the stores page, or the sign-in page."""
    return RedirectResponse("/console/stores" if current_viewer(request) else
                            "/console/sign-in", status_code=303)


@router.get("/sign-in")
def sign_in_page(request: Request) -> Response:
    """The sign-in form (with a double-submit CSRF token: there is no session yet)."""
    return _sign_in_form(request)


def _sign_in_form(request: Request, problem: str | None = None, username: str = "",
                  until: str = "", status: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    page = render(request, None, "sign_in.html", status, title="sign_in_title",
                  login_csrf=token, problem=problem, username=username, until=until)
    page.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                    secure=_secure(request), path="/console")
    return page


@router.post("/sign-in")
def sign_in(request: Request, form: FormDep) -> Response:
    """Check the password (and code); a session cookie on success."""
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not sessions.csrf_ok(expected, form.get("csrf")):
        return _sign_in_form(request, "csrf_sign_in", status=403)
    username = form.get("username", "")

    def work(session: Session) -> tuple[str | None, accounts.SignIn]:
        outcome = accounts.sign_in(session, username, form.get("password", ""),
                                   form.get("code", ""), address(request))
        token = sessions.open_session(session, outcome.account) if outcome.account else None
        return token, outcome

    token, outcome = run_transaction(engine_of(request), work)
    if token is None:
        until = local_time(request)(outcome.locked_until)
        return _sign_in_form(request, outcome.problem, username[:64], until, status=401)
    answer = RedirectResponse("/console/stores", status_code=303)
    answer.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=_secure(request),
                      path="/console", max_age=int(sessions.ABSOLUTE.total_seconds()))
    answer.delete_cookie(LOGIN_COOKIE, path="/console")
    return answer


@router.post("/sign-out")
def sign_out(request: Request, viewer: Viewer) -> Response:
    """End this session."""
    token = request.cookies.get(COOKIE, "")

    def work(session: Session) -> None:
        sessions.close_session(session, token)
        audit.record(session, actor(viewer, request), "sign_out", viewer.username)

    run_transaction(engine_of(request), work)
    answer = RedirectResponse("/console/sign-in", status_code=303)
    answer.delete_cookie(COOKIE, path="/console")
    return answer


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/console/") -> Response:
    """Remember the chosen language and go back (only to a console page)."""
    target = next if next.startswith("/console") and "//" not in next else "/console/"
    answer = RedirectResponse(target, status_code=303)
    if code in LANGUAGES:
        answer.set_cookie(LANG_COOKIE, code, samesite="lax", path="/console",
                          max_age=365 * 86400, secure=_secure(request))
    return answer


@router.get("/me")
def me(request: Request, viewer: Viewer) -> Response:
    """One's own account: turn the second factor on (with a QR) or off."""
    secret = new_totp_secret() if not viewer.totp else ""
    return _me_page(request, viewer, secret)


def _me_page(request: Request, viewer: sessions.Viewer, secret: str,
             problem: str | None = None, pw_problem: str | None = None) -> Response:
    qr = segno.make_qr(totp_uri(secret, viewer.username)).svg_inline(scale=4) if secret else ""
    return render(request, viewer, "me.html", 422 if problem or pw_problem else 200,
                  title="me_title", secret=secret, qr=qr, problem=problem,
                  pw_problem=pw_problem)


@router.post("/me/password")
def change_password(request: Request, viewer: Viewer, form: FormDep) -> Response:
    """Change one's own password (the current one first). Every session of the account
    ends and this browser gets a new one (new cookie, new CSRF token): whoever held a
    session before the change no longer does."""
    def work(session: Session) -> tuple[str | None, str | None]:
        problem = accounts.change_own_password(
            session, viewer.account_id, actor(viewer, request), form.get("current", ""),
            form.get("new", ""), form.get("again", ""))
        if problem == "account_locked":
            sessions.close_others(session, viewer.account_id)
            return problem, None
        if problem:
            return problem, None
        sessions.close_others(session, viewer.account_id)
        account = session.get_one(ConsoleAccount, viewer.account_id)
        return None, sessions.open_session(session, account)

    problem, token = run_transaction(engine_of(request), work)
    if problem == "account_locked":
        answer = RedirectResponse("/console/sign-in", status_code=303)
        answer.delete_cookie(COOKIE, path="/console")
        return answer
    if token is None:
        return _me_page(request, viewer, "" if viewer.totp else new_totp_secret(),
                        pw_problem=problem)
    answer = back("/console/me", "password_changed")
    answer.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=_secure(request),
                      path="/console", max_age=int(sessions.ABSOLUTE.total_seconds()))
    return answer


@router.post("/me/totp")
def enable_totp(request: Request, viewer: Viewer, form: FormDep) -> Response:
    """Turn TOTP on once a code from the scanned secret proves the app has it; the
    account's other sessions end."""
    secret = form.get("secret", "")
    step = totp_step(secret, form.get("code", "")) if len(secret) == 32 else None
    if step is None:
        return _me_page(request, viewer, secret if len(secret) == 32 else new_totp_secret(),
                        "wrong_code")
    _set_totp(request, viewer, secret, "totp_enabled", step)
    return back("/console/me", "totp_enabled")


@router.post("/me/totp/off")
def disable_totp(request: Request, viewer: Viewer) -> Response:
    """Turn TOTP off."""
    _set_totp(request, viewer, None, "totp_disabled")
    return back("/console/me", "totp_disabled")


def _set_totp(request: Request, viewer: sessions.Viewer, secret: str | None,
              action: str, step: int | None = None) -> None:
    keep = request.cookies.get(COOKIE, "")

    def work(session: Session) -> None:
        accounts.set_totp(session, viewer.account_id, secret, step)
        sessions.close_others(session, viewer.account_id, keep)
        audit.record(session, actor(viewer, request), action, viewer.username)

    run_transaction(engine_of(request), work)
