"""Head office settles instrument conflicts against the real central (SQLite and
PostgreSQL): ``accept`` (the chain's goodwill) and ``charge_back`` (the store that gave it)
record the cost of what was given beyond the balance; ``revoke`` reverses an unused gift
issued beyond a limit, and the tills stop offering it; every resolution is audited, shown in
the list with who, when and the decision, and idempotent."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from loyalty.money import Currency, Money
from loyalty.programs import birthday_instrument_id
from loyalty.store.instrument_replica import remaining_mismatches
from loyalty.store.members import Birthday
from sync.instrument_redeem import InstrumentRedeemDesk
from tests.helpers.central_server import CentralServer
from tests.helpers.programs import BIRTHDAY, central_rows, entries, issue, put_programs
from tests.helpers.sync_terminal import Terminal

MakeTerminal = Callable[..., Terminal]
pytestmark = pytest.mark.expect_log_warnings("central.instruments")  # the conflicts


def _twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def _desk(term: Terminal) -> InstrumentRedeemDesk:
    return InstrumentRedeemDesk(term.service, term.engine.client)


def _listed(http: httpx.Client, status: str | None = None) -> list[dict[str, Any]]:
    params = {} if status is None else {"status": status}
    response = http.get("/v1/admin/instrument-conflicts", params=params)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def _resolve(http: httpx.Client, entry_id: str, decision: str,
             note: str = "settled") -> httpx.Response:
    return http.post(f"/v1/admin/instrument-conflicts/{entry_id}/resolve",
                     json={"decision": decision, "note": note})


def _audit(db_url: str) -> list[tuple[str, str, str]]:
    return [(r[0], r[1], r[2]) for r in central_rows(
        db_url, "SELECT action, target, username FROM console_audit "
        "WHERE action = 'instrument_conflict_resolved' ORDER BY id")]


def test_a_double_used_coupon_is_charged_back_and_an_over_redeemed_pass_accepted(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    put_programs(central)
    a = make_terminal("a", store_id="S001")
    b = make_terminal("b", store_id="S002")
    member = a.service.enroll(phone="0912345678", name="王小明").member_id
    a.sync()
    coupon = issue(central, "welcome", member)[0]  # worth NT$50
    pass_id = a.service.sell_pass(member, "latte-10", receipt_no="P-1").instrument_id
    a.sync()
    b.sync()
    _desk(a).redeem(pass_id, 6)  # online: 4 left
    b.sync()
    a.offline()
    b.offline()
    _desk(a).redeem(coupon)
    _desk(b).redeem(coupon)  # used twice
    _desk(a).redeem(pass_id, 4)
    _desk(b).redeem(pass_id, 3)  # 3 cups beyond the pass (NT$90 a cup)
    for term in (a, b):
        term.online()
        term.sync()
    with central.client("admin") as http:
        found = {c["reason"]: c for c in _listed(http)}
        assert sorted(found) == ["over_redeemed", "used_twice"]
        twice, over = found["used_twice"], found["over_redeemed"]
        assert (twice["store_id"], twice["program_id"], twice["resolved_at"]) == (
            "S002", "welcome", None)
        assert _resolve(http, twice["entry_id"], "revoke").json()["reason"] == "not_revocable"
        charged = _resolve(http, twice["entry_id"], "charge_back", "B skipped the check")
        assert charged.status_code == 200, charged.text
        body = charged.json()
        assert (body["decision"], body["charged_to"], body["cost"], body["note"]) == (
            "charge_back", "S002", "50.00", "B skipped the check")
        assert body["resolved_by"] and body["resolved_at"]
        again = _resolve(http, twice["entry_id"], "charge_back", "twice")
        assert again.status_code == 200 and again.json() == body  # idempotent
        other = _resolve(http, twice["entry_id"], "accept")
        assert (other.status_code, other.json()["reason"]) == (409, "already_resolved")
        accepted = _resolve(http, over["entry_id"], "accept", "goodwill").json()
        assert (accepted["charged_to"], accepted["cost"]) == ("chain", "270.00")
        assert _resolve(http, "00000000-0000-4000-8000-000000000000",
                        "accept").status_code == 404
        assert [c["entry_id"] for c in _listed(http)] == []
        resolved = {c["entry_id"]: c for c in _listed(http, "resolved")}
        assert resolved[twice["entry_id"]]["decision"] == "charge_back"
        assert resolved[over["entry_id"]]["decision"] == "accept"
        assert len(_listed(http, "all")) == 2
    audit = _audit(db_url)
    assert [(act, target) for act, target, _ in audit] == [
        ("instrument_conflict_resolved", twice["entry_id"]),
        ("instrument_conflict_resolved", over["entry_id"])]
    assert audit[0][2] == body["resolved_by"]
    # Deciding writes nothing against the member: the ledgers stand as the tills left them.
    assert [r.kind for r in entries(db_url, coupon)] == ["issue", "redeem", "redeem"]


def test_a_gift_issued_beyond_the_campaigns_limit_is_revoked_and_leaves_the_panel(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    put_programs(central, BIRTHDAY | {"global_limit": 1})
    a = make_terminal("a", store_id="S001")
    b = make_terminal("b", store_id="S002")
    # The tills' clock is 23 November 2026: both members' birthday month.
    first = a.service.enroll(phone="0912345678", name="王小明",
                             birthday=Birthday(11, 2, 1990)).member_id
    second = a.service.enroll(phone="0922333444", name="陳小華",
                              birthday=Birthday(11, 9, 1991)).member_id
    a.sync()
    b.sync()
    a.offline()
    b.offline()
    a.service.award(first, _twd(120), "G-1")  # each gets this year's gift at the counter
    b.service.award(second, _twd(120), "G-2")
    for term in (a, b):
        term.online()
        term.sync()
    gift = birthday_instrument_id("bday", second, 2026)
    with central.client("admin") as http:
        [beyond] = _listed(http)
        assert (beyond["reason"], beyond["instrument_id"]) == ("limit_exceeded", gift)
        revoked = _resolve(http, beyond["entry_id"], "revoke", "campaign was 1 gift").json()
        assert (revoked["decision"], revoked["cost"]) == ("revoke", "0.00")
        assert _resolve(http, beyond["entry_id"], "revoke").json() == revoked
    ledger = entries(db_url, gift)
    assert [(r.kind, r.units, r.terminal_id) for r in ledger] == [
        ("issue", 1, b.terminal_id), ("reverse", -1, "central")]
    assert ledger[1].id == revoked["correction_entry_id"]
    for term in (a, b):
        term.sync()
        assert [v.instrument_id for v in term.service.instruments(second)] == []
        with term.db.connect() as conn:
            assert remaining_mismatches(conn) == []

