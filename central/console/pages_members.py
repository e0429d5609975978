"""Members: search (htmx as you type; a plain POST without script), a member's page, and
an admin's merge and erase through central's own functions. Searches go in a POST body,
never the URL (a phone must not land in an access log); each search and each member page
opened is in the audit log, without what was typed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from central import access_log, subject_export
from central.auth import Caller
from central.clock import now
from central.console import audit, members
from central.console.sessions import Viewer
from central.console.web import (
    SECURITY_HEADERS,
    FormDep,
    actor,
    back,
    chain_zone,
    engine_of,
    language,
    need,
    problem_for,
    render,
)
from central.db import run_transaction
from central.errors import ApiError, not_found
from central.feed import FeedWriter
from central.identity import merge, resolve
from central.models import Member
from central.profile import erase
from central.rules_store import tier_names
from loyalty.phone import mask_phone

router = APIRouter()
Reader = Annotated[Viewer, Depends(need("members.view"))]
Changer = Annotated[Viewer, Depends(need("members.change"))]
Exporter = Annotated[Viewer, Depends(need("members.export"))]
MemberPath = Annotated[str, Path(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]


def masked(phone: str | None) -> str:
    """A phone for lists: the last digits only."""
    if not phone:
        return "—"
    try:
        return mask_phone(phone)
    except Exception:  # a number phonenumbers cannot format
        return "*" * max(0, len(phone) - 3) + phone[-3:]


@router.get("/members")
def members_page(request: Request, viewer: Reader) -> Response:
    """The search box."""
    return render(request, viewer, "members.html", title="members_title", found=None,
                  how=None, masked=masked, tiers={})


@router.post("/members/search")
def search(request: Request, viewer: Reader, form: FormDep) -> Response:
    """Members matching what was typed: the result list alone for htmx, else the page."""
    text = form.get("q", "")
    market = request.app.state.settings.market

    zh = language(request) == "zh_TW"

    def work(session: Session) -> tuple[str, list[Member], dict[str, str]]:
        how, found = members.search(session, text, market)
        if how != "empty":
            audit.record(session, actor(viewer, request), "member_search", None, read_as=how,
                         results=len(found))
        tiers = {code: names[1] if zh else names[0]
                 for code, names in tier_names(session).items()}
        return how, found, tiers

    how, found, tiers = run_transaction(engine_of(request), work)
    name = "member_results.html" if request.headers.get("hx-request") else "members.html"
    return render(request, viewer, name, title="members_title", found=found, how=how,
                  masked=masked, tiers=tiers)


@router.get("/members/{member_id}")
def member_page(request: Request, member_id: MemberPath, viewer: Reader) -> Response:
    """A member's file: profile, tier and progress, consent history, aliases, ledger."""
    return _file_page(request, member_id, viewer)


def _file_page(request: Request, member_id: str, viewer: Viewer, problem: str | None = None,
               status: int = 200) -> Response:
    today = now().astimezone(chain_zone(request)).date()

    def work(session: Session) -> members.MemberFile | None:
        found = members.member_file(session, member_id, today)
        if found is not None:
            audit.record(session, actor(viewer, request), "member_viewed", found.member.id)
        return found

    file = run_transaction(engine_of(request), work)
    if file is None:
        return render(request, viewer, "denied.html", 404, title="denied_title",
                      reason="no_member")
    return render(request, viewer, "member.html", status, title="member_title", file=file,
                  problem=problem, masked=masked)


@router.post("/members/{member_id}/merge")
def merge_member(request: Request, member_id: MemberPath, viewer: Changer,
                 form: FormDep) -> Response:
    """One person, two records: this record becomes an alias of the one named."""
    target = form.get("target_id", "").strip()

    def work(session: Session) -> str:
        feed = FeedWriter(session)
        if resolve(session, member_id) is None or resolve(session, target) is None:
            raise not_found("member")
        try:
            survivor = merge(session, feed, member_id, target)
        except ValueError as exc:
            raise ApiError(409, "merge_refused", str(exc)) from None
        session.flush()
        feed.flush()
        audit.record(session, actor(viewer, request), "member_merged", member_id,
                     into=survivor.id)
        return survivor.id

    try:
        survivor = run_transaction(engine_of(request), work)
    except ApiError as exc:
        return _file_page(request, member_id, viewer, problem_for(exc.reason), exc.status)
    return back(f"/console/members/{survivor}", "merged")


@router.post("/members/{member_id}/erase")
def erase_member(request: Request, member_id: MemberPath, viewer: Changer) -> Response:
    """Erase the member's personal data on request (entries stay, pseudonymised)."""
    def work(session: Session) -> str:
        feed = FeedWriter(session)
        if resolve(session, member_id) is None:
            raise not_found("member")
        erased = erase(session, feed, member_id)
        session.flush()
        feed.flush()
        audit.record(session, actor(viewer, request), "member_erased", erased.id)
        return erased.id

    try:
        erased = run_transaction(engine_of(request), work)
    except ApiError as exc:
        return _file_page(request, member_id, viewer, problem_for(exc.reason), exc.status)
    return back(f"/console/members/{erased}", "erased")


@router.post("/members/{member_id}/export")
def export_member(request: Request, member_id: MemberPath, viewer: Exporter,
                  form: FormDep) -> Response:
    """A data-subject export (what ``/v1/admin/members/{id}/export`` gives) as JSON or PDF,
    in the console's audit log and the personal-data access log with who exported it."""
    kind = form.get("format", "json")
    if kind not in ("json", "pdf"):
        return Response("unknown format", status_code=422, headers=SECURITY_HEADERS)
    caller = Caller(kind="admin", name=f"console:{viewer.username}")

    def work(session: Session) -> dict[str, object] | None:
        export = subject_export.build(session, member_id, now())
        if export is not None:
            audit.record(session, actor(viewer, request), "member_exported",
                         str(export["member_id"]), format=kind)
            access_log.record(session, caller, "export", str(export["member_id"]), kind)
        return export

    export = run_transaction(engine_of(request), work)
    if export is None:
        return render(request, viewer, "denied.html", 404, title="denied_title",
                      reason="no_member")
    name = f"member-{export['member_id']}"
    if kind == "pdf":
        return Response(subject_export.render_pdf(export), media_type="application/pdf",
                        headers={**SECURITY_HEADERS,
                                 "Content-Disposition": f'attachment; filename="{name}.pdf"'})
    return JSONResponse(export, headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}.json"'})
