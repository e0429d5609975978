"""The instruments part of a sale or redemption slip: what was used, the stamps now, what was
issued and the cups left on the member's passes (pure; Traditional Chinese)."""

from __future__ import annotations

from datetime import date

from printing.document import Block, Pair, Rule, Text
from printing.slip_data import InstrumentLine

_UNITS = {"prepaid_pass": "杯", "stamp_card": "點"}


def unit(kind: str) -> str:
    """What one unit of an instrument of ``kind`` is called on paper: 杯, 點 or 張."""
    return _UNITS.get(kind, "張")


def count(n: int, kind: str) -> str:
    """``9 杯``, ``1 張``."""
    return f"{n:,} {unit(kind)}"


def _day(d: date) -> str:
    return d.strftime("%Y-%m-%d")


def instrument_blocks(lines: tuple[InstrumentLine, ...]) -> list[Block]:
    """Sections 本次使用, 集點卡, 本次獲得 and 寄杯剩餘, each only when it has a line."""
    used = [line for line in lines if line.used > 0]
    stamps = [line for line in lines if line.stamps is not None and line.per_card]
    issued = [line for line in lines if line.issued]
    cups = [line for line in lines if line.kind == "prepaid_pass" and line.left is not None]
    blocks: list[Block] = []
    if used:
        blocks += [Rule(), Text("本次使用", bold=True)]
        blocks += [Pair(line.name, "-" + count(line.used, line.kind), bold=True)
                   for line in used]
    if stamps:
        blocks += [Rule(), Text("集點卡", bold=True)]
        for line in stamps:
            assert line.stamps is not None and line.per_card is not None
            blocks.append(Pair(line.name, f"{line.stamps}/{line.per_card} 點", bold=True))
            blocks.append(Text(f"  再集 {line.per_card - line.stamps} 點可兌換"))
    if issued:
        blocks += [Rule(), Text("本次獲得", bold=True)]
        for line in issued:
            blocks.append(Pair(line.name, "+" + count(line.left or 1, line.kind), bold=True))
            if line.expires_on is not None:
                blocks.append(Text(f"  使用期限至 {_day(line.expires_on)}"))
    if cups:
        blocks += [Rule(), Text("寄杯剩餘", bold=True)]
        blocks += [Pair(line.name, "剩 " + count(line.left or 0, line.kind), bold=True)
                   for line in cups]
    return blocks
