"""The member snapshot: a manifest of checksummed parts, and each part streamed as NDJSON.

Nothing is built in memory: rows come from a server-side cursor in (bucket, id) order and are
encoded and hashed one by one, by a formatter that writes exactly what
:func:`sync.protocol.snapshot_line_from_json` writes (a test holds them together).

A manifest depends only on the feed position: every change to what a snapshot line shows goes
through the feed, so once built for a cursor it is kept (``snapshot_manifests``) and served
again while the head has not moved, by every central process. The service does not stream
parts from the database to clients: :mod:`central.snapshot_files` writes each part into a
file (:func:`write_part`) once per feed position and readers stream the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Engine,
    Integer,
    delete,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from central import feed_horizon
from central.clock import now
from central.db import run_transaction
from central.models import (
    LedgerEntryRow,
    Member,
    NamedCounter,
    SnapshotManifestRow,
    UtcDateTime,
)
from sync.protocol import (
    SNAPSHOT_BUCKETS,
    SnapshotManifest,
    SnapshotPart,
    part_buckets,
)

ROWS_PER_PART = 5000
LINE_FORMAT = 1
"""Version of the line encoding; cached manifests of another version are not served."""
KEEP_MANIFESTS = timedelta(hours=1)
M = Member.__table__
L = LedgerEntryRow.__table__
# The line's keys in the order json.dumps(sort_keys=True) writes them.
_COLUMNS = tuple(sorted((
    "id", "phone", "member_code", "name", "birthday_month", "birthday_day", "birth_year",
    "marketing_consent", "consent_at", "origin", "enrolled_at", "tier", "tier_since",
    "balance", "status", "canonical_id")))
_PREFIXES = tuple(("{" if k == 0 else ",") + f'"{name}":' for k, name in enumerate(_COLUMNS))


def choose_parts(total: int, configured: int = 0) -> int:
    """How many parts to split ``total`` members into (a power of two up to the buckets)."""
    if configured:
        return configured
    parts = 1
    while parts < SNAPSHOT_BUCKETS and total / parts > ROWS_PER_PART:
        parts *= 2
    return parts


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return str(encode_basestring(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return '"' + value.isoformat().replace("+00:00", "Z") + '"'
    if isinstance(value, date):
        return '"' + value.isoformat() + '"'
    raise TypeError(f"no snapshot encoding for {type(value).__name__}")


def encode_line(values: tuple[Any, ...]) -> bytes:
    """One canonical snapshot line from a member's values in :data:`_COLUMNS` order: the
    bytes :func:`sync.protocol.snapshot_line_from_json` gives for the same record."""
    return ("".join([p + _value(v) for p, v in zip(_PREFIXES, values, strict=True)])
            + "}\n").encode("utf-8")


def _lines(conn: Connection, lo: int, hi: int) -> Iterator[tuple[int, bytes]]:
    where = (M.c.bucket >= lo, M.c.bucket < hi)
    if conn.dialect.name == "postgresql":
        # PostgreSQL writes each line itself (about ten times faster than encoding here).
        result = conn.execution_options(stream_results=True, yield_per=5000).execute(
            select(M.c.bucket, literal_column(_PG_LINE)).where(*where)
            .order_by(M.c.bucket, M.c.id))
        for bucket, line in result:
            yield bucket, (line + "\n").encode("utf-8")
        return
    result = conn.execution_options(stream_results=True, yield_per=5000).execute(
        select(M.c.bucket, *[M.c[name] for name in _COLUMNS]).where(*where)
        .order_by(M.c.bucket, M.c.id))
    for row in result:
        yield row[0], encode_line(tuple(row)[1:])


def _pg_value(name: str) -> str:
    column = f"members.{name}"
    kind = M.c[name].type
    if isinstance(kind, UtcDateTime):
        # isoformat(): microseconds only when there are any, always six digits; UTC as Z.
        text = f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')"""
        return f"""'"' || regexp_replace({text}, '\\.000000$', '') || 'Z"'"""
    if isinstance(kind, Date):
        return f"""'"' || to_char({column}, 'YYYY-MM-DD') || '"'"""
    if isinstance(kind, Integer):
        return f"{column}::text"
    if isinstance(kind, Boolean):
        return f"CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' END"
    # to_json escapes strings exactly as json.dumps(ensure_ascii=False) does.
    return f"to_json({column})::text"


# The whole line as one SQL expression (JSON null for NULL values).
_PG_LINE = " || ".join(f"'{prefix}' || COALESCE({_pg_value(name)}, 'null')"
                       for prefix, name in zip(_PREFIXES, _COLUMNS, strict=True)) + " || '}'"


