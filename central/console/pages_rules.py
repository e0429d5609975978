"""Rules: the version in force as a form, a live preview of what a change means at the
counter (htmx), and publishing a new version through :func:`central.rules_store.publish`
(tills get it by the feed), now or at a time to come (:mod:`central.rules_schedule`: kept
aside until due, then published; a waiting one can be withdrawn)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from central import rules_schedule
from central.clock import now
from central.console import audit, programs_form, rules_form
from central.console.sessions import Viewer
from central.console.web import (
    FormDep,
    actor,
    back,
    chain_zone,
    engine_of,
    language,
    need,
    render,
)
from central.db import read_session, run_transaction
from central.feed import FeedWriter
from central.models import RulesVersion
from central.rules_schedule import DueWatch
from central.rules_store import current_version, publish

router = APIRouter()
Reader = Annotated[Viewer, Depends(need("rules.view"))]
Editor = Annotated[Viewer, Depends(need("rules.edit"))]
HISTORY = 20
MIN_AHEAD = timedelta(minutes=1)  # sooner than this is "now": publish it instead


def _state(request: Request) -> tuple[dict[str, Any], list[RulesVersion]]:
    watch: DueWatch = request.app.state.rules_watch
    watch.poll(engine_of(request), now(), force=True)
    with read_session(engine_of(request)) as session:
        current = dict(current_version(session).document)
        versions = list(session.scalars(select(RulesVersion).order_by(
            RulesVersion.version.desc()).limit(HISTORY)))
    return current, versions


def _page(request: Request, viewer: Viewer, draft: rules_form.Draft | None = None,
          status: int = 200, problem: str | None = None, effective: str = "") -> Response:
    current, versions = _state(request)
    shown = draft.document if draft else current
    with read_session(engine_of(request)) as session:
        scheduled = rules_schedule.waiting(session)
    return render(request, viewer, "rules.html", status, title="rules_title", doc=shown,
                  scheduled=scheduled, problem=problem, effective=effective,
                  current=current, versions=versions, fields=rules_form.FIELDS,
                  field_name=rules_form.field_name, value_at=rules_form.value_at,
                  draft=draft or rules_form.Draft(current, [], [],
                                                  rules_form.earnings_of(current)),
                  sample=rules_form.SAMPLE_SALE,
                  programs=programs_form.lines(current.get("programs") or [],
                                               current["tiers"], language(request)))


@router.get("/rules")
def rules_page(request: Request, viewer: Reader) -> Response:
    """The rules in force, as a form for those who may edit them."""
    return _page(request, viewer)


@router.post("/rules/preview")
def preview(request: Request, viewer: Editor, form: FormDep) -> Response:
    """What the form would change and earn (the preview box alone, for htmx)."""
    current, _ = _state(request)
    draft = rules_form.read_form(current, form)
    return render(request, viewer, "rules_preview.html", title="rules_title", draft=draft,
                  sample=rules_form.SAMPLE_SALE)


@router.post("/rules")
def publish_rules(request: Request, viewer: Editor, form: FormDep) -> Response:
    """Publish the form as the next rules version (nothing when it is not valid)."""
    current, _ = _state(request)
    draft = rules_form.read_form(current, form)
    if draft.problems or not draft.changes:
        return _page(request, viewer, draft, 422)
    base = current["version"]
    when = form.get("effective_at", "").strip()
    if when:
        return _schedule(request, viewer, draft, when)

    def work(session: Session) -> int:
        if current_version(session).version != base:  # someone published meanwhile
            return 0
        feed = FeedWriter(session)
        version = publish(session, feed, draft.document, viewer.username)
        session.flush()
        feed.flush()
        audit.record(session, actor(viewer, request), "rules_published", f"v{version}",
                     changes={name: [str(a), str(b)] for name, a, b in draft.changes})
        return version

    if run_transaction(engine_of(request), work) == 0:
        return _page(request, viewer, rules_form.Draft(
            draft.document, [("document", "rules_stale")], draft.changes, draft.earnings), 409)
    return back("/console/rules", "rules_published")


def _schedule(request: Request, viewer: Viewer, draft: rules_form.Draft, when: str
              ) -> Response:
    """Keep the draft to take effect at ``when`` (the chain's local time, from the form)."""
    try:
        effective_at = datetime.fromisoformat(when).replace(tzinfo=chain_zone(request))
    except ValueError:
        return _page(request, viewer, draft, 422, "rules_when_unreadable", when)
    at = now()
    if effective_at <= at + MIN_AHEAD:
        return _page(request, viewer, draft, 422, "rules_when_past", when)

    def work(session: Session) -> int:
        row = rules_schedule.schedule(session, draft.document, effective_at,
                                      viewer.username, at)
        audit.record(session, actor(viewer, request), "rules_scheduled", f"s{row.id}",
                     effective_at=effective_at.isoformat(), base=row.base_version,
                     changes={name: [str(a), str(b)] for name, a, b in draft.changes})
        return row.id

    run_transaction(engine_of(request), work)
    request.app.state.rules_watch.forget()
    return back("/console/rules", "rules_scheduled")


@router.post("/rules/scheduled/{schedule_id}/cancel")
def cancel_scheduled(request: Request, schedule_id: Annotated[int, Path(ge=1, le=2**31)],
                     viewer: Editor) -> Response:
    """Withdraw a version still waiting for its time."""
    def work(session: Session) -> bool:
        done = rules_schedule.cancel(session, schedule_id, viewer.username, now())
        if done:
            audit.record(session, actor(viewer, request), "rules_schedule_cancelled",
                         f"s{schedule_id}")
        return done

    if not run_transaction(engine_of(request), work):
        return _page(request, viewer, None, 404, "rules_schedule_gone")
    request.app.state.rules_watch.forget()
    return back("/console/rules", "rules_schedule_cancelled")
