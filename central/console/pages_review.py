"""The review queue: recycled-number cases, held entries and entry-id conflicts, each with
its evidence; decisions go through central's own functions (:func:`central.review.
resolve_case`, :func:`central.held.decide`) and name the person who made them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.clock import now
from central.console import audit
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
from central.feed import FeedWriter
from central.held import decide, list_held
from central.models import ConsoleAudit, EntryConflict, HeldEntry, Member, ReviewCase
from central.review import case_out, list_cases, resolve_case
from sync.protocol import UUID_PATTERN

router = APIRouter()
Reader = Annotated[Viewer, Depends(need("review.view"))]
HeldDecider = Annotated[Viewer, Depends(need("review.held"))]
IdentityDecider = Annotated[Viewer, Depends(need("review.identity"))]
EntryPath = Annotated[str, Path(pattern=UUID_PATTERN)]
CasePath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
RECENT = 20


@dataclass(frozen=True, slots=True)
class Side:
    """One member of a review case, as evidence (the phone is masked on the case)."""

    id: str
    name: str | None
    code: str | None
    status: str
    balance: int
    enrolled_at: object
    origin: str | None


@dataclass(frozen=True, slots=True)
class CaseView:
    """A review case with both members and who resolved it."""

    case: object
    newcomer: Side | None
    existing: Side | None
    decided_by: str | None


@router.get("/review")
def review_page(request: Request, viewer: Reader) -> Response:
    """What waits for a person, and what was decided lately."""
    return _page(request, viewer)


def _page(request: Request, viewer: Viewer, problem: str | None = None,
          status: int = 200) -> Response:
    with read_session(engine_of(request)) as session:
        cases = list_cases(session, None)
        open_cases = [_case_view(session, c) for c in cases if c.status == "open"]
        closed = [_case_view(session, c) for c in cases if c.status != "open"][-RECENT:]
        waiting = list_held(session, "held", HeldEntry)
        decided = list(session.scalars(select(HeldEntry).where(HeldEntry.status != "held")
                                       .order_by(HeldEntry.decided_at.desc()).limit(RECENT)))
        conflicts = list(session.scalars(select(EntryConflict)
                                         .order_by(EntryConflict.id.desc()).limit(100)))
    return render(request, viewer, "review.html", status, title="review_title",
                  open_cases=open_cases, closed_cases=list(reversed(closed)), waiting=waiting,
                  decided=decided, conflicts=conflicts, problem=problem)


def _side(session: Session, member_id: str) -> Side | None:
    m = session.get(Member, member_id)
    if m is None:
        return None
    return Side(m.id, m.name, m.member_code, m.status, m.balance, m.enrolled_at, m.origin)


def _case_view(session: Session, case: ReviewCase) -> CaseView:
    who = None
    if case.status != "open":
        who = session.scalar(select(ConsoleAudit.username).where(
            ConsoleAudit.action == "review_case_resolved", ConsoleAudit.target == case.id)
            .order_by(ConsoleAudit.id.desc()).limit(1)) or "API"
    return CaseView(case_out(case), _side(session, case.member_id),
                    _side(session, case.other_member_id), who)


@router.post("/review/cases/{case_id}/{action}")
def resolve(request: Request, case_id: CasePath, action: Literal["merge", "keep_apart"],
            viewer: IdentityDecider) -> Response:
    """Merge the two records, or keep them apart (the newcomer takes the number)."""
    def work(session: Session) -> None:
        feed = FeedWriter(session)
        resolve_case(session, feed, case_id, action)
        session.flush()
        feed.flush()
        audit.record(session, actor(viewer, request), "review_case_resolved", case_id,
                     resolution=action)

    return _run(request, viewer, work, "case_" + action)


@router.post("/review/held/{entry_id}/{verdict}")
def decide_held(request: Request, entry_id: EntryPath,
                verdict: Literal["approve", "reject"], viewer: HeldDecider,
                form: FormDep) -> Response:
    """Approve (the points move, tills learn it) or reject (the till is told) a held entry."""
    note = form.get("note", "").strip()[:500]
    done = "held_approved" if verdict == "approve" else "held_rejected"

    def work(session: Session) -> None:
        decide(session, FeedWriter(session), entry_id, verdict == "approve", viewer.username,
               note, now())
        audit.record(session, actor(viewer, request), done, entry_id, note=note)

    return _run(request, viewer, work, done)


def _run(request: Request, viewer: Viewer, work: Callable[[Session], None],
         notice: str) -> Response:
    try:
        run_transaction(engine_of(request), work)
    except ApiError as exc:
        return _page(request, viewer, problem_for(exc.reason), exc.status)
    return back("/console/review", notice)
