"""hourly summaries for the report's period figures, kept in the writing transaction

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 20:00:00

A 30-day report at 1,000,000 members scanned the ledger three times (the period grouped by
member and day, the previous period, NAPL's "last purchase before the period" per buyer):
5 s. Three tables keyed by the UTC hour replace those scans. Hours, not local days: the
triggers need no time zone, and a report in any zone whose offset is whole hours (Taipei,
Hong Kong) maps each hour to one local day.

* ``purchase_hours``: per store, hour and member, the purchases (non-voided, non-rejected
  ``earn`` entries), their sale and points, and ``prev_at``, the member's last purchase here
  before that hour. A period's first row per member is the one whose ``prev_at`` is before
  the period (buyers counted without grouping; NAPL's "last purchase before the period" is
  that ``prev_at``); a row is a new visit when ``prev_at`` is before its local day.
* ``points_hours``: per store and hour, points issued by bonus and adjust entries and points
  redeemed (non-voided, non-rejected).
* ``expired_hours``: per origin store (of the member) and hour, points expired.

An award adds one upsert to the hour's rows (the key is the current hour: the same few
pages). Voids, rejections and merges recompute the rows they touch from the ledger. The SQL
is frozen here (not imported), so later schemas cannot change what this step does.

``ix_members_origin_created`` gains ``status``: new members per day are counted in the index
instead of reading 30,000 member rows for their status (no award touches those columns).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _purchase(e: str) -> str:
    return f"""{e}.kind = 'earn' AND {e}.state <> 'rejected' AND NOT EXISTS (
        SELECT 1 FROM ledger r WHERE r.ref_entry_id = {e}.id AND r.kind = 'reverse'
          AND r.state <> 'rejected')"""


PURCHASE = _purchase("e")
OTHER_POINTS = """e.kind IN ('bonus', 'adjust', 'redeem') AND e.state <> 'rejected'
    AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.ref_entry_id = e.id
                      AND r.kind = 'reverse' AND r.state <> 'rejected')"""


def _last_before(store: str, member: str, bound: str) -> str:
    """The member's last purchase at the store before ``bound`` (UTC text)."""
    return f"""(SELECT e.occurred_at FROM ledger e WHERE e.member_id = {member}
        AND e.occurred_at < {bound} AND e.store_id = {store} AND {PURCHASE}
        ORDER BY e.occurred_at DESC LIMIT 1)"""


def _next_hour(store: str, member: str, hour: str) -> str:
    """The hour of the member's first purchase at the store after ``hour``. ``hour || ';'``
    sorts after every time within that hour (``;`` follows ``:``)."""
    return f"""(SELECT substr(e.occurred_at, 1, 13) FROM ledger e WHERE e.member_id = {member}
        AND e.occurred_at >= {hour} || ';' AND e.store_id = {store} AND {PURCHASE}
        ORDER BY e.occurred_at LIMIT 1)"""


def _recompute_hour(store: str, member: str, hour: str) -> str:
    """Trigger statements rebuilding one member's row for one hour, and the ``prev_at`` of
    their next row, from the ledger."""
    return f"""
    DELETE FROM purchase_hours WHERE store_id = {store} AND hour = {hour}
        AND member_id = {member};
    INSERT INTO purchase_hours (store_id, hour, member_id, purchases, sale_cents, points,
                                prev_at)
    SELECT e.store_id, {hour}, e.member_id, count(*), coalesce(sum(e.sale_cents), 0),
           coalesce(sum(max(e.points, 0)), 0), {_last_before(store, member, hour)}
    FROM ledger e WHERE e.member_id = {member} AND e.occurred_at >= {hour}
      AND e.occurred_at < {hour} || ';' AND e.store_id = {store} AND {PURCHASE}
    GROUP BY e.store_id, e.member_id;
    UPDATE purchase_hours SET prev_at = {_last_before(store, member, hour + " || ';'")}
    WHERE store_id = {store} AND member_id = {member}
      AND hour = {_next_hour(store, member, hour)};"""


