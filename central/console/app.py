"""Mounting the console on central's FastAPI app (one call from :func:`central.app.
create_app`): its routes under ``/console`` (kept out of the OpenAPI document: they are
pages, not API), its static files, and its two answers for refused requests."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from central.console import (
    pages_admin,
    pages_analysis,
    pages_auth,
    pages_conflicts,
    pages_members,
    pages_programs,
    pages_report,
    pages_review,
    pages_rules,
    pages_stores,
)
from central.console.web import HERE, Denied, SignInNeeded, render


def mount(app: FastAPI) -> None:
    """Serve the console from ``app``."""
    router = APIRouter(prefix="/console", include_in_schema=False)
    for module in (pages_auth, pages_stores, pages_members, pages_rules, pages_programs,
                   pages_report, pages_analysis, pages_review, pages_admin, pages_conflicts):
        router.include_router(module.router)
    app.include_router(router)
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")

    @app.exception_handler(SignInNeeded)
    async def sign_in_needed(request: Request, _: SignInNeeded) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/console/sign-in"})
        return RedirectResponse("/console/sign-in", status_code=303)

    @app.exception_handler(Denied)
    async def denied(request: Request, exc: Denied) -> Response:
        return render(request, None, "denied.html", 403, title="denied_title",
                      reason=exc.reason)
