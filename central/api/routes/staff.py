"""Staff known to central: head office's registry per store, and what a store's tills fetch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, TypeVar

from fastapi import APIRouter, Path
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central import staff
from central.api.deps import AdminDep, EngineDep, TerminalDep
from central.api.responses import ERRORS
from central.clock import now
from central.db import read_session, run_transaction
from central.errors import ApiError, not_found
from central.feed import FeedWriter
from central.models import StaffMember, Store
from central.schemas import DeactivateIn, StaffIn, StaffOut
from loyalty.ids import new_id
from loyalty.pins import hash_pin
from sync.protocol import UUID_PATTERN, FirstManagerRequest, StaffList, StaffRecord

admin_router = APIRouter(prefix="/v1/admin", tags=["admin"], responses=ERRORS)
router = APIRouter(prefix="/v1/staff", tags=["staff"], responses=ERRORS)
StorePath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
StaffPath = Annotated[str, Path(pattern=UUID_PATTERN)]
T = TypeVar("T")


@admin_router.post("/stores/{store_id}/staff", response_model=StaffOut, status_code=201)
def create(store_id: StorePath, body: StaffIn, _: AdminDep, engine: EngineDep) -> StaffOut:
    """Add a cashier or manager to a store; the store's tills get them at their next sync."""
    if (body.pin is None) == (body.pin_hash is None):
        raise ApiError(422, "staff_pin", "Give either a PIN (4-8 digits) or a PIN hash.")
    pin_hash = body.pin_hash or hash_pin(body.pin or "")

    def work(session: Session, feed: FeedWriter) -> StaffOut:
        at = now()
        if session.get(Store, store_id) is None:
            raise not_found("store")
        row = staff.create_staff(
            session, feed, store_id, staff_id=new_id(), name=body.name,
            role=body.role, pin_hash=pin_hash,
            active_from=body.active_from or staff.store_day(session, store_id, at),
            active_to=body.active_to, created_by=staff.HEAD_OFFICE, at=at)
        return StaffOut.model_validate(row)

    return _with_feed(engine, work)


@admin_router.get("/stores/{store_id}/staff", response_model=list[StaffOut])
def listing(store_id: StorePath, _: AdminDep, engine: EngineDep) -> list[StaffOut]:
    """A store's staff, past ones included (no PIN hashes)."""
    with read_session(engine) as session:
        if session.get(Store, store_id) is None:
            raise not_found("store")
        return [StaffOut.model_validate(s) for s in staff.store_staff(session, store_id)]


@admin_router.post("/staff/{staff_id}/deactivate", response_model=StaffOut)
def deactivate(staff_id: StaffPath, body: DeactivateIn, _: AdminDep,
               engine: EngineDep) -> StaffOut:
    """End a staff member's activity: from the day after ``last_day`` (by default from
    today) central refuses their approvals and their store's tills stop signing them in."""
    def work(session: Session, feed: FeedWriter) -> StaffOut:
        at = now()
        row = session.get(StaffMember, staff_id)
        if row is None:
            raise not_found("staff member")
        last = body.last_day or staff.store_day(session, row.store_id, at) - timedelta(days=1)
        return StaffOut.model_validate(staff.deactivate(session, feed, staff_id,
                                                        last, at))

    return _with_feed(engine, work)


@router.get("", response_model=StaffList)
def store_staff(caller: TerminalDep, engine: EngineDep) -> StaffList:
    """The calling terminal's store's staff with their PIN hashes (its own store only)."""
    with read_session(engine) as session:
        return staff.staff_list(session, caller.store_id or "")


@router.post("/first-manager", response_model=StaffRecord, status_code=201)
def first_manager(body: FirstManagerRequest, caller: TerminalDep,
                  engine: EngineDep) -> StaffRecord:
    """The first-run wizard's manager, made at central: only while the terminal's store has
    no staff at all (409 ``store_has_staff`` after); asking again answers the same."""
    def work(session: Session, feed: FeedWriter) -> StaffRecord:
        row = staff.first_manager(session, feed, caller.store_id or "",
                                  caller.terminal_id or "", body.id, body.name, body.pin_hash,
                                  now())
        return staff.record(row)

    return _with_feed(engine, work)


def _with_feed(engine: Engine, work: Callable[[Session, FeedWriter], T]) -> T:
    """Run ``work`` in one transaction, with the feed rows it appended."""
    def run(session: Session) -> T:
        feed = FeedWriter(session)
        result = work(session, feed)
        session.flush()
        feed.flush()
        return result

    return run_transaction(engine, run)
