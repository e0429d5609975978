"""Instruments: online redemption for terminals, and head office's programs."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from central.api.deps import AdminDep, EngineDep, TerminalDep
from central.api.responses import ERRORS
from central.clock import now
from central.console.audit import Actor
from central.db import read_session, run_transaction
from central.feed import FeedWriter
from central.instrument_conflicts import (
    ConflictRow,
    Decision,
    Status,
    list_conflicts,
    resolve_conflict,
)
from central.instrument_redeem import authorise, status
from central.instruments import feed_changes
from central.models import InstrumentEntryRow, Terminal
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
                       after: Annotated[int, Query(ge=0, le=2**62)] = 0,
                       upto: Annotated[int, Query(ge=0, le=2**62)] = 0,
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
    program_id: str
    member_id: str
    reason: str
    store_id: str
    terminal_id: str
    occurred_at: str
    units: int
    balance_after: int
    resolved_at: str | None
    resolved_by: str | None = None
    decision: str | None = None
    note: str | None = None
    cost: Decimal | None = None
    charged_to: str | None = None
    correction_entry_id: str | None = None


class ResolveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Decision
    note: Annotated[str, Field(min_length=1, max_length=500)]


def _conflict_out(row: ConflictRow) -> ConflictOut:
    c = row.conflict
    return ConflictOut(
        entry_id=c.entry_id, instrument_id=c.instrument_id, program_id=row.program_id,
        member_id=row.member_id, reason=c.reason, store_id=c.store_id,
        terminal_id=c.terminal_id, occurred_at=c.occurred_at.isoformat(), units=row.units,
        balance_after=row.balance_after,
        resolved_at=None if c.resolved_at is None else c.resolved_at.isoformat(),
        resolved_by=c.resolved_by, decision=c.decision, note=c.note, cost=c.cost,
        charged_to=c.charged_to, correction_entry_id=c.correction_entry_id)


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
def conflicts(_: AdminDep, engine: EngineDep, status: Status = "open") -> list[ConflictOut]:
    """Instrument entries applied in conflict, oldest first: those still open (by default),
    those resolved (who, when, the decision), or all."""
    with read_session(engine) as session:
        return [_conflict_out(r) for r in list_conflicts(session, status)]


@admin_router.post("/instrument-conflicts/{entry_id}/resolve", response_model=ConflictOut)
def resolve(entry_id: Annotated[str, Path(pattern=UUID_PATTERN)], body: ResolveIn,
            caller: AdminDep, engine: EngineDep, request: Request) -> ConflictOut:
    """Settle a conflict: ``accept`` (the chain's goodwill, cost recorded), ``charge_back``
    (the cost charged to the store that gave it) or ``revoke`` (an unused instrument issued
    beyond a limit is reversed). Audited; the same decision again is answered as it stands,
    another one is refused (409)."""
    who = Actor(None, caller.actor, request.client.host if request.client else None)

    def work(session: Session) -> ConflictOut:
        feed = FeedWriter(session)
        c = resolve_conflict(session, feed, entry_id, body.decision, body.note, who, now())
        entry = session.get_one(InstrumentEntryRow, c.entry_id)
        return _conflict_out(ConflictRow(c, entry.program_id, entry.member_id, entry.units,
                                         entry.balance_after))

    return run_transaction(engine, work)

