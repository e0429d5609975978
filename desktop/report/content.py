"""What the report says, as text and charts, in one language: shared by the window and the
PDF so the two can never disagree (and the CSV carries the same values)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QChart

from desktop.report.charts import bars_chart, pie_chart, trend_chart
from desktop.report.fmt import delta, number
from loyalty.report.export import kpi_values, tier_label
from loyalty.report.labels import label
from loyalty.report.model import NAPL_ORDER, MemberReport
from loyalty.rules import Rules


def _zh(lang: str) -> bool:
    return lang.startswith("zh")


def span(start: date, end: date) -> str:
    """``12/1–12/30``; one day ``12/7``; with years when the range crosses one."""
    def day(d: date) -> str:
        return f"{d.year}/{d.month}/{d.day}" if start.year != end.year else f"{d.month}/{d.day}"
    return day(start) if start == end else f"{day(start)}–{day(end)}"


def title(report: MemberReport, lang: str) -> str:
    """``會員報表 12/1–12/30`` (``會員日報 12/7`` for one day)."""
    p = report.period
    if _zh(lang):
        return f"{'會員日報' if p.days == 1 else '會員報表'} {span(p.start, p.end)}"
    return f"{'Daily member report' if p.days == 1 else 'Member report'} {span(p.start, p.end)}"


def heading(report: MemberReport, lang: str, store_name: str) -> str:
    """The title, the store's name and the period compared with."""
    prev = report.previous.period
    if _zh(lang):
        return f"{title(report, lang)} · {store_name}（比較 {span(prev.start, prev.end)}）"
    return f"{title(report, lang)} · {store_name} (vs {span(prev.start, prev.end)})"


def tile_texts(report: MemberReport, lang: str) -> dict[str, tuple[str, str, str | None]]:
    """key -> (name, value, change against the previous period or None)."""
    cur, prev = kpi_values(report.current), kpi_values(report.previous)
    out: dict[str, tuple[str, str, str | None]] = {}
    for key, value in cur.items():
        out[key] = (label(key, lang), number(value), delta(value, prev[key]))
    b = report.base
    out["expiring_soon"] = (label("expiring_soon", lang), number(b.expiring_soon), None)
    out["liability_points"] = (label("liability_points", lang), number(b.liability_points),
                               None)
    out["liability_value"] = (label("liability_value", lang), number(b.liability_value), None)
    out["pending_sync"] = (label("pending_sync", lang), number(report.pending_sync), None)
    return out


def napl_names(lang: str) -> list[str]:
    return [label(f"napl_{code}", lang) for code in NAPL_ORDER]


def notes(report: MemberReport, lang: str) -> str:
    """The figures that are sentences rather than tiles."""
    cur, b, n = report.current, report.base, report.napl
    flows = ", ".join(f"{src}→{dst} {count:,}" for (src, dst), count in
                      sorted(n.moved().items(), key=lambda kv: -kv[1]))
    rfm = ", ".join(f"{label('rfm_' + k, lang)} {v:,}" for k, v in report.rfm.items())
    top = number(report.top_share)
    if _zh(lang):
        return (f"新入會 {cur.new_members:,} 人（本店 {cur.new_here:,}、線上 {cur.new_online:,}）；"
                f"非會員消費 {number(cur.other_sales)}，全店 {number(cur.total_sales)}。"
                f"前 20% 會員（{report.top_buyers:,} 人）貢獻會員消費 {top}。"
                f"等級異動：升等 {b.upgrades:,}、降等 {b.downgrades:,}。"
                f"NAPL 流動：{flows or '無'}。RFM：{rfm or '無'}。"
                f"30 天內將到期 {b.expiring_soon:,} 點（{b.expiring_members:,} 人）。")
    return (f"New members {cur.new_members:,} (here {cur.new_here:,}, online "
            f"{cur.new_online:,}); non-member sales {number(cur.other_sales)}, total "
            f"{number(cur.total_sales)}. The top 20% of members ({report.top_buyers:,}) brought "
            f"{top} of member sales. Tier moves: {b.upgrades:,} up, {b.downgrades:,} down. "
            f"NAPL flows: {flows or 'none'}. RFM: {rfm or 'none'}. Expiring within 30 days: "
            f"{b.expiring_soon:,} points ({b.expiring_members:,} members).")


def charts(report: MemberReport, lang: str, rules: Rules) -> list[QChart]:
    """Members trend, points trend, NAPL (now vs before), tier mix."""
    zh = _zh(lang)
    s = report.series
    members = trend_chart("每日會員" if zh else "Members per day", s, [
        (label("buyers", lang), [p.buyers for p in s]),
        (label("new_members", lang), [p.new_members for p in s])])
    points = trend_chart("每日點數" if zh else "Points per day", s, [
        (label("points_issued", lang), [p.points_issued for p in s]),
        (label("points_redeemed", lang), [p.points_redeemed for p in s])])
    napl = bars_chart("NAPL 會員狀態" if zh else "NAPL status", napl_names(lang), [
        ("本期" if zh else "This period", [report.napl.current[c] for c in NAPL_ORDER]),
        ("上期" if zh else "Previous", [report.napl.previous[c] for c in NAPL_ORDER])])
    tiers = pie_chart("等級分布" if zh else "Tier mix", [
        (tier_label(rules, code, lang), n) for code, n in report.base.tier_mix.items()])
    return [members, points, napl, tiers]


def top_rows(report: MemberReport, lang: str, rules: Rules
             ) -> tuple[list[str], list[list[str]]]:
    """The top members table: headers and rows (phones masked)."""
    zh = _zh(lang)
    headers = (["會員", "手機", "等級", "來店", "消費", "點數"] if zh else
               ["Member", "Phone", "Tier", "Visits", "Sales", "Points"])
    rows = [[t.name, t.phone_masked, tier_label(rules, t.tier, lang), number(t.visits),
             number(t.sales), number(t.balance)] for t in report.top_members]
    return headers, rows
