"""Stores and tills: the list with health, add and rename a store, issue an enrollment code
(shown once, with a QR a scanner types into the till's first-run wizard), revoke and rename
a till. Each action is the registry's own function and an audit row, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import segno
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from central import registry
from central.clock import now
from central.console import audit, health
from central.console.sessions import Viewer
from central.console.web import (
    FormDep,
    actor,
    back,
    engine_of,
    need,
    problem_for,
    render,
)
from central.db import read_session, run_transaction
from central.errors import ApiError
from central.rules_store import current_version
from central.schemas import StoreIn

router = APIRouter()
T = TypeVar("T")
Reader = Annotated[Viewer, Depends(need("stores.view"))]
Manager = Annotated[Viewer, Depends(need("stores.manage"))]
IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


@router.get("/stores")
def stores_page(request: Request, viewer: Reader) -> Response:
    """Stores, then every till with its health."""
    return _page(request, viewer)


def _page(request: Request, viewer: Viewer, problem: str | None = None,
          status: int = 200) -> Response:
    settings = request.app.state.settings
    with read_session(engine_of(request)) as session:
        stores = health.stores(session)
        tills = health.tills(session, settings.clock_skew_tolerance_s, now())
        rules_now = current_version(session).version
    return render(request, viewer, "stores.html", status, title="stores_title",
                  stores=stores, tills=tills, problem=problem, rules_now=rules_now)


def _act(request: Request, viewer: Viewer, action: str, target: str,
         work: Callable[[Session], T], **detail: object) -> T | Response:
    """Run ``work`` with its audit row; the page with a message when central refuses."""
    def run(session: Session) -> T:
        result = work(session)
        audit.record(session, actor(viewer, request), action, target, **detail)
        return result

    try:
        return run_transaction(engine_of(request), run)
    except ApiError as exc:
        return _page(request, viewer, problem_for(exc.reason), exc.status)


@router.post("/stores")
def add_store(request: Request, viewer: Manager, form: FormDep) -> Response:
    """Add a store."""
    try:
        body = StoreIn(id=form.get("id", "").strip(), name=form.get("name", "").strip(),
                       timezone=form.get("timezone", "").strip() or "Asia/Taipei")
    except ValidationError:
        return _page(request, viewer, "error_store_invalid", 422)
    done = _act(request, viewer, "store_added", body.id,
                lambda s: registry.create_store(s, body), name=body.name,
                timezone=body.timezone)
    return done if isinstance(done, Response) else back("/console/stores", "store_added")


@router.post("/stores/{store_id}/rename")
def rename_store(request: Request, store_id: IdPath, viewer: Manager,
                 form: FormDep) -> Response:
    """Give a store a new name."""
    name = form.get("name", "").strip()
    if not name or len(name) > 200:
        return _page(request, viewer, "error_name_invalid", 422)
    done = _act(request, viewer, "store_renamed", store_id,
                lambda s: registry.rename_store(s, store_id, name), name=name)
    return done if isinstance(done, Response) else back("/console/stores", "renamed")


@router.post("/stores/{store_id}/code")
def issue_code(request: Request, store_id: IdPath, viewer: Manager) -> Response:
    """A one-time enrollment code, on this answer only (central keeps its hash)."""
    hours = request.app.state.settings.enrollment_code_hours
    done = _act(request, viewer, "enrollment_code_issued", store_id,
                lambda s: registry.issue_code(s, store_id, hours), hours=hours)
    if isinstance(done, Response):
        return done
    qr = segno.make_qr(done.code, error="m").svg_inline(scale=6, border=2)
    return render(request, viewer, "code.html", title="code_title", code=done.code,
                  store_id=store_id, expires_at=done.expires_at, qr=qr)


@router.post("/tills/{terminal_id}/revoke")
def revoke(request: Request, terminal_id: IdPath, viewer: Manager) -> Response:
    """Revoke a till's token: its next sync is refused; it needs a new code."""
    done = _act(request, viewer, "till_revoked", terminal_id,
                lambda s: registry.revoke(s, terminal_id))
    return done if isinstance(done, Response) else back("/console/stores", "revoked")


@router.post("/tills/{terminal_id}/rename")
def rename_till(request: Request, terminal_id: IdPath, viewer: Manager,
                form: FormDep) -> Response:
    """Give a till a new name."""
    name = form.get("name", "").strip()
    if len(name) > 200:
        return _page(request, viewer, "error_name_invalid", 422)
    done = _act(request, viewer, "till_renamed", terminal_id,
                lambda s: registry.rename_terminal(s, terminal_id, name or None), name=name)
    return done if isinstance(done, Response) else back("/console/stores", "renamed")
