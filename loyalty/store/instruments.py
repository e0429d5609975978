"""Instruments at the counter: list a member's, redeem one (offline within the program's
policy), sell and refund prepaid passes, stamp a sale's cards, issue the birthday gift and a
card's reward, and take a voided sale's stamps back (``docs/programs.md``).

Every function writes the instrument entry, the instrument's ``remaining``, the outbox
operation (``instrument.entry``) and the audit row in the caller's transaction. Issues that
central or another till may also make use the derived ids of :mod:`loyalty.programs`, so
central applies them once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, func, insert, select, update

from loyalty.errors import InvalidInput, NotFound, NotPermitted
from loyalty.ids import new_id
from loyalty.instruments import (
    InstrumentRefused,
    check_units,
    check_usable,
    decide_offline,
    refund_amount,
    stamps_now,
    usable,
)
from loyalty.offline import usage_since
from loyalty.programs import (
    Program,
    issue_entry_id,
)
from loyalty.records import InstrumentEntry, payload_json
from loyalty.rules import Rules
from loyalty.store.cipher import driver_connection
from loyalty.store.context import TillContext
from loyalty.store.journal import OutboxBatch, audit, queue
from loyalty.store.keyvalue import get_state
from loyalty.store.members import resolve_id
from loyalty.store.schema import (
    UtcDateTime,
    instrument_ledger,
    instruments,
    members,
    utc_text,
)
from loyalty.text import clean_receipt_no

_SERIAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a slip


@dataclass(frozen=True, slots=True)
class InstrumentView:
    """One instrument as the member panel shows it. ``remaining``: what is left (a stamp
    card: stamps ever earned); ``stamps_now``: a stamp card's stamps towards the next
    reward; ``badge``: ``"birthday"`` for this year's birthday gift."""

    instrument_id: str
    program_id: str
    kind: str
    name_zh: str
    name_en: str
    remaining: int
    units: int
    stamps_now: int | None
    expires_on: date | None
    serial: str | None
    badge: str | None
    usable: bool


@dataclass(frozen=True, slots=True)
class InstrumentChange:
    """One instrument entry written here and the instrument after it (for the slip)."""

    entry_id: str
    instrument_id: str
    program_id: str
    member_id: str
    kind: str  # the entry's kind: issue, stamp, redeem, reverse, refund
    instrument_kind: str  # the program's kind: coupon, stamp_card, prepaid_pass…
    units: int
    remaining: int
    stamps_now: int | None = None
    serial: str | None = None
    amount: Decimal | None = None
    offline: bool = False
    outbox_seq: int = 0


# --- reading -------------------------------------------------------------------------------
_OF_MEMBER = (select(instruments).where(instruments.c.member_id == bindparam("mid"))
              .order_by(instruments.c.issued_at))


def list_instruments(conn: Connection, rules: Rules, member_id: str,
                     today: date) -> tuple[InstrumentView, ...]:
    """The member's instruments worth showing: every stamp card and whatever still has
    something left (one indexed read, by member)."""
    views = []
    for row in conn.execute(_OF_MEMBER, {"mid": member_id}):
        if row.kind != "stamp_card" and row.remaining <= 0:
            continue
        views.append(_view(rules, row, today))
    return tuple(views)


def _view(rules: Rules, row: Row[Any], today: date) -> InstrumentView:
    program = rules.program(row.program_id)
    card = row.kind == "stamp_card"
    units = program.units if program is not None else max(row.units_issued, 1)
    issued_year = row.issued_at.year if row.issued_at is not None else None
    return InstrumentView(
        instrument_id=row.id, program_id=row.program_id, kind=row.kind,
        name_zh=program.name_zh if program else row.program_id,
        name_en=program.name_en if program else row.program_id,
        remaining=int(row.remaining), units=units if card else int(row.units_issued),
        stamps_now=stamps_now(row.remaining, units) if card else None,
        expires_on=row.expires_on, serial=row.serial,
        badge="birthday" if row.kind == "birthday_gift" and issued_year == today.year
        else None,
        usable=not card and usable(row.remaining, row.expires_on, today))


_ONE = select(instruments).where(instruments.c.id == bindparam("id"))


