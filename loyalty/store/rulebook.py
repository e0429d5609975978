"""The rules versions this terminal holds; the newest is in force."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from loyalty.rules import Rules, default_rules
from loyalty.store.keyvalue import get_setting
from loyalty.store.schema import rules_versions


def store_rules(conn: Connection, rules: Rules, now: datetime) -> None:
    """Keep a rules version (idempotent by version number)."""
    stmt = sqlite_insert(rules_versions).values(
        version=rules.version, document=json.dumps(rules.to_document(), ensure_ascii=False),
        received_at=now)
    conn.execute(stmt.on_conflict_do_nothing(index_elements=["version"]))


def current_rules(conn: Connection) -> Rules:
    """The newest rules version held, or the market's shipped default."""
    raw = conn.execute(select(rules_versions.c.document)
                       .order_by(rules_versions.c.version.desc()).limit(1)).scalar_one_or_none()
    if raw is None:
        return default_rules(str(get_setting(conn, "market", "TW")))
    return Rules.from_document(json.loads(raw))
