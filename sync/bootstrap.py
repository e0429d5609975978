"""Registering a terminal and loading the chain's member base from central's snapshot.

The snapshot load is resumable: the plan (parts, cursor) and the finished parts are recorded
in the store with the rows they hold (in transactions of about 50,000 rows), so an
interrupted load continues with the parts still missing. Each part is checked against the
checksum in its own trailer before a single row of it is written. A new terminal builds its
member lookup indexes once, after the load. A terminal that already holds data (healing
after a 410) keeps its outbox: it has pushed first, and its entries central already holds are
confirmed, not counted twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from loyalty.member_code import CodeBlock
from loyalty.store import replica
from loyalty.store.bulk import load_members
from loyalty.store.codes import assign_block
from loyalty.store.journal import pending_count
from loyalty.store.keyvalue import get_state, put_state
from loyalty.store.schema import members, outbox
from sync.client import CentralClient, ClientFactory
from sync.client import client_factory as make_client_factory
from sync.credentials import load_token, save_token
from sync.errors import QueueNotEmpty, SnapshotCorrupt, SyncError
from sync.instrument_boot import mark_snapshot
from sync.pull import apply_rules
from sync.pull_check import checked_rows, quarantine
from sync.staff import STAFF_PENDING, fetch_staff
from sync.state import SnapshotCursors, TerminalIdentity, identity, put_identity
from sync.tls import load_tls

log = logging.getLogger(__name__)
PART_ATTEMPTS = 3
PREFETCH = 2
COMMIT_ROWS = 50_000


@dataclass(frozen=True, slots=True)
class BootstrapProgress:
    """Parts and rows loaded so far, of the totals."""

    parts_done: int
    parts: int
    rows_done: int
    rows: int


def register_terminal(engine: Engine, data_dir: Path, central_url: str, code: str,
                      now: datetime, *, name: str | None = None,
                      client_factory: ClientFactory | None = None) -> TerminalIdentity:
    """Register with a one-time enrollment code; store the token (0600) and identity.

    Raises:
        QueueNotEmpty: this store already belongs to a registered terminal and operations
            still wait to be sent (re-registering would orphan them).
    """
    with engine.connect() as conn:
        if identity(conn) is not None and pending_count(conn):
            raise QueueNotEmpty("Operations are still waiting to be sent; sync or export "
                                "them before registering again.")
        if client_factory is None:  # the store's TLS settings: they apply from the first call
            client_factory = make_client_factory(load_tls(conn))
    with client_factory(central_url, None) as client:
        answer = client.register(code, name)
    # Central has spent the code: keep what it granted before anything else can fail, so a
    # lost rules request never leaves a terminal that needs a new code.
    save_token(data_dir, answer.token)
    ident = TerminalIdentity(answer.terminal_id, answer.store_id, central_url)
    with engine.begin() as conn:
        put_identity(conn, ident)
        assign_block(conn, CodeBlock(answer.code_block.start, answer.code_block.end))
        put_state(conn, RULES_PENDING, True)
        put_state(conn, STAFF_PENDING, True)
    try:
        with client_factory(central_url, answer.token) as client:
            fetch_rules(engine, client, now)
            fetch_staff(engine, client, now)
    except SyncError as exc:
        log.warning("registered, but the rules or staff could not be fetched yet (%s); the "
                    "next sync fetches them", exc)
    log.info("registered as terminal %s of store %s", ident.terminal_id, ident.store_id)
    return ident


RULES_PENDING = "rules_pending"


def fetch_rules(engine: Engine, client: CentralClient, now: datetime) -> None:
    """Take central's current rules document and clear the pending mark, in one transaction."""
    rules = client.rules()
    with engine.begin() as conn:
        apply_rules(conn, rules, now)
        put_state(conn, RULES_PENDING, None)


def rules_pending(conn: Connection) -> bool:
    return bool(get_state(conn, RULES_PENDING))


def token_for(data_dir: Path) -> str | None:
    return load_token(data_dir)


