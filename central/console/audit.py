"""The console's audit log: every sign-in (and failed one) and every action, written in the
same transaction as what it records, so an action without its row cannot happen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.clock import now
from central.models import ConsoleAudit


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it, and from where (the client's address as central saw it)."""

    account_id: int | None
    username: str
    address: str | None = None


def record(session: Session, actor: Actor, action: str, target: str | None = None,
           **detail: Any) -> None:
    """Add one audit row (the caller's transaction commits it with the action)."""
    session.add(ConsoleAudit(at=now(), account_id=actor.account_id,
                             username=actor.username[:64], action=action,
                             target=target[:200] if target else None, detail=detail,
                             address=actor.address))


def recent(session: Session, limit: int = 200, before: int | None = None
           ) -> list[ConsoleAudit]:
    """The newest rows first, ``limit`` at most, optionally those older than id ``before``."""
    query = select(ConsoleAudit).order_by(ConsoleAudit.id.desc()).limit(limit)
    if before is not None:
        query = query.where(ConsoleAudit.id < before)
    return list(session.scalars(query))
