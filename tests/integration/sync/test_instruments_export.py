"""A data-subject export holds the member's instruments with every entry (real central,
SQLite and PostgreSQL): JSON for machines, and the PDF's lines in both languages."""

from __future__ import annotations

from collections.abc import Callable

from central.subject_export import _pdf_lines
from sync.instrument_redeem import InstrumentRedeemDesk
from tests.helpers.central_server import CentralServer
from tests.helpers.programs import issue, put_programs
from tests.helpers.sync_terminal import Terminal

MakeTerminal = Callable[..., Terminal]


def test_the_export_lists_the_members_instruments_and_their_ledgers(
        central: CentralServer, make_terminal: MakeTerminal) -> None:
    put_programs(central)
    till = make_terminal("a", store_id="S001")
    member = till.service.enroll(phone="0912345678", name="王小明").member_id
    other = till.service.enroll(phone="0922333444", name="陳小華").member_id
    till.sync()
    coupon = issue(central, "welcome", member)[0]
    issue(central, "welcome", other)
    sold = till.service.sell_pass(member, "latte-10", receipt_no="P-1")
    till.sync()
    InstrumentRedeemDesk(till.service, till.engine.client).redeem(sold.instrument_id, 2)
    till.sync()
    with central.client("admin") as http:
        export = http.get(f"/v1/admin/members/{member}/export")
        pdf = http.get(f"/v1/admin/members/{member}/export", params={"format": "pdf"})
    assert export.status_code == 200 and pdf.content[:5] == b"%PDF-"
    data = export.json()
    held = {i["instrument_id"]: i for i in data["instruments"]}
    assert set(held) == {coupon, sold.instrument_id}  # not the other member's coupon
    card = held[sold.instrument_id]
    assert (card["kind"], card["program_name_zh"], card["program_name_en"], card["serial"],
            card["units_issued"], card["remaining"]) == (
        "prepaid_pass", "拿鐵寄杯十杯", "10 lattes", sold.serial, 10, 8)
    assert [(e["kind"], e["units"], e["amount"], e["receipt_no"], e["balance_after"])
            for e in card["entries"]] == [("issue", 10, "900.00", "P-1", 10),
                                          ("redeem", -2, None, None, 8)]
    assert [e["kind"] for e in held[coupon]["entries"]] == ["issue"]

    text = "\n".join(line for _, line in _pdf_lines(data))
    assert "Coupons, gifts, stamp cards and passes 優惠券、禮物、集點卡與寄杯" in text
    assert "拿鐵寄杯十杯 / 10 lattes · Prepaid pass 寄杯" in text
    assert "left 剩餘 8 of 共 10" in text
    assert "used 使用 -2 · S001" in text and "issued 發放 +10 · S001 · P-1" in text
    assert "Points ledger 點數紀錄" in text