@contextmanager
def reading(engine: Engine) -> Iterator[tuple[Connection, int]]:
    """A read-only connection inside a consistent snapshot, and the feed cursor it is
    consistent with: every change up to the cursor is in it, none after (a till that loads
    it then pulls from the cursor counts nothing twice and misses nothing).

    On PostgreSQL writers commit out of feed order, so the cursor is the horizon read just
    before the snapshot is taken (everything up to it is in the snapshot); a snapshot that
    also holds a ledger entry above it (committed in between) is dropped and taken again.
    """
    with engine.connect().execution_options(central_readonly=True) as conn:
        cursor = None
        for attempt in range(1, SNAPSHOT_ATTEMPTS + 1):
            conn.begin()
            cursor = _begin(conn)
            if cursor is not None:
                break
            conn.rollback()
            time.sleep(0.002 * attempt)
        if cursor is None:
            raise RuntimeError("no consistent snapshot: entries kept committing past the "
                               "horizon")
        try:
            yield conn, cursor
        finally:
            conn.rollback()  # it only read


SNAPSHOT_ATTEMPTS = 50


def _begin(conn: Connection) -> int | None:
    """Make the transaction on ``conn`` a read-only snapshot; its feed cursor, or None when
    it holds ledger entries past the cursor (PostgreSQL: take it again)."""
    if conn.dialect.name != "postgresql":
        return int(conn.execute(select(NamedCounter.value)
                                .where(NamedCounter.name == "feed")).scalar_one())
    cursor = feed_horizon.horizon(conn)
    conn.commit()  # the snapshot is taken by the next transaction's first statement
    conn.begin()
    conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    past = conn.execute(select(L.c.id).where(L.c.feed_seq > cursor).limit(1)).first()
    return cursor if past is None else None


