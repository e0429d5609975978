"""A registered till's cashiers and managers as central's staff registry has them.

Central sends the store's whole staff list (ids, names, roles, PIN hashes in this module's
scheme, first and last days). Each becomes a ``cashiers`` row under central's id — the id
an approval names, and central checks — active while ``today`` is within their days. Staff
central no longer lists, or whose last day has passed, are deactivated; cashiers made on
this till before it took staff from central are left as they were, but a local one whose
name a central staff member now has is renamed (names are unique on the till).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, insert, select, update

from loyalty.store.schema import cashiers


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One staff member as central sends them."""

    id: str
    name: str
    role: str
    pin_hash: str
    active_from: date
    active_to: date | None


def apply_staff(conn: Connection, staff: Iterable[StaffRow], today: date,
                now: datetime) -> int:
    """Make this till's central staff rows match ``staff``; returns how many are active."""
    wanted = {s.id: s for s in staff}
    known = {r.id: r for r in conn.execute(select(cashiers))}
    for row in known.values():  # central's rows it no longer lists
        if row.from_central and row.id not in wanted and row.active:
            conn.execute(update(cashiers).where(cashiers.c.id == row.id).values(active=False))
    active = 0
    for s in sorted(wanted.values(), key=lambda s: s.id):
        on = s.active_from <= today and (s.active_to is None or today <= s.active_to)
        active += on
        for clash in conn.execute(select(cashiers.c.id, cashiers.c.from_central).where(
                cashiers.c.name == s.name, cashiers.c.id != s.id)):
            suffix = f" ({clash.id[:4]})"
            conn.execute(update(cashiers).where(cashiers.c.id == clash.id).values(
                name=s.name[:40 - len(suffix)] + suffix,
                active=False if clash.from_central else cashiers.c.active))
        values = {"name": s.name, "role": s.role, "pin_hash": s.pin_hash, "active": on,
                  "from_central": True}
        if s.id in known:
            old = known[s.id]
            if old.pin_hash != s.pin_hash:  # a new PIN: the old lock-out no longer applies
                values.update(failed_attempts=0, locked_until=None)
            conn.execute(update(cashiers).where(cashiers.c.id == s.id).values(**values))
        else:
            conn.execute(insert(cashiers).values(id=s.id, created_at=now, **values))
    return active
