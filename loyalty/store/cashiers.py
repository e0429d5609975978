"""Cashiers and managers: salted slow PIN hashes, roles, lock-out after wrong PINs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select, update

from loyalty.dates import utc_now
from loyalty.errors import AuthenticationFailed, InvalidInput
from loyalty.ids import new_id
from loyalty.pins import check_pin, hash_pin, validate_pin
from loyalty.store.schema import cashiers

ROLES = ("cashier", "manager")
MAX_FAILED = 5
LOCKOUT = timedelta(minutes=5)



@dataclass(frozen=True, slots=True)
class Cashier:
    id: str
    name: str
    role: str

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


def create_cashier(conn: Connection, name: str, role: str, pin: str,
                   now: datetime | None = None) -> Cashier:
    name = name.strip()
    if not name:
        raise InvalidInput("Enter the cashier's name.", code="cashier_name_empty")
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}.", code="cashier_role")
    validate_pin(pin)
    exists = conn.execute(select(cashiers.c.id).where(cashiers.c.name == name)).first()
    if exists:
        raise InvalidInput(f"A cashier named {name} already exists.", code="cashier_exists")
    cashier = Cashier(new_id(), name, role)
    conn.execute(insert(cashiers).values(id=cashier.id, name=name, role=role,
                                         pin_hash=hash_pin(pin), created_at=now or utc_now()))
    return cashier


def list_cashiers(conn: Connection) -> list[Cashier]:
    rows = conn.execute(select(cashiers.c.id, cashiers.c.name, cashiers.c.role)
                        .where(cashiers.c.active).order_by(cashiers.c.name))
    return [Cashier(r.id, r.name, r.role) for r in rows]


def has_manager(conn: Connection) -> bool:
    return bool(conn.execute(select(func.count()).select_from(cashiers).where(
        cashiers.c.role == "manager", cashiers.c.active)).scalar_one())


@dataclass(frozen=True, slots=True)
class SignInResult:
    """A cashier on success, else the error to show. A failure is *returned*, not raised,
    so the caller's transaction still commits the wrong-PIN count."""

    cashier: Cashier | None
    error: AuthenticationFailed | None = None

    def unwrap(self) -> Cashier:
        if self.cashier is None:
            assert self.error is not None
            raise self.error
        return self.cashier


def authenticate(conn: Connection, cashier_id: str, pin: str,
                 now: datetime | None = None) -> SignInResult:
    """Check a PIN; five wrong PINs lock the cashier for five minutes."""
    try:
        return SignInResult(_authenticate(conn, cashier_id, pin, now or utc_now()))
    except AuthenticationFailed as err:
        return SignInResult(None, err)


def _authenticate(conn: Connection, cashier_id: str, pin: str, now: datetime) -> Cashier:
    row = conn.execute(select(cashiers).where(cashiers.c.id == cashier_id,
                                              cashiers.c.active)).first()
    if row is None:
        raise AuthenticationFailed("Unknown cashier.", code="auth_unknown")
    if row.locked_until is not None and row.locked_until > now:
        minutes = max(1, int((row.locked_until - now).total_seconds() // 60) + 1)
        raise AuthenticationFailed(f"Too many wrong PINs. Try again in {minutes} min.",
                                   code="auth_locked")
    if not check_pin(pin, row.pin_hash):
        failed = row.failed_attempts + 1
        locked = now + LOCKOUT if failed >= MAX_FAILED else None
        conn.execute(update(cashiers).where(cashiers.c.id == cashier_id).values(
            failed_attempts=0 if locked else failed, locked_until=locked))
        raise AuthenticationFailed("Wrong PIN.", code="auth_wrong_pin")
    if row.failed_attempts:
        conn.execute(update(cashiers).where(cashiers.c.id == cashier_id)
                     .values(failed_attempts=0, locked_until=None))
    return Cashier(row.id, row.name, row.role)
