"""Member-code blocks: one per registered terminal, and central's own for online sign-ups."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.clock import now
from central.models import CodeBlockRow, NamedCounter
from loyalty.member_code import CodeBlock

CENTRAL_BLOCK = 0  # block 0 is central's own (online sign-ups); terminals get 1, 2, …


def allocate_block(session: Session, owner_kind: str, owner_id: str) -> int:
    """Reserve the next block index for ``owner_id`` and return it."""
    last = session.execute(
        select(NamedCounter.value).where(NamedCounter.name == "code_block").with_for_update()
    ).scalar_one()
    index = last + 1
    session.execute(update(NamedCounter).where(NamedCounter.name == "code_block")
                    .values(value=index))
    session.add(CodeBlockRow(index=index, owner_kind=owner_kind, owner_id=owner_id,
                             issued_at=now(), next_offset=0))
    session.flush()
    return index


def block_range(index: int, size: int) -> tuple[int, int]:
    """The serial range ``[start, end)`` of block ``index``."""
    block = CodeBlock.numbered(index, size)
    return block.start, block.end


def mint_central_code(session: Session, size: int) -> str:
    """The next member code from central's current block (a new block when it runs out).

    Callers hold the feed lock, which serialises minting across central processes.
    """
    row = session.scalars(
        select(CodeBlockRow).where(CodeBlockRow.owner_kind == "central")
        .order_by(CodeBlockRow.index.desc()).limit(1).with_for_update()
    ).first()
    if row is None:
        row = CodeBlockRow(index=CENTRAL_BLOCK, owner_kind="central", owner_id="central",
                           issued_at=now(), next_offset=0)
        session.add(row)
    elif row.next_offset >= size:
        index = allocate_block(session, "central", "central")
        row = session.get_one(CodeBlockRow, index)
    code = CodeBlock.numbered(row.index, size).code_at(row.next_offset)
    row.next_offset += 1
    session.flush()
    return code
