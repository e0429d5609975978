"""What "points issued" means, on the till's report and central's daily report alike.

Points issued in a period at a store: the positive points of the ``earn``, ``bonus`` and
``adjust`` entries written there in the period that still stand — neither undone by a
``reverse`` (whenever the void was written) nor rejected by central. A negative adjustment
takes points back and is not an issue of minus points; a void takes its entry out of the
figure instead of counting as an entry of its own. (Central's report used to count earn and
bonus only, voided ones included.)

The stores count it in SQL (``ISSUING_SQL`` below; the till's hourly summary triggers, frozen
in store migration 0005, count the same); :func:`points_issued` is the rule over entries,
which the tests hold both reports to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

ISSUING_KINDS: tuple[str, ...] = ("earn", "bonus", "adjust")
ISSUING_SQL = "(" + ", ".join(f"'{k}'" for k in ISSUING_KINDS) + ")"


class IssuingEntry(Protocol):
    """What the rule needs of a ledger entry."""

    @property
    def kind(self) -> str: ...

    @property
    def points(self) -> int: ...


def issues(kind: str, points: int) -> bool:
    """Whether a standing entry of ``kind`` with ``points`` counts as points issued."""
    return kind in ISSUING_KINDS and points > 0


def points_issued(standing: Iterable[IssuingEntry]) -> int:
    """Points issued by ``standing`` entries (those neither voided nor rejected)."""
    return sum(e.points for e in standing if issues(e.kind, e.points))
