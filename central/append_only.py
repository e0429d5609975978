"""Central's history tables refuse to be rewritten: ``ledger_entries`` and
``terminal_audit_rows``, by a trigger (SQLite and PostgreSQL) and, on PostgreSQL, by the
rights of the role the service runs as.

The one legitimate rewrite: a head-office merge moves entries to the surviving member
(``UPDATE ledger_entries SET account_id``, :func:`central.identity.merge`). Every other column
of a ledger row, and every column of a received audit link, is refused an update; no row of
either table may be deleted or truncated.

Deployment on PostgreSQL: the database and its tables belong to an owner role that runs the
migrations (``regulars central migrate --db postgresql://owner@…``); the service runs as
``regulars_app`` (``regulars central serve --db postgresql://regulars_app@…``), created once
by the DBA (``CREATE ROLE regulars_app LOGIN PASSWORD …``). Migration 0005 grants it what
it needs when the role exists, and ``regulars central grant-app`` applies the same grants
again (run it after every later migration: new tables need them): read and write on every
table, except UPDATE, DELETE and TRUNCATE on the history tables, with UPDATE of
``ledger_entries.account_id`` alone. The trigger holds even for the owner.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

APP_ROLE = "regulars_app"
HISTORY_TABLES = ("ledger_entries", "terminal_audit_rows")
LEDGER_MOVABLE = ("account_id",)
"""Columns of ``ledger_entries`` a merge may update."""

_LEDGER_FIXED = ("id", "member_id", "kind", "points", "sale_amount", "currency", "store_id",
                 "terminal_id", "cashier_id", "receipt_no", "occurred_at", "rules_version",
                 "expires_on", "ref_entry_id", "offline", "approved_by", "received_at",
                 "feed_seq", "balance_after", "overdraft", "op_id", "terminal_seq")

SQLITE_TRIGGERS = (
    ("ledger_entries_no_delete", "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON "
     "ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END"),
    ("ledger_entries_no_rewrite", "CREATE TRIGGER ledger_entries_no_rewrite BEFORE UPDATE OF "
     + ", ".join(_LEDGER_FIXED) + " ON ledger_entries BEGIN SELECT RAISE(ABORT, "
     "'ledger entries cannot be changed; only a merge moves their account'); END"),
    ("terminal_audit_rows_no_delete", "CREATE TRIGGER terminal_audit_rows_no_delete BEFORE "
     "DELETE ON terminal_audit_rows BEGIN SELECT RAISE(ABORT, "
     "'terminal_audit_rows is append-only'); END"),
    ("terminal_audit_rows_no_update", "CREATE TRIGGER terminal_audit_rows_no_update BEFORE "
     "UPDATE ON terminal_audit_rows BEGIN SELECT RAISE(ABORT, "
     "'terminal_audit_rows is append-only'); END"),
)

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION regulars_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_NARGS > 0
     AND (to_jsonb(NEW) - TG_ARGV[0]) = (to_jsonb(OLD) - TG_ARGV[0]) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$"""
PG_TRIGGERS = (
    ("ledger_entries_no_rewrite", "CREATE TRIGGER ledger_entries_no_rewrite BEFORE UPDATE ON "
     "ledger_entries FOR EACH ROW EXECUTE FUNCTION regulars_refuse_rewrite('account_id')"),
    ("ledger_entries_no_delete", "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON "
     "ledger_entries FOR EACH ROW EXECUTE FUNCTION regulars_refuse_rewrite()"),
    ("ledger_entries_no_truncate", "CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE "
     "ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION regulars_refuse_rewrite()"),
    ("terminal_audit_rows_no_change", "CREATE TRIGGER terminal_audit_rows_no_change BEFORE "
     "UPDATE OR DELETE ON terminal_audit_rows FOR EACH ROW "
     "EXECUTE FUNCTION regulars_refuse_rewrite()"),
    ("terminal_audit_rows_no_truncate", "CREATE TRIGGER terminal_audit_rows_no_truncate "
     "BEFORE TRUNCATE ON terminal_audit_rows FOR EACH STATEMENT "
     "EXECUTE FUNCTION regulars_refuse_rewrite()"),
)


def install(conn: Connection) -> None:
    """Create the triggers (a migration, as the owner)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(_PG_FUNCTION))
        for name, sql in PG_TRIGGERS:
            table = "ledger_entries" if name.startswith("ledger") else "terminal_audit_rows"
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
            conn.execute(text(sql))
        if role_exists(conn, APP_ROLE):
            grant_app_role(conn, APP_ROLE)
        return
    for name, sql in SQLITE_TRIGGERS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text(sql))


def uninstall(conn: Connection) -> None:
    """Drop the triggers (a downgrade; also a test's reset between cases, as the owner)."""
    if conn.dialect.name == "postgresql":
        for name, _ in PG_TRIGGERS:
            table = "ledger_entries" if name.startswith("ledger") else "terminal_audit_rows"
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
        conn.execute(text("DROP FUNCTION IF EXISTS regulars_refuse_rewrite()"))
        return
    for name, _ in SQLITE_TRIGGERS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def role_exists(conn: Connection, role: str) -> bool:
    """Does this PostgreSQL role exist?"""
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                        {"r": role}).first() is not None


def grant_app_role(conn: Connection, role: str = APP_ROLE) -> None:
    """Give the service's role its rights on every table of the schema, minus rewriting
    history (see the module docstring). Run as the tables' owner."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ValueError(f"not a plain role name: {role!r}")
    history = ", ".join(HISTORY_TABLES)
    for sql in (
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {history} FROM {role}",
        f"GRANT UPDATE ({', '.join(LEDGER_MOVABLE)}) ON ledger_entries TO {role}",
    ):
        conn.execute(text(sql))
    # The personal-data access log (migration 0008) appends only as well.
    if conn.execute(text("SELECT to_regclass('public.personal_data_access')")).scalar():
        conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON personal_data_access "
                          f"FROM {role}"))
