"""An honest till and a rogue one at the same store: after sync the honest members are exactly
right, the rogue's entries wait in head office's review queue, an approval applies one and a
rejection discards another — and every till shows the same."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import select

from loyalty.money import Currency, Money
from loyalty.store.cashiers import create_cashier
from loyalty.store.schema import cashiers
from sync.problems import sync_problems
from tests.helpers.central_ops import TerminalClient, add_staff
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
        assert sorted(h["reasons"][0] for h in queue) == ["daily_points_adjusted",
                                                          "earn_not_by_rules"]
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
    with till.db.connect() as conn:  # approved: no longer on the manager's list
        assert sync_problems(conn).rejected == []
    assert central_balances(db_url)[ana] == 500
    counts = convergence(db_url, [till])
    assert counts["lost"] == counts["duplicated"] == counts["balance_errors"] == 0


@pytest.mark.expect_log_warnings("sync.push")  # the test provokes them
def test_staff_from_central_approve_and_a_rogue_tills_own_manager_is_held(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    """Two real tills of S001 take the store's staff from central. The honest one voids a
    sale with central's manager; the rogue one has a manager of its own making (a row added
    to its store file, unknown to central) and voids two sales with it. After sync the
    honest members are exactly right, the rogue's voids wait for head office; one approved
    reaches both tills' ledgers through the feed, the other rejected stays off every
    balance and shows as rejected in the rogue till's sync problems."""
    central.demo_chain("S001")
    with central.client("admin") as http:
        # From before the tills' (fake) clocks start.
        mei = add_staff(http, "S001", "manager", name="美玲", pin="2468",
                        active_from="2026-01-01")
        add_staff(http, "S001", "cashier", name="志明", pin="1357", active_from="2026-01-01")
    honest, rogue = make_terminal("honest"), make_terminal("rogue")
    for till in (honest, rogue):
        with till.db.connect() as conn:
            rows = {r.name: r for r in conn.execute(select(cashiers))}
        assert rows["美玲"].id == mei and rows["美玲"].from_central and rows["美玲"].active
        assert rows["志明"].role == "cashier"
        assert till.service.verify_manager(mei, "2468", "void").id == mei
    ana = honest.service.enroll(phone="0912345678", name="陳美玲").member_id
    bo = honest.service.enroll(phone="0912345679", name="林志明").member_id
    cy = honest.service.enroll(phone="0912345670", name="張小雨").member_id
    honest.service.award(ana, _twd(3000), "A-1")  # 300 points
    sale_bo = honest.service.award(bo, _twd(1000), "A-2")  # 100 points
    mistake = honest.service.award(cy, _twd(2000), "A-3")  # 200 points, voided below
    honest.service.void(mistake.entry_id, manager_id=mei, reason="wrong member")
    honest.sync()
    rogue.sync()
    with rogue.db.begin() as conn:  # what a stolen till's owner can do to its own file
        fake = create_cashier(conn, "假店長", "manager", "0000")
    sale_ana = next(e for e, p in rogue.entries().items() if p == 300)
    void_ana = rogue.service.void(sale_ana, manager_id=fake.id, reason="refund")
    void_bo = rogue.service.void(sale_bo.entry_id, manager_id=fake.id, reason="refund")
    report = rogue.sync()
    assert report.push.held == 2
    with central.client("admin") as http:
        queue = {h["entry_id"]: h["reasons"] for h in http.get("/v1/admin/held-entries").json()}
    assert queue == {void_ana.entry_id: ["approver_unknown"],
                     void_bo.entry_id: ["approver_unknown"]}
    honest.sync()
    for till in (honest, rogue):  # held: on no balance anywhere
        assert (till.member(ana)["balance"], till.member(bo)["balance"],
                till.member(cy)["balance"]) == (300, 100, 0)

    with central.client("admin") as http:
        ok = http.post(f"/v1/admin/held-entries/{void_bo.entry_id}/approve",
                       json={"note": "the customer did return the goods"})
        no = http.post(f"/v1/admin/held-entries/{void_ana.entry_id}/reject",
                       json={"note": "no refund happened"})
        assert ok.status_code == no.status_code == 200, (ok.text, no.text)
    for till in (honest, rogue):
        till.sync()
    for till in (honest, rogue):
        assert (till.member(ana)["balance"], till.member(bo)["balance"],
                till.member(cy)["balance"]) == (300, 0, 0)
        assert till.entries().get(void_bo.entry_id) == -100  # in both ledgers
        assert void_ana.entry_id not in till.entries()
    with rogue.db.connect() as conn:
        problems = sync_problems(conn).rejected
    assert sorted((p.state, p.reason, p.points) for p in problems) == [
        ("rejected", "approver_unknown", -300)]
    balances = central_balances(db_url)
    assert (balances[ana], balances[bo], balances[cy]) == (300, 0, 0)
    counts = convergence(db_url, [honest, rogue])
    assert counts["lost"] == counts["duplicated"] == counts["balance_errors"] == 0
