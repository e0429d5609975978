"""Programs on the rules page: edit one program (validity, tiers, stores, segments, limits,
offline policy) and publish it as the next rules version through
:func:`central.programs_admin.put_program`, as ``PUT /v1/admin/programs/{id}`` does (tills
get it with the rules). Admin only, as the API's admin token is; others read the list on the
rules page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from central.console import audit, programs_form
from central.console.sessions import Viewer
from central.console.web import FormDep, actor, back, engine_of, language, need, render
from central.db import read_session, run_transaction
from central.errors import ApiError
from central.feed import FeedWriter
from central.programs_admin import put_program
from central.rules_store import current_version
from loyalty.programs import PROGRAM_ID_PATTERN
from loyalty.report.instrument_export import kind_label

router = APIRouter()
Editor = Annotated[Viewer, Depends(need("programs.edit"))]
ProgramId = Annotated[str, Path(pattern=PROGRAM_ID_PATTERN)]


def _current(request: Request) -> dict[str, Any]:
    with read_session(engine_of(request)) as session:
        return dict(current_version(session).document)


def _page(request: Request, viewer: Viewer, rules: dict[str, Any], doc: dict[str, Any],
          draft: programs_form.ProgramDraft | None = None, values: dict[str, str] | None = None,
          status: int = 200, problem: str | None = None) -> Response:
    shown = draft.document if draft else doc
    return render(request, viewer, "program.html", status, title="prog_edit_title",
                  doc=shown, version=rules["version"], tiers=rules["tiers"],
                  values=values or programs_form.form_values(shown), draft=draft,
                  problem=problem, kind=kind_label(str(shown["kind"]), language(request)))


@router.get("/rules/programs/{program_id}")
def program_page(request: Request, program_id: ProgramId, viewer: Editor) -> Response:
    """One program as a form."""
    rules = _current(request)
    doc = programs_form.find(rules.get("programs") or [], program_id)
    if doc is None:
        return render(request, viewer, "denied.html", 404, title="denied_title",
                      reason="prog_gone")
    return _page(request, viewer, rules, doc)


@router.post("/rules/programs/{program_id}")
def publish_program(request: Request, program_id: ProgramId, viewer: Editor,
                    form: FormDep) -> Response:
    """Publish the edited program as the next rules version (nothing when it is not valid
    or the rules moved on since the form was opened)."""
    rules = _current(request)
    doc = programs_form.find(rules.get("programs") or [], program_id)
    if doc is None:
        return render(request, viewer, "denied.html", 404, title="denied_title",
                      reason="prog_gone")
    draft = programs_form.read_form(doc, form, [t["code"] for t in rules["tiers"]])
    if draft.problems:
        return _page(request, viewer, rules, doc, draft, form, 422)
    if not draft.changes:
        return back("/console/rules#programs")
    base = str(rules["version"])
    seen = {base, form.get("version", base)}

    def work(session: Session) -> int:
        if {str(current_version(session).version)} != seen:
            return 0  # someone published meanwhile: their change must not be undone
        feed = FeedWriter(session)
        version, _ = put_program(session, feed, program_id, draft.document, viewer.username)
        session.flush()
        feed.flush()
        audit.record(session, actor(viewer, request), "program_published",
                     f"{program_id} v{version}",
                     changes={name: [str(a), str(b)] for name, a, b in draft.changes})
        return version

    try:
        version = run_transaction(engine_of(request), work)
    except ApiError as err:  # the whole rules document refused it
        return _page(request, viewer, rules, doc, programs_form.ProgramDraft(
            draft.document, [("document", "prog_invalid")], draft.changes, err.message),
            form, 422)
    if version == 0:
        return _page(request, viewer, rules, doc, draft, form, 409, "rules_stale")
    return back("/console/rules", "program_published")
