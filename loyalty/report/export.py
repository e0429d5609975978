"""The report as CSV: UTF-8 with BOM (Excel opens Chinese correctly), one value per cell.

The file is a few small tables one after another, each a title row, a header row and its
rows, with a blank row between: the summary (``section, key, label, current, previous``,
``key`` stable for tools, ``label`` in the chosen language), then the days, the tier mix and
the top members. Dates are ISO (``2026-12-01``), money a plain decimal (no symbol, no
separators), tiers by their name in the chosen language. A text cell that a spreadsheet
would run as a formula (it starts with ``=``, ``+``, ``-`` or ``@``: a member's name can)
gets a leading ``'``; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from loyalty.report.instrument_export import Table, instrument_tables
from loyalty.report.labels import LABELS, label
from loyalty.report.model import NAPL_ORDER, Activity, MemberReport
from loyalty.rules import Rules

Row = tuple[str, ...]
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value`` as a spreadsheet shows it, never as a formula it runs."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    amount = getattr(value, "amount", None)
    return f"{amount:f}" if isinstance(amount, Decimal) else str(value)


def kpi_values(a: Activity) -> dict[str, object]:
    """The activity KPIs by key (the same keys the screen's tiles use)."""
    return {"new_members": a.new_members, "new_here": a.new_here, "new_online": a.new_online,
            "buyers": a.buyers, "visits": a.visits, "member_sales": a.member_sales,
            "other_sales": a.other_sales, "total_sales": a.total_sales,
            "member_share": a.member_share, "points_issued": a.points_issued,
            "points_redeemed": a.points_redeemed, "points_expired": a.points_expired}


def _zh(lang: str) -> bool:
    return lang.startswith("zh")


def tier_label(rules: Rules, code: str, lang: str) -> str:
    """A tier's name in ``lang`` (its code when the rules do not know it)."""
    tier = next((t for t in rules.tiers if t.code == code), None)
    if tier is None:
        return code
    return tier.name_zh if _zh(lang) else tier.name_en


def rows(report: MemberReport, lang: str = "zh") -> Iterator[Row]:
    """The summary table: ``section, key, label, current, previous``."""
    p, prev = report.period, report.previous.period
    yield ("period", "start", label("period_start", lang), p.start.isoformat(),
           prev.start.isoformat())
    yield ("period", "end", label("period_end", lang), p.end.isoformat(), prev.end.isoformat())
    cur, before = kpi_values(report.current), kpi_values(report.previous)
    for key, value in cur.items():
        yield ("kpi", key, label(key, lang), _plain(value), _plain(before[key]))
    b = report.base
    for key, value in (("liability_points", b.liability_points),
                       ("liability_value", b.liability_value),
                       ("expiring_soon", b.expiring_soon), ("members", b.members),
                       ("upgrades", b.upgrades), ("downgrades", b.downgrades),
                       ("top_share", report.top_share), ("top_buyers", report.top_buyers),
                       ("pending_sync", report.pending_sync)):
        yield ("base", key, label(key, lang), _plain(value), "")
    for code in NAPL_ORDER:
        yield ("napl", code, label(f"napl_{code}", lang), str(report.napl.current[code]),
               str(report.napl.previous[code]))
    for (src, dst), n in sorted(report.napl.moved().items()):
        yield ("napl_flow", f"{src}>{dst}", f"{src} → {dst}", str(n), "")
    for segment, n in report.rfm.items():
        yield ("rfm", segment, label(f"rfm_{segment}", lang), str(n), "")


def tables(report: MemberReport, lang: str, rules: Rules
           ) -> Iterator[tuple[str, Row, Sequence[Row]]]:
    """Every table of the file: its title, its header and its rows."""
    zh = _zh(lang)
    yield (label("summary", lang), ("section", "key", "label", "current", "previous"),
           list(rows(report, lang)))
    yield (label("days", lang),
           ("date", *(label(k, lang) for k in ("buyers", "new_members", "member_sales",
                                                 "points_issued", "points_redeemed"))),
           [(d.day.isoformat(), str(d.buyers), str(d.new_members), _plain(d.member_sales),
             str(d.points_issued), str(d.points_redeemed)) for d in report.series])
    yield (label("tier_mix", lang), ("tier", "等級" if zh else "Tier",
                                     "會員數" if zh else "Members"),
           [(code, tier_label(rules, code, lang), str(n))
            for code, n in report.base.tier_mix.items()])
    yield (label("top_members", lang),
           ("member_code", *(("會員", "手機", "等級", "來店", "消費", "點數") if zh else
                             ("Member", "Phone", "Tier", "Visits", "Sales", "Points"))),
           [(t.member_code, t.name, t.phone_masked, tier_label(rules, t.tier, lang),
             str(t.visits), _plain(t.sales), str(t.balance)) for t in report.top_members])


def report_file_name(start: date, end: date, suffix: str) -> str:
    """``member-report_2026-12-01_2026-12-30.csv`` (one date for one day)."""
    span = start.isoformat() if start == end else f"{start.isoformat()}_{end.isoformat()}"
    return f"member-report_{span}{suffix}"


def tables_csv(all_tables: Iterable[Table]) -> str:
    """Tables one after another (title row, header row, rows; a blank row between), with
    the BOM; every cell through :func:`safe_cell`."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    for i, (title, header, body) in enumerate(all_tables):
        if i:
            out.writerow(())
        out.writerow((safe_cell(title),))
        out.writerow(tuple(safe_cell(c) for c in header))
        out.writerows(tuple(safe_cell(c) for c in row) for row in body)
    return "\ufeff" + buffer.getvalue()


def write_report_csv(report: MemberReport, path: Path, lang: str, rules: Rules) -> None:
    """The member report's tables, then its programs section when it has one."""
    everything: list[Table] = list(tables(report, lang, rules))
    if report.instruments is not None:
        everything.extend(instrument_tables(report.instruments, lang, report.period.tz))
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(tables_csv(everything))


__all__ = ["LABELS", "kpi_values", "report_file_name", "rows", "safe_cell", "tables",
           "tables_csv", "tier_label", "write_report_csv"]
