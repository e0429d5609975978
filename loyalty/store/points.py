"""Points at the counter: award for a sale, redeem as a discount, void, anonymous sales.

Each function writes the ledger entry, the cached balance, the outbox operation and the
audit row in the caller's transaction, and returns what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Row, bindparam, func, insert, select, update

from loyalty.einvoice import DuplicateInvoice
from loyalty.errors import (
    DuplicateReceipt,
    InvalidInput,
    NotFound,
    NotPermitted,
)
from loyalty.identity import CENTRAL
from loyalty.ids import new_id
from loyalty.money import Money
from loyalty.records import payload_json
from loyalty.redemption import decide_redemption
from loyalty.rules import Rules
from loyalty.spend import spend_window
from loyalty.store import cipher
from loyalty.store.chain import link_entry
from loyalty.store.context import TillContext
from loyalty.store.entry_rows import entry_from_row
from loyalty.store.instruments import InstrumentChange
from loyalty.store.journal import OutboxBatch, audit, queue
from loyalty.store.members import resolve_id
from loyalty.store.schema import UtcDateTime, anonymous_sales, ledger, members, utc_text
from loyalty.store.summaries import entry_written
from loyalty.text import clean_receipt_no
from loyalty.voids import can_void

# Hot-path statements, built once (building a Core statement costs more than running it).
_MEMBER = select(members).where(members.c.id == bindparam("id"))
_RECEIPT_USED = select(ledger.c.id).where(
    ledger.c.store_id == bindparam("store"), ledger.c.receipt_no == bindparam("receipt"),
    ledger.c.kind == "earn")
_UNDO = ledger.alias("undo")
# loyalty.spend's rule: earns in the window that no reverse undid and central did not reject.
_SPEND = select(func.coalesce(func.sum(ledger.c.sale_cents), 0)).where(
    ledger.c.member_id == bindparam("mid"), ledger.c.kind == "earn",
    ledger.c.state != "rejected",
    ledger.c.occurred_at >= bindparam("since", type_=UtcDateTime()),
    ledger.c.occurred_at < bindparam("until", type_=UtcDateTime()),
    ~select(_UNDO.c.id).where(_UNDO.c.ref_entry_id == ledger.c.id, _UNDO.c.kind == "reverse",
                              _UNDO.c.state != "rejected").exists())


@dataclass(frozen=True, slots=True)
class PointsChange:
    """One ledger entry written, and the member's balances after it."""

    entry_id: str
    member_id: str
    kind: str
    points: int
    balance: int
    pending: int
    outbox_seq: int
    # What the sale (or its void) did to the member's instruments: stamps, rewards, gifts.
    instruments: tuple[InstrumentChange, ...] = ()


def _member_row(conn: Connection, member_id: str) -> tuple[str, Row[Any]]:
    canonical = resolve_id(conn, member_id)
    row = conn.execute(_MEMBER, {"id": canonical}).first()
    if row is None or row.status == "erased":
        raise NotFound("No such member.")
    return canonical, row


def _write_entry(conn: Connection, ctx: TillContext, now: datetime, values: dict[str, Any],
                 wire_extra: dict[str, Any] | None = None, ops: OutboxBatch | None = None
                 ) -> PointsChange:
    """Insert the entry, move the cached balances, queue it for central (``wire_extra``:
    fields only the operation carries, such as an e-invoice's date; ``ops``: the action's
    batch of operations, else queued at once)."""
    points = int(values["points"])
    member_id = str(values["member_id"])
    entry = _ENTRY_DEFAULTS | values
    payload = entry_payload(entry)  # validated first: nothing central would refuse is written
    db = cipher.driver_connection(conn.connection.driver_connection)
    db.execute(_INSERT_ENTRY_SQL, tuple(
        _TO_COLUMN.get(name, _same)(entry[name]) for name in _LEDGER_COLUMNS))
    link_entry(conn, entry)
    now_text = utc_text(now)
    balance, pending = db.execute(_MOVE_BALANCE_SQL, (
        points, points, now_text, now_text if values["kind"] == "earn" else None,
        member_id)).fetchall()[0]
    seq = queue(conn, ops, "ledger.entry", payload | (wire_extra or {}), now)
    entry_written(conn, member_id, values)
    return PointsChange(str(values["id"]), member_id, str(values["kind"]), points,
                        int(balance), int(pending), seq)


