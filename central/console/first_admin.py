"""``regulars central console-admin``: make a head-office admin account from the command
line (the first one, or a way back in when every admin is locked out)."""

from __future__ import annotations

import secrets

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central.console import accounts, audit
from central.db import run_transaction
from central.models import ConsoleAccount


def create_admin(engine: Engine, username: str, display_name: str,
                 password: str | None) -> str:
    """Add an admin account; its password (``password``, or a new random one to print once).

    Raises:
        accounts.AccountError: the name is taken or not valid, or the password too short.
    """
    chosen = password if password is not None else secrets.token_urlsafe(15)

    def work(session: Session) -> None:
        made = accounts.create_account(session, username, display_name, "admin", chosen)
        audit.record(session, audit.Actor(None, "command line"), "account_added_cli",
                     made.username, role="admin")

    run_transaction(engine, work)
    return chosen


def ensure_account(engine: Engine, username: str, display_name: str, role: str,
                   password: str) -> bool:
    """Make the account unless one of that name exists (the demo's, made on each start of
    an older demo folder too). True when it was made now."""
    def work(session: Session) -> bool:
        if session.scalar(select(ConsoleAccount.id).where(
                ConsoleAccount.username == username)) is not None:
            return False
        accounts.create_account(session, username, display_name, role, password)
        audit.record(session, audit.Actor(None, "demo"), "account_added_cli", username,
                     role=role)
        return True

    return run_transaction(engine, work)