def load_snapshot(engine: Engine, client: CentralClient, now: Callable[[], datetime], *,
                  progress: Callable[[BootstrapProgress], None] | None = None) -> int:
    """Load (or finish loading) the member snapshot; return the cursor to pull after.

    Afterwards the caller pulls changes from that cursor; entries the parts already counted
    are recognised by each part's own cursor (see :class:`sync.state.SnapshotCursors`).
    """
    with engine.begin() as conn:
        plan = get_state(conn, "bootstrap")
        if plan is None:
            plan = _new_plan(conn, client)
            put_state(conn, "bootstrap", plan)
    todo = [part for part in range(plan["parts"]) if str(part) not in plan["done"]]
    # Fetch ahead on two threads while this one writes: the network and central's encoding
    # overlap the local inserts (the client is thread-safe; parts are written in order).
    # At most PREFETCH parts are in memory ahead of the writer.
    parts = iter(todo)
    writer = _PartWriter(engine, plan, now, progress)
    with ThreadPoolExecutor(max_workers=PREFETCH, thread_name_prefix="snapshot") as pool:
        ahead: deque[tuple[int, Future[tuple[list[bytes], int]]]] = deque()

        def fetch_next() -> None:
            part = next(parts, None)
            if part is not None:
                ahead.append((part, pool.submit(_fetch_part, client, part, plan["parts"])))

        for _ in range(PREFETCH):
            fetch_next()
        try:
            while ahead:
                part, future = ahead.popleft()
                try:
                    lines, part_cursor = future.result()
                except BaseException:
                    writer.flush()  # parts already written stay done: the load resumes there
                    raise
                fetch_next()
                writer.add(part, lines, part_cursor, last=not ahead)
        finally:
            writer.close()
    with engine.begin() as conn:
        _finish(conn, plan, now())
    return int(plan["cursor"])


class _PartWriter:
    """Writes parts in transactions of about :data:`COMMIT_ROWS` rows.

    A part is recorded as done in the transaction that holds its rows, so an interrupted
    load resumes after the last commit; fewer, larger commits spare a durable sync per part.
    """

    def __init__(self, engine: Engine, plan: dict[str, Any], now: Callable[[], datetime],
                 progress: Callable[[BootstrapProgress], None] | None) -> None:
        self.engine = engine
        self.plan = plan
        self.now = now
        self.progress = progress
        self.rows_done = int(plan.get("rows_done", 0))
        self.conn: Connection | None = None
        self.since_commit = 0

    def add(self, part: int, lines: list[bytes], part_cursor: int, *, last: bool) -> None:
        if self.conn is None:
            self.conn = self.engine.connect()
            self.conn.begin()
        rows, bad = checked_rows(lines, part)
        quarantine(self.conn, bad, self.now())
        loaded = load_members(self.conn, rows, self.now()) + len(bad)
        self.rows_done += loaded
        self.since_commit += loaded
        self.plan["done"][str(part)] = part_cursor
        if last or self.since_commit >= COMMIT_ROWS:
            self.flush()
        if self.progress is not None:
            self.progress(BootstrapProgress(len(self.plan["done"]), self.plan["parts"],
                                            self.rows_done, self.plan["rows"]))

    def flush(self) -> None:
        """Commit the whole parts written so far."""
        if self.conn is None:
            return
        self.plan["rows_done"] = self.rows_done
        put_state(self.conn, "bootstrap", self.plan)
        self.conn.commit()
        self.conn.close()
        self.conn, self.since_commit = None, 0

    def close(self) -> None:
        """Roll back what is not committed (a part that failed while being written; the
        load resumes from the last commit: the plan in the store says what is done)."""
        if self.conn is not None:
            self.conn.rollback()
            self.conn.close()
            self.conn = None


