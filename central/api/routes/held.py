"""Head office's review of entries central held (``/v1/admin/held-entries``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path
from sqlalchemy.orm import Session

from central.api.deps import AdminDep, EngineDep
from central.api.responses import ERRORS
from central.clock import now
from central.db import read_session, run_transaction
from central.feed import FeedWriter
from central.held import decide, list_held
from central.models import HeldEntry
from central.schemas import DecisionIn, HeldEntryOut
from sync.protocol import UUID_PATTERN

router = APIRouter(prefix="/v1/admin/held-entries", tags=["admin"], responses=ERRORS)
EntryPath = Annotated[str, Path(pattern=UUID_PATTERN)]


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
        return [_out(h) for h in list_held(session, status)]


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
