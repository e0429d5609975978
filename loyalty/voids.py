"""Which ledger entries a manager may void: one rule for the counter's Void action, the
void form's list and the store's ``void_entry``.

An entry can be voided when it is an ``earn``, ``redeem``, ``bonus`` or ``adjust`` that no
``reverse`` has undone yet and central did not reject (a rejected entry counts as never
written: there is nothing to undo). Expiries are central's and reverses are voids themselves,
so neither is ever offered. The Void action is enabled exactly when the list would not be
empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

VOIDABLE_KINDS: tuple[str, ...] = ("earn", "redeem", "bonus", "adjust")


class VoidCandidate(Protocol):
    """What the rule needs of an entry (the member panel's history rows have it)."""

    @property
    def kind(self) -> str: ...

    @property
    def voided(self) -> bool: ...

    @property
    def state(self) -> str: ...


E = TypeVar("E", bound=VoidCandidate)


def voidable_kind(kind: str) -> bool:
    """Whether entries of ``kind`` can ever be voided (central's check of a pushed
    ``reverse``; the till's :func:`can_void` adds the entry's own state)."""
    return kind in VOIDABLE_KINDS


def can_void(kind: str, *, voided: bool, state: str) -> bool:
    """Whether an entry of ``kind`` (already ``voided`` or not, in ``state``) can be voided."""
    return voidable_kind(kind) and not voided and state != "rejected"


def voidable(entries: Iterable[E]) -> list[E]:
    """The entries a manager may void, in the order given."""
    return [e for e in entries if can_void(e.kind, voided=e.voided, state=e.state)]
