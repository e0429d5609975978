"""Head office settles an instrument conflict from the report page's conflicts table: the
same function as the API (:func:`central.instrument_conflicts.resolve_conflict`), in the
name of the signed-in admin, audited, CSRF-checked like every console action."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from central.clock import now
from central.console.pages_report import show_report
from central.console.sessions import Viewer
from central.console.web import FormDep, actor, engine_of, need, problem_for
from central.db import run_transaction
from central.errors import ApiError
from central.feed import FeedWriter
from central.instrument_conflicts import DECISIONS, resolve_conflict
from sync.protocol import UUID_PATTERN

router = APIRouter()
Resolver = Annotated[Viewer, Depends(need("programs.resolve"))]
EntryPath = Annotated[str, Path(pattern=UUID_PATTERN)]


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.post("/report/conflicts/{entry_id}/resolve")
def resolve(request: Request, entry_id: EntryPath, viewer: Resolver,
            form: FormDep) -> Response:
    """Accept, charge back or revoke one conflict, then back to the same report range."""
    first, last = _day(form.get("first")), _day(form.get("last"))
    store = "".join(ch for ch in form.get("store", "")[:64] if ch.isalnum() or ch in "_.-")
    decision = form.get("decision", "")
    note = form.get("note", "").strip()[:500]
    if decision not in DECISIONS or not note:
        problem = "error_note_needed" if decision in DECISIONS else "error_generic"
        return show_report(request, viewer, first, last, store, problem, 422)

    def work(session: Session) -> None:
        resolve_conflict(session, FeedWriter(session), entry_id, decision,
                         note, actor(viewer, request), now())

    try:
        run_transaction(engine_of(request), work)
    except ApiError as exc:
        return show_report(request, viewer, first, last, store, problem_for(exc.reason),
                           exc.status)
    query = urlencode([(k, str(v)) for k, v in (("first", first), ("last", last),
                                                 ("store", store)) if v]
                      + [("ok", "conflict_resolved")])
    return RedirectResponse("/console/report?" + query, status_code=303,
                            headers={"Cache-Control": "no-store"})