def _instrument(conn: Connection, instrument_id: str) -> Row[Any]:
    row = conn.execute(_ONE, {"id": instrument_id}).first()
    if row is None:
        raise NotFound("No such coupon, pass or card.")
    return row


def program_of(rules: Rules, program_id: str) -> Program:
    program = rules.program(program_id)
    if program is None:
        raise InstrumentRefused("Head office no longer runs this program.",
                                code="instrument_program")
    return program


# --- writing -------------------------------------------------------------------------------
_INSERT_ENTRY = insert(instrument_ledger)
_MOVE = (update(instruments).where(instruments.c.id == bindparam("iid"))
         .values(remaining=instruments.c.remaining + bindparam("u"))
         .returning(instruments.c.remaining))


_ENTRY_COLUMNS = ("id", "instrument_id", "program_id", "member_id", "kind", "units",
                  "amount_cents", "currency", "serial", "store_id", "terminal_id", "cashier_id",
                  "receipt_no", "occurred_at", "expires_on", "ref_entry_id", "offline",
                  "approved_by", "source", "state", "sale_entry_id")
_INSERT_SQL = (f"INSERT INTO instrument_ledger ({', '.join(_ENTRY_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(_ENTRY_COLUMNS))})")
_MOVE_SQL = "UPDATE instruments SET remaining = remaining + ? WHERE id = ? RETURNING remaining"
_NEW_SQL = ("INSERT INTO instruments (id, program_id, member_id, kind, units_issued, remaining,"
            " serial, expires_on, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


def write_entry(conn: Connection, entry: InstrumentEntry, instrument_kind: str,
                now: datetime, *, sale_entry_id: str | None = None,
                ops: OutboxBatch | None = None, fresh: bool = False) -> InstrumentChange:
    """Insert the entry (validated: nothing central would refuse is written), keep the
    instrument's ``remaining``, and queue the operation for central (in ``ops``, the
    action's batch, when given). ``fresh``: the entry issues an instrument the caller
    found absent in this transaction. The writes run on the driver's cached statements:
    a sale's stamp, and the reward it may cause, are on the award's path."""
    db = driver_connection(conn.connection.driver_connection)
    db.execute(_INSERT_SQL, (
        entry.entry_id, entry.instrument_id, entry.program_id, entry.member_id, entry.kind,
        entry.units, None if entry.amount is None else int(entry.amount * 100),
        entry.currency, entry.serial, entry.store_id, entry.terminal_id, entry.cashier_id,
        entry.receipt_no, utc_text(entry.occurred_at),
        None if entry.expires_on is None else entry.expires_on.isoformat(),
        entry.ref_entry_id, int(entry.offline), entry.approved_by, "local", "pending",
        sale_entry_id))
    if fresh and entry.kind == "issue":
        db.execute(_NEW_SQL, (
            entry.instrument_id, entry.program_id, entry.member_id, instrument_kind,
            entry.units, entry.units, entry.serial,
            None if entry.expires_on is None else entry.expires_on.isoformat(),
            utc_text(entry.occurred_at)))
        remaining = entry.units
    else:
        moved = None if entry.kind == "issue" else db.execute(
            _MOVE_SQL, (entry.units, entry.instrument_id)).fetchall()
        remaining = int(moved[0][0]) if moved else keep_instrument(conn, entry, instrument_kind)
    seq = queue(conn, ops, "instrument.entry", payload_json(entry), now)
    return InstrumentChange(entry.entry_id, entry.instrument_id, entry.program_id,
                            entry.member_id, entry.kind, instrument_kind, entry.units,
                            remaining, serial=entry.serial, amount=entry.amount,
                            offline=entry.offline, outbox_seq=seq)


def row_values(entry: InstrumentEntry, source: str, state: str) -> dict[str, Any]:
    """An ``instrument_ledger`` row of an entry."""
    values = entry.model_dump(exclude={"entry_id", "amount"})
    values = {k: v for k, v in values.items() if k in instrument_ledger.c}
    return values | {
        "id": entry.entry_id, "source": source, "state": state,
        "amount_cents": None if entry.amount is None else int(entry.amount * 100)}


def keep_instrument(conn: Connection, entry: InstrumentEntry, instrument_kind: str,
                    member_id: str | None = None) -> int:
    """Move the instrument's ``remaining`` by the entry (creating the row at its issue, or
    at a card's first stamp); returns what is left."""
    remaining = conn.execute(_MOVE, {"iid": entry.instrument_id, "u": entry.units}).scalar()
    if remaining is not None:
        if entry.kind == "issue":
            conn.execute(update(instruments).where(instruments.c.id == entry.instrument_id)
                         .values(units_issued=entry.units, serial=entry.serial,
                                 expires_on=entry.expires_on, issued_at=entry.occurred_at))
        return int(remaining)
    conn.execute(insert(instruments).values(
        id=entry.instrument_id, program_id=entry.program_id,
        member_id=member_id or entry.member_id, kind=instrument_kind,
        units_issued=entry.units if entry.kind == "issue" else 0, remaining=entry.units,
        serial=entry.serial, expires_on=entry.expires_on, issued_at=entry.occurred_at))
    return entry.units


def new_entry(ctx: TillContext, now: datetime, **fields: Any) -> InstrumentEntry:
    base = {"entry_id": new_id(), "store_id": ctx.store_id, "terminal_id": ctx.terminal_id,
            "cashier_id": ctx.cashier_id, "occurred_at": now}
    try:
        return InstrumentEntry(**(base | fields))
    except ValueError as exc:
        raise InvalidInput(f"That cannot be recorded: {exc}"[:200],
                           code="instrument_invalid") from None


_MEMBER: Select[Any] = select(members.c.id, members.c.tier, members.c.status,
                 members.c.birthday_month).where(members.c.id == bindparam("id"))


def _member(conn: Connection, member_id: str) -> Row[Any]:
    row = conn.execute(_MEMBER, {"id": resolve_id(conn, member_id)}).first()
    if row is None or row.status in ("erased", "merged"):
        raise NotFound("No such member.")
    return row


# --- redeem --------------------------------------------------------------------------------
def offline_redemptions(conn: Connection, terminal_id: str, program_id: str,
                        now: datetime) -> int:
    """This terminal's offline redemptions of the program in its current offline period."""
    since = usage_since(get_state_time(conn), now)
    query = select(func.count()).where(
        instrument_ledger.c.terminal_id == terminal_id, instrument_ledger.c.kind == "redeem",
        instrument_ledger.c.offline.is_(True), instrument_ledger.c.program_id == program_id,
        instrument_ledger.c.state != "rejected")
    if since is not None:
        query = query.where(instrument_ledger.c.occurred_at >= bindparam(
            "since", since, type_=UtcDateTime()))
    return int(conn.execute(query).scalar_one())


def get_state_time(conn: Connection) -> datetime | None:
    value = get_state(conn, "last_sync_at", None)
    if value is None:
        return None
    return datetime.fromisoformat(str(value))


def redeem(conn: Connection, ctx: TillContext, rules: Rules, instrument_id: str, units: int,
           now: datetime, *, receipt_no: str | None = None, approved_by: str | None = None,
           offline: bool = True, entry_id: str | None = None,
           authorised: bool = False) -> InstrumentChange:
    """Use ``units`` of an instrument. ``offline``: central was not asked, so the program's
    offline policy and what this till last saw decide; ``authorised``: central approved it
    already (its balance is the truth; ours may lag)."""
    row = _instrument(conn, instrument_id)
    if row.kind == "stamp_card":
        raise InstrumentRefused("A stamp card is not redeemed; its rewards are.",
                                code="instrument_kind")
    program = program_of(rules, row.program_id)
    check_units(program, units)
    member = _member(conn, row.member_id)
    if not authorised:
        check_usable(int(row.remaining), units, row.expires_on, now.astimezone(ctx.tz).date())
        if offline:
            decide_offline(program, int(row.remaining), units, offline_redemptions(
                conn, ctx.terminal_id, program.program_id, now))
    entry = new_entry(ctx, now, entry_id=entry_id or new_id(), instrument_id=row.id,
                   program_id=row.program_id, member_id=member.id, kind="redeem",
                   units=-units, receipt_no=clean_receipt_no(receipt_no), offline=offline,
                   approved_by=approved_by)
    change = write_entry(conn, entry, row.kind, now)
    audit(conn, ctx, "instrument.redeem", member.id, now, entry=entry.entry_id,
          instrument=row.id, units=units, offline=offline, approved_by=approved_by)
    return change


# --- prepaid passes ------------------------------------------------------------------------
def new_serial() -> str:
    """A prepaid pass's printed serial (``P`` + 11 characters, easy to read aloud)."""
    return "P" + "".join(secrets.choice(_SERIAL_ALPHABET) for _ in range(11))


def expires_for(program: Program, day: date) -> date | None:
    return None if program.valid_days is None else day + timedelta(days=program.valid_days)


def _held(conn: Connection, member_id: str, program_id: str) -> int:
    return int(conn.execute(select(func.count()).where(
        instruments.c.member_id == member_id, instruments.c.program_id == program_id)
    ).scalar_one())


def sell_pass(conn: Connection, ctx: TillContext, rules: Rules, member_id: str,
              program_id: str, now: datetime, *, receipt_no: str | None) -> InstrumentChange:
    """Sell a prepaid pass (the sale is the e-invoice): an ``issue`` of the program's cups,
    ``amount`` = its price, with a new serial number."""
    program = program_of(rules, program_id)
    if program.kind != "prepaid_pass":
        raise InstrumentRefused("Only a prepaid pass can be sold at the counter.",
                                code="instrument_kind")
    member = _member(conn, member_id)
    day = now.astimezone(ctx.tz).date()
    _check_issuable(conn, program, member, ctx, day)
    instrument_id = new_id()
    entry = new_entry(ctx, now, entry_id=issue_entry_id(instrument_id),
                   instrument_id=instrument_id, program_id=program.program_id,
                   member_id=member.id, kind="issue", units=program.units,
                   amount=program.price, currency=rules.currency.value, serial=new_serial(),
                   receipt_no=clean_receipt_no(receipt_no), expires_on=expires_for(program, day))
    change = write_entry(conn, entry, program.kind, now)
    audit(conn, ctx, "instrument.sell", member.id, now, entry=entry.entry_id,
          instrument=instrument_id, program=program.program_id, serial=entry.serial,
          price=str(program.price))
    return change


def _check_issuable(conn: Connection, program: Program, member: Row[Any], ctx: TillContext,
                    day: date) -> None:
    if not program.running_on(day):
        raise InstrumentRefused("This program is not running today.",
                                code="instrument_program")
    if not program.eligible(member.tier, ctx.store_id):
        raise InstrumentRefused("This member cannot take part in this program here.",
                                code="instrument_not_eligible")
    if program.per_member_limit is not None and _held(
            conn, member.id, program.program_id) >= program.per_member_limit:
        raise InstrumentRefused("This member already holds as many as the program allows.",
                                code="instrument_limit")


def refund_pass(conn: Connection, ctx: TillContext, rules: Rules, instrument_id: str,
                now: datetime, *, manager_id: str) -> InstrumentChange:
    """Refund a prepaid pass's unused cups at the chain's price rule. Managers only (the
    caller verified ``manager_id``'s PIN)."""
    if ctx.cashier_role != "manager" and not manager_id:
        raise NotPermitted("Only a manager can refund a pass.")
    row = _instrument(conn, instrument_id)
    program = program_of(rules, row.program_id)
    cups = int(row.remaining)
    amount = refund_amount(program, cups)
    entry = new_entry(ctx, now, instrument_id=row.id, program_id=row.program_id,
                   member_id=_member(conn, row.member_id).id, kind="refund", units=-cups,
                   amount=amount, currency=rules.currency.value, approved_by=manager_id)
    change = write_entry(conn, entry, row.kind, now)
    audit(conn, ctx, "instrument.refund", entry.member_id, now, entry=entry.entry_id,
          instrument=row.id, cups=cups, amount=str(amount), manager=manager_id)
    return change


def instrument_row(conn: Connection, instrument_id: str) -> Row[Any]:
    """The instrument's row (raises :class:`NotFound`)."""
    return _instrument(conn, instrument_id)