def _new_plan(conn: Connection, client: CentralClient) -> dict[str, Any]:
    manifest = client.manifest(checksums=False)
    drained = conn.execute(select(func.coalesce(func.max(outbox.c.seq), 0))
                           .where(outbox.c.state != "pending")).scalar_one()
    empty = conn.execute(select(members.c.id).limit(1)).first() is None
    return {"cursor": manifest.cursor, "parts": manifest.parts, "rows": manifest.total_rows,
            "done": {}, "rows_done": 0, "drained_seq": int(drained),
            # A new terminal: build the lookup indexes once at the end (a sort) instead of
            # row by row. Their SQL stays in the plan, so a resumed load still rebuilds them.
            "deferred_indexes": defer_member_indexes(conn) if empty else []}


def defer_member_indexes(conn: Connection) -> list[str]:
    """Drop the member table's plain (non-unique) indexes; return their ``CREATE`` SQL.

    Unique indexes stay: they are constraints. :func:`restore_indexes` builds the rest."""
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' "
        "AND sql IS NOT NULL ORDER BY name").all()
    plain = [(str(name), str(sql)) for name, sql in rows
             if not str(sql).upper().startswith("CREATE UNIQUE")]
    for name, _ in plain:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in plain]


def restore_indexes(conn: Connection, statements: list[str]) -> None:
    """Build indexes dropped by :func:`defer_member_indexes` (a no-op for those present)."""
    for sql in statements:
        conn.exec_driver_sql(sql.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))


def _fetch_part(client: CentralClient, part: int, parts: int) -> tuple[list[bytes], int]:
    for attempt in range(PART_ATTEMPTS):
        body = client.snapshot_part(part, parts)
        try:
            return _checked(body, part)
        except SnapshotCorrupt:
            log.warning("snapshot part %d failed its checksum (attempt %d)", part, attempt + 1)
    raise SnapshotCorrupt(f"Snapshot part {part} keeps failing its checksum.")


def _checked(body: bytes, part: int) -> tuple[list[bytes], int]:
    """The member lines of a part body, checked against its trailer (the last line)."""
    if not body.endswith(b"\n"):
        raise SnapshotCorrupt("part cut short")
    start = body.rfind(b"\n", 0, len(body) - 1) + 1  # where the trailer line begins
    try:
        trailer = json.loads(body[start:])
    except ValueError:
        raise SnapshotCorrupt("no trailer") from None
    member_lines = body[:start]
    lines = member_lines.splitlines()
    if (not isinstance(trailer, dict) or trailer.get("part") != part
            or trailer.get("rows") != len(lines)
            or trailer.get("sha256") != hashlib.sha256(member_lines).hexdigest()):
        raise SnapshotCorrupt(f"part {part} does not match its trailer")
    return lines, int(trailer["cursor"])


def _finish(conn: Connection, plan: dict[str, Any], now: datetime) -> None:
    """All parts are in: set the cursor, remember each part's cursor, and confirm our own
    entries central held before the drain (the snapshot counted them)."""
    restore_indexes(conn, list(plan.get("deferred_indexes", [])))
    parts = int(plan["parts"])
    snap = SnapshotCursors({"parts": parts,
                            "cursors": [int(plan["done"][str(k)]) for k in range(parts)]})
    snap.save(conn)
    drained = int(plan.get("drained_seq", 0))
    included = [eid for seq, eid in _own_entries(conn) if seq <= drained]
    replica.confirm_included(conn, included, now)
    put_state(conn, "cursor", int(plan["cursor"]))
    mark_snapshot(conn, int(plan["cursor"]))  # instruments up to it: sync.instrument_boot
    put_state(conn, "bootstrap", None)
    put_state(conn, "bootstrapped_at", now.isoformat())


def _own_entries(conn: Connection) -> list[tuple[int, str]]:
    pending = replica.pending_entries(conn)
    if not pending:
        return []
    rows = conn.execute(select(outbox.c.seq, outbox.c.payload)
                        .where(outbox.c.kind == "ledger.entry", outbox.c.state == "acked"))
    out = []
    for seq, payload in rows:
        entry_id = str(json.loads(payload)["entry_id"])
        if entry_id in pending:
            out.append((int(seq), entry_id))
    return out


def store_token(data_dir: Path, token: str) -> None:
    """Keep a token obtained elsewhere (tests, migration from an older install)."""
    save_token(data_dir, token)
