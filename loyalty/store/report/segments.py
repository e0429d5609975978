"""Segments for follow-up (會員分眾): filter the store's members, export those who consented.

The store's members here are those who joined at this store or bought here. The consented
list for the chain's SMS/LINE campaigns carries full phone numbers: only a manager may
export it, and every export is written to the audit log.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, text

from loyalty.errors import NotPermitted
from loyalty.phone import mask_phone
from loyalty.report.periods import Period
from loyalty.rules import Rules
from loyalty.store.context import TillContext
from loyalty.store.journal import audit
from loyalty.store.report.napl_flows import member_statuses


@dataclass(frozen=True, slots=True)
class SegmentFilter:
    """Empty sets and ``None`` mean "any"."""

    napl: frozenset[str] = field(default_factory=frozenset)  # N/A/P/L, "-" never bought here
    tiers: frozenset[str] = field(default_factory=frozenset)
    min_expiring: int | None = None  # points expiring soon, at least
    birthday_month: int | None = None
    visited_since: date | None = None  # last visit on or after (local date)
    not_visited_since: date | None = None  # no visit on or after (local date)
    consented_only: bool = False


@dataclass(frozen=True, slots=True)
class SegmentMember:
    member_id: str
    name: str
    phone: str  # E.164: shown masked; exported in full only in the consented list
    member_code: str
    tier: str
    napl: str
    balance: int
    expiring: int
    birthday_month: int | None
    last_visit: date | None
    consent: bool

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


def expiring_by_member(conn: Connection, today: date, days: int) -> dict[str, int]:
    """Points expiring in ``[today, today + days)`` per member (see ``base.expiring``)."""
    rows = conn.execute(text("""
        SELECT member_id, sum(remaining) FROM points_expiry
        WHERE expires_on >= :t0 AND expires_on < :t1 GROUP BY member_id"""),
        {"t0": today.isoformat(), "t1": (today + timedelta(days=days)).isoformat()})
    return {r[0]: int(r[1]) for r in rows if r[1] > 0}


def find_segment(conn: Connection, store_id: str, filt: SegmentFilter, today: date,
                 tz_name: str, rules: Rules) -> list[SegmentMember]:
    """The store's members matching ``filt``, most recent visitors first."""
    tz = Period(today, today, tz_name).tz
    statuses = member_statuses(conn, store_id, Period(today, today, tz_name),
                               rules.napl_window_months)
    soon = expiring_by_member(conn, today, rules.expiring_soon_days)
    rows = conn.execute(text("""
        SELECT id, name, phone, member_code, tier, balance, birthday_month, last_visit_at,
               marketing_consent FROM members
        WHERE status = 'active' AND (origin = :store OR id IN (
            SELECT member_id FROM purchase_summary WHERE store_id = :store))"""),
        {"store": store_id})
    out = []
    for r in rows:
        last = (datetime.fromisoformat(r.last_visit_at + "+00:00").astimezone(tz).date()
                if r.last_visit_at else None)
        member = SegmentMember(r.id, r.name, r.phone, r.member_code, r.tier,
                               statuses.get(r.id, ("-", "-"))[1], int(r.balance),
                               soon.get(r.id, 0), r.birthday_month, last,
                               bool(r.marketing_consent))
        if _matches(member, filt):
            out.append(member)
    out.sort(key=lambda m: (m.last_visit or date.min, m.member_id), reverse=True)
    return out


def _matches(m: SegmentMember, f: SegmentFilter) -> bool:
    checks = (
        not f.napl or m.napl in f.napl,
        not f.tiers or m.tier in f.tiers,
        f.min_expiring is None or m.expiring >= f.min_expiring,
        f.birthday_month is None or m.birthday_month == f.birthday_month,
        f.visited_since is None or (m.last_visit is not None and m.last_visit >= f.visited_since),
        f.not_visited_since is None or m.last_visit is None or m.last_visit < f.not_visited_since,
        not f.consented_only or m.consent,
    )
    return all(checks)


SEGMENT_COLUMNS = ("member_code", "name", "phone", "tier", "napl", "balance", "expiring",
                   "birthday_month", "last_visit", "consent")


def write_segment_csv(members: Iterable[SegmentMember], path: Path, *,
                      full_phones: bool = False) -> int:
    """Write a segment as CSV (UTF-8 with BOM, so Excel reads Chinese). Returns the rows."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(SEGMENT_COLUMNS)
        for m in members:
            out.writerow([m.member_code, m.name, m.phone if full_phones else m.phone_masked,
                          m.tier, m.napl, m.balance, m.expiring, m.birthday_month or "",
                          m.last_visit.isoformat() if m.last_visit else "",
                          "Y" if m.consent else "N"])
            count += 1
    return count


def export_consented(conn: Connection, ctx: TillContext, members: Iterable[SegmentMember],
                     path: Path, now: datetime, description: str = "") -> int:
    """The campaign list: consenting members only, full phones. Managers only; audited
    (in the caller's write transaction) with the count and the filter description."""
    if ctx.cashier_role != "manager":
        raise NotPermitted("Only a manager can export the campaign list.")
    consenting = [m for m in members if m.consent]
    count = write_segment_csv(consenting, path, full_phones=True)
    audit(conn, ctx, "report.segment_export", None, now, members=count, filters=description,
          file=path.name)
    return count
