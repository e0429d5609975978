"""A hostile (or broken) till against central's instrument endpoints and operations: it
cannot mint coupons or gifts, spend another member's instrument, redeem absurd units, use a
program central does not run, speak for another terminal, or cancel another till's
redemption; nor reach head office's program API with its token."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from loyalty.ids import new_id
from loyalty.programs import (
    birthday_instrument_id,
    issue_entry_id,
    stamp_card_id,
    stamp_reward_instrument_id,
)
from sync.instrument_redeem import InstrumentRedeemDesk
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.programs import conflicts, entries, issue, put_programs, remaining
from tests.helpers.sync_terminal import Terminal

MakeTerminal = Callable[..., Terminal]


def _entry(rogue: TerminalClient, member_id: str, instrument_id: str, program_id: str,
           kind: str, units: int, **extra: Any) -> dict[str, Any]:
    return {"entry_id": new_id(), "instrument_id": instrument_id, "program_id": program_id,
            "member_id": member_id, "kind": kind, "units": units, "store_id": rogue.store_id,
            "terminal_id": rogue.id, "occurred_at": datetime.now(UTC).isoformat(),
            **extra}


@pytest.fixture
def scene(central: CentralServer, make_terminal: MakeTerminal
          ) -> Iterator[tuple[TerminalClient, httpx.Client, dict[str, str]]]:
    """An honest till with two members (one holding a coupon and a pass) and a rogue
    terminal's client at another store."""
    put_programs(central)
    honest = make_terminal("honest", store_id="S001")
    ana = honest.service.enroll(phone="0912345678", name="安娜").member_id
    bo = honest.service.enroll(phone="0922345678", name="柏").member_id
    pass_id = honest.service.sell_pass(ana, "latte-10", receipt_no="P-1").instrument_id
    honest.sync()
    coupon = issue(central, "welcome", ana)[0]
    reg = central.new_terminal("S002")
    http = central.client(reg["token"])
    ids = {"ana": ana, "bo": bo, "coupon": coupon, "pass": pass_id}
    yield TerminalClient(http, reg), http, ids
    http.close()


def _results(rogue: TerminalClient, *payloads: dict[str, Any]) -> list[tuple[str, str]]:
    body = rogue.push_ok(*(rogue.op("instrument.entry", p) for p in payloads))
    return [(r["status"], r["reason"]) for r in body["results"]]


def test_a_till_cannot_mint_coupons_gifts_or_rewards(
        scene: tuple[TerminalClient, httpx.Client, dict[str, str]], db_url: str) -> None:
    rogue, _, ids = scene
    coupon = new_id()
    gift = birthday_instrument_id("bday", ids["ana"], datetime.now(UTC).year)  # no birthday
    reward = stamp_reward_instrument_id(stamp_card_id("coffee-card", ids["ana"]), 1)
    cheap = new_id()
    minted = [
        _entry(rogue, ids["ana"], coupon, "welcome", "issue", 1,
               entry_id=issue_entry_id(coupon)),
        _entry(rogue, ids["ana"], gift, "bday", "issue", 1, entry_id=issue_entry_id(gift)),
        _entry(rogue, ids["ana"], reward, "free-coffee", "issue", 1,
               entry_id=issue_entry_id(reward)),
        _entry(rogue, ids["ana"], cheap, "latte-10", "issue", 10, amount="1",
               currency="TWD", serial="PCHEAP00001", entry_id=issue_entry_id(cheap)),
        _entry(rogue, ids["ana"], stamp_card_id("coffee-card", ids["bo"]), "coffee-card",
               "stamp", 1, amount="100", currency="TWD"),  # on someone else's card
        _entry(rogue, ids["ana"], stamp_card_id("coffee-card", ids["ana"]), "coffee-card",
               "stamp", 1, amount="10", currency="TWD"),  # a sale below the minimum
    ]
    assert _results(rogue, *minted) == [
        ("rejected", "not_permitted"), ("rejected", "not_permitted"),
        ("rejected", "not_permitted"), ("rejected", "invalid_entry"),
        ("rejected", "invalid_entry"), ("rejected", "not_eligible")]
    for instrument in (coupon, gift, reward, cheap):
        assert entries(db_url, instrument) == []