def manifest(engine: Engine, configured_parts: int = 0, *, checksums: bool = True,
             directory: Path | None = None, at_least: int | None = None) -> SnapshotManifest:
    """Every part's row count and checksum, and the feed cursor they are consistent with.

    Built once per feed position and kept. Without ``checksums`` (a bootstrap: each part's
    trailer carries its own) and with nothing kept for this position, only the row counts
    are read — one indexed count — instead of encoding the whole member base; each part's
    ``sha256`` is then empty. With a ``directory``, a build also writes each part as it
    would be streamed into a file there (:func:`part_path`).

    With ``at_least`` (checksums only), any kept manifest at that feed position or later
    is served as it is (the newest; one indexed read, no count): a caller that asked when
    the head was ``at_least`` gets a manifest no older than its own cursor, which is all a
    terminal's verification needs (it pulls up to the manifest's cursor, then compares).
    """
    with reading(engine) as (conn, cursor):
        if checksums:
            found = _kept_since(conn, cursor if at_least is None else min(at_least, cursor),
                                configured_parts)
            if found is not None:
                return found
        total = conn.execute(select(func.count()).select_from(M)).scalar_one()
        parts = choose_parts(total, configured_parts)
        kept = conn.execute(select(SnapshotManifestRow.part_list).where(
            SnapshotManifestRow.cursor == cursor, SnapshotManifestRow.parts == parts,
            SnapshotManifestRow.format == LINE_FORMAT)).scalar()
        if kept is not None:
            return _manifest(cursor, parts, total, [(int(r), str(h)) for r, h in kept])
        size = SNAPSHOT_BUCKETS // parts
        hashes = [_Digest() for _ in range(parts)]
        if not checksums:
            for bucket, rows in conn.execute(select(M.c.bucket, func.count())
                                             .group_by(M.c.bucket)):
                hashes[bucket // size].rows += rows
            return _manifest(cursor, parts, total, [(h.rows, "") for h in hashes])
        for part, digest in enumerate(hashes):  # part by part: each sorts in memory
            if directory is not None:
                digest.rows, digest.sha = write_part(conn, directory, part, parts, cursor)
                continue
            for _, line in _lines(conn, *part_buckets(part, parts)):
                digest.add(line)
    part_list = [(h.rows, h.hexdigest()) for h in hashes]
    run_transaction(engine, lambda s: _keep(s, cursor, parts, total, part_list))
    return _manifest(cursor, parts, total, part_list)


def _kept_since(conn: Connection, floor: int, configured_parts: int) -> SnapshotManifest | None:
    """The newest kept manifest at feed position ``floor`` or later (up to this snapshot's
    own), split as ``configured_parts`` says or as its member count chooses."""
    K = SnapshotManifestRow
    query = (select(K.cursor, K.parts, K.total_rows, K.part_list)
             .where(K.cursor >= floor, K.format == LINE_FORMAT))
    if configured_parts:
        query = query.where(K.parts == configured_parts)
    for kept_cursor, parts, total, part_list in conn.execute(
            query.order_by(K.cursor.desc()).limit(4)):
        if parts == choose_parts(total, configured_parts):
            return _manifest(kept_cursor, parts, total,
                             [(int(r), str(h)) for r, h in part_list])
    return None


def _manifest(cursor: int, parts: int, total: int, part_list: list[tuple[int, str]]
              ) -> SnapshotManifest:
    return SnapshotManifest(cursor=cursor, parts=parts, total_rows=total, part_list=[
        SnapshotPart(part=k, rows=rows, sha256=sha) for k, (rows, sha) in enumerate(part_list)])


def _keep(session: Session, cursor: int, parts: int, total: int,
          part_list: list[tuple[int, str]]) -> None:
    """Keep a built manifest (another process may have kept the same one: fine), and drop
    those of older positions built a while ago."""
    stamp = now()
    values = {"cursor": cursor, "parts": parts, "format": LINE_FORMAT, "total_rows": total,
              "part_list": [list(p) for p in part_list], "built_at": stamp}
    upsert = (pg_insert if session.get_bind().dialect.name == "postgresql"
              else sqlite_insert)(SnapshotManifestRow).values(values)
    session.execute(upsert.on_conflict_do_nothing())
    session.execute(delete(SnapshotManifestRow).where(
        SnapshotManifestRow.cursor < cursor, SnapshotManifestRow.built_at < stamp - KEEP_MANIFESTS))


class _Digest:
    def __init__(self) -> None:
        self._h = hashlib.sha256()
        self.rows = 0
        self.sha: str | None = None  # set when computed elsewhere (a written part file)

    def add(self, line: bytes) -> None:
        self._h.update(line)
        self.rows += 1

    def hexdigest(self) -> str:
        return self.sha if self.sha is not None else self._h.hexdigest()


def stream_part(engine: Engine, part: int, parts: int) -> Iterator[bytes]:
    """NDJSON lines of one part, then a trailer ``{"part","rows","sha256","cursor"}``.

    Raises:
        ValueError: ``part``/``parts`` do not describe a part (checked before streaming).
    """
    lo, hi = part_buckets(part, parts)
    return _stream(engine, part, lo, hi)


def _stream(engine: Engine, part: int, lo: int, hi: int) -> Iterator[bytes]:
    with reading(engine) as (conn, cursor):
        yield from part_chunks(conn, part, lo, hi, cursor)


def part_chunks(conn: Connection, part: int, lo: int, hi: int, cursor: int
                ) -> Iterator[bytes]:
    """The lines of buckets ``[lo, hi)`` in chunks, the last ending with the trailer."""
    digest = _Digest()
    chunk: list[bytes] = []
    for _, line in _lines(conn, lo, hi):
        digest.add(line)
        chunk.append(line)
        if len(chunk) >= 2000:
            yield b"".join(chunk)
            chunk = []
    trailer = {"part": part, "rows": digest.rows, "sha256": digest.hexdigest(),
               "cursor": cursor}
    chunk.append(json.dumps(trailer, separators=(",", ":")).encode() + b"\n")
    yield b"".join(chunk)


def part_path(directory: Path, part: int, parts: int, cursor: int) -> Path:
    """Where the file of ``part`` of ``parts`` at feed ``cursor`` is kept."""
    return directory / f"part-{parts}-{part}-{cursor}.ndjson"


def write_part(conn: Connection, directory: Path, part: int, parts: int, cursor: int
               ) -> tuple[int, str]:
    """Write one part, as streamed, into its file (atomically); its rows and checksum.

    ``conn`` is inside :func:`reading`'s snapshot at ``cursor``.
    """
    lo, hi = part_buckets(part, parts)
    final = part_path(directory, part, parts, cursor)
    scratch = final.with_name(f".{final.name}.{secrets.token_hex(4)}")
    last = b""
    try:
        with scratch.open("wb") as out:
            for chunk in part_chunks(conn, part, lo, hi, cursor):
                out.write(chunk)
                last = chunk
        os.replace(scratch, final)
    finally:
        scratch.unlink(missing_ok=True)
    trailer = json.loads(last[last.rfind(b"\n", 0, len(last) - 1) + 1:])
    return int(trailer["rows"]), str(trailer["sha256"])
