"""A store's staff as central knows them: the record its tills fetch, and the feed's
``staff.changed`` that tells them to (it names the store only, so no PIN hash travels to
another store's tills)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import StringConstraints

from loyalty.records.base import Record
from loyalty.records.fields import Ident, Uuid

StaffRole = Literal["cashier", "manager"]
PinHash = Annotated[str, StringConstraints(
    max_length=200, pattern=r"^scrypt\$\d{1,7}\$\d{1,3}\$\d{1,3}\$[0-9a-f]{32}\$[0-9a-f]{128}$")]
"""A PIN as :func:`loyalty.pins.hash_pin` keeps it (salted scrypt), never a PIN."""
StaffName = Annotated[str, StringConstraints(min_length=1, max_length=40, strip_whitespace=True,
                                             pattern=r"^[^\x00-\x1f]+$")]


class StaffChanged(Record):
    """Data of ``staff.changed``: head office (or a till's first-run wizard) changed a
    store's staff; each till of that store fetches its list (``GET /v1/staff``)."""

    store_id: Ident


class StaffRecord(Record):
    """One of a store's staff (``active_to``: the last day they may act, None while
    open-ended)."""

    id: Uuid
    name: StaffName
    role: StaffRole
    pin_hash: PinHash
    active_from: date
    active_to: date | None = None
