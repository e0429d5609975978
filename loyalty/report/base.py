"""The members who joined at this store, as they stand today: tiers, points liability,
points about to expire, tier moves in the period."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Connection, text

from loyalty.report.model import Base
from loyalty.report.periods import Period, day_start_utc
from loyalty.rules import Rules

VOIDED_ROWIDS = ("(SELECT e.rowid FROM ledger r JOIN ledger e ON e.id = r.ref_entry_id"
                 " WHERE r.kind = 'reverse')")
LIVE = "status IN ('active', 'review')"  # erased members keep no points


def tier_mix(conn: Connection, store_id: str, rules: Rules) -> tuple[dict[str, int], int, int]:
    """Members per tier (rules' order), all members, and outstanding points (debt as 0)."""
    rows = conn.execute(text(
        "SELECT tier, count(*), coalesce(sum(max(balance, 0)), 0) FROM members"
        f" WHERE origin = :store AND {LIVE} GROUP BY tier"), {"store": store_id}).all()
    mix = {t.code: 0 for t in rules.tiers}
    for tier, n, _ in rows:
        mix[tier] = mix.get(tier, 0) + int(n)
    return mix, sum(int(r[1]) for r in rows), sum(int(r[2]) for r in rows)


def expiring(conn: Connection, store_id: str, today: date, days: int) -> tuple[int, int]:
    """Points expiring in ``[today, today + days)``, and how many members hold them.

    First earned, first spent (see :mod:`loyalty.ledger`), so what is left of the lots
    expiring before D is ``max(0, balance - S(D))`` with ``S(D)`` the member's points in lots
    that expire on or after D (or never); the points expiring in the window are the
    difference at its two ends. Only members with a lot ending in the window are read, and
    only from the index of lots. (Lots without an end date — a bonus that never expires —
    are left out of S: rare, and they would make the figure slightly high.)
    """
    sql = f"""
        WITH cand AS (
            SELECT DISTINCT member_id AS mid FROM ledger
            WHERE expires_on >= :t0 AND expires_on < :t1),
        sums AS (
            SELECT m.balance AS bal,
                   (SELECT coalesce(sum(l.points), 0) FROM ledger l
                    WHERE l.member_id = m.id AND l.expires_on >= :t0
                      AND l.rowid NOT IN {VOIDED_ROWIDS}) AS s0,
                   (SELECT coalesce(sum(l.points), 0) FROM ledger l
                    WHERE l.member_id = m.id AND l.expires_on >= :t1
                      AND l.rowid NOT IN {VOIDED_ROWIDS}) AS s1
            FROM cand JOIN members m ON m.id = cand.mid
            WHERE m.origin = :store AND m.balance > 0 AND m.status IN ('active', 'review'))
        SELECT coalesce(sum(max(0, bal - s1) - max(0, bal - s0)), 0),
               count(*) FILTER (WHERE max(0, bal - s1) - max(0, bal - s0) > 0)
        FROM sums"""
    points, members = conn.execute(text(sql), {
        "store": store_id, "t0": today.isoformat(),
        "t1": (today + timedelta(days=days)).isoformat()}).one()
    return int(points), int(members)


def tier_moves(conn: Connection, store_id: str, period: Period, rules: Rules) -> tuple[int, int]:
    """Upgrades and downgrades in the period, derived without a tier history.

    A move is a tier reached (``tier_since``) within the period by a member who did not
    enroll that day. Its direction: up if the member's tier is above the one their
    12-month qualifying spend before that day reached (an upgrade is triggered by the
    spend that crossed the threshold), down otherwise.
    """
    tz = period.tz
    moved = conn.execute(text(f"""
        SELECT id, tier, tier_since, created_at FROM members
        WHERE origin = :store AND {LIVE} AND tier_since >= :d0 AND tier_since <= :d1"""),
        {"store": store_id, "d0": period.start.isoformat(),
         "d1": period.end.isoformat()}).all()
    order = [t.code for t in rules.tiers]
    up = down = 0
    for member_id, tier, since_text, created in moved:
        since = date.fromisoformat(since_text)
        if day_start_utc(since, tz) <= created < day_start_utc(since + timedelta(days=1), tz):
            continue  # the enrollment set the first tier
        cents = conn.execute(text("""
            SELECT coalesce(sum(l.sale_cents), 0) FROM ledger l WHERE l.member_id = :mid
              AND l.kind = 'earn' AND l.occurred_at >= :a AND l.occurred_at < :b
              AND l.id NOT IN (SELECT ref_entry_id FROM ledger WHERE kind = 'reverse')"""),
            {"mid": member_id, "a": day_start_utc(since - timedelta(days=365), tz),
             "b": day_start_utc(since, tz)}).scalar_one()
        before = rules.tier_for_spend(Decimal(int(cents)) / 100).code
        rank = order.index(tier) if tier in order else 0
        if rank > order.index(before):
            up += 1
        else:
            down += 1
    return up, down


def base(conn: Connection, store_id: str, period: Period, rules: Rules, today: date) -> Base:
    """Everything about the store's own members for the report."""
    mix, count, liability = tier_mix(conn, store_id, rules)
    soon, soon_members = expiring(conn, store_id, today, rules.expiring_soon_days)
    up, down = tier_moves(conn, store_id, period, rules)
    return Base(members=count, tier_mix=mix, upgrades=up, downgrades=down,
                liability_points=liability, liability_value=rules.redemption_value(liability),
                expiring_soon=soon, expiring_days=rules.expiring_soon_days,
                expiring_members=soon_members)
