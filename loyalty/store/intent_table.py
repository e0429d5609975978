"""The store's side of an online exchange with central, for any kind of redemption.

An intent row is committed before the request leaves, so whatever happens next — a lost
answer, a kill of the process, the feed bringing the approved entry before the answer —
leaves a row that says the exchange is still open (``asking``). It ends in exactly one of
``committed``, ``declined`` or ``cancelled`` (a cancel operation queued in the same
transaction makes central reverse the entry if it approved it, and refuse the id from then
on). Each kind (:mod:`loyalty.store.intents`, :mod:`loyalty.store.instrument_intents`) is an
:class:`IntentTable` over its own tables. Every method runs in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Connection, Row, Table, bindparam, insert, select, update

from loyalty.store.journal import append_operation

ASKING, COMMITTED, DECLINED, CANCELLED = "asking", "committed", "declined", "cancelled"


class OpenIntent(Protocol):
    """What the exchange needs of an intent, whatever is redeemed."""

    @property
    def entry_id(self) -> str: ...
    @property
    def cashier_id(self) -> str | None: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def state(self) -> str: ...


IntentT = TypeVar("IntentT", bound=OpenIntent)


class IntentTable(Generic[IntentT]):
    """One kind's intents: ``table`` holds them, ``ledger`` the entries they ask for.

    ``values``/``from_row``: the intent to and from its row (``state`` set by the table);
    ``cancel_op``: the operation that cancels it at central, as (kind, payload)."""

    def __init__(self, table: Table, ledger: Table, *,
                 values: Callable[[IntentT], Mapping[str, Any]],
                 from_row: Callable[[Row[Any]], IntentT],
                 cancel_op: Callable[[IntentT, str, datetime], tuple[str, dict[str, Any]]]) -> None:
        self.table = table
        self._values = values
        self._from_row = from_row
        self._cancel_op = cancel_op
        self._one = select(table).where(table.c.entry_id == bindparam("id"))
        self._held = select(ledger.c.id).where(ledger.c.id == bindparam("id"))

    def record(self, conn: Connection, intent: IntentT) -> None:
        """Write the intent (``asking``); the caller commits before sending the request."""
        conn.execute(insert(self.table).values(**self._values(intent), state=ASKING))

    def get(self, conn: Connection, entry_id: str) -> IntentT | None:
        row = conn.execute(self._one, {"id": entry_id}).first()
        return None if row is None else self._from_row(row)

    def open_intents(self, conn: Connection) -> list[IntentT]:
        """Exchanges not yet resolved, oldest first."""
        t = self.table
        rows = conn.execute(select(t).where(t.c.state == ASKING).order_by(t.c.occurred_at))
        return [self._from_row(r) for r in rows]

    def settle(self, conn: Connection, entry_id: str, state: str, outcome: str,
               now: datetime) -> None:
        """End an open exchange (a settled one is never reopened)."""
        t = self.table
        conn.execute(update(t).where(t.c.entry_id == entry_id, t.c.state == ASKING)
                     .values(state=state, outcome=outcome[:40], resolved_at=now))

    def cancel(self, conn: Connection, intent: IntentT, reason: str, now: datetime) -> None:
        """The customer does not get it: queue its cancellation at central (it reverses the
        entry if it approved it, and refuses the id from now on)."""
        kind, payload = self._cancel_op(intent, reason, now)
        append_operation(conn, kind, payload, now)
        self.settle(conn, intent.entry_id, CANCELLED, reason, now)

    def entry_held(self, conn: Connection, entry_id: str) -> bool:
        """Does the ledger here hold this entry (written here, or brought by the feed)?"""
        return conn.execute(self._held, {"id": entry_id}).first() is not None
