"""The rules versions this terminal holds; the newest is in force."""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Connection, bindparam, func, select
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


_NEWEST = select(func.max(rules_versions.c.version))
_DOCUMENT = select(rules_versions.c.document).where(rules_versions.c.version == bindparam("v"))
# A version is immutable within its chain, so it is parsed once per store file (two stores in
# one process, e.g. a TW and an HK chain, may both hold a version 1).
_parsed: dict[tuple[str | None, int], Rules] = {}


def current_rules(conn: Connection) -> Rules:
    """The newest rules version held, or the market's shipped default."""
    version = conn.execute(_NEWEST).scalar_one_or_none()
    if version is None:
        return _default(str(get_setting(conn, "market", "TW")))
    key = (conn.engine.url.database, version)
    rules = _parsed.get(key)
    if rules is None:
        raw = conn.execute(_DOCUMENT, {"v": version}).scalar_one()
        rules = _parsed.setdefault(key, Rules.from_document(json.loads(raw)))
    return rules


@lru_cache(maxsize=4)
def _default(market: str) -> Rules:
    return default_rules(market)
