"""The member snapshot: a manifest of checksummed parts, and each part streamed as NDJSON.

Nothing is built in memory: rows come from a server-side cursor in (bucket, id) order and are
encoded and hashed one by one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from central.models import Counter, Member
from sync.protocol import (
    SNAPSHOT_BUCKETS,
    SnapshotManifest,
    SnapshotPart,
    part_buckets,
    snapshot_line_from_json,
)

ROWS_PER_PART = 5000
M = Member.__table__
_COLUMNS = ("id", "phone", "member_code", "name", "birthday_month", "birthday_day",
            "birth_year", "marketing_consent", "consent_at", "origin", "enrolled_at", "tier",
            "tier_since", "balance", "status", "canonical_id")


def choose_parts(total: int, configured: int = 0) -> int:
    """How many parts to split ``total`` members into (a power of two up to the buckets)."""
    if configured:
        return configured
    parts = 1
    while parts < SNAPSHOT_BUCKETS and total / parts > ROWS_PER_PART:
        parts *= 2
    return parts


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _lines(conn: Connection, lo: int, hi: int) -> Iterator[tuple[int, bytes]]:
    columns = [M.c[name] for name in _COLUMNS]
    result = conn.execution_options(stream_results=True, yield_per=2000).execute(
        select(M.c.bucket, *columns).where(M.c.bucket >= lo, M.c.bucket < hi)
        .order_by(M.c.bucket, M.c.id))
    for row in result:
        doc = {name: _json(row[k + 1]) for k, name in enumerate(_COLUMNS)}
        yield row[0], snapshot_line_from_json(doc)


def _begin_snapshot(conn: Connection) -> int:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    return conn.execute(select(Counter.value).where(Counter.name == "feed")).scalar_one()


def manifest(engine: Engine, configured_parts: int = 0, *,
             checksums: bool = True) -> SnapshotManifest:
    """Every part's row count and checksum, and the feed cursor they are consistent with.

    Without ``checksums`` (a bootstrap: each part's trailer carries its own) only the row
    counts are read — one indexed count — instead of encoding the whole member base; each
    part's ``sha256`` is then empty.
    """
    with engine.connect().execution_options(central_readonly=True) as conn, conn.begin():
        cursor = _begin_snapshot(conn)
        total = conn.execute(select(func.count()).select_from(M)).scalar_one()
        parts = choose_parts(total, configured_parts)
        size = SNAPSHOT_BUCKETS // parts
        hashes = [_Digest() for _ in range(parts)]
        if not checksums:
            for bucket, rows in conn.execute(select(M.c.bucket, func.count())
                                             .group_by(M.c.bucket)):
                hashes[bucket // size].rows += rows
            return SnapshotManifest(cursor=cursor, parts=parts, total_rows=total, part_list=[
                SnapshotPart(part=k, rows=h.rows, sha256="") for k, h in enumerate(hashes)])
        for bucket, line in _lines(conn, 0, SNAPSHOT_BUCKETS):
            hashes[bucket // size].add(line)
    return SnapshotManifest(cursor=cursor, parts=parts, total_rows=total, part_list=[
        SnapshotPart(part=k, rows=h.rows, sha256=h.hexdigest()) for k, h in enumerate(hashes)])


class _Digest:
    def __init__(self) -> None:
        self._h = hashlib.sha256()
        self.rows = 0

    def add(self, line: bytes) -> None:
        self._h.update(line)
        self.rows += 1

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def stream_part(engine: Engine, part: int, parts: int) -> Iterator[bytes]:
    """NDJSON lines of one part, then a trailer ``{"part","rows","sha256","cursor"}``.

    Raises:
        ValueError: ``part``/``parts`` do not describe a part (checked before streaming).
    """
    lo, hi = part_buckets(part, parts)
    return _stream(engine, part, lo, hi)


def _stream(engine: Engine, part: int, lo: int, hi: int) -> Iterator[bytes]:
    with engine.connect().execution_options(central_readonly=True) as conn, conn.begin():
        cursor = _begin_snapshot(conn)
        digest = _Digest()
        chunk: list[bytes] = []
        for _, line in _lines(conn, lo, hi):
            digest.add(line)
            chunk.append(line)
            if len(chunk) >= 500:
                yield b"".join(chunk)
                chunk = []
        trailer = {"part": part, "rows": digest.rows, "sha256": digest.hexdigest(),
                   "cursor": cursor}
        chunk.append(json.dumps(trailer, separators=(",", ":")).encode() + b"\n")
        yield b"".join(chunk)
