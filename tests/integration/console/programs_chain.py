"""A chain with programs, written through central's real operations over loopback HTTP:
head office defines a prepaid pass, a stamp card with its reward, a welcome coupon and a
referral; two stores' tills push what they did (passes sold and used, online and offline,
stamps to a reward, a coupon used twice offline, cups over-redeemed) and a referee's first
purchase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from loyalty.ids import new_id
from loyalty.programs import issue_entry_id, stamp_card_id
from tests.helpers.central_ops import TerminalClient, iso
from tests.helpers.central_server import CentralServer

PROGRAMS: dict[str, dict[str, Any]] = {
    "latte10": {"kind": "prepaid_pass", "name_zh": "拿鐵寄杯 10 杯", "name_en": "Latte pass x10",
                "units": 10, "price": "1200", "refund_unit_price": "100",
                "offline": {"mode": "per_terminal", "max_per_terminal": 20}},
    "free-cup": {"kind": "coupon", "name_zh": "免費中杯", "name_en": "Free cup",
                 "offline": {"mode": "per_terminal", "max_per_terminal": 5}},
    "stamp5": {"kind": "stamp_card", "name_zh": "集 5 點送中杯", "name_en": "5 stamps, a cup",
               "units": 5, "reward_program": "free-cup"},
    "refer": {"kind": "referral", "name_zh": "推薦好友", "name_en": "Refer a friend",
              "reward_program": "free-cup", "referral_min_sale": "300"},
}


@dataclass
class Chain:
    mei: str
    ming: str
    pass_a: str
    pass_b: str
    pass_c: str
    coupon: str


def _entry(term: TerminalClient, member_id: str, instrument_id: str, program_id: str,
           kind: str, units: int, at: datetime, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "entry_id": new_id(), "instrument_id": instrument_id, "program_id": program_id,
        "member_id": member_id, "kind": kind, "units": units, "amount": None,
        "currency": None, "serial": None, "store_id": term.store_id, "terminal_id": term.id,
        "cashier_id": "c1", "receipt_no": None, "occurred_at": iso(at), "expires_on": None,
        "ref_entry_id": None, "offline": False, "approved_by": None}
    payload.update(extra)
    return payload


def _sell(term: TerminalClient, member_id: str, at: datetime, serial: str
          ) -> tuple[str, dict[str, Any]]:
    instrument_id = new_id()
    return instrument_id, term.op("instrument.entry", _entry(
        term, member_id, instrument_id, "latte10", "issue", 10, at,
        entry_id=issue_entry_id(instrument_id), amount="1200", currency="TWD", serial=serial))


def build_chain(central: CentralServer) -> Chain:
    """Everything happens an hour ago (today, in Taipei, for the report's default range)."""
    with central.client("admin") as admin:
        for program_id, doc in PROGRAMS.items():
            answer = admin.put(f"/v1/admin/programs/{program_id}",
                               json={"program_id": program_id, **doc})
            assert answer.status_code == 200, answer.text
    one, two = central.new_terminal("S001"), central.new_terminal("S002")
    at = datetime.now(UTC) - timedelta(hours=1)
    with central.client(one["token"]) as h1, central.client(two["token"]) as h2:
        t1, t2 = TerminalClient(h1, one), TerminalClient(h2, two)
        mei_op, ming_op = t1.enroll("+886912000001", name="陳美玲"), t1.enroll("+886912000002")
        mei, ming = mei_op["payload"]["member_id"], ming_op["payload"]["member_id"]
        referee = t2.enroll("+886912000003", name="黃雅婷",
                            referral_code=mei_op["payload"]["member_code"])
        pass_a, sell_a = _sell(t1, mei, at, "PA-000001")
        pass_c, sell_c = _sell(t1, ming, at, "PC-000003")
        t1.push_ok(mei_op, ming_op, sell_a, sell_c)
        pass_b, sell_b = _sell(t2, ming, at, "PB-000002")
        t2.push_ok(referee, sell_b)
        for _ in range(2):  # two cups of A online at S001
            answer = h1.post("/v1/instruments/redemptions", json=_entry(
                t1, mei, pass_a, "latte10", "redeem", -1, at + timedelta(minutes=1)))
            assert answer.json()["status"] == "approved", answer.text
        card = stamp_card_id("stamp5", ming)
        t1.push_ok(*(t1.op("instrument.entry", _entry(
            t1, ming, card, "stamp5", "stamp", 1, at + timedelta(minutes=2 + n), amount="150",
            currency="TWD")) for n in range(6)))  # the 5th brings central's reward
        # S002 offline: one cup of B, then nine of A when A had eight left.
        t2.push_ok(t2.op("instrument.entry", _entry(
            t2, ming, pass_b, "latte10", "redeem", -1, at + timedelta(minutes=5),
            offline=True)), t2.op("instrument.entry", _entry(
                t2, mei, pass_a, "latte10", "redeem", -9, at + timedelta(minutes=6),
                offline=True)))
        with central.client("admin") as admin:
            issued = admin.post("/v1/admin/programs/free-cup/issue",
                                json={"member_ids": [mei]}).json()["issued"]
        coupon = issued[0]["instrument_id"]
        for term in (t1, t2):  # both tills use the coupon offline
            term.push_ok(term.op("instrument.entry", _entry(
                term, mei, coupon, "free-cup", "redeem", -1, at + timedelta(minutes=10),
                offline=True)))
        t2.push_ok(t2.entry(referee["payload"]["member_id"], 50, sale_amount="500",
                            occurred_at=iso(at + timedelta(minutes=20))))
    return Chain(mei, ming, pass_a, pass_b, pass_c, coupon)
