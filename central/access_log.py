"""The personal-data access log: who read, exported or erased which member's data.

One row per access, written in the same transaction as an erasure, or right after a read
(a read that fails to be logged fails: nothing is shown that the log does not hold). Rows
are never changed or removed: a trigger refuses it (SQLite and PostgreSQL), and on
PostgreSQL the service's role ``regulars_app`` may only read and insert. A row holds the
member's id, never their phone or name, so it survives the member's erasure.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session

from central.append_only import APP_ROLE, role_exists
from central.auth import Caller
from central.clock import now
from central.db import run_transaction
from central.models import PersonalDataAccess

TABLE = "personal_data_access"
ACTIONS = ("read", "consent", "export", "erase", "lookup", "link")

_SQLITE = (
    ("personal_data_access_no_update", f"CREATE TRIGGER personal_data_access_no_update BEFORE "
     f"UPDATE ON {TABLE} BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END"),
    ("personal_data_access_no_delete", f"CREATE TRIGGER personal_data_access_no_delete BEFORE "
     f"DELETE ON {TABLE} BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END"),
)
# Its own function: central.append_only's may be dropped and re-created on its own.
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION regulars_access_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$"""
_PG = (
    ("personal_data_access_no_change", f"CREATE TRIGGER personal_data_access_no_change BEFORE "
     f"UPDATE OR DELETE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION regulars_access_log_refuse()"),
    ("personal_data_access_no_truncate", f"CREATE TRIGGER personal_data_access_no_truncate "
     f"BEFORE TRUNCATE ON {TABLE} FOR EACH STATEMENT "
     "EXECUTE FUNCTION regulars_access_log_refuse()"),
)


def install(conn: Connection) -> None:
    """Create the triggers (migration 0008), and on PostgreSQL limit the service's role."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(_PG_FUNCTION))
        for name, sql in _PG:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}"))
            conn.execute(text(sql))
        if role_exists(conn, APP_ROLE):
            limit_app_role(conn, APP_ROLE)
        return
    for name, sql in _SQLITE:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text(sql))


def uninstall(conn: Connection) -> None:
    """Drop the triggers (the downgrade)."""
    for name, _ in _PG if conn.dialect.name == "postgresql" else _SQLITE:
        suffix = f" ON {TABLE}" if conn.dialect.name == "postgresql" else ""
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}{suffix}"))
    if conn.dialect.name == "postgresql":
        conn.execute(text("DROP FUNCTION IF EXISTS regulars_access_log_refuse()"))


def limit_app_role(conn: Connection, role: str) -> None:
    """The service's role reads and inserts the log, nothing else; it uses the challenges."""
    for sql in (f"GRANT SELECT, INSERT ON {TABLE} TO {role}",
                f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM {role}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON phone_challenges TO {role}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"):
        conn.execute(text(sql))


def record(session: Session, caller: Caller, action: str, member_id: str,
           detail: str | None = None) -> None:
    """Log one access in the caller's transaction."""
    assert action in ACTIONS, action
    session.add(PersonalDataAccess(at=now(), actor_kind=caller.kind, actor=caller.actor[:200],
                                   action=action, member_id=member_id,
                                   detail=detail[:200] if detail else None))


def record_now(engine: Engine, caller: Caller, action: str, member_id: str,
               detail: str | None = None) -> None:
    """Log one access in its own transaction (after a read)."""
    run_transaction(engine, lambda s: record(s, caller, action, member_id, detail))


def entries(session: Session, member_id: str | None = None, limit: int = 1000
            ) -> list[PersonalDataAccess]:
    """Log rows, newest first (one member's if given)."""
    query = select(PersonalDataAccess).order_by(PersonalDataAccess.id.desc()).limit(limit)
    if member_id is not None:
        query = query.where(PersonalDataAccess.member_id == member_id)
    return list(session.scalars(query))
