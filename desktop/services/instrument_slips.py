"""From the instruments of a completed operation to the lines its slip prints (Chinese, as
every slip): what was used, the stamps now, the rewards issued, the cups left."""

from __future__ import annotations

from loyalty.rules import Rules
from loyalty.store.instruments import InstrumentChange, InstrumentView
from loyalty.store.panel import MemberPanel
from printing.slip_data import InstrumentLine


def _name(program_id: str, rules: Rules | None, views: tuple[InstrumentView, ...]) -> str:
    program = rules.program(program_id) if rules is not None else None
    if program is not None:
        return program.name_zh
    return next((v.name_zh for v in views if v.program_id == program_id), program_id)


def _per_card(program_id: str, rules: Rules | None) -> int | None:
    program = rules.program(program_id) if rules is not None else None
    return None if program is None else program.units


def sale_lines(changes: tuple[InstrumentChange, ...], after: MemberPanel,
               rules: Rules | None) -> tuple[InstrumentLine, ...]:
    """A sale's stamps (stamps now), the rewards and gifts it issued, and the cups left on
    the member's passes."""
    views = after.instruments
    lines: list[InstrumentLine] = []
    for change in changes:
        name = _name(change.program_id, rules, views)
        if change.kind == "stamp":
            lines.append(InstrumentLine(name, "stamp_card", stamps=change.stamps_now or 0,
                                        per_card=_per_card(change.program_id, rules)))
        elif change.kind == "issue":
            view = next((v for v in views if v.instrument_id == change.instrument_id), None)
            lines.append(InstrumentLine(name, change.instrument_kind, issued=True,
                                        left=change.units,
                                        expires_on=view.expires_on if view else None))
    lines += [pass_line(v) for v in views if v.kind == "prepaid_pass" and v.usable]
    return tuple(lines)


def pass_line(view: InstrumentView, used: int = 0) -> InstrumentLine:
    return InstrumentLine(view.name_zh, view.kind, used=used, left=view.remaining,
                          serial=view.serial or "")


def use_line(change: InstrumentChange, before: InstrumentView) -> InstrumentLine:
    """An instrument used (or refunded): how many, what is left after it."""
    return InstrumentLine(before.name_zh, before.kind, used=-change.units,
                          left=change.remaining, serial=change.serial or before.serial or "")
