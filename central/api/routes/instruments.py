"""Instruments: online redemption for terminals, and head office's programs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.api.deps import AdminDep, EngineDep, TerminalDep
from central.api.responses import ERRORS
from central.clock import now
from central.db import read_session, run_transaction
from central.feed import FeedWriter
from central.instrument_redeem import authorise, status
from central.instruments import feed_changes
from central.models import InstrumentConflict, Terminal
from central.programs_admin import issue_coupons, programs, put_program
from loyalty.programs import PROGRAM_ID_PATTERN
from loyalty.records import InstrumentEntry
from sync.protocol import (
    UUID_PATTERN,
    ChangesPage,
    InstrumentRedemptionResponse,
    InstrumentRedemptionStatus,
)

router = APIRouter(prefix="/v1/instruments", tags=["instruments"], responses=ERRORS)
admin_router = APIRouter(prefix="/v1/admin", tags=["admin"], responses=ERRORS)
ProgramPath = Annotated[str, Path(pattern=PROGRAM_ID_PATTERN)]


@router.post("/redemptions", response_model=InstrumentRedemptionResponse)
def redeem(body: InstrumentEntry, caller: TerminalDep,
           engine: EngineDep) -> InstrumentRedemptionResponse:
    """Redeem an instrument online (an ``InstrumentEntry`` of kind ``redeem``): exactly one
    of two tills racing for the same units wins; the same entry id gets the same answer."""
    def work(session: Session) -> InstrumentRedemptionResponse:
        terminal = session.get_one(Terminal, caller.terminal_id)
        return authorise(session, terminal, body, now())

    return run_transaction(engine, work)


@router.get("/redemptions/{entry_id}", response_model=InstrumentRedemptionStatus)
def redemption(entry_id: Annotated[str, Path(pattern=UUID_PATTERN)], caller: TerminalDep,
               engine: EngineDep) -> InstrumentRedemptionStatus:
    """What central holds of one of this terminal's online instrument redemptions."""
    with read_session(engine) as session:
        terminal = session.get_one(Terminal, caller.terminal_id)
        return status(session, terminal, entry_id)


@router.get("/entries", response_model=ChangesPage)
def instrument_entries(caller: TerminalDep, engine: EngineDep,
                       after: Annotated[int, Query(ge=0)] = 0,
                       upto: Annotated[int, Query(ge=0)] = 0,
                       limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> ChangesPage:
    """Instrument entries at feed positions in ``(after, upto]``, oldest first: what a
    till that loaded a member snapshot up to ``upto`` fetches (the feed brings the rest)."""
    with read_session(engine) as session:
        changes = feed_changes(session, after, upto, limit)
    last = changes[-1].seq if changes else upto
    return ChangesPage(changes=changes, next_cursor=last, has_more=len(changes) == limit,
                       terminal_ops_through=0)


class ProgramOut(BaseModel):
    version: int
    program: dict[str, Any]


class IssueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    member_ids: Annotated[list[Annotated[str, Field(pattern=UUID_PATTERN)]],
                          Field(min_length=1, max_length=1000)]


class IssueOut(BaseModel):
    issued: list[dict[str, str]]
    refused: list[dict[str, str]]


class ConflictOut(BaseModel):
    entry_id: str
    instrument_id: str
    reason: str
    store_id: str
    terminal_id: str
    occurred_at: str
    resolved_at: str | None


@admin_router.get("/programs", response_model=list[dict[str, Any]])
def list_programs(_: AdminDep, engine: EngineDep) -> list[dict[str, Any]]:
    """The programs of the rules in force."""
    with read_session(engine) as session:
        return programs(session)


@admin_router.put("/programs/{program_id}", response_model=ProgramOut)
def edit_program(program_id: ProgramPath, body: dict[str, Any], _: AdminDep,
                 engine: EngineDep) -> ProgramOut:
    """Create or replace a program; publishes a new rules version (tills get it with the
    rules)."""
    def work(session: Session) -> ProgramOut:
        feed = FeedWriter(session)
        version, doc = put_program(session, feed, program_id, body, "admin")
        session.flush()
        feed.flush()
        return ProgramOut(version=version, program=doc)

    return run_transaction(engine, work)


@admin_router.post("/programs/{program_id}/issue", response_model=IssueOut)
def issue(program_id: ProgramPath, body: IssueIn, _: AdminDep, engine: EngineDep) -> IssueOut:
    """Issue one instrument of the program to each member (coupons, gifts); members beyond
    the program's limits are refused, by name."""
    def work(session: Session) -> IssueOut:
        feed = FeedWriter(session)
        issued, refused = issue_coupons(session, feed, program_id, body.member_ids, now())
        session.flush()
        feed.flush()
        return IssueOut(issued=issued, refused=refused)

    return run_transaction(engine, work)


@admin_router.get("/instrument-conflicts", response_model=list[ConflictOut])
def conflicts(_: AdminDep, engine: EngineDep) -> list[ConflictOut]:
    """Instrument entries applied in conflict and not yet resolved, oldest first."""
    with read_session(engine) as session:
        rows = session.scalars(select(InstrumentConflict).where(
            InstrumentConflict.resolved_at.is_(None)).order_by(InstrumentConflict.occurred_at)
            .limit(1000))
        return [ConflictOut(entry_id=r.entry_id, instrument_id=r.instrument_id,
                            reason=r.reason, store_id=r.store_id, terminal_id=r.terminal_id,
                            occurred_at=r.occurred_at.isoformat(),
                            resolved_at=None) for r in rows]
