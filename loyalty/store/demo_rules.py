"""The demo chain's rules: the shipped defaults plus the programs a café-and-store chain runs
(a 10-cup latte pass, a stamp card, a birthday gift, a referral reward, a coupon) and the
issuer printed on its prepaid passes' 禮券. Central's demo publishes them; a standalone demo
till keeps them as its rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Engine

from loyalty.programs import OfflinePolicy, Program
from loyalty.rules import Rules, default_rules
from loyalty.store.rulebook import store_rules
from loyalty.vouchers import VoucherIssuer

DEMO_VOUCHER_ISSUER = VoucherIssuer(
    name="好日子生活百貨股份有限公司", address="台北市信義區松高路 11 號 8 樓",
    tax_id="24549210", representative="林大同", hotline="0800-000-123",
    guarantee="本禮券已依法存入信託專戶：本公司與台灣好銀行簽訂信託契約，預收款項全數交付"
              "信託，專款專用，期間自發售日起至兌換完畢止。")
_ON_THIS_TILL = OfflinePolicy("per_terminal", 20)  # a standalone demo till uses them too
DEMO_PROGRAMS = (
    Program("latte-10", "prepaid_pass", "拿鐵寄杯 10 杯", "Latte pass, 10 cups", units=10,
            price=Decimal("1200"), refund_unit_price=Decimal("110"), reward_item="中杯拿鐵",
            offline=_ON_THIS_TILL),
    Program("coffee-card", "stamp_card", "咖啡集點卡", "Coffee stamp card", units=10,
            reward_program="coffee-reward", stamp_min_sale=Decimal("100")),
    Program("coffee-reward", "coupon", "集點兌換 中杯拿鐵", "Stamp reward: a latte",
            reward_item="中杯拿鐵", valid_days=90, offline=_ON_THIS_TILL),
    Program("birthday", "birthday_gift", "生日禮 中杯飲品", "Birthday drink",
            reward_item="中杯飲品", valid_days=30, offline=_ON_THIS_TILL),
    Program("friend", "referral", "推薦好友禮", "Referral reward",
            reward_program="friend-reward", referral_min_sale=Decimal("300")),
    Program("friend-reward", "coupon", "推薦好友禮 折 50 元", "Referral reward: NT$50 off",
            reward_value=Decimal("50"), valid_days=60, offline=_ON_THIS_TILL),
    Program("thousand-off", "coupon", "滿千折百券", "NT$100 off NT$1,000",
            reward_value=Decimal("100"), valid_days=30),
)


def demo_rules(market: str = "TW", version: int = 2) -> Rules:
    """The market's default rules with the demo's programs and 禮券 issuer."""
    return replace(default_rules(market), version=version, programs=DEMO_PROGRAMS,
                   voucher_issuer=DEMO_VOUCHER_ISSUER)


def use_demo_rules(engine: Engine, now: datetime) -> None:
    """A standalone demo till keeps the demo rules as its newest version."""
    with engine.begin() as conn:
        store_rules(conn, demo_rules(), now)
