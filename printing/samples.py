"""Sample slips with hard names and characters, for previews, test prints and tests.

The names carry characters Big5 lacks (堃, 喆 need Big5-HKSCS; 峯 is not in strict Big5;
𠮷 is outside the Basic Multilingual Plane) and Cantonese characters (嘅) HK stores print.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from loyalty.member_code import code_for_serial
from loyalty.money import Currency, Money
from loyalty.vouchers import VoucherIssuer
from printing.document import Document
from printing.pass_slips import build_instrument_use, build_prepaid_pass
from printing.slip_data import (
    AwardSlip,
    DailySummarySlip,
    InstrumentLine,
    InstrumentUseSlip,
    MemberCardSlip,
    MemberRef,
    PrepaidPassSlip,
    RedemptionSlip,
    SaleRef,
    StoreInfo,
    WelcomeSlip,
)
from printing.slips import (
    build_award,
    build_daily_summary,
    build_member_card,
    build_redemption,
    build_welcome,
)

SAMPLE_CODE = code_for_serial(100_001_234)  # "1000012342": a code the counter accepts
SAMPLE_PHONE = "+886912345678"
STORE = StoreInfo(
    name="好日子生活百貨 中山店",
    address="台北市中山區南京東路二段 88 號",
    phone="(02) 2521-0000",
    footer=("謝謝光臨，歡迎再來！", "點數查詢請洽門市或官網"),
)
AT = datetime(2025, 3, 14, 7, 42, 5, tzinfo=UTC)  # 15:42 in Taipei
SALE = SaleRef(receipt_no="R-20250314-0042", terminal="T02", cashier="陳怡君", at=AT)
MEMBER = MemberRef(name="林堃喆", phone_e164=SAMPLE_PHONE, code=SAMPLE_CODE,
                   tier_name="金卡會員")


ISSUER = VoucherIssuer(
    name="好日子生活百貨股份有限公司", address="台北市中山區南京東路二段 88 號 5 樓",
    tax_id="24549210", representative="林大同", hotline="0800-000-123",
    guarantee="本禮券已依法存入信託專戶：本公司與台灣好銀行簽訂信託契約，"
              "預收款項全數交付信託，專款專用。")
PASS_SERIAL = "PP-2025-000042"
STAMP_CARD = InstrumentLine("咖啡集點卡", "stamp_card", stamps=7, per_card=10)
LATTE_PASS = InstrumentLine("拿鐵寄杯 10 杯", "prepaid_pass", used=1, left=9,
                            serial=PASS_SERIAL)
COUPON = InstrumentLine("滿千折百券", "coupon", used=1, left=0,
                        expires_on=date(2025, 3, 31))
BIRTHDAY = InstrumentLine("生日禮 中杯飲品", "birthday_gift", used=1, left=0,
                          expires_on=date(2025, 3, 31))
REFERRAL = InstrumentLine("推薦好友禮 折 50 元", "referral", used=1, left=0)
REWARD = InstrumentLine("集點兌換 中杯拿鐵", "coupon", issued=True, left=1,
                        expires_on=date(2025, 6, 30))


def instrument_samples() -> dict[str, Document]:
    """A slip per instrument kind used on its own, the stamps and cups on a sale, a pass's
    禮券 and its refund."""
    def use(line: InstrumentLine, **kw: object) -> Document:
        return build_instrument_use(InstrumentUseSlip(STORE, SALE, MEMBER, line,
                                                      **kw))  # type: ignore[arg-type]

    docs = {f"use_{line.kind}": use(line)
            for line in (COUPON, BIRTHDAY, REFERRAL, LATTE_PASS)}
    docs["use_stamp_card"] = use(InstrumentLine("集點兌換 中杯拿鐵", "stamp_card", used=1, left=0))
    docs["award_instruments"] = build_award(replace(
        award(), instruments=(replace(STAMP_CARD, stamps=0), REWARD,
                              replace(LATTE_PASS, used=0))))
    docs["redemption_instruments"] = build_redemption(RedemptionSlip(
        store=STORE, sale=SALE, member=MEMBER, points_used=500, value=twd(50), balance=2956,
        instruments=(LATTE_PASS, COUPON, STAMP_CARD)))
    docs["prepaid_pass"] = build_prepaid_pass(PrepaidPassSlip(
        STORE, SALE, MEMBER, ISSUER, name="拿鐵寄杯 10 杯", item="中杯拿鐵", count=10,
        serial=PASS_SERIAL, price=twd(1200)))
    docs["pass_refund"] = use(replace(LATTE_PASS, used=6, left=0), refund=twd(540),
                              approved_by="王店長")
    return docs


def twd(amount: int) -> Money:
    """NT$ amount."""
    return Money(Decimal(amount), Currency.TWD)


def award(member: MemberRef = MEMBER) -> AwardSlip:
    """An award with a pending part, expiring points and tier progress."""
    return AwardSlip(store=STORE, sale=SALE, member=member, sale_amount=twd(1280),
                     points_earned=128, balance=3456, pending=128, expiring_points=200,
                     expiring_on=date(2025, 6, 30), next_tier_name="白金會員",
                     spend_to_next=twd(3720))


def sample_documents() -> dict[str, Document]:
    """One document of each slip kind (plus a copy), keyed by a file-friendly name."""
    hk_member = MemberRef(name="張峯𠮷", phone_e164="+85291234567", code=SAMPLE_CODE,
                          tier_name="銀卡會員")
    return {
        "award": build_award(award()),
        "redemption": build_redemption(RedemptionSlip(
            store=STORE, sale=SALE, member=hk_member, points_used=1000, value=twd(100),
            balance=2456, offline=True, approved_by="王店長")),
        "welcome": build_welcome(WelcomeSlip(store=STORE, sale=SALE, member=MEMBER,
                                             welcome_points=50)),
        "card": build_member_card(MemberCardSlip(store=STORE, sale=SALE, member=MEMBER)),
        "summary": build_daily_summary(DailySummarySlip(
            store=STORE, sale=SALE, business_date=date(2025, 3, 14), new_members=12,
            members_bought=87, member_sales=twd(96540), total_sales=twd(152300),
            points_issued=9654, points_redeemed=4000, points_expired=350,
            expiring_soon=1200, liability_points=812345, liability_value=twd(81234),
            tier_mix=(("一般會員", 5230), ("銀卡會員", 1204), ("金卡會員", 311)),
            napl=(("新客 N", 40), ("活躍 A", 1800), ("沉睡 P", 2100), ("流失 L", 2805)))),
        "reprint": build_award(award()).as_copy(),
    } | instrument_samples()


def test_page(printer_label: str) -> Document:
    """The settings screen's test print: Chinese, full-width punctuation, rare names, codes."""
    from printing.document import Align, Barcode, Pair, QrCode, Rule, Text

    return Document("test", "測試列印", (
        Text("測試列印 TEST PRINT", Align.CENTER, bold=True, double=True),
        Text(printer_label, Align.CENTER),
        Rule("="),
        Text("繁體中文：會員點數、折抵、到期。"),
        Text("全形標點：，。！？（）「」"),
        Text("罕用字：堃 喆 峯 𠮷 嘅 咗"),
        Pair("左右對齊", "NT$1,234"),
        Pair("Left/right", "1,234 點"),
        Rule(),
        Barcode(SAMPLE_CODE),
        QrCode(SAMPLE_CODE),
        Text("如以上文字與條碼清楚，印表機設定正確。", Align.CENTER),
    ))
