"""Minting member codes from the block of serials reserved for this terminal."""

from __future__ import annotations

from sqlalchemy import Connection

from loyalty.member_code import CodeBlock
from loyalty.store.keyvalue import get_state, put_state


def assign_block(conn: Connection, block: CodeBlock) -> None:
    """Record the block central (or set-up, when standalone) reserved for this terminal."""
    put_state(conn, "code_block", [block.start, block.end])
    put_state(conn, "code_next", 0)


def mint_member_code(conn: Connection) -> str:
    """The next unused code of this terminal's block (inside the caller's transaction)."""
    start_end = get_state(conn, "code_block")
    if start_end is None:
        raise RuntimeError("this terminal has no member-code block; register or run set-up")
    block = CodeBlock(int(start_end[0]), int(start_end[1]))
    offset = int(get_state(conn, "code_next", 0))
    code = block.code_at(offset)
    put_state(conn, "code_next", offset + 1)
    return code
