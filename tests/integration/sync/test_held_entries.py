"""An honest till and a rogue one at the same store: after sync the honest members are exactly
right, the rogue's entries wait in head office's review queue, an approval applies one and a
rejection discards another — and every till shows the same."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from loyalty.money import Currency, Money
from sync.problems import sync_problems
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.sync_terminal import Terminal, central_balances, convergence

MakeTerminal = Callable[..., Terminal]


def _twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def test_a_rogue_till_beside_an_honest_one_waits_for_head_office(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    honest, other = make_terminal("honest"), make_terminal("other", store_id="S001")
    ana = honest.service.enroll(phone="0912345678", name="陳美玲").member_id
    bo = honest.service.enroll(phone="0912345679", name="林志明").member_id
    honest.service.award(ana, _twd(3000), "A-1")  # 300 points
    honest.service.award(bo, _twd(1000), "A-2")  # 100 points
    honest.sync()
    reg = central.new_terminal("S001")
    with central.client(reg["token"]) as http:
        rogue = TerminalClient(http, reg)
        gift = rogue.entry(ana, 10**12, kind="adjust")
        fake = rogue.entry(bo, 5000, sale_amount="100", currency="TWD")
        body = rogue.push_ok(gift, fake)
    assert [r["status"] for r in body["results"]] == ["held", "held"]
    for term in (honest, other):
        term.sync()
    assert honest.member(ana)["balance"] == other.member(ana)["balance"] == 300
    assert honest.member(bo)["balance"] == other.member(bo)["balance"] == 100

    with central.client("admin") as http:
        queue = http.get("/v1/admin/held-entries").json()
        assert sorted(h["reasons"][0] for h in queue) == ["earn_not_by_rules",
                                                          "kind_not_for_terminals"]
        assert http.post(f"/v1/admin/held-entries/{fake['payload']['entry_id']}/reject",
                         json={"note": "no such sale"}).status_code == 200
    with central.client(reg["token"]) as http:
        rogue = TerminalClient(http, reg)
        rogue.seq = 2
        small = rogue.entry(ana, 50, kind="bonus")
        assert rogue.push_ok(small)["results"][0]["status"] == "held"
    with central.client("admin") as http:
        assert http.post(f"/v1/admin/held-entries/{small['payload']['entry_id']}/approve",
                         json={"note": "goodwill"}).status_code == 200
    for term in (honest, other):
        term.sync()
    assert honest.member(ana)["balance"] == other.member(ana)["balance"] == 350
    assert honest.member(bo)["balance"] == other.member(bo)["balance"] == 100
    assert central_balances(db_url)[ana] == 350
    counts = convergence(db_url, [honest, other])
    assert counts["lost"] == counts["duplicated"] == counts["balance_errors"] == 0


@pytest.mark.expect_log_warnings("sync.push")  # the test provokes them
def test_a_held_entry_of_this_till_leaves_its_balance_until_approved(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    with central.client("admin") as http:
        document = http.get("/v1/rules").json()["document"]
        document["terminal_limits"] = {"daily_points_issued": 400}
        assert http.put("/v1/admin/rules", json={"document": document}).status_code == 200
    till = make_terminal("a")
    till.sync()  # the new rules reach the till
    ana = till.service.enroll(phone="0912345678", name="陳美玲").member_id
    till.service.award(ana, _twd(3000), "A-1")  # 300: within the day's 400
    big = till.service.award(ana, _twd(2000), "A-2")  # 200 more: beyond
    assert till.member(ana)["balance"] == 500  # provisional, as the cashier saw it
    report = till.sync()
    assert report.push.held == 1
    assert till.member(ana)["balance"] == 300
    with till.db.connect() as conn:
        problems = sync_problems(conn)
    assert [(p.reason, p.points) for p in problems.rejected] == [("daily_points_issued", 200)]
    with central.client("admin") as http:
        ok = http.post(f"/v1/admin/held-entries/{big.entry_id}/approve", json={})
        assert ok.status_code == 200, ok.text
    till.sync()
    assert till.member(ana)["balance"] == 500
    assert central_balances(db_url)[ana] == 500
    counts = convergence(db_url, [till])
    assert counts["lost"] == counts["duplicated"] == counts["balance_errors"] == 0
