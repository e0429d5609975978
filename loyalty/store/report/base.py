"""The members who joined at this store, as they stand today: tiers, points liability,
points about to expire, tier moves in the period — all from the report's summary tables."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, text

from loyalty.report.model import Base
from loyalty.report.periods import Period
from loyalty.rules import Rules

LIVE = "status IN ('active', 'review')"  # erased members keep no points


def tier_mix(conn: Connection, store_id: str, rules: Rules) -> tuple[dict[str, int], int, int]:
    """Members per tier (rules' order), all members, and outstanding points (debt as 0),
    from the totals the members table's triggers keep."""
    rows = conn.execute(text(
        "SELECT tier, sum(members), sum(points) FROM tier_totals"
        f" WHERE origin = :store AND {LIVE} GROUP BY tier"), {"store": store_id}).all()
    mix = {t.code: 0 for t in rules.tiers}
    for tier, n, _ in rows:
        if n or tier in mix:
            mix[tier] = mix.get(tier, 0) + int(n)
    return mix, sum(int(r[1]) for r in rows), sum(int(r[2]) for r in rows)


def expiring(conn: Connection, store_id: str, today: date, days: int) -> tuple[int, int]:
    """Points expiring in ``[today, today + days)``, and how many members hold them: what
    first-in-first-out leaves of their lots (``points_expiry``, kept by the ledger's
    writers), for the members who joined here."""
    params = {"store": store_id, "t0": today.isoformat(),
              "t1": (today + timedelta(days=days)).isoformat()}
    window = "expires_on >= :t0 AND expires_on < :t1 AND origin = :store AND live"
    dates = conn.execute(text(
        f"SELECT sum(remaining), count(*) FROM points_expiry WHERE {window}"
        " GROUP BY expires_on"), params).all()
    points = sum(int(r[0]) for r in dates)
    if len(dates) <= 1:  # one row per member and date: the rows are the members
        return points, sum(int(r[1]) for r in dates)
    members = conn.execute(text(
        f"SELECT count(DISTINCT member_id) FROM points_expiry WHERE {window}"),
        params).scalar_one()
    return points, int(members)


def tier_moves(conn: Connection, store_id: str, period: Period, rules: Rules) -> tuple[int, int]:
    """Upgrades and downgrades in the period, from the tier history (``tier_changes``):
    a change to a tier above the old one is an upgrade, any other a downgrade (history
    carried over from before 0004 may name the same tier: a tier decision that was not an
    upgrade)."""
    rows = conn.execute(text("""
        SELECT old_tier, new_tier, count(*) FROM tier_changes
        WHERE origin = :store AND on_date >= :d0 AND on_date <= :d1
        GROUP BY old_tier, new_tier"""), {"store": store_id, "d0": period.start.isoformat(),
                                          "d1": period.end.isoformat()})
    order = [t.code for t in rules.tiers]

    def rank(code: str | None) -> int:
        return order.index(code) if code in order else 0

    up = down = 0
    for old, new, n in rows:
        if rank(new) > rank(old):
            up += int(n)
        else:
            down += int(n)
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
