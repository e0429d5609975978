"""Everything the member panel shows, computed from the local store in one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, bindparam, func, select

from loyalty.errors import NotFound
from loyalty.napl import Napl, napl_status
from loyalty.rules import Rules, Tier
from loyalty.store.instruments import InstrumentView, list_instruments
from loyalty.store.members import resolve_id
from loyalty.store.points import expiring_points, provisional_tier, spend_12m
from loyalty.store.schema import UtcDateTime, ledger, members

HISTORY_ROWS = 10


@dataclass(frozen=True, slots=True)
class HistoryRow:
    entry_id: str
    kind: str
    points: int
    sale_cents: int | None
    occurred_at: datetime
    receipt_no: str | None
    state: str
    voided: bool


@dataclass(frozen=True, slots=True)
class MemberPanel:
    """One member as the counter shows them. ``balance = confirmed + pending``."""

    id: str
    name: str
    phone: str
    member_code: str
    status: str
    tier: Tier
    next_tier: Tier | None
    spend_12m: Decimal
    balance: int
    pending: int
    expiring_points: int
    expiring_on: date | None
    birthday_month: int | None
    birthday_day: int | None
    is_birthday_month: bool
    napl: Napl | None
    last_visit_at: datetime | None
    marketing_consent: bool | None
    history: tuple[HistoryRow, ...]
    instruments: tuple[InstrumentView, ...] = ()  # coupons, gifts, cards, passes

    @property
    def confirmed(self) -> int:
        return self.balance - self.pending

    @property
    def spend_to_next(self) -> Decimal | None:
        return None if self.next_tier is None else max(
            Decimal(0), self.next_tier.threshold - self.spend_12m)


def member_panel(conn: Connection, rules: Rules, member_id: str, now: datetime,
                 tz: ZoneInfo) -> MemberPanel:
    """Build the panel for ``member_id`` (aliases followed); ``tz`` is the store's zone."""
    today = now.astimezone(tz).date()
    member_id = resolve_id(conn, member_id)
    row = conn.execute(select(members).where(members.c.id == member_id)).first()
    if row is None:
        raise NotFound("No such member.")
    spend = spend_12m(conn, member_id, now, tz)
    tier = rules.tier(provisional_tier(conn, rules, member_id, now, tz, spend))
    expiring, expiring_on = expiring_points(conn, member_id, today, rules.expiring_soon_days)
    return MemberPanel(
        id=row.id, name=row.name, phone=row.phone, member_code=row.member_code,
        status=row.status, tier=tier, next_tier=rules.next_tier(tier.code),
        spend_12m=spend, balance=row.balance,
        pending=row.pending_points, expiring_points=expiring, expiring_on=expiring_on,
        birthday_month=row.birthday_month, birthday_day=row.birthday_day,
        is_birthday_month=row.birthday_month == today.month,
        napl=_napl(conn, member_id, today, rules.napl_window_months, now),
        last_visit_at=row.last_visit_at, marketing_consent=row.marketing_consent,
        history=_history(conn, member_id),
        instruments=list_instruments(conn, rules, member_id, today))


_EARNS = (select(func.substr(ledger.c.occurred_at, 1, 10))
          .where(ledger.c.member_id == bindparam("mid"), ledger.c.kind == "earn",
                 ledger.c.occurred_at <= bindparam("now", type_=UtcDateTime())).limit(1))
_FIRST_EARN = _EARNS.order_by(ledger.c.occurred_at)
_LAST_EARN = _EARNS.order_by(ledger.c.occurred_at.desc())
_LATEST = (select(ledger.c.id, ledger.c.kind, ledger.c.points, ledger.c.sale_cents,
                  ledger.c.occurred_at, ledger.c.receipt_no, ledger.c.state)
           .where(ledger.c.member_id == bindparam("mid"))
           .order_by(ledger.c.occurred_at.desc()).limit(HISTORY_ROWS))
# by the index on ref_entry_id (the member is checked on the few rows found)
_VOIDS = select(ledger.c.ref_entry_id, ledger.c.member_id).where(
    ledger.c.ref_entry_id.in_(bindparam("ids", expanding=True)), ledger.c.kind == "reverse")


def _napl(conn: Connection, member_id: str, today: date, window: int,
          now: datetime) -> Napl | None:
    """NAPL from purchase days (UTC dates: a one-day shift at the edge is acceptable on the
    panel; the report computes exact local days). Only the first and last purchase are read
    (the two ends of the member's index range): of the purchase days NAPL asks only whether
    there are two or more, that is whether the first and last differ."""
    first = conn.execute(_FIRST_EARN, {"mid": member_id, "now": now}).scalar_one_or_none()
    if first is None:
        return None
    last = conn.execute(_LAST_EARN, {"mid": member_id, "now": now}).scalar_one()
    return napl_status(date.fromisoformat(first), date.fromisoformat(last),
                       1 if first == last else 2, today, window)


def _history(conn: Connection, member_id: str) -> tuple[HistoryRow, ...]:
    rows = conn.execute(_LATEST, {"mid": member_id}).all()
    voided_ids = {r.ref_entry_id for r in conn.execute(_VOIDS, {"ids": [r.id for r in rows]})
                  if r.member_id == member_id} if rows else set()
    return tuple(HistoryRow(r.id, r.kind, r.points, r.sale_cents, r.occurred_at, r.receipt_no,
                            r.state, r.id in voided_ids) for r in rows)
