"""Head-office administration: stores, enrollment codes, terminals, rules, reviews, members."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central import access_log, jobs, registry, subject_export
from central.api.deps import AdminDep, EngineDep, SettingsDep
from central.api.responses import ERRORS
from central.clock import now
from central.consent import consent_history
from central.db import read_session, run_transaction
from central.errors import ApiError, not_found
from central.feed import FeedWriter
from central.identity import merge, resolve
from central.models import Member, Store, Terminal, TerminalOp
from central.profile import erase
from central.records import member_record
from central.review import case_out, list_cases, resolve_case
from central.rules_store import current_version, publish
from central.schemas import (
    AccessLogOut,
    ConsentEventOut,
    ConsentHistoryOut,
    EnrollmentCodeOut,
    JobsIn,
    JobsOut,
    MergeIn,
    OnlineClientIn,
    OnlineClientOut,
    RejectionOut,
    ResolveIn,
    ReviewCaseOut,
    RulesIn,
    StoreIn,
    StoreOut,
    TerminalOut,
)
from central.settings import Settings
from central.terminal_health import clock_skewed
from sync.protocol import MemberRecord, RulesDocument

router = APIRouter(prefix="/v1/admin", tags=["admin"], responses=ERRORS)
T = TypeVar("T")
IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


def _with_feed(engine: Engine, work: Callable[[Session, FeedWriter], T]) -> T:
    def run(session: Session) -> T:
        feed = FeedWriter(session)
        result = work(session, feed)
        session.flush()
        feed.flush()
        return result

    return run_transaction(engine, run)


@router.post("/stores", response_model=StoreOut, status_code=201)
def create_store(body: StoreIn, _: AdminDep, engine: EngineDep) -> StoreOut:
    """Add a store."""
    store = run_transaction(engine, lambda s: registry.create_store(s, body))
    return StoreOut(id=store.id, name=store.name, timezone=store.timezone)


@router.get("/stores", response_model=list[StoreOut])
def stores(_: AdminDep, engine: EngineDep) -> list[StoreOut]:
    """Every store."""
    with read_session(engine) as session:
        return [StoreOut(id=s.id, name=s.name, timezone=s.timezone)
                for s in session.scalars(select(Store).order_by(Store.id))]


@router.post("/stores/{store_id}/enrollment-codes", response_model=EnrollmentCodeOut,
             status_code=201)
def enrollment_code(store_id: IdPath, _: AdminDep, engine: EngineDep,
                    settings: SettingsDep) -> EnrollmentCodeOut:
    """A one-time code that registers one terminal of this store."""
    return run_transaction(engine, lambda s: registry.issue_code(
        s, store_id, settings.enrollment_code_hours))


@router.get("/terminals", response_model=list[TerminalOut])
def terminals(_: AdminDep, engine: EngineDep, settings: SettingsDep) -> list[TerminalOut]:
    """Every terminal and online client, with when it was last heard from and whether its
    clock disagrees with central's."""
    with read_session(engine) as session:
        return [_terminal_out(t, settings) for t in registry.list_terminals(session)]


@router.post("/terminals/{terminal_id}/revoke", response_model=TerminalOut)
def revoke(terminal_id: IdPath, _: AdminDep, engine: EngineDep,
           settings: SettingsDep) -> TerminalOut:
    """Revoke a terminal's token; it must register again with a new code."""
    terminal = run_transaction(engine, lambda s: registry.revoke(s, terminal_id))
    return _terminal_out(terminal, settings)


def _terminal_out(terminal: Terminal, settings: Settings) -> TerminalOut:
    out = TerminalOut.model_validate(terminal, from_attributes=True)
    flagged = clock_skewed(terminal, settings.clock_skew_tolerance_s, now())
    return out.model_copy(update={"clock_flagged": flagged})


@router.post("/online-clients", response_model=OnlineClientOut, status_code=201)
def online_client(body: OnlineClientIn, _: AdminDep, engine: EngineDep) -> OnlineClientOut:
    """A credential for the web shop or app (sign-up and lookup)."""
    client_id, token = run_transaction(engine, lambda s: registry.new_online_client(s, body.name))
    return OnlineClientOut(client_id=client_id, token=token)


@router.put("/rules", response_model=RulesDocument)
def edit_rules(body: RulesIn, _: AdminDep, engine: EngineDep) -> RulesDocument:
    """Publish a new rules version (the document is validated by the domain). The answer is
    the document as stored: the ``member_qr`` block's keys are central's own."""
    def work(session: Session, feed: FeedWriter) -> tuple[int, dict[str, Any]]:
        try:
            version = publish(session, feed, body.document, "admin")
        except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
            raise ApiError(422, "invalid_rules", f"Not a valid rules document: {exc!r}"[:300]
                           ) from None
        return version, dict(current_version(session).document)

    version, doc = _with_feed(engine, work)
    return RulesDocument(version=version, document=doc)


@router.get("/review-cases", response_model=list[ReviewCaseOut])
def review_cases(_: AdminDep, engine: EngineDep,
                 status: Literal["open", "merged", "kept_apart"] | None = None
                 ) -> list[ReviewCaseOut]:
    """Identity review cases (phones masked), oldest first."""
    with read_session(engine) as session:
        return [case_out(c) for c in list_cases(session, status)]


@router.post("/review-cases/{case_id}/resolve", response_model=ReviewCaseOut)
def resolve_review(case_id: IdPath, body: ResolveIn, _: AdminDep,
                   engine: EngineDep) -> ReviewCaseOut:
    """Resolve a review case: ``merge`` the two records or ``keep_apart``."""
    case = _with_feed(engine, lambda s, f: resolve_case(s, f, case_id, body.action))
    return case_out(case)