# The entry's writes run on the driver's cached statements (every award makes them).
_LEDGER_COLUMNS = ("id", "member_id", "kind", "points", "sale_cents", "currency", "store_id",
                   "terminal_id", "cashier_id", "receipt_no", "occurred_at", "rules_version",
                   "expires_on", "ref_entry_id", "offline", "approved_by", "state")
_INSERT_ENTRY_SQL = (f"INSERT INTO ledger ({', '.join(_LEDGER_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(_LEDGER_COLUMNS))})")
_MOVE_BALANCE_SQL = ("UPDATE members SET balance = balance + ?, pending_points ="
                     " pending_points + ?, updated_at = ?, last_visit_at = coalesce(?,"
                     " last_visit_at) WHERE id = ? RETURNING balance, pending_points")


def _same(value: Any) -> Any:
    return value


def _iso_day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


# As the columns' types store them (UtcDateTime, IsoDate, Boolean).
_TO_COLUMN: dict[str, Any] = {"occurred_at": utc_text, "expires_on": _iso_day,
                              "offline": lambda v: int(bool(v))}


def entry_payload(values: dict[str, Any]) -> dict[str, Any]:
    """The ``ledger.entry`` operation of a till row's values, as sent to central: the
    :class:`~loyalty.records.LedgerEntry` they hold, in JSON types."""
    return payload_json(entry_from_row(values))


_ENTRY_DEFAULTS: dict[str, Any] = {
    "sale_cents": None, "currency": None, "receipt_no": None, "expires_on": None,
    "ref_entry_id": None, "offline": False, "approved_by": None, "state": "pending"}


def _base(ctx: TillContext, member_id: str, now: datetime, rules: Rules) -> dict[str, Any]:
    return {"member_id": member_id, "store_id": ctx.store_id, "terminal_id": ctx.terminal_id,
            "cashier_id": ctx.cashier_id, "occurred_at": now, "rules_version": rules.version}


def award_points(conn: Connection, ctx: TillContext, rules: Rules, member_id: str, sale: Money,
                 now: datetime, *, receipt_no: str | None = None,
                 entry_id: str | None = None, invoice_date: date | None = None
                 ) -> PointsChange:
    """Credit a sale. One POS receipt of this store earns once (even under a new entry id).

    ``invoice_date``: ``receipt_no`` is the number of a Taiwan e-invoice issued that day,
    which earns once chain-wide (central decides; here the entries the feed brought from
    other tills are checked too, so the cashier hears when and where it earned)."""
    return award_sale(conn, ctx, rules, member_id, sale, now, receipt_no=receipt_no,
                      entry_id=entry_id, invoice_date=invoice_date)[0]


def award_sale(conn: Connection, ctx: TillContext, rules: Rules, member_id: str, sale: Money,
               now: datetime, *, receipt_no: str | None = None, entry_id: str | None = None,
               invoice_date: date | None = None, ops: OutboxBatch | None = None
               ) -> tuple[PointsChange, Row[Any]]:
    """:func:`award_points`, also giving the member's row as read for it (the sale's
    instruments use it instead of reading it again); ``ops``: the sale's operations."""
    if sale.amount <= 0:
        raise InvalidInput("The amount must be more than zero.", code="amount_zero")
    receipt_no = clean_receipt_no(receipt_no)
    canonical, row = _member_row(conn, member_id)
    local_day = now.astimezone(ctx.tz).date()
    birthday = row.birthday_month == local_day.month
    points = rules.earn_points(sale, provisional_tier(conn, rules, canonical, now, ctx.tz,
                                                      stored=str(row.tier)),
                               birthday_month=birthday)
    values = _base(ctx, canonical, now, rules) | {
        "id": entry_id or new_id(), "kind": "earn", "points": points,
        "sale_cents": int(sale.amount * 100), "currency": sale.currency.value,
        "receipt_no": receipt_no, "expires_on": rules.expires_on(local_day), "offline": False,
    }
    # The unique index is the guarantee; this check only gives the cashier a clear message.
    if receipt_no and invoice_date is not None:
        _check_invoice(conn, receipt_no, invoice_date, ctx.tz)
    if receipt_no and _receipt_used(conn, ctx.store_id, receipt_no):
        raise DuplicateReceipt(f"Receipt {receipt_no} already earned points.")
    change = _write_entry(conn, ctx, now, values, None if invoice_date is None else {
        "invoice_date": invoice_date.isoformat()}, ops)
    audit(conn, ctx, "points.award", canonical, now, entry=change.entry_id, points=points,
          sale=str(sale.amount), receipt=receipt_no)
    return change, row


