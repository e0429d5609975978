"""Opening the counter's store at start: create it, migrate it, and give a standalone terminal
its member-code block (a registered one gets its block from central)."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine

from loyalty.member_code import CodeBlock
from loyalty.store.codes import assign_block
from loyalty.store.engine import create_store_engine
from loyalty.store.keyvalue import get_state
from loyalty.store.migrate import needs_upgrade, upgrade

log = logging.getLogger(__name__)


def open_store(path: Path, code_block: int | None = None) -> Engine:
    """Open (creating and migrating) the store; a standalone terminal without a code block
    gets block ``code_block`` (1 when None)."""
    engine = create_store_engine(path)
    if needs_upgrade(engine):
        log.info("migrating the store at %s", path)
        upgrade(engine)
    with engine.begin() as conn:
        if get_state(conn, "code_block") is None:
            index = code_block if code_block is not None else 1
            log.info("standalone terminal: member codes from block %d", index)
            assign_block(conn, CodeBlock.numbered(index))
    return engine
