"""The chain report as PDF lines: the range and scope, the chain's totals, each store's,
members by tier, and the member analysis (NAPL, RFM, 80/20), in the page's language."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from central.console.analysis import Analysis
from central.console.report import ChainReport
from central.pdf_pages import Line, render_lines
from loyalty.report.labels import label
from loyalty.report.model import NAPL_ORDER

__all__ = ["Line", "lines", "render_lines"]

COLUMNS = ("sales_amount", "new_members", "points_issued", "points_redeemed",
           "points_expired", "overdraft_count", "offline_breach_count")
_MSG = {"sales_amount": "report_sales", "new_members": "report_new_members",
        "points_issued": "report_issued", "points_redeemed": "report_redeemed",
        "points_expired": "report_expired", "overdraft_count": "report_overdrafts",
        "offline_breach_count": "breaches"}


def _n(value: Decimal | int) -> str:
    return f"{value:,.0f}"


def lines(data: ChainReport, analysis: Analysis, scope: str, tiers: dict[str, str],
          t: Callable[..., str], lang: str) -> list[Line]:
    """Every line of the PDF, top to bottom."""
    code = "zh" if lang == "zh_TW" else "en"
    out: list[Line] = [(True, f"{t('report_title')} · {scope}"),
                       (False, f"{data.first.isoformat()} – {data.last.isoformat()}"),
                       (False, "")]
    out += [(False, f"{t(_MSG[k])}: {_n(data.chain[k])}") for k in COLUMNS]
    out += [(False, f"{t('report_liability')}: {_n(data.liability)} · "
                    f"{t('report_members_n', n=_n(data.members))}"), (False, ""),
            (True, t("report_by_store"))]
    for store, totals in data.totals.items():
        out.append((False, f"{store}: " + " · ".join(
            f"{t(_MSG[k])} {_n(totals[k])}" for k in COLUMNS)))
    out += [(False, ""), (True, t("report_tiers"))]
    out += [(False, f"{tiers.get(tier, tier)}: {_n(n)}") for tier, n in data.tiers]
    out += [(False, ""), (True, t("analysis_napl"))]
    out += [(False, f"{label(f'napl_{k}', code)}: {analysis.napl.current[k]:,} "
                    f"({t('analysis_before')}: {analysis.napl.previous[k]:,})")
            for k in NAPL_ORDER]
    out += [(False, f"{a} → {b}: {n:,}") for (a, b), n in sorted(analysis.napl.moved().items())]
    out += [(False, ""), (True, t("analysis_rfm", n=_n(analysis.buyers)))]
    out += [(False, f"{label(f'rfm_{s}', code)}: {n:,}") for s, n in analysis.rfm.items()]
    share = analysis.top_share
    out += [(False, ""), (True, t("analysis_top")),
            (False, t("analysis_top_line", n=_n(analysis.top_buyers),
                      share="—" if share is None else f"{share * 100:.1f}%"))]
    return out
