"""Central's side of the tills' chains: verify each shipped link against the one before,
keep every link (append-only), flag the first break on the terminal.

A link follows when its seq is the next one and its hash is the hash of the previous link and
its content (:func:`loyalty.audit_chain.link_hash`). A chain's first link follows
:data:`~loyalty.audit_chain.GENESIS`. A link already held that arrives again with another
hash was rewritten after it reached central. On a break central records it once
(``terminals.audit_chain_broken_at`` / ``audit_chain_break``), keeps the link unverified and
goes on from it, so later links are still checked; the shipment is never refused.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from central.models import Terminal, TerminalAuditRow, TerminalChain
from loyalty.audit_chain import AUDIT_CHAIN, GENESIS, LEDGER_CHAIN, link_hash
from sync.audit_protocol import AuditAck, AuditShipment, ChainLink

log = logging.getLogger(__name__)


def receive(session: Session, terminal_id: str, shipment: AuditShipment,
            received_at: datetime) -> AuditAck:
    """Verify and keep a shipment's links (the caller's transaction)."""
    terminal = session.get_one(Terminal, terminal_id, with_for_update=True)
    through = {}
    for chain, links in ((AUDIT_CHAIN, shipment.audit), (LEDGER_CHAIN, shipment.ledger)):
        through[chain] = _chain(session, terminal, chain, links, received_at)
    return AuditAck(audit_through=through[AUDIT_CHAIN], ledger_through=through[LEDGER_CHAIN])


def _chain(session: Session, terminal: Terminal, chain: str, links: Sequence[ChainLink],
           received_at: datetime) -> int:
    head = session.get(TerminalChain, (terminal.id, chain))
    seq, prev = (head.seq, head.hash) if head is not None else (None, GENESIS)
    if not links:
        return seq or 0
    held = _held(session, terminal.id, chain, [k.seq for k in links if seq and k.seq <= seq])
    rows = []
    for link in links:
        if seq is not None and link.seq <= seq:
            if held.get(link.seq, link.hash) != link.hash:
                _flag(terminal, f"{chain} {link.seq}: changed after central received it",
                      received_at)
            continue
        problem = None
        if seq is not None and link.seq != seq + 1:
            problem = f"{chain} {seq + 1}–{link.seq - 1}: missing (deleted on the till?)"
        elif link_hash(prev, link.content) != link.hash:
            problem = (f"{chain} {link.seq}: does not follow the link before it (a row edited "
                       "or deleted on the till?)")
        if problem is not None:
            _flag(terminal, problem, received_at)
        rows.append({"terminal_id": terminal.id, "chain": chain, "seq": link.seq,
                     "hash": link.hash, "content": link.content,
                     "verified": problem is None, "received_at": received_at})
        seq, prev = link.seq, link.hash
    if rows:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(TerminalAuditRow).values(rows).on_conflict_do_nothing())
    if head is None:
        session.add(TerminalChain(terminal_id=terminal.id, chain=chain, seq=seq, hash=prev))
    else:
        head.seq, head.hash = int(seq or 0), prev
    return int(seq or 0)


def _held(session: Session, terminal_id: str, chain: str, seqs: list[int]) -> dict[int, str]:
    if not seqs:
        return {}
    rows = session.execute(select(TerminalAuditRow.seq, TerminalAuditRow.hash).where(
        TerminalAuditRow.terminal_id == terminal_id, TerminalAuditRow.chain == chain,
        TerminalAuditRow.seq.in_(seqs)))
    return {int(seq): str(digest) for seq, digest in rows}


def _flag(terminal: Terminal, problem: str, at: datetime) -> None:
    log.warning("terminal %s audit chain broken: %s", terminal.id, problem)
    if terminal.audit_chain_broken_at is None:  # the first break stays until head office looks
        terminal.audit_chain_broken_at, terminal.audit_chain_break = at, problem[:200]
