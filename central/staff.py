"""Staff known to central: each store's cashiers and managers, with their PIN hashes.

Head office creates and deactivates them (``/v1/admin/stores/{id}/staff``); a registered
till's first-run wizard may create the store's *first* manager, and only while the store has
no staff at all. Every change appends ``staff.changed`` (naming the store) to the feed; that
store's tills then fetch the list (``GET /v1/staff``): PIN hashes go to the store's own tills
and nowhere else.

An approval on anything a till sends (``approved_by`` on a redemption, a void, an
adjustment) must name a staff id that is a **manager of that store on the entry's
store-local day** (:func:`approval_problem`); otherwise central holds the entry (an online
redemption is declined).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.db import in_values
from central.errors import ApiError, not_found
from central.feed import FeedWriter
from central.models import StaffMember, Store
from sync.protocol import StaffList, StaffRecord

HEAD_OFFICE = "head office"

APPROVAL_MESSAGES = {
    "approval_missing": "It needs a manager's approval and names none.",
    "approver_unknown": "The approving manager is not one of central's staff.",
    "approver_other_store": "The approving manager belongs to another store.",
    "approver_not_manager": "The approver is a cashier, not a manager.",
    "approver_inactive": "The approving manager was not active on that day.",
}


def store_day(session: Session, store_id: str, at: datetime) -> date:
    """``at`` as a calendar day in the store's time zone."""
    store = session.get(Store, store_id)
    return at.astimezone(ZoneInfo(store.timezone if store else "Asia/Taipei")).date()


def create_staff(session: Session, feed: FeedWriter, store_id: str, *, staff_id: str,
                 name: str, role: str, pin_hash: str, active_from: date,
                 active_to: date | None, created_by: str, at: datetime) -> StaffMember:
    """Add one of a store's staff (409 when the id exists or an active colleague of the
    store already has that name)."""
    if session.get(Store, store_id) is None:
        raise not_found("store")
    if active_to is not None and active_to < active_from:
        raise ApiError(422, "staff_dates", "The last day is before the first day.")
    if session.get(StaffMember, staff_id) is not None:
        raise ApiError(409, "staff_exists", "A staff member with this id already exists.")
    _check_name(session, store_id, name, active_from)
    row = StaffMember(id=staff_id, store_id=store_id, name=name, role=role, pin_hash=pin_hash,
                      active_from=active_from, active_to=active_to, created_by=created_by,
                      created_at=at, updated_at=at)
    session.add(row)
    session.flush()
    feed.append("staff.changed", store_id)
    return row


def _check_name(session: Session, store_id: str, name: str, day: date) -> None:
    """A till keeps one active person per name (its sign-in list shows names)."""
    for other in session.scalars(select(StaffMember).where(
            StaffMember.store_id == store_id, StaffMember.name == name)):
        if other.active_to is None or other.active_to >= day:
            raise ApiError(409, "staff_name_taken",
                           "An active colleague at this store already has this name.")


def deactivate(session: Session, feed: FeedWriter, staff_id: str, last_day: date,
               at: datetime) -> StaffMember:
    """End a staff member's activity after ``last_day`` (an earlier end stays; a day before
    their first makes them never active)."""
    row = session.get(StaffMember, staff_id, with_for_update=True)
    if row is None:
        raise not_found("staff member")
    if row.active_to is None or last_day < row.active_to:
        row.active_to, row.updated_at = last_day, at
        feed.append("staff.changed", row.store_id)
    return row


def first_manager(session: Session, feed: FeedWriter, store_id: str, terminal_id: str,
                  staff_id: str, name: str, pin_hash: str, at: datetime) -> StaffMember:
    """The first-run wizard's manager, made through central: only while the store has no
    staff (else 409 ``store_has_staff``); the same request again answers the same row."""
    known = session.get(StaffMember, staff_id)
    if known is not None:
        if (known.store_id, known.name, known.role, known.pin_hash, known.created_by) == (
                store_id, name, "manager", pin_hash, terminal_id):
            return known
        raise ApiError(409, "staff_exists", "A staff member with this id already exists.")
    session.get(Store, store_id, with_for_update=True)  # two wizards at once: one wins
    if session.scalar(select(StaffMember.id).where(StaffMember.store_id == store_id)
                      .limit(1)) is not None:
        raise ApiError(409, "store_has_staff",
                       "This store's staff come from head office: sign in as one of them.")
    return create_staff(session, feed, store_id, staff_id=staff_id, name=name, role="manager",
                        pin_hash=pin_hash, active_from=store_day(session, store_id, at),
                        active_to=None, created_by=terminal_id, at=at)


def store_staff(session: Session, store_id: str) -> list[StaffMember]:
    """A store's staff, past ones included, by name."""
    return list(session.scalars(select(StaffMember).where(StaffMember.store_id == store_id)
                                .order_by(StaffMember.name, StaffMember.id)))


def staff_list(session: Session, store_id: str) -> StaffList:
    """What a till of ``store_id`` is given (``GET /v1/staff``)."""
    return StaffList(store_id=store_id, staff=[record(s) for s in store_staff(session, store_id)])


def record(row: StaffMember) -> StaffRecord:
    """The protocol form of a staff row."""
    return StaffRecord(id=row.id, name=row.name, role=row.role,  # type: ignore[arg-type]
                       pin_hash=row.pin_hash, active_from=row.active_from,
                       active_to=row.active_to)


class Approvers:
    """Checks ``approved_by`` ids against the staff registry (read once per push)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._rows: dict[str, StaffMember | None] = {}

    def load(self, ids: Iterable[str | None]) -> None:
        """Read the staff rows of ``ids`` not read yet (one query)."""
        wanted = {i for i in ids if i and i not in self._rows}
        if not wanted:
            return
        for i in wanted:
            self._rows[i] = None
        for row in self.session.scalars(select(StaffMember).where(
                in_values(self.session, StaffMember.id, wanted))):
            self._rows[row.id] = row

    def problem(self, staff_id: str | None, store_id: str, day: date) -> str | None:
        """Why ``staff_id`` cannot approve at ``store_id`` on ``day`` (a reason code of
        :data:`APPROVAL_MESSAGES`), or None: a manager of that store, active that day."""
        if not staff_id:
            return "approval_missing"
        self.load([staff_id])
        row = self._rows.get(staff_id)
        if row is None:
            return "approver_unknown"
        if row.store_id != store_id:
            return "approver_other_store"
        if row.role != "manager":
            return "approver_not_manager"
        if day < row.active_from or (row.active_to is not None and day > row.active_to):
            return "approver_inactive"
        return None