def _recompute_points(store: str, hour: str) -> str:
    """Trigger statement rebuilding one store's ``points_hours`` row for one hour."""
    return f"""
    INSERT INTO points_hours (store_id, hour, issued, redeemed)
    SELECT {store}, {hour},
           coalesce(sum(e.points) FILTER (WHERE e.kind <> 'redeem' AND e.points > 0), 0),
           coalesce(-sum(e.points) FILTER (WHERE e.kind = 'redeem'), 0)
    FROM ledger e WHERE e.occurred_at >= {hour} AND e.occurred_at < {hour} || ';'
      AND e.store_id = {store} AND {OTHER_POINTS}
    ON CONFLICT (store_id, hour) DO UPDATE SET issued = excluded.issued,
        redeemed = excluded.redeemed;"""


def _expired_move(member: str, origin: str, *, add: bool) -> str:
    """Trigger statement adding (or taking away) a member's expired points, by hour, at
    ``origin`` (expire entries carry negative points)."""
    points = "-sum(e.points)" if add else "sum(e.points)"
    return f"""
    INSERT INTO expired_hours (origin, hour, points)
    SELECT {origin}, substr(e.occurred_at, 1, 13), {points}
    FROM ledger e WHERE e.member_id = {member} AND e.kind = 'expire'
    GROUP BY substr(e.occurred_at, 1, 13)
    ON CONFLICT (origin, hour) DO UPDATE SET points = points + excluded.points;"""


_REF = "(SELECT {col} FROM ledger WHERE id = new.ref_entry_id)"
_REF_HOUR = "(SELECT substr(occurred_at, 1, 13) FROM ledger WHERE id = new.ref_entry_id)"
_REFERS_TO = "EXISTS (SELECT 1 FROM ledger WHERE id = new.ref_entry_id AND kind {test})"
_FLIPPED = "(old.state = 'rejected') <> (new.state = 'rejected')"
_MEMBER_ORIGIN = "(SELECT origin FROM members WHERE id = {member})"

