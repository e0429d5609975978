"""Names of the report's figures in both languages (for files; the screen uses Qt's tr())."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "period": ("期間", "Period"),
    "period_start": ("期間起日", "Period start"),
    "period_end": ("期間迄日", "Period end"),
    "summary": ("摘要", "Summary"),
    "days": ("每日", "By day"),
    "tier_mix": ("等級分布", "Tier mix"),
    "top_members": ("前幾名會員", "Top members"),
    "new_members": ("新入會", "New members"),
    "new_here": ("本店入會", "Joined here"),
    "new_online": ("線上入會", "Joined online"),
    "buyers": ("消費會員", "Members who bought"),
    "visits": ("來店次數", "Visits"),
    "member_sales": ("會員消費", "Member sales"),
    "other_sales": ("非會員消費", "Non-member sales"),
    "total_sales": ("全店營業額", "Total sales"),
    "member_share": ("會員消費占比", "Members' share of sales"),
    "points_issued": ("發出點數", "Points issued"),
    "points_redeemed": ("折抵點數", "Points redeemed"),
    "points_expired": ("到期點數", "Points expired"),
    "expiring_soon": ("30 天內將到期", "Expiring in 30 days"),
    "liability_points": ("流通點數", "Outstanding points"),
    "liability_value": ("點數負債", "Points liability"),
    "members": ("本店會員", "Members of this store"),
    "upgrades": ("升等", "Upgrades"),
    "downgrades": ("降等", "Downgrades"),
    "top_share": ("前 20% 會員消費占比", "Top 20% members' share"),
    "top_buyers": ("前 20% 會員人數", "Top 20% members"),
    "pending_sync": ("待同步筆數", "Waiting to sync"),
    "napl_N": ("新客 N", "New N"),
    "napl_A": ("主力 A", "Active A"),
    "napl_P": ("瞌睡 P", "Passive P"),
    "napl_L": ("流失 L", "Lost L"),
    "rfm_champions": ("頂級顧客", "Champions"),
    "rfm_loyal": ("忠誠顧客", "Loyal"),
    "rfm_promising": ("潛力顧客", "Promising"),
    "rfm_at_risk": ("流失風險", "At risk"),
    "rfm_hibernating": ("休眠顧客", "Hibernating"),
    "rfm_needs_attention": ("需要關注", "Needs attention"),
}


def label(key: str, lang: str = "zh") -> str:
    """The figure's name in ``lang`` (``zh`` or ``en``); the key itself if unknown."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[0] if lang.startswith("zh") else pair[1]