@router.post("/members/merge", response_model=MemberRecord)
def merge_members(body: MergeIn, _: AdminDep, engine: EngineDep) -> MemberRecord:
    """One person, two records: ``source_id`` becomes an alias of ``target_id``."""
    def work(session: Session, feed: FeedWriter) -> MemberRecord:
        try:
            return member_record(merge(session, feed, body.source_id, body.target_id))
        except ValueError as exc:
            raise ApiError(409, "merge_refused", str(exc)) from None

    return _with_feed(engine, work)


@router.get("/members/{member_id}", response_model=MemberRecord)
def member(member_id: IdPath, caller: AdminDep, engine: EngineDep) -> MemberRecord:
    """A member record as stored (an alias shows its ``canonical_id``); logged."""
    with read_session(engine) as session:
        row = session.get(Member, member_id)
        if row is None:
            raise not_found("member")
        record = member_record(row)
    access_log.record_now(engine, caller, "read", record.id)
    return record


@router.get("/members/{member_id}/consent", response_model=ConsentHistoryOut)
def member_consent(member_id: IdPath, caller: AdminDep, engine: EngineDep
                   ) -> ConsentHistoryOut:
    """A member's marketing consent and every choice received for it (its aliases' too), in
    the order central received them, each with whether it applied (see ``central.consent``)."""
    with read_session(engine) as session:
        row = resolve(session, member_id)
        if row is None:
            raise not_found("member")
        out = ConsentHistoryOut(
            member_id=row.id, marketing_consent=row.marketing_consent, consent_at=row.consent_at,
            events=[ConsentEventOut.model_validate(e) for e in consent_history(session, row)])
    access_log.record_now(engine, caller, "consent", out.member_id)
    return out


@router.post("/members/{member_id}/erase", response_model=MemberRecord)
def erase_member(member_id: IdPath, caller: AdminDep, engine: EngineDep,
                 request: Request) -> MemberRecord:
    """Erase a member's personal data on request (entries stay, pseudonymised), everywhere:
    central's tables, its snapshot files, and every till through the feed (which rewrites
    its outbox and backups, ``docs/personal-data.md``). Logged with who asked."""
    def work(session: Session, feed: FeedWriter) -> MemberRecord:
        if resolve(session, member_id) is None:
            raise not_found("member")
        record = member_record(erase(session, feed, member_id))
        access_log.record(session, caller, "erase", record.id)
        return record

    erased = _with_feed(engine, work)
    request.app.state.snapshots.discard()  # part files hold the member as they were
    return erased


@router.get("/members/{member_id}/export", response_model=None,
            responses={200: {"content": {"application/json": {}, "application/pdf": {}},
                             "description": "The export as JSON or PDF."}})
def export_member(member_id: IdPath, caller: AdminDep, engine: EngineDep,
                  format: Literal["json", "pdf"] = "json") -> Response:
    """A data-subject export: everything central holds about the member (profile, merged
    records, consent history, edits, ledger, held entries, review cases, where copies are),
    as JSON or a readable PDF. Logged with who exported it."""
    with read_session(engine) as session:
        export = subject_export.build(session, member_id, now())
    if export is None:
        raise not_found("member")
    access_log.record_now(engine, caller, "export", export["member_id"], format)
    name = f"member-{export['member_id']}"
    if format == "pdf":
        return Response(subject_export.render_pdf(export), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
    return JSONResponse(export, headers={
        "Content-Disposition": f'attachment; filename="{name}.json"'})


@router.get("/access-log", response_model=list[AccessLogOut])
def access_log_rows(caller: AdminDep, engine: EngineDep, member_id: str | None = None,
                    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000
                    ) -> list[AccessLogOut]:
    """Who read, exported or erased members' personal data, newest first (append-only)."""
    with read_session(engine) as session:
        return [AccessLogOut.model_validate(r, from_attributes=True)
                for r in access_log.entries(session, member_id, limit)]


@router.post("/jobs/run", response_model=JobsOut)
def run_jobs(body: JobsIn, _: AdminDep, engine: EngineDep, settings: SettingsDep) -> JobsOut:
    """Run points expiry, tier recalculation, instrument expiry, birthday gifts, feed and
    operation-record compaction."""
    report = jobs.run_all(engine, body.date, settings.feed_retention,
                          ops_retention_days=settings.ops_retention_days,
                          ops_retention_last=settings.ops_retention_last)
    return JobsOut(date=report.date, expired_entries=report.expired_entries,
                   expired_points=report.expired_points, tier_changes=report.tier_changes,
                   feed_floor=report.feed_floor,
                   terminal_ops_compacted=report.terminal_ops_compacted,
                   birthday_gifts=report.birthday_gifts,
                   instruments_expired=report.instruments_expired,
                   instrument_units_expired=report.instrument_units_expired)


@router.get("/rejections", response_model=list[RejectionOut])
def rejections(_: AdminDep, engine: EngineDep,
               limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[RejectionOut]:
    """The most recent operations central rejected (recorded and acknowledged)."""
    with read_session(engine) as session:
        rows = session.scalars(select(TerminalOp).where(TerminalOp.status == "rejected")
                               .order_by(TerminalOp.received_at.desc()).limit(limit))
        return [RejectionOut.model_validate(r, from_attributes=True) for r in rows]
