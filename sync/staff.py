"""A registered till takes its store's staff from central.

The feed's ``staff.changed`` names a store only; a till of that store marks its staff as
pending and fetches the list (``GET /v1/staff``) in the same sync round — so PIN hashes go to
the store's own tills and nowhere else, and the feed stays the one thing every till reads.
Registration marks them pending too. The first-run wizard's first manager is made at central
(:func:`create_first_manager`) so approvals name an id central knows.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine

from loyalty.dates import local_date
from loyalty.ids import new_id
from loyalty.pins import hash_pin, validate_pin
from loyalty.store.cashiers import Cashier
from loyalty.store.keyvalue import get_setting, get_state, put_state
from loyalty.store.staff_sync import StaffRow, apply_staff
from sync.client import CentralClient
from sync.protocol import FirstManagerRequest, StaffList
from sync.state import identity

log = logging.getLogger(__name__)
STAFF_PENDING = "staff_pending"


def staff_changed(conn: Connection, store_id: str) -> None:
    """A ``staff.changed`` change: this till fetches its staff when it is its store's."""
    ident = identity(conn)
    if ident is not None and ident.store_id == store_id:
        put_state(conn, STAFF_PENDING, True)


def staff_pending(conn: Connection) -> bool:
    return bool(get_state(conn, STAFF_PENDING))


def fetch_staff(engine: Engine, client: CentralClient, now: datetime) -> int:
    """Take central's staff list for this store and clear the pending mark (one
    transaction); returns how many are active today."""
    answer = client.staff()
    with engine.begin() as conn:
        active = store_staff(conn, answer, now)
        put_state(conn, STAFF_PENDING, None)
    log.info("staff from central: %d listed, %d active", len(answer.staff), active)
    return active


def store_staff(conn: Connection, answer: StaffList, now: datetime) -> int:
    """Write central's staff list into the till's cashiers (store-local today)."""
    today = local_date(now, ZoneInfo(get_setting(conn, "tz", "Asia/Taipei")))
    return apply_staff(conn, [StaffRow(s.id, s.name, s.role, s.pin_hash, s.active_from,
                                       s.active_to) for s in answer.staff], today, now)


def create_first_manager(client: CentralClient, name: str, pin: str) -> tuple[str, str]:
    """Make the store's first manager at central (blocking; off the UI thread). Only the
    PIN's hash leaves the till. Returns ``(staff id, PIN hash)`` to store locally.

    Raises:
        Rejected: central refused (``store_has_staff``: head office made this store's staff).
    """
    validate_pin(pin)
    request = FirstManagerRequest(id=new_id(), name=name.strip(), pin_hash=hash_pin(pin))
    record = client.first_manager(request)
    return record.id, record.pin_hash


def manager_row(conn: Connection, staff_id: str, name: str, pin_hash: str,
                now: datetime) -> Cashier:
    """The first manager central made, as this till's cashier row."""
    today = local_date(now, ZoneInfo(get_setting(conn, "tz", "Asia/Taipei")))
    apply_staff(conn, [StaffRow(staff_id, name.strip(), "manager", pin_hash, today, None)],
                today, now)
    return Cashier(staff_id, name.strip(), "manager")