def test_a_till_cannot_spend_what_it_should_not(
        scene: tuple[TerminalClient, httpx.Client, dict[str, str]], db_url: str) -> None:
    rogue, http, ids = scene

    def online(member: str, instrument: str, program: str, units: int,
               **extra: Any) -> dict[str, Any]:
        response = http.post("/v1/instruments/redemptions", json=_entry(
            rogue, member, instrument, program, "redeem", units, **extra))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    assert online(ids["bo"], ids["coupon"], "welcome", -1)["reason"] == "not_holder"
    assert online(ids["ana"], ids["coupon"], "welcome", -1000)["reason"] == "invalid_units"
    assert online(ids["ana"], ids["pass"], "latte-10", -11)["reason"] == "invalid_units"
    assert online(ids["ana"], new_id(), "welcome", -1)["reason"] == "unknown_instrument"
    assert online(ids["ana"], ids["coupon"], "welcome", 1)["reason"] == "invalid_entry"
    assert online(ids["ana"], ids["coupon"], "welcome", -1,
                  terminal_id="someone-else")["reason"] == "wrong_terminal"
    huge = http.post("/v1/instruments/redemptions", json=_entry(
        rogue, ids["ana"], ids["coupon"], "welcome", "redeem", -10**9))
    assert huge.status_code == 422
    assert _results(
        rogue,
        _entry(rogue, ids["bo"], ids["coupon"], "welcome", "redeem", -1, offline=True),
        _entry(rogue, ids["ana"], new_id(), "no-such-program", "redeem", -1, offline=True),
        _entry(rogue, ids["ana"], ids["pass"], "latte-10", "refund", -10, amount="800",
               currency="TWD"),  # no manager
        _entry(rogue, ids["ana"], ids["pass"], "latte-10", "refund", -10, amount="5000",
               currency="TWD", approved_by="m1"),  # not the chain's price
        _entry(rogue, ids["ana"], ids["coupon"], "welcome", "expire", -1),
    ) == [("rejected", "not_holder"), ("rejected", "unknown_program"),
          ("rejected", "invalid_entry"), ("rejected", "invalid_entry"),
          ("rejected", "not_permitted")]
    big = rogue.push(rogue.op("instrument.entry", _entry(
        rogue, ids["ana"], ids["pass"], "latte-10", "redeem", -5000)))
    assert big.json()["results"][0]["reason"] == "invalid_payload"
    assert remaining(db_url, ids["coupon"]) == 1 and remaining(db_url, ids["pass"]) == 10
    assert conflicts(db_url, ids["coupon"]) == []


def test_a_till_cannot_undo_or_cancel_another_tills_redemption(
        central: CentralServer, make_terminal: MakeTerminal,
        scene: tuple[TerminalClient, httpx.Client, dict[str, str]], db_url: str) -> None:
    rogue, http, ids = scene
    honest = make_terminal("honest2", store_id="S001")  # bootstrapped after the pass sold
    used = InstrumentRedeemDesk(honest.service, honest.engine.client).redeem(ids["pass"], 2)
    entry_id = used.change.entry_id
    body = rogue.push_ok(
        rogue.op("instrument.cancel", {"entry_id": entry_id, "instrument_id": ids["pass"],
                                       "reverse_entry_id": new_id(),
                                       "occurred_at": datetime.now(UTC).isoformat()}),
        rogue.op("instrument.entry", _entry(rogue, ids["ana"], ids["pass"], "latte-10",
                                            "reverse", 2, ref_entry_id=entry_id)))
    assert [r["reason"] for r in body["results"]] == ["not_cancellable", "not_permitted"]
    assert remaining(db_url, ids["pass"]) == 8
    assert http.get(f"/v1/instruments/redemptions/{entry_id}").json()["state"] == "unknown"


def test_head_office_program_api_refuses_a_terminal_token(
        scene: tuple[TerminalClient, httpx.Client, dict[str, str]]) -> None:
    _, http, ids = scene
    assert http.get("/v1/admin/programs").status_code in (401, 403)
    assert http.put("/v1/admin/programs/welcome", json={
        "kind": "coupon", "name_zh": "x", "name_en": "x"}).status_code in (401, 403)
    assert http.post("/v1/admin/programs/welcome/issue",
                     json={"member_ids": [ids["ana"]]}).status_code in (401, 403)

