"""Head office's review of entries central held (``/v1/admin/held-entries``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central.api.deps import AdminDep, EngineDep, SettingsDep
from central.api.responses import ERRORS
from central.clock import now
from central.db import read_session, run_transaction
from central.feed import FeedWriter
from central.held import decide, last_day, list_held
from central.held_ops import decide_operation, list_held_operations
from central.models import HeldEntry, HeldOperation
from central.schemas import (
    DecisionIn,
    HeldEntryOut,
    HeldOperationOut,
    TerminalDayEntryOut,
    TerminalLastDayOut,
)
from loyalty.records import PushedEntry
from sync.protocol import UUID_PATTERN

router = APIRouter(prefix="/v1/admin/held-entries", tags=["admin"], responses=ERRORS)
EntryPath = Annotated[str, Path(pattern=UUID_PATTERN)]
IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


def _out(held: HeldEntry) -> HeldEntryOut:
    return HeldEntryOut(
        entry_id=held.entry_id, terminal_id=held.terminal_id, store_id=held.store_id,
        member_id=held.member_id, kind=held.kind, points=held.points,
        reasons=held.reasons.split(","), message=held.message, status=held.status,
        held_at=held.held_at, decided_by=held.decided_by, decided_at=held.decided_at,
        note=held.note, payload=held.payload)


@router.get("", response_model=list[HeldEntryOut])
def held_entries(_: AdminDep, engine: EngineDep,
                 status: Literal["held", "approved", "rejected"] | None = "held"
                 ) -> list[HeldEntryOut]:
    """Entries held for a person to decide (by default those still waiting), oldest first."""
    with read_session(engine) as session:
        return [_out(h) for h in list_held(session, status, HeldEntry)]


def _decide(engine: EngineDep, entry_id: str, approve: bool, note: str) -> HeldEntryOut:
    def work(session: Session) -> HeldEntryOut:
        feed = FeedWriter(session)
        return _out(decide(session, feed, entry_id, approve, "head office", note, now()))

    return run_transaction(engine, work)


@router.post("/{entry_id}/approve", response_model=HeldEntryOut)
def approve(entry_id: EntryPath, body: DecisionIn, _: AdminDep,
            engine: EngineDep) -> HeldEntryOut:
    """Apply the held entry: its points move and every till learns it through the feed."""
    return _decide(engine, entry_id, True, body.note)


@router.post("/{entry_id}/reject", response_model=HeldEntryOut)
def reject(entry_id: EntryPath, body: DecisionIn, _: AdminDep,
           engine: EngineDep) -> HeldEntryOut:
    """Discard the held entry: no balance moves; the terminal that wrote it is told."""
    return _decide(engine, entry_id, False, body.note)


ops_router = APIRouter(prefix="/v1/admin/held-operations", tags=["admin"], responses=ERRORS)
terminal_router = APIRouter(prefix="/v1/admin/terminals", tags=["admin"], responses=ERRORS)


def _op_out(held: HeldOperation) -> HeldOperationOut:
    return HeldOperationOut.model_validate(
        {**{c: getattr(held, c) for c in (
            "op_id", "terminal_id", "store_id", "kind", "member_id", "message", "status",
            "held_at", "decided_by", "decided_at", "note", "payload")},
         "reasons": held.reasons.split(",")})


@ops_router.get("", response_model=list[HeldOperationOut])
def held_operations(_: AdminDep, engine: EngineDep,
                    status: Literal["held", "approved", "rejected"] | None = "held"
                    ) -> list[HeldOperationOut]:
    """Enrollments and other stores' profile changes held beyond a terminal's daily caps
    (by default those still waiting), oldest first."""
    with read_session(engine) as session:
        return [_op_out(h) for h in list_held_operations(session, status)]


def _decide_op(engine: Engine, op_id: str, approve: bool, note: str,
               block_size: int) -> HeldOperationOut:
    def work(session: Session) -> HeldOperationOut:
        feed = FeedWriter(session)
        return _op_out(decide_operation(session, feed, op_id, approve, "head office", note,
                                        now(), block_size))

    return run_transaction(engine, work)


@ops_router.post("/{op_id}/approve", response_model=HeldOperationOut)
def approve_operation(op_id: EntryPath, body: DecisionIn, _: AdminDep, engine: EngineDep,
                      settings: SettingsDep) -> HeldOperationOut:
    """Apply the held operation now (the member is enrolled or changed, in the feed)."""
    return _decide_op(engine, op_id, True, body.note, settings.code_block_size)


@ops_router.post("/{op_id}/reject", response_model=HeldOperationOut)
def reject_operation(op_id: EntryPath, body: DecisionIn, _: AdminDep, engine: EngineDep,
                     settings: SettingsDep) -> HeldOperationOut:
    """Discard the held operation: nothing about the member changes."""
    return _decide_op(engine, op_id, False, body.note, settings.code_block_size)


@terminal_router.get("/{terminal_id}/last-day", response_model=TerminalLastDayOut)
def terminal_last_day(terminal_id: IdPath, _: AdminDep, engine: EngineDep
                      ) -> TerminalLastDayOut:
    """The entries central received from a terminal in the 24 hours before the last one it
    received, applied or held: what to review after revoking a stolen or rogue till."""
    with read_session(engine) as session:
        terminal, last, rows = last_day(session, terminal_id)
        entries = []
        for status, row in rows:
            if isinstance(row, HeldEntry):
                entry = PushedEntry.model_validate(row.payload)
                entries.append(TerminalDayEntryOut(
                    entry_id=row.entry_id, member_id=row.member_id, kind=row.kind,
                    points=row.points, occurred_at=entry.occurred_at,
                    approved_by=entry.approved_by, status=status,  # type: ignore[arg-type]
                    reasons=row.reasons.split(",")))
            else:
                entries.append(TerminalDayEntryOut(
                    entry_id=row.id, member_id=row.member_id, kind=row.kind, points=row.points,
                    occurred_at=row.occurred_at, approved_by=row.approved_by,
                    status="applied"))
        entries.sort(key=lambda e: (e.occurred_at, e.entry_id))
        return TerminalLastDayOut(
            terminal_id=terminal.id, store_id=terminal.store_id,
            revoked_at=terminal.revoked_at, received_until=last, entries=entries)
