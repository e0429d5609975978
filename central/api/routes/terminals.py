"""Terminal registration and member-code blocks."""

from __future__ import annotations

from fastapi import APIRouter

from central.api.deps import EngineDep, SettingsDep, TerminalDep
from central.api.responses import ERRORS
from central.codes import BlockQuota
from central.db import run_transaction
from central.registry import new_block, register
from sync.protocol import CodeBlockInfo, RegisterRequest, RegisterResponse

router = APIRouter(prefix="/v1/terminals", tags=["terminals"], responses=ERRORS)


@router.post("/register", response_model=RegisterResponse)
def register_terminal(body: RegisterRequest, engine: EngineDep,
                      settings: SettingsDep) -> RegisterResponse:
    """Turn a one-time enrollment code into a terminal id, token, store and code block."""
    return run_transaction(engine, lambda s: register(
        s, body.enrollment_code, body.name, settings.code_block_size))


@router.post("/code-block", response_model=CodeBlockInfo)
def code_block(caller: TerminalDep, engine: EngineDep, settings: SettingsDep) -> CodeBlockInfo:
    """A fresh member-code block for this terminal, once central has seen most of its current
    one used (409 before that; 403 when it has had its cap of blocks)."""
    terminal_id = caller.terminal_id or ""
    quota = BlockQuota(settings.code_block_size, settings.code_block_refill_percent,
                       settings.code_blocks_per_terminal)
    return run_transaction(engine, lambda s: new_block(s, terminal_id, quota))
