"""The till's side of the tamper-evident chains (``loyalty.audit_chain``): a link for every
audit row and every ledger entry this till writes, in the writer's transaction; what is still
to ship to central; and a local check of the chain as it stands.

Each link takes its seq and prev hash from ``chain_heads`` (moved forward by one in the same
statement batch), never from the table it chains: deleting the last rows cannot make the next
link look like their successor.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from loyalty.audit_chain import (
    AUDIT_CHAIN,
    GENESIS,
    LEDGER_CHAIN,
    audit_content,
    ledger_content,
    link_hash,
)
from loyalty.store.cipher import driver_connection
from loyalty.store.schema import audit_log, chain_heads, ledger, ledger_chain, utc_text

# The writes run on the driver's cached statements: every award writes two links.
_HEAD_SQL = "SELECT seq, hash FROM chain_heads WHERE chain = ?"
_MOVE_HEAD_SQL = "UPDATE chain_heads SET seq = ?, hash = ? WHERE chain = ?"
_INSERT_AUDIT_SQL = ("INSERT INTO audit_log (id, at, terminal_id, actor_id, actor_role, action,"
                     " target, details, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_LINK_SQL = "INSERT INTO ledger_chain (seq, entry_id, row_hash) VALUES (?, ?, ?)"


def _next(conn: Connection, chain: str) -> tuple[int, str]:
    head = _driver(conn).execute(_HEAD_SQL, (chain,)).fetchone()
    if head is None:  # a store whose head was removed by hand: restart after what is there
        last = conn.execute(select(audit_log.c.id).order_by(audit_log.c.id.desc()).limit(1)
                            if chain == AUDIT_CHAIN else
                            select(ledger_chain.c.seq).order_by(ledger_chain.c.seq.desc())
                            .limit(1)).scalar()
        conn.execute(insert(chain_heads).values(chain=chain, seq=int(last or 0), hash=GENESIS))
        return int(last or 0) + 1, GENESIS
    return int(head[0]) + 1, str(head[1])


def _driver(conn: Connection) -> sqlite3.Connection:
    return driver_connection(conn.connection.driver_connection)


def write_audit_row(conn: Connection, row: dict[str, Any]) -> int:
    """Insert an audit row as the audit chain's next link; returns its id (= seq)."""
    seq, prev = _next(conn, AUDIT_CHAIN)
    digest = link_hash(prev, audit_content(seq, row))
    db = _driver(conn)
    db.execute(_INSERT_AUDIT_SQL, (
        seq, utc_text(row["at"]), row["terminal_id"], row.get("actor_id"),
        row.get("actor_role"), row["action"], row.get("target"), row.get("details"), digest))
    db.execute(_MOVE_HEAD_SQL, (seq, digest, AUDIT_CHAIN))
    return seq


def link_entry(conn: Connection, values: Mapping[str, Any]) -> int:
    """Chain a ledger entry this till has just written (``values`` as inserted)."""
    seq, prev = _next(conn, LEDGER_CHAIN)
    digest = link_hash(prev, ledger_content(seq, values))
    db = _driver(conn)
    db.execute(_INSERT_LINK_SQL, (seq, values["id"], digest))
    db.execute(_MOVE_HEAD_SQL, (seq, digest, LEDGER_CHAIN))
    return seq


@dataclass(frozen=True, slots=True)
class Link:
    """A link as shipped: its seq, its hash as stored, and the content as it reads now."""

    seq: int
    hash: str
    content: dict[str, Any]


def audit_links(conn: Connection, after: int, limit: int) -> list[Link]:
    """Chained audit rows after ``after``, in order (rows from before the chain are skipped)."""
    rows = conn.execute(select(audit_log).where(audit_log.c.id > after,
                                                audit_log.c.row_hash.is_not(None))
                        .order_by(audit_log.c.id).limit(limit)).mappings()
    return [Link(int(r["id"]), str(r["row_hash"]), audit_content(int(r["id"]), dict(r)))
            for r in rows]


def ledger_links(conn: Connection, after: int, limit: int) -> list[Link]:
    """Ledger links after ``after`` with their entries' fields as they read now (an entry
    removed from the ledger ships as its id alone: its hash then fails at central)."""
    rows = conn.execute(
        select(ledger_chain.c.seq, ledger_chain.c.row_hash, ledger_chain.c.entry_id,
               *[c for c in ledger.c if c.name != "id"])
        .select_from(ledger_chain.outerjoin(ledger, ledger.c.id == ledger_chain.c.entry_id))
        .where(ledger_chain.c.seq > after).order_by(ledger_chain.c.seq).limit(limit)
    ).mappings()
    return [Link(int(r["seq"]), str(r["row_hash"]), ledger_content(int(r["seq"]), dict(r)))
            for r in rows]


def first_break(links: list[Link], prev_seq: int, prev_hash: str) -> int | None:
    """The seq of the first link that does not follow ``(prev_seq, prev_hash)`` and its
    predecessors (a gap or a hash mismatch), or None."""
    for link in links:
        if link.seq != prev_seq + 1 or link_hash(prev_hash, link.content) != link.hash:
            return link.seq
        prev_seq, prev_hash = link.seq, link.hash
    return None
