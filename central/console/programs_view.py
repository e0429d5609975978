"""The report page's programs section, ready for the template: figures as text and the
instruments-per-program bars as SVG geometry (drawn on the server, as the points chart is)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loyalty.money import format_money
from loyalty.report.instrument_export import kind_label, local_time, reason_label, short_id
from loyalty.report.instruments import InstrumentReport

SERIES = ("issued", "redeemed", "expired")


@dataclass(frozen=True, slots=True)
class ConflictLine:
    """One conflict as the table shows it (``entry_id``: what a resolve form posts)."""

    when: str
    store_id: str
    terminal_id: str
    program: str
    instrument: str
    reason: str
    resolved: bool
    entry_id: str
    decision: str | None
    resolved_by: str | None


@dataclass(frozen=True, slots=True)
class ProgramsView:
    report: InstrumentReport
    bars: list[dict[str, Any]]
    names: dict[str, str]  # program id -> its name in the page's language
    kinds: dict[str, str]
    liability_total: str
    liability_by_store: list[tuple[str, str]]
    conflict_rows: list[ConflictLine]
    conflict_counts: list[tuple[str, int]]


def _bars(report: InstrumentReport, width: int, height: int) -> list[dict[str, Any]]:
    """Issued, redeemed and expired side by side per program, scaled to the tallest."""
    programs = report.programs
    if not programs:
        return []
    top = max(max(p.issued, p.redeemed, p.expired) for p in programs) or 1
    step = width / len(programs)
    bar = max(1.0, (step - 12) / len(SERIES))
    out: list[dict[str, Any]] = []
    for i, p in enumerate(programs):
        for k, figure in enumerate(SERIES):
            value = int(getattr(p, figure))
            h = (height - 20) * value / top
            out.append({"x": round(i * step + 6 + k * bar, 1), "y": round(height - h, 1),
                        "w": round(bar - 1, 1), "h": round(h, 1), "kind": figure,
                        "label": f"{p.program_id} {figure}: {value}"})
    return out


def view(report: InstrumentReport, lang: str, width: int, height: int) -> ProgramsView:
    zh = lang.startswith("zh")
    names = {f.program_id: f.name_zh if zh else f.name_en for f in report.stamp_funnels}
    names |= {f.program_id: f.name_zh if zh else f.name_en for f in report.referral_funnels}
    names |= {x.program_id: x.name_zh if zh else x.name_en for x in report.liability}
    names |= {p.program_id: p.name(lang) for p in report.programs}
    return ProgramsView(
        report=report, bars=_bars(report, width, height), names=names,
        kinds={p.program_id: kind_label(p.kind, lang) for p in report.programs},
        liability_total=format_money(report.liability_total),
        liability_by_store=[(sid, format_money(v))
                            for sid, v in report.liability_by_store().items()],
        conflict_rows=[ConflictLine(
            local_time(c.occurred_at, report.period.tz)[:16].replace("T", " "), c.store_id,
            c.terminal_id, names.get(c.program_id, c.program_id), short_id(c.instrument_id),
            reason_label(c.reason, lang), c.resolved, c.entry_id, c.decision, c.resolved_by)
            for c in report.conflicts],
        conflict_counts=[(reason_label(r, lang), n) for r, n in report.conflict_counts.items()])
