"""What the counter app needs to know about this till's registration, read from the store in
one call (the app holds the store, never a connection: see :mod:`desktop`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from loyalty.store.engine import create_store_engine
from sync.state import TerminalIdentity, identity, put_identity
from sync.tls import TlsSettings, load_tls


@dataclass(frozen=True, slots=True)
class Registration:
    """The identity central gave this till (None: standalone) and how to reach central."""

    identity: TerminalIdentity | None
    tls: TlsSettings


def read_registration(engine: Engine) -> Registration:
    with engine.connect() as conn:
        return Registration(identity(conn), load_tls(conn))


def registration_of(store_path: Path) -> Registration:
    """The registration of the store file at ``store_path`` (on a short-lived engine of its
    own: the sync worker's thread opens its own connections)."""
    store = create_store_engine(store_path)
    try:
        return read_registration(store)
    finally:
        store.dispose()


def terminal_identity(engine: Engine) -> TerminalIdentity | None:
    with engine.connect() as conn:
        return identity(conn)


def point_at_central(engine: Engine, url: str) -> None:
    """Reach central at ``url`` from now on (the demo's central may change port between runs)."""
    with engine.begin() as conn:
        ident = identity(conn)
        if ident is not None and ident.central_url != url:
            put_identity(conn, TerminalIdentity(ident.terminal_id, ident.store_id, url))
