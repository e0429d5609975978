"""Head office's registry: stores, one-time enrollment codes, terminals and their tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.auth import hash_token, new_token
from central.clock import now
from central.codes import BlockQuota, allocate_block, block_range, check_refill
from central.errors import ApiError, not_found
from central.models import EnrollmentCode, Store, Terminal
from central.rules_store import current_version
from central.schemas import EnrollmentCodeOut, StoreIn
from central.terminal_health import note_contact
from loyalty.ids import new_id
from sync.protocol import CodeBlockInfo, RegisterResponse

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def create_store(session: Session, store: StoreIn) -> Store:
    """Add a store (409 when the id exists)."""
    if session.get(Store, store.id) is not None:
        raise ApiError(409, "store_exists", "A store with this id already exists.")
    row = Store(id=store.id, name=store.name, timezone=store.timezone, created_at=now())
    session.add(row)
    session.flush()
    return row


def issue_code(session: Session, store_id: str, hours: int) -> EnrollmentCodeOut:
    """A one-time enrollment code for a new terminal of ``store_id``."""
    if session.get(Store, store_id) is None:
        raise not_found("store")
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    code = "-".join(raw[k:k + 4] for k in range(0, 16, 4))
    expires = now() + timedelta(hours=hours)
    session.add(EnrollmentCode(code_hash=hash_token(_clean(code)), store_id=store_id,
                               created_at=now(), expires_at=expires))
    return EnrollmentCodeOut(store_id=store_id, code=code, expires_at=expires)


def _clean(code: str) -> str:
    return code.replace("-", "").replace(" ", "").upper()


def register(session: Session, code: str, name: str | None, block_size: int) -> RegisterResponse:
    """Turn an unused, unexpired enrollment code into a terminal, its token and code block."""
    row = session.get(EnrollmentCode, hash_token(_clean(code)), with_for_update=True)
    if row is None or row.used_at is not None or row.expires_at < now():
        raise ApiError(401, "enrollment_code_invalid",
                       "This enrollment code is unknown, used or expired; ask head office.")
    token = new_token("rt_")
    stamp = now()
    terminal = Terminal(id=new_id(), kind="terminal", store_id=row.store_id, name=name,
                        token_hash=hash_token(token), registered_at=stamp, last_seq=0,
                        last_contact_at=stamp)
    session.add(terminal)
    session.flush()
    note_contact(session, terminal.id, stamp)  # its first offline period starts here
    terminal.code_block = allocate_block(session, "terminal", terminal.id, block_size)
    row.used_at, row.terminal_id = now(), terminal.id
    return RegisterResponse(terminal_id=terminal.id, token=token, store_id=row.store_id,
                            code_block=block_info(terminal.code_block, block_size),
                            rules_version=current_version(session).version)


def block_info(index: int, size: int) -> CodeBlockInfo:
    """The protocol form of block ``index``."""
    start, end = block_range(index, size)
    return CodeBlockInfo(index=index, start=start, end=end)


def new_block(session: Session, terminal_id: str, quota: BlockQuota) -> CodeBlockInfo:
    """Another member-code block for a terminal that has used most of its current one.

    Raises:
        ApiError: 409 while the current block is mostly unused (as central has seen it),
            403 at the per-terminal cap, 409 when the code space is exhausted.
    """
    terminal = session.get_one(Terminal, terminal_id, with_for_update=True)
    check_refill(session, terminal.id, terminal.code_block, quota)
    terminal.code_block = allocate_block(session, "terminal", terminal.id, quota.size)
    return block_info(terminal.code_block, quota.size)


def revoke(session: Session, terminal_id: str) -> Terminal:
    """Revoke a terminal's token (idempotent)."""
    terminal = session.get(Terminal, terminal_id, with_for_update=True)
    if terminal is None:
        raise not_found("terminal")
    if terminal.revoked_at is None:
        terminal.revoked_at = now()
    return terminal


def new_online_client(session: Session, name: str) -> tuple[str, str]:
    """A credential for the web shop or app (sign-up and lookup only)."""
    token = new_token("ro_")
    client = Terminal(id=new_id(), kind="online", store_id=None, name=name,
                      token_hash=hash_token(token), registered_at=now(), last_seq=0)
    session.add(client)
    return client.id, token


def list_terminals(session: Session) -> list[Terminal]:
    """Every terminal and online client, newest first."""
    return list(session.scalars(select(Terminal).order_by(Terminal.registered_at.desc())))


def rename_store(session: Session, store_id: str, name: str) -> Store:
    """Give a store a new display name (its id, which tills carry, never changes)."""
    store = session.get(Store, store_id, with_for_update=True)
    if store is None:
        raise not_found("store")
    store.name = name
    return store


def rename_terminal(session: Session, terminal_id: str, name: str | None) -> Terminal:
    """Give a terminal a new name for head office's lists (None: no name)."""
    terminal = session.get(Terminal, terminal_id, with_for_update=True)
    if terminal is None:
        raise not_found("terminal")
    terminal.name = name
    return terminal