TRIGGERS = {
    "purchase_hours_earn": f"""
CREATE TRIGGER purchase_hours_earn AFTER INSERT ON ledger
WHEN new.kind = 'earn' AND new.state <> 'rejected' AND NOT EXISTS (
    SELECT 1 FROM ledger r WHERE r.ref_entry_id = new.id AND r.kind = 'reverse'
      AND r.state <> 'rejected')
BEGIN
    INSERT INTO purchase_hours (store_id, hour, member_id, purchases, sale_cents, points,
                                prev_at)
    VALUES (new.store_id, substr(new.occurred_at, 1, 13), new.member_id, 1,
            coalesce(new.sale_cents, 0), max(new.points, 0),
            {_last_before('new.store_id', 'new.member_id', 'substr(new.occurred_at, 1, 13)')})
    ON CONFLICT (store_id, hour, member_id) DO UPDATE SET purchases = purchases + 1,
        sale_cents = sale_cents + excluded.sale_cents, points = points + excluded.points;
    UPDATE purchase_hours SET prev_at = new.occurred_at
    WHERE store_id = new.store_id AND member_id = new.member_id
      AND hour = {_next_hour('new.store_id', 'new.member_id', 'substr(new.occurred_at, 1, 13)')}
      AND (prev_at IS NULL OR prev_at < new.occurred_at);
END""",
    "purchase_hours_void": f"""
CREATE TRIGGER purchase_hours_void AFTER INSERT ON ledger
WHEN new.kind = 'reverse' AND {_REFERS_TO.format(test="= 'earn'")}
BEGIN{_recompute_hour(_REF.format(col='store_id'), _REF.format(col='member_id'), _REF_HOUR)}
END""",
    "purchase_hours_move": f"""
CREATE TRIGGER purchase_hours_move AFTER UPDATE OF member_id ON ledger
WHEN new.kind = 'earn' AND old.member_id IS NOT new.member_id
BEGIN{_recompute_hour('old.store_id', 'old.member_id', 'substr(old.occurred_at, 1, 13)')}
{_recompute_hour('new.store_id', 'new.member_id', 'substr(new.occurred_at, 1, 13)')}
END""",
    "purchase_hours_state": f"""
CREATE TRIGGER purchase_hours_state AFTER UPDATE OF state ON ledger
WHEN {_FLIPPED} AND new.kind = 'earn'
BEGIN{_recompute_hour('new.store_id', 'new.member_id', 'substr(new.occurred_at, 1, 13)')}
END""",
    "purchase_hours_void_state": f"""
CREATE TRIGGER purchase_hours_void_state AFTER UPDATE OF state ON ledger
WHEN {_FLIPPED} AND new.kind = 'reverse' AND {_REFERS_TO.format(test="= 'earn'")}
BEGIN{_recompute_hour(_REF.format(col='store_id'), _REF.format(col='member_id'), _REF_HOUR)}
END""",
    "points_hours_entry": """
CREATE TRIGGER points_hours_entry AFTER INSERT ON ledger
WHEN new.kind IN ('bonus', 'adjust', 'redeem') AND new.state <> 'rejected' AND NOT EXISTS (
    SELECT 1 FROM ledger r WHERE r.ref_entry_id = new.id AND r.kind = 'reverse'
      AND r.state <> 'rejected')
BEGIN
    INSERT INTO points_hours (store_id, hour, issued, redeemed)
    VALUES (new.store_id, substr(new.occurred_at, 1, 13),
            CASE WHEN new.kind <> 'redeem' THEN max(new.points, 0) ELSE 0 END,
            CASE WHEN new.kind = 'redeem' THEN -new.points ELSE 0 END)
    ON CONFLICT (store_id, hour) DO UPDATE SET issued = issued + excluded.issued,
        redeemed = redeemed + excluded.redeemed;
END""",
    "points_hours_void": f"""
CREATE TRIGGER points_hours_void AFTER INSERT ON ledger
WHEN new.kind = 'reverse' AND {_REFERS_TO.format(test="IN ('bonus', 'adjust', 'redeem')")}
BEGIN{_recompute_points(_REF.format(col='store_id'), _REF_HOUR)}
END""",
    "points_hours_state": f"""
CREATE TRIGGER points_hours_state AFTER UPDATE OF state ON ledger
WHEN {_FLIPPED} AND new.kind IN ('bonus', 'adjust', 'redeem')
BEGIN{_recompute_points('new.store_id', 'substr(new.occurred_at, 1, 13)')}
END""",
    "points_hours_void_state": f"""
CREATE TRIGGER points_hours_void_state AFTER UPDATE OF state ON ledger
WHEN {_FLIPPED} AND new.kind = 'reverse'
     AND {_REFERS_TO.format(test="IN ('bonus', 'adjust', 'redeem')")}
BEGIN{_recompute_points(_REF.format(col='store_id'), _REF_HOUR)}
END""",
    "expired_hours_entry": """
CREATE TRIGGER expired_hours_entry AFTER INSERT ON ledger
WHEN new.kind = 'expire'
BEGIN
    INSERT INTO expired_hours (origin, hour, points)
    SELECT m.origin, substr(new.occurred_at, 1, 13), -new.points FROM members m
    WHERE m.id = new.member_id
    ON CONFLICT (origin, hour) DO UPDATE SET points = points + excluded.points;
END""",
    "expired_hours_move": """
CREATE TRIGGER expired_hours_move AFTER UPDATE OF member_id ON ledger
WHEN new.kind = 'expire' AND old.member_id IS NOT new.member_id
BEGIN
    INSERT INTO expired_hours (origin, hour, points)
    SELECT m.origin, substr(new.occurred_at, 1, 13), new.points FROM members m
    WHERE m.id = old.member_id
    ON CONFLICT (origin, hour) DO UPDATE SET points = points + excluded.points;
    INSERT INTO expired_hours (origin, hour, points)
    SELECT m.origin, substr(new.occurred_at, 1, 13), -new.points FROM members m
    WHERE m.id = new.member_id
    ON CONFLICT (origin, hour) DO UPDATE SET points = points + excluded.points;
END""",
    "expired_hours_origin": f"""
CREATE TRIGGER expired_hours_origin AFTER UPDATE OF origin ON members
WHEN old.origin IS NOT new.origin
BEGIN{_expired_move('new.id', 'old.origin', add=False)}
{_expired_move('new.id', 'new.origin', add=True)}
END""",
    "expired_hours_member_insert": f"""
CREATE TRIGGER expired_hours_member_insert AFTER INSERT ON members
BEGIN{_expired_move('new.id', 'new.origin', add=True)}
END""",
    "expired_hours_member_delete": f"""
CREATE TRIGGER expired_hours_member_delete AFTER DELETE ON members
BEGIN{_expired_move('old.id', 'old.origin', add=False)}
END""",
}


