"""The programs section's figures from grouped rows, and its CSV tables, as a manager reads
them: per program and store, funnels, prepaid liability per store and chain, conflicts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

from loyalty.money import Currency, Money
from loyalty.programs import OfflinePolicy, Program
from loyalty.report.export import tables_csv
from loyalty.report.instrument_export import instrument_tables
from loyalty.report.instruments import Conflict, Holding, InstrumentReport, Movement, build
from loyalty.report.periods import Period

PASS = Program("latte10", "prepaid_pass", "拿鐵寄杯 10 杯", "Latte pass x10", units=10,
               price=Decimal("1200"), refund_unit_price=Decimal("100"),
               offline=OfflinePolicy("per_terminal", 2))
TRIO = Program("trio3", "prepaid_pass", "美式 3 杯", "Americano x3", units=3,
               price=Decimal("200"))
CARD = Program("stamp10", "stamp_card", "集 10 點送 1 杯", "Buy 10 get 1", units=10,
               reward_program="free-cup")
FREE = Program("free-cup", "coupon", "免費中杯", "Free cup")
REFER = Program("refer", "referral", "推薦好友", "Refer a friend", reward_program="free-cup")
PROGRAMS = (PASS, TRIO, CARD, FREE, REFER)
PERIOD = Period(datetime(2026, 12, 1).date(), datetime(2026, 12, 7).date(), "Asia/Taipei")


def report() -> InstrumentReport:
    moves = [
        Movement("S001", "latte10", "issue", 3, 30, Decimal("3600")),
        Movement("S001", "latte10", "redeem", 7, -9),
        Movement("S001", "latte10", "refund", 1, -4, Decimal("400")),
        Movement("S002", "latte10", "redeem", 2, -2),
        Movement("S001", "stamp10", "stamp", 23, 22),  # one stamp voided: 23 entries, 22 net
        Movement("S001", "free-cup", "issue", 2, 2),
        Movement("S001", "free-cup", "redeem", 1, -1),
        Movement("S002", "free-cup", "expire", 1, -1),
        Movement("S002", "free-cup", "issue", 1, 1),  # the referrer's reward
        Movement("S001", "gone", "issue", 1, 1),  # a program no longer in the rules
    ]
    held = [Holding("S001", "latte10", 2, 15), Holding("S002", "latte10", 1, 4),
            Holding("S002", "trio3", 1, 1), Holding("S001", "stamp10", 5, 17)]
    seen = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    conflicts = [Conflict(seen, "S002", "S002-T01", "latte10", "1" * 36, "over_redeemed"),
                 Conflict(seen.replace(hour=5), "central", "central", "refer", "2" * 36,
                          "self_referral", resolved=True)]
    return build(PERIOD, Currency.TWD, PROGRAMS, moves, held, cards_stamped={"stamp10": 9},
                 stamp_rewards={"stamp10": (2, 1)}, referrals={"refer": (4, 1, 0)},
                 conflicts=conflicts,
                 conflict_counts={"over_redeemed": 1, "self_referral": 1}, open_conflicts=1)


def test_figures_per_program_and_store() -> None:
    r = report()
    lines = {(x.program_id, x.store_id): x for x in r.lines}
    s1 = lines[("latte10", "S001")]
    assert (s1.issued, s1.issued_units, s1.redeemed, s1.refunded) == (3, 30, 9, 4)
    assert (s1.sold_amount, s1.refund_amount) == (Decimal("3600"), Decimal("400"))
    assert (s1.outstanding, s1.outstanding_units) == (2, 15)
    latte = next(p for p in r.programs if p.program_id == "latte10")
    assert (latte.store_id, latte.redeemed, latte.outstanding_units) == ("", 11, 19)
    assert [p.program_id for p in r.programs] == ["latte10", "trio3", "stamp10", "free-cup",
                                                  "gone"]
    gone = r.programs[-1]
    assert (gone.name_en, gone.kind, gone.issued) == ("gone", "", 1)
    assert r.total("issued") == 3 + 3 + 1


def test_funnels_and_liability_per_store_and_chain() -> None:
    r = report()
    [stamps] = r.stamp_funnels
    assert stamps.steps() == (("cards_stamped", 9), ("stamps", 22), ("rewards_issued", 2),
                              ("rewards_redeemed", 1))
    [refer] = r.referral_funnels
    assert (refer.referred, refer.rewarded, refer.rewards_redeemed) == (4, 1, 0)
    # 15 + 4 latte cups at NT$120, 1 americano at NT$66.67 (rounded per line: NT$67)
    assert r.liability_by_store() == {"S001": Money(Decimal(1800), Currency.TWD),
                                      "S002": Money(Decimal(480 + 67), Currency.TWD)}
    assert r.liability_total == Money(Decimal(2347), Currency.TWD)
    assert r.liability_cups == 20


def test_the_csv_tables_say_the_same_in_chinese() -> None:
    text = tables_csv(instrument_tables(report(), "zh", PERIOD.tz))
    assert text.startswith("\ufeff方案與票券")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = rows[1]
    first = dict(zip(header, rows[2], strict=True))
    assert (first["program_id"], first["門市"], first["使用"], first["未使用單位"],
            first["售出金額"]) == ("latte10", "S001", "9", "15", "3600")
    total = next(r for r in rows if r[2:3] == ["全連鎖合計"])
    assert total[3:] == ["20", "", "2347"]
    conflict = next(r for r in rows if "over_redeemed" in r)
    assert conflict[0] == "2026-12-03T10:00:00"  # Taipei time
    assert "超額兌換" in conflict


def test_a_program_name_cannot_run_as_a_formula() -> None:
    evil = Program("evil", "coupon", "=HYPERLINK(\"x\")", "=cmd", units=1)
    r = build(PERIOD, Currency.TWD, (evil,), [Movement("S001", "evil", "issue", 1, 1)], [])
    text = tables_csv(instrument_tables(r, "en"))
    assert "'=cmd" in text and "\n=cmd" not in text and ",=cmd" not in text
