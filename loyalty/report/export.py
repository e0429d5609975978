"""The report as CSV: UTF-8 with BOM (Excel opens Chinese correctly), one figure a row.

Columns: ``section, key, label, current, previous`` — ``key`` is stable for tools, ``label``
is in the chosen language. Money has its plain decimal value (no symbol, no separators).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from loyalty.report.labels import LABELS, label
from loyalty.report.model import NAPL_ORDER, Activity, MemberReport

Row = tuple[str, str, str, str, str]


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


def rows(report: MemberReport, lang: str = "zh") -> Iterator[Row]:
    """Every figure of the report as CSV rows."""
    p = report.period
    yield ("period", "period", label("period", lang), f"{p.start}..{p.end}",
           f"{report.previous.period.start}..{report.previous.period.end}")
    cur, prev = kpi_values(report.current), kpi_values(report.previous)
    for key, value in cur.items():
        yield ("kpi", key, label(key, lang), _plain(value), _plain(prev[key]))
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
    for tier, n in b.tier_mix.items():
        yield ("tier", tier, tier, str(n), "")
    for segment, n in report.rfm.items():
        yield ("rfm", segment, label(f"rfm_{segment}", lang), str(n), "")
    for d in report.series:
        yield ("day", d.day.isoformat(), "", f"{d.buyers}/{d.new_members}",
               f"{_plain(d.member_sales)}/{d.points_issued}/{d.points_redeemed}")
    for t in report.top_members:
        yield ("top", t.member_code, t.name, _plain(t.sales), f"{t.phone_masked} {t.visits}")


def write_report_csv(report: MemberReport, path: Path, lang: str = "zh") -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(("section", "key", "label", "current", "previous"))
        out.writerows(rows(report, lang))


__all__ = ["LABELS", "kpi_values", "rows", "write_report_csv"]