_INVOICE_EARNED = (select(ledger.c.occurred_at, ledger.c.store_id, ledger.c.terminal_id)
                   .where(ledger.c.receipt_no == bindparam("receipt"), ledger.c.kind == "earn",
                          ledger.c.state != "rejected",
                          ledger.c.occurred_at >= bindparam("since", type_=UtcDateTime()))
                   .order_by(ledger.c.occurred_at).limit(1))


def _check_invoice(conn: Connection, number: str, issued_on: date, tz: ZoneInfo) -> None:
    """An earn under this invoice number at any store since the invoice was issued (an
    earlier one was another period's invoice of the same number)."""
    since = datetime.combine(issued_on, time(0), tz)
    row = conn.execute(_INVOICE_EARNED, {"receipt": number, "since": since}).first()
    if row is not None:
        raise DuplicateInvoice(number, row.occurred_at, row.store_id, row.terminal_id)


def _receipt_used(conn: Connection, store_id: str, receipt_no: str) -> bool:
    return conn.execute(_RECEIPT_USED, {"store": store_id, "receipt": receipt_no}
                        ).first() is not None


def redeem_points(conn: Connection, ctx: TillContext, rules: Rules, member_id: str, points: int,
                  now: datetime, *, sale: Money | None = None, approved_by: str | None = None,
                  offline: bool = False, receipt_no: str | None = None,
                  entry_id: str | None = None, authorised: bool = False,
                  proven_by: str | None = None) -> PointsChange:
    """Spend points as a discount. Above the approval threshold a manager must have approved
    (``approved_by`` is a manager id the caller verified by PIN). ``authorised``: central
    already approved and recorded it (its balance is the truth; ours may lag), so the local
    balance check is skipped — the customer has the discount either way. ``proven_by``:
    how the member was proven for this sale (:mod:`loyalty.identity`)."""
    canonical, row = _member_row(conn, member_id)
    decide_redemption(rules, points, None if authorised else int(row.balance), sale,
                      approved_by=approved_by,
                      proven_by=CENTRAL if authorised else proven_by).require_approval()
    values = _base(ctx, canonical, now, rules) | {
        "id": entry_id or new_id(), "kind": "redeem", "points": -points,
        "sale_cents": int(sale.amount * 100) if sale else None,
        # Central refuses a currency without a sale amount (and vice versa).
        "currency": sale.currency.value if sale else None,
        "receipt_no": clean_receipt_no(receipt_no), "offline": offline, "approved_by": approved_by,
    }
    change = _write_entry(conn, ctx, now, values)
    audit(conn, ctx, "points.redeem", canonical, now, entry=change.entry_id, points=points,
          offline=offline, approved_by=approved_by)
    return change


def void_entry(conn: Connection, ctx: TillContext, rules: Rules, entry_id: str, now: datetime,
               *, manager_id: str, reason: str) -> PointsChange:
    """Undo an entry with a ``reverse`` entry (never a deletion). Managers only."""
    if ctx.cashier_role != "manager" and not manager_id:
        raise NotPermitted("Only a manager can void.")
    if not reason.strip():
        raise InvalidInput("Give a reason for the void.", code="void_reason")
    original = conn.execute(select(ledger).where(ledger.c.id == entry_id)).first()
    if original is None:
        raise NotFound("No such transaction.")
    already = conn.execute(select(ledger.c.id).where(ledger.c.ref_entry_id == entry_id,
                                                     ledger.c.kind == "reverse")).first()
    if already is not None:
        raise InvalidInput("That transaction was already voided.", code="void_twice")
    if not can_void(original.kind, voided=False, state=original.state):
        raise InvalidInput("That entry cannot be voided.", code="void_kind")
    member_id = resolve_id(conn, original.member_id)
    values = _base(ctx, member_id, now, rules) | {
        "id": new_id(), "kind": "reverse", "points": -original.points,
        "sale_cents": -original.sale_cents if original.kind == "earn" and original.sale_cents
        else None,
        "currency": original.currency if original.kind == "earn" and original.sale_cents
        else None,  # a currency travels with a sale amount only (central checks)
        "ref_entry_id": entry_id, "offline": False,
        "approved_by": manager_id,
    }
    change = _write_entry(conn, ctx, now, values)
    if original.kind == "earn":
        _forget_voided_visit(conn, member_id, original.occurred_at)
    audit(conn, ctx, "points.void", member_id, now, entry=entry_id, reverse=change.entry_id,
          manager=manager_id, reason=reason.strip())
    return change


