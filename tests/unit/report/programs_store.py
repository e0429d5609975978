"""A store with programs, written through the counter's own operations: two prepaid passes
sold (one used, one refunded), a stamp card filled to its reward (one stamp voided), the
reward used, and an over-redemption another till made offline, brought back by the feed with
central's conflict. Shared by the report's store tests and the report window's."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from loyalty.ids import new_id
from loyalty.programs import OfflinePolicy, Program
from loyalty.records.instruments import FeedInstrumentEntry
from loyalty.rules import default_rules
from loyalty.store.instrument_replica import apply_instrument_entry
from loyalty.store.rulebook import store_rules
from tests.helpers.store import StoreFixture
from tests.unit.report.dataset import at, twd

LATTE = Program("latte10", "prepaid_pass", "拿鐵寄杯 10 杯", "Latte pass x10", units=10,
                price=Decimal("1200"), refund_unit_price=Decimal("100"),
                offline=OfflinePolicy("per_terminal", 20))
CARD = Program("stamp5", "stamp_card", "集 5 點送中杯", "5 stamps, a free cup", units=5,
               reward_program="free-cup", stamp_min_sale=Decimal("100"))
FREE = Program("free-cup", "coupon", "免費中杯", "Free cup",
               offline=OfflinePolicy("per_terminal", 5))
PROGRAMS = (LATTE, CARD, FREE)


@dataclass
class ProgramsData:
    members: dict[str, str]
    pass_a: str
    pass_b: str


def build_programs(store: StoreFixture) -> ProgramsData:
    """On 2026-12-01..03 (Taipei): the story above, at S001."""
    rules = replace(default_rules("TW"), version=2, programs=PROGRAMS)
    with store.engine.begin() as conn:
        store_rules(conn, rules, at(2026, 11, 30))
    svc = store.service()
    svc.sign_in(store.manager.id, "2468")
    clock = store.clock
    try:
        ids = {}
        for i, key in enumerate(("mei", "ming", "ting")):
            clock.now = at(2026, 12, 1, 9, i)
            ids[key] = svc.enroll(phone=f"09123400{i:02d}", name=f"會員{key}").member_id
        clock.now = at(2026, 12, 1, 10)
        pass_a = svc.sell_pass(ids["mei"], "latte10", receipt_no="R-1").instrument_id
        pass_b = svc.sell_pass(ids["ming"], "latte10", receipt_no="R-2").instrument_id
        for hour in (11, 12, 13):
            clock.now = at(2026, 12, 2, hour)
            svc.redeem_instrument(pass_a)  # 3 cups: 7 left
        svc.redeem_instrument(pass_b)  # 1 cup: 9 left, then refunded
        clock.now = at(2026, 12, 2, 15)
        svc.refund_pass(pass_b, manager_id=store.manager.id)
        sales = []
        for n in range(6):  # 6 stamps: the 5th issues the reward
            clock.now = at(2026, 12, 3, 10, n)
            sales.append(svc.award(ids["ting"], twd(150), f"S-{n}").entry_id)
        clock.now = at(2026, 12, 3, 11)
        svc.void(sales[-1], manager_id=store.manager.id, reason="wrong_member")
        reward = next(i for i in svc.instruments(ids["ting"]) if i.program_id == "free-cup")
        svc.redeem_instrument(reward.instrument_id)
        # Till 2 gave a cup of pass A offline that central found over the balance.
        clock.now = at(2026, 12, 3, 16)
        with store.engine.begin() as conn:
            apply_instrument_entry(conn, FeedInstrumentEntry(
                entry_id=new_id(), instrument_id=pass_a, program_id="latte10",
                member_id=ids["mei"], kind="redeem", units=-1, store_id="S001",
                terminal_id="S001-T02", occurred_at=at(2026, 12, 3, 15, 30), offline=True,
                account_id=ids["mei"], balance_after=6, conflict="over_redeemed",
                received_at=datetime.now().astimezone()), rules, clock.now)
    finally:
        svc.close()
    return ProgramsData(ids, pass_a, pass_b)
