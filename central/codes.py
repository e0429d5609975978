"""Member-code blocks: one per registered terminal, and central's own for online sign-ups.

A terminal gets another block only when central has seen most of its current one used
(enrollments pushed with codes from it) and it has not had its cap of blocks: one till can
never take the code space from the others. Running out is a 4xx with a reason, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from central.clock import now
from central.errors import ApiError
from central.models import CodeBlockRow, Member, NamedCounter
from loyalty.member_code import FIRST_SERIAL, SERIAL_DIGITS, CodeBlock

CENTRAL_BLOCK = 0  # block 0 is central's own (online sign-ups); terminals get 1, 2, …


@dataclass(frozen=True, slots=True)
class BlockQuota:
    """How blocks are handed to terminals (settings ``code_block_*``)."""

    size: int
    refill_percent: int = 80
    per_terminal: int = 10


def allocate_block(session: Session, owner_kind: str, owner_id: str, size: int) -> int:
    """Reserve the next block index for ``owner_id`` and return it.

    Raises:
        ApiError: 409 ``code_space_exhausted`` when no block of ``size`` serials is left.
    """
    last = session.execute(
        select(NamedCounter.value).where(NamedCounter.name == "code_block").with_for_update()
    ).scalar_one()
    index = last + 1
    if FIRST_SERIAL + (index + 1) * size > 10**SERIAL_DIGITS:
        raise ApiError(409, "code_space_exhausted",
                       "Every member-code block has been handed out; head office must "
                       "reclaim unused blocks or choose a smaller block size.")
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


def codes_used(session: Session, index: int, size: int) -> int:
    """How many members central holds with a code from block ``index`` (one indexed range
    count: a code is its 9-digit serial and a check digit, so text order is serial order)."""
    start, end = block_range(index, size)
    query = select(func.count()).select_from(Member).where(Member.member_code >= f"{start}0")
    if end < 10**SERIAL_DIGITS:
        query = query.where(Member.member_code < f"{end}0")
    return int(session.scalar(query) or 0)


def check_refill(session: Session, terminal_id: str, current: int | None,
                 quota: BlockQuota) -> None:
    """Refuse another block while the current one is mostly unused or the cap is reached.

    Raises:
        ApiError: 409 ``code_block_not_used_up`` below ``refill_percent`` of the current
            block seen used at central; 403 ``code_block_cap_reached`` at ``per_terminal``.
    """
    held = session.scalar(select(func.count()).select_from(CodeBlockRow).where(
        CodeBlockRow.owner_kind == "terminal", CodeBlockRow.owner_id == terminal_id)) or 0
    if held >= quota.per_terminal:
        raise ApiError(403, "code_block_cap_reached",
                       f"This terminal has had its {quota.per_terminal} member-code blocks; "
                       "head office must raise the limit (code_blocks_per_terminal).")
    if current is None:
        return
    used = codes_used(session, current, quota.size)
    if used * 100 < quota.size * quota.refill_percent:
        raise ApiError(409, "code_block_not_used_up",
                       f"Central has seen {used} of this terminal's {quota.size} member codes "
                       f"used; a new block is given from {quota.refill_percent}%. Push the "
                       "waiting enrollments first.")


def mint_central_code(session: Session, size: int) -> str:
    """The next member code from central's current block (a new block when it runs out).

    The block's row (locked) serialises minting across central processes.
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
        index = allocate_block(session, "central", "central", size)
        row = session.get_one(CodeBlockRow, index)
    code = CodeBlock.numbered(row.index, size).code_at(row.next_offset)
    row.next_offset += 1
    session.flush()
    return code