_REVERSAL = ledger.alias("reversal")
_LAST_KEPT_EARN = select(func.max(ledger.c.occurred_at)).where(
    ledger.c.member_id == bindparam("mid"), ledger.c.kind == "earn",
    ~select(_REVERSAL.c.id).where(_REVERSAL.c.ref_entry_id == ledger.c.id,
                                  _REVERSAL.c.kind == "reverse").exists())


def _forget_voided_visit(conn: Connection, member_id: str, voided_at: datetime) -> None:
    """A voided sale was no visit: when it was the member's last one, the last visit
    becomes their latest sale still standing (or none)."""
    last = conn.execute(select(members.c.last_visit_at).where(
        members.c.id == member_id)).scalar_one_or_none()
    if last is None or last > voided_at:
        return
    kept = conn.execute(_LAST_KEPT_EARN, {"mid": member_id}).scalar_one_or_none()
    conn.execute(update(members).where(members.c.id == member_id)
                 .values(last_visit_at=kept))


def record_anonymous_sale(conn: Connection, ctx: TillContext, sale: Money, now: datetime,
                          receipt_no: str | None = None) -> str:
    """A quick "no member" sale, so reports can tell the members' share of sales."""
    if sale.amount <= 0:
        raise InvalidInput("The amount must be more than zero.", code="amount_zero")
    sale_id = new_id()
    conn.execute(insert(anonymous_sales).values(
        id=sale_id, store_id=ctx.store_id, terminal_id=ctx.terminal_id,
        cashier_id=ctx.cashier_id, sale_cents=int(sale.amount * 100),
        currency=sale.currency.value, receipt_no=clean_receipt_no(receipt_no), occurred_at=now))
    return sale_id


_EXPIRING = ("SELECT coalesce(sum(remaining), 0), min(expires_on) FROM points_expiry"
             " WHERE member_id = ? AND expires_on >= ? AND expires_on < ?")


def expiring_points(conn: Connection, member_id: str, today: date, within_days: int
                    ) -> tuple[int, date | None]:
    """Points still usable that expire within ``within_days`` of ``today``, and the first
    of those dates (:meth:`loyalty.ledger.PointsState.expiring` of the member's replayed
    ledger), read from ``points_expiry``: a few rows whatever the member's history."""
    db = cipher.driver_connection(conn.connection.driver_connection)
    total, first = db.execute(_EXPIRING, (member_id, today.isoformat(), (
        today + timedelta(days=within_days)).isoformat())).fetchone()
    return int(total), None if first is None else date.fromisoformat(first)


def spend_12m(conn: Connection, member_id: str, now: datetime, tz: ZoneInfo) -> Decimal:
    """Qualifying spend in :func:`loyalty.spend.spend_window` at ``now`` in the store's
    time zone ``tz``."""
    since, until = spend_window(now, tz)
    cents = conn.execute(_SPEND, {"mid": member_id, "since": since, "until": until}
                         ).scalar_one()
    return Decimal(int(cents)) / 100


_TIER = select(members.c.tier).where(members.c.id == bindparam("id"))


def provisional_tier(conn: Connection, rules: Rules, member_id: str, now: datetime,
                     tz: ZoneInfo, spend: Decimal | None = None, stored: str | None = None
                     ) -> str:
    """The tier to use now: central's decision, or higher if the spend already reached it
    (upgrades are immediate; central confirms them and schedules downgrades). ``spend``:
    :func:`spend_12m` if the caller has it already; ``stored``: the member's ``tier`` if the
    caller read the row in this transaction."""
    if stored is None:
        stored = conn.execute(_TIER, {"id": member_id}).scalar_one()
    reached = rules.tier_for_spend(spend_12m(conn, member_id, now, tz) if spend is None
                                  else spend)
    order = [t.code for t in rules.tiers]
    if reached.code in order and stored in order and order.index(reached.code) > order.index(
            stored):
        return reached.code
    return str(stored)
