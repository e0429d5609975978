"""NAPL status and RFM scores, as Taiwanese retail chains define them.

NAPL, over a window of ``window_months`` ending on ``as_of`` (inclusive: a purchase on
``add_months(as_of, -window) + 1 day`` is inside):

* **N** new: the member's first purchase is within the window;
* **A** active: a repeat buyer (2+ purchase days) with a purchase within the window;
* **P** passive/sleeping: a repeat buyer with no purchase within the window;
* **L** lost: a one-time buyer whose only purchase is before the window.

A member who never bought has no NAPL status (``None``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from loyalty.dates import add_months


class Napl(StrEnum):
    NEW = "N"
    ACTIVE = "A"
    PASSIVE = "P"
    LOST = "L"


def window_start(as_of: date, window_months: int) -> date:
    """The first day inside the window that ends on ``as_of``."""
    return add_months(as_of, -window_months) + timedelta(days=1)


def napl_status(first_purchase: date | None, last_purchase: date | None, purchase_days: int,
                as_of: date, window_months: int = 3) -> Napl | None:
    """Classify one member from their first/last purchase dates and count of purchase days."""
    if first_purchase is None or last_purchase is None or purchase_days == 0:
        return None
    start = window_start(as_of, window_months)
    if first_purchase >= start:
        return Napl.NEW
    if purchase_days >= 2:
        return Napl.ACTIVE if last_purchase >= start else Napl.PASSIVE
    return Napl.LOST


@dataclass(frozen=True, slots=True)
class RfmInput:
    member_id: str
    recency_days: int
    frequency: int
    monetary: Decimal


@dataclass(frozen=True, slots=True)
class RfmScore:
    r: int
    f: int
    m: int

    @property
    def segment(self) -> str:
        return rfm_segment(self)


def quintile_scores(values: Sequence[float | int | Decimal], *, higher_is_better: bool = True
                    ) -> list[int]:
    """Score each value 1–5 by its rank (ties share the lower rank's score)."""
    n = len(values)
    if n == 0:
        return []
    order = sorted(range(n), key=lambda i: values[i])
    scores = [0] * n
    rank = 0
    for pos, i in enumerate(order):
        if pos == 0 or values[i] != values[order[pos - 1]]:
            rank = pos
        quint = min(5, rank * 5 // n + 1)
        scores[i] = quint if higher_is_better else 6 - quint
    return scores


def rfm_scores(rows: Sequence[RfmInput]) -> dict[str, RfmScore]:
    """RFM quintile scores (5 best) for members who bought in the period."""
    r = quintile_scores([row.recency_days for row in rows], higher_is_better=False)
    f = quintile_scores([row.frequency for row in rows])
    m = quintile_scores([row.monetary for row in rows])
    return {row.member_id: RfmScore(r[i], f[i], m[i]) for i, row in enumerate(rows)}


def rfm_segment(score: RfmScore) -> str:
    """A named segment a manager can act on, from the R and the F+M average."""
    fm = (score.f + score.m) / 2
    if score.r >= 4 and fm >= 4:
        return "champions"
    if score.r >= 3 and fm >= 3:
        return "loyal"
    if score.r >= 4:
        return "promising"
    if score.r <= 2 and fm >= 3:
        return "at_risk"
    if score.r <= 2:
        return "hibernating"
    return "needs_attention"
