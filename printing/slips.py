"""Build receipt documents from slip data (pure: same input, same document).

Labels are Traditional Chinese, the language of our Taiwan and Hong Kong counters; numbers
and money use the forms Taiwanese receipts use (``NT$1,234``, ``1,234 點``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from loyalty.money import Money, format_money
from loyalty.phone import mask_phone
from printing.document import Align, Barcode, Block, Document, Feed, Pair, QrCode, Rule, Text
from printing.instrument_lines import instrument_blocks
from printing.slip_data import (
    AwardSlip,
    DailySummarySlip,
    MemberCardSlip,
    MemberRef,
    RedemptionSlip,
    SaleRef,
    StoreInfo,
    WelcomeSlip,
)


def points(n: int) -> str:
    """``1,234 點``."""
    return f"{n:,} 點"


def local_time(at: datetime, tz: str) -> str:
    """``2025-03-14 15:42`` in the store's zone.

    Raises:
        ValueError: ``at`` is naive (times are stored in UTC, always aware).
    """
    if at.tzinfo is None:
        raise ValueError("slip times must be timezone-aware (UTC)")
    return at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def _day(d: date) -> str:
    return d.strftime("%Y-%m-%d")


def _header(store: StoreInfo, title: str) -> list[Block]:
    blocks: list[Block] = [Text(store.name, Align.CENTER, bold=True, double=True)]
    blocks += [Text(line, Align.CENTER) for line in (store.address, store.phone) if line]
    blocks += [Rule("="), Text(title, Align.CENTER, bold=True), Feed()]
    return blocks


def _sale(sale: SaleRef, store: StoreInfo) -> list[Block]:
    return [
        Pair("單號", sale.receipt_no),
        Pair("時間", local_time(sale.at, store.tz)),
        Pair("機台/收銀員", f"{sale.terminal} / {sale.cashier}"),
        Rule(),
    ]


def _member(member: MemberRef) -> list[Block]:
    return [
        Pair("會員", member.name),
        Pair("手機", mask_phone(member.phone_e164)),
        Pair("會員編號", member.code),
        Pair("等級", member.tier_name),
        Rule(),
    ]


def _footer(store: StoreInfo) -> list[Block]:
    blocks: list[Block] = [Rule()]
    blocks += [Text(line, Align.CENTER) for line in store.footer]
    return blocks


def build_award(slip: AwardSlip) -> Document:
    """Award slip: sale, points earned, new balance, expiry and tier progress."""
    blocks = _header(slip.store, "會員集點明細") + _sale(slip.sale, slip.store)
    blocks += _member(slip.member)
    blocks += [
        Pair("消費金額", format_money(slip.sale_amount)),
        Pair("本次獲得", "+" + points(slip.points_earned), bold=True),
        Pair("點數餘額", points(slip.balance), bold=True),
    ]
    if slip.pending:
        blocks.append(Text(f"（其中 {points(slip.pending)} 待連線確認）", Align.RIGHT))
    if slip.expiring_points and slip.expiring_on:
        blocks.append(Text(f"※ {points(slip.expiring_points)} 將於 "
                           f"{_day(slip.expiring_on)} 到期"))
    if slip.next_tier_name and slip.spend_to_next is not None:
        blocks.append(Text(f"再消費 {format_money(slip.spend_to_next)} "
                           f"升級{slip.next_tier_name}"))
    blocks += instrument_blocks(slip.instruments)
    if slip.show_code:
        blocks += _next_time(slip.member.code)
    return Document("award", f"集點 {slip.sale.receipt_no}",
                    tuple(blocks + _footer(slip.store)), slip.copy)


def build_redemption(slip: RedemptionSlip) -> Document:
    """Redemption slip: points used, their value, the balance left."""
    blocks = _header(slip.store, "點數折抵明細") + _sale(slip.sale, slip.store)
    blocks += _member(slip.member)
    blocks += [
        Pair("使用點數", "-" + points(slip.points_used), bold=True),
        Pair("折抵金額", format_money(slip.value), bold=True),
        Pair("點數餘額", points(slip.balance), bold=True),
    ]
    if slip.offline:
        blocks.append(Text("（離線折抵，連線後確認）", Align.RIGHT))
    if slip.approved_by:
        blocks.append(Pair("主管核准", slip.approved_by))
    blocks += instrument_blocks(slip.instruments)
    if slip.show_code:
        blocks += _next_time(slip.member.code)
    blocks += [Feed(), Text("顧客簽名：", Align.LEFT), Feed(2), Rule(".")]
    return Document("redemption", f"折抵 {slip.sale.receipt_no}",
                    tuple(blocks + _footer(slip.store)), slip.copy)


def _code_blocks(code: str) -> list[Block]:
    return [Barcode(code), QrCode(code)]


def _next_time(code: str) -> list[Block]:
    return [Feed(), Text("下次消費請出示此條碼", Align.CENTER), *_code_blocks(code)]


def build_welcome(slip: WelcomeSlip) -> Document:
    """Welcome slip for a new member, with their code as a barcode and a QR code."""
    m = slip.member
    blocks = [
        *_header(slip.store, "歡迎加入會員"),
        Text(f"{m.name} 您好！", Align.CENTER, bold=True),
        Text("下次消費請出示此條碼或報手機號碼。", Align.CENTER),
        Feed(),
        Pair("手機", mask_phone(m.phone_e164)),
        Pair("會員編號", m.code),
        Pair("等級", m.tier_name),
    ]
    if slip.welcome_points:
        blocks.append(Pair("入會禮", "+" + points(slip.welcome_points), bold=True))
    blocks += _code_blocks(m.code) + _sale(slip.sale, slip.store)[:-1]
    return Document("welcome", f"入會 {m.code}", tuple(blocks + _footer(slip.store)), slip.copy)


def build_member_card(slip: MemberCardSlip) -> Document:
    """A paper member card: name, tier, code as barcode and QR."""
    m = slip.member
    blocks: list[Block] = [
        Text(slip.store.name, Align.CENTER, bold=True, double=True),
        Text("會員卡", Align.CENTER, bold=True),
        Rule("="),
        Text(m.name, Align.CENTER, bold=True, double=True),
        Text(m.tier_name, Align.CENTER),
        Text(mask_phone(m.phone_e164), Align.CENTER),
        *_code_blocks(m.code),
        Text(f"發卡 {local_time(slip.sale.at, slip.store.tz)} {slip.sale.terminal}",
             Align.CENTER),
    ]
    return Document("card", f"會員卡 {m.code}", tuple(blocks + _footer(slip.store)), slip.copy)


def _share(part: Money, whole: Money) -> str:
    if whole.amount <= 0:
        return "-"
    pct = (part.amount * 100 / whole.amount).quantize(Decimal("0.1"))
    return f"{pct}%"


def build_daily_summary(slip: DailySummarySlip) -> Document:
    """The manager's daily summary: members, sales, points and the points liability."""
    blocks = _header(slip.store, f"會員日報 {_day(slip.business_date)}")
    blocks += [
        Pair("列印時間", local_time(slip.sale.at, slip.store.tz)),
        Pair("機台/列印人", f"{slip.sale.terminal} / {slip.sale.cashier}"),
        Rule(),
        Pair("新入會", f"{slip.new_members:,} 人"),
        Pair("消費會員", f"{slip.members_bought:,} 人"),
        Pair("會員消費", format_money(slip.member_sales)),
        Pair("全店營業額", format_money(slip.total_sales)),
        Pair("會員占比", _share(slip.member_sales, slip.total_sales)),
        Rule(),
        Pair("發出點數", points(slip.points_issued)),
        Pair("折抵點數", points(slip.points_redeemed)),
        Pair("到期點數", points(slip.points_expired)),
        Pair("30 天內將到期", points(slip.expiring_soon)),
        Pair("流通點數", points(slip.liability_points), bold=True),
        Pair("點數負債", format_money(slip.liability_value), bold=True),
    ]
    for heading, rows in (("等級分布", slip.tier_mix), ("NAPL 會員狀態", slip.napl)):
        if rows:
            blocks += [Rule(), Text(heading, bold=True)]
            blocks += [Pair(f"  {name}", f"{count:,} 人") for name, count in rows]
    return Document("summary", f"日報 {_day(slip.business_date)}",
                    tuple(blocks + _footer(slip.store)), slip.copy)
