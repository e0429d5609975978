"""The console's plumbing: templates, who is signed in, permissions, CSRF, forms, answers.

Every route declares the permission it needs with :func:`need`; the check runs on the
server for every request (a hidden button is a courtesy, not the control). A POST also
needs the session's CSRF token. Not signed in → the sign-in page; signed in without the
permission → 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import Engine

from central.console import sessions
from central.console.audit import Actor
from central.console.i18n import LANGUAGES, negotiate, translator
from central.console.messages import MESSAGES
from central.console.roles import allowed
from central.db import run_transaction

HERE = Path(__file__).parent
COOKIE = "regulars_console"
LANG_COOKIE = "regulars_console_lang"
MAX_FORM = 16 * 1024
ZONES = {"TW": "Asia/Taipei", "HK": "Asia/Hong_Kong"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                               "base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}

templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                        autoescape=select_autoescape(default=True), undefined=StrictUndefined,
                        trim_blocks=True, lstrip_blocks=True)


class SignInNeeded(Exception):
    """No valid session: answered with a redirect to the sign-in page."""


class Denied(Exception):
    """Signed in, but this needs a permission the role lacks, or the CSRF token is wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def engine_of(request: Request) -> Engine:
    """The app's database engine."""
    engine: Engine = request.app.state.engine
    return engine


def language(request: Request) -> str:
    """The page language: the chosen one (cookie), else the browser's preference."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in LANGUAGES else negotiate(request.headers.get("accept-language"))


def address(request: Request) -> str | None:
    """The client's address as central sees it (behind a proxy: the proxy's)."""
    return request.client.host if request.client else None


def current_viewer(request: Request) -> sessions.Viewer | None:
    """The signed-in person, or None."""
    token = request.cookies.get(COOKIE, "")
    if not token:
        return None
    return run_transaction(engine_of(request), lambda s: sessions.find_viewer(s, token))


async def form_of(request: Request) -> dict[str, str]:
    """A POSTed urlencoded form as a dict of single values (bounded in size)."""
    if request.method != "POST":
        return {}
    body = await request.body()
    if len(body) > MAX_FORM:
        raise Denied("form_too_large")
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in fields.items()}


FormDep = Annotated[dict[str, str], Depends(form_of)]


def need(permission: str) -> Callable[..., Awaitable[sessions.Viewer]]:
    """A dependency: the signed-in viewer holding ``permission`` (and, for a POST, the CSRF
    token of their session)."""

    async def check(request: Request, form: FormDep) -> sessions.Viewer:
        from anyio import to_thread

        viewer = await to_thread.run_sync(current_viewer, request)
        if viewer is None:
            raise SignInNeeded()
        if request.method == "POST":
            given = form.get("csrf") or request.headers.get("x-csrf-token")
            if not sessions.csrf_ok(viewer.csrf_token, given):
                raise Denied("csrf_failed")
        if not allowed(viewer.role, permission):
            raise Denied("not_allowed")
        return viewer

    return check


def actor(viewer: sessions.Viewer, request: Request) -> Actor:
    """The audit log's view of the viewer."""
    return Actor(viewer.account_id, viewer.username, address(request))


def chain_zone(request: Request) -> ZoneInfo:
    """The chain's time zone (by market): where head office's days and times are read."""
    return ZoneInfo(chain_zone_name(request.app.state.settings.market))


def chain_zone_name(market: str) -> str:
    """The time zone of a market's chain."""
    return ZONES.get(market, "Asia/Taipei")


def local_time(request: Request) -> Callable[[datetime | None], str]:
    """A formatter of UTC times in the chain's zone (``—`` for none)."""
    zone = chain_zone(request)

    def fmt(at: datetime | None) -> str:
        return "—" if at is None else at.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    return fmt


def render(request: Request, viewer: sessions.Viewer | None, name: str, status: int = 200,
           **context: Any) -> HTMLResponse:
    """A page from template ``name`` in the request's language, with the security headers."""
    lang = language(request)
    t = translator(lang)
    page = templates.get_template(name).render(
        t=t, lang=lang, viewer=viewer, can=lambda p: viewer is not None and allowed(
            viewer.role, p), when=local_time(request), path=request.url.path,
        notice=_notice(request.query_params.get("ok")), has=MESSAGES.__contains__,
        **context)
    return HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)


def problem_for(reason: str) -> str:
    """The message id for an error reason central answered (a generic one if unknown)."""
    key = f"error_{reason}"
    return key if key in MESSAGES else "error_generic"


def _notice(given: str | None) -> str | None:
    return given if given and f"ok_{given}" in MESSAGES else None


def back(url: str, notice: str | None = None) -> RedirectResponse:
    """303 See Other to ``url`` (after a POST), with a notice id to show."""
    return RedirectResponse(url + (f"?ok={notice}" if notice else ""), status_code=303,
                            headers={"Cache-Control": "no-store"})