def upgrade() -> None:
    time = sa.String(length=26)
    op.create_table(
        "purchase_hours",
        sa.Column("store_id", sa.String(length=40), nullable=False),
        sa.Column("hour", sa.String(length=13), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("purchases", sa.Integer(), nullable=False),
        sa.Column("sale_cents", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("prev_at", time, nullable=True),
        sa.PrimaryKeyConstraint("store_id", "hour", "member_id",
                                name=op.f("pk_purchase_hours")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "points_hours",
        sa.Column("store_id", sa.String(length=40), nullable=False),
        sa.Column("hour", sa.String(length=13), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("redeemed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "hour", name=op.f("pk_points_hours")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "expired_hours",
        sa.Column("origin", sa.String(length=40), nullable=False),
        sa.Column("hour", sa.String(length=13), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("origin", "hour", name=op.f("pk_expired_hours")),
        sqlite_with_rowid=False,
    )
    # New members per day counted in the index (the status was read from each row).
    op.drop_index("ix_members_origin_created", table_name="members")
    op.create_index("ix_members_origin_created", "members", ["origin", "created_at", "status"])
    conn = op.get_bind()
    for sql in BACKFILL:
        conn.exec_driver_sql(sql)
    for sql in TRIGGERS.values():
        op.execute(sql)


BACKFILL = (
    f"""INSERT INTO purchase_hours (store_id, hour, member_id, purchases, sale_cents, points,
                                   prev_at)
        SELECT store_id, hour, member_id, count(*), coalesce(sum(sale_cents), 0),
               coalesce(sum(max(points, 0)), 0), max(prev)
        FROM (SELECT e.store_id, substr(e.occurred_at, 1, 13) AS hour, e.member_id,
                     e.sale_cents, e.points,
                     CASE WHEN substr(lag(e.occurred_at) OVER w, 1, 13)
                               <> substr(e.occurred_at, 1, 13)
                          THEN lag(e.occurred_at) OVER w END AS prev
              FROM ledger e WHERE {PURCHASE}
              WINDOW w AS (PARTITION BY e.store_id, e.member_id ORDER BY e.occurred_at))
        GROUP BY store_id, hour, member_id""",
    f"""INSERT INTO points_hours (store_id, hour, issued, redeemed)
        SELECT e.store_id, substr(e.occurred_at, 1, 13),
               coalesce(sum(e.points) FILTER (WHERE e.kind <> 'redeem' AND e.points > 0), 0),
               coalesce(-sum(e.points) FILTER (WHERE e.kind = 'redeem'), 0)
        FROM ledger e WHERE {OTHER_POINTS}
        GROUP BY e.store_id, substr(e.occurred_at, 1, 13)""",
    """INSERT INTO expired_hours (origin, hour, points)
       SELECT m.origin, substr(e.occurred_at, 1, 13), -sum(e.points)
       FROM ledger e JOIN members m ON m.id = e.member_id WHERE e.kind = 'expire'
       GROUP BY m.origin, substr(e.occurred_at, 1, 13)""",
)


def downgrade() -> None:
    for name in reversed(list(TRIGGERS)):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_members_origin_created", table_name="members")
    op.create_index("ix_members_origin_created", "members", ["origin", "created_at"])
    op.drop_table("expired_hours")
    op.drop_table("points_hours")
    op.drop_table("purchase_hours")
