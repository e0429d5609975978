"""Settings and sync state: small JSON values by key."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from loyalty.store.schema import settings, sync_state


def _get(conn: Connection, table: Table, key: str, default: Any) -> Any:
    raw = conn.execute(select(table.c.value).where(table.c.key == key)).scalar_one_or_none()
    return default if raw is None else json.loads(raw)


def _put(conn: Connection, table: Table, key: str, value: Any) -> None:
    raw = json.dumps(value, ensure_ascii=False, default=str)
    stmt = sqlite_insert(table).values(key=key, value=raw)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": raw}))


def get_setting(conn: Connection, key: str, default: Any = None) -> Any:
    return _get(conn, settings, key, default)


def put_setting(conn: Connection, key: str, value: Any) -> None:
    _put(conn, settings, key, value)


def get_state(conn: Connection, key: str, default: Any = None) -> Any:
    return _get(conn, sync_state, key, default)


def put_state(conn: Connection, key: str, value: Any) -> None:
    _put(conn, sync_state, key, value)
