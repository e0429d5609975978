"""How the report's figures read on screen and in the PDF (same text in both)."""

from __future__ import annotations

from decimal import Decimal

from loyalty.money import Money, format_money
from loyalty.report.model import change


def number(value: object) -> str:
    """``1,234``, ``NT$1,234``, ``77.9%`` for a share, ``–`` for nothing."""
    if value is None:
        return "–"
    if isinstance(value, Money):
        return format_money(value)
    if isinstance(value, Decimal):
        return f"{value * 100:.1f}%"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def delta(current: object, previous: object) -> str:
    """The change against the previous period: ``+12.5%``, ``-3.0%``, or ``–``."""
    if isinstance(current, Money) and isinstance(previous, Money):
        current, previous = current.amount, previous.amount
    if isinstance(current, Decimal) and isinstance(previous, Decimal) and current <= 1 \
            and previous <= 1 and not isinstance(current, int):
        # a share: the change in percentage points reads better than a relative change
        points = (current - previous) * 100
        return f"{points:+.1f} pt"
    if not isinstance(current, int | Decimal) or not isinstance(previous, int | Decimal):
        return "–"
    rel = change(current, previous)
    return "–" if rel is None else f"{rel * 100:+.1f}%"
