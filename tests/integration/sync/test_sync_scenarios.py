"""The issue's scenarios, each against the real central (SQLite and PostgreSQL) with several
terminals, each with its own store file."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import httpx
import pytest

from loyalty.errors import RedemptionRefused
from loyalty.money import Currency, Money
from loyalty.redemption import OfflineApprovalRequired
from loyalty.store.members import resolve_id
from tests.helpers.central_server import CentralServer
from tests.helpers.store import FakeClock
from tests.helpers.sync_terminal import (
    Terminal,
    central_balances,
    central_entries,
    central_ledger_mismatches,
)

MakeTerminal = Callable[..., Terminal]
PHONE = "0912345678"
E164 = "+886912345678"


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def admin(central: CentralServer) -> httpx.Client:
    return central.client("admin")


def converged(db_url: str, *terms: Terminal) -> None:
    """Everyone holds the same entries, none twice, every balance its ledger sum."""
    expected = central_entries(db_url)
    for term in terms:
        assert term.entries() == expected
        assert term.balance_errors() == []
        assert term.pending_total() == 0
        assert term.balances() == central_balances(db_url)
    assert central_ledger_mismatches(db_url) == []


def test_same_phone_at_two_offline_terminals_and_the_web_shop(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    a, b = make_terminal("a"), make_terminal("b")
    a.offline()
    b.offline()
    at_a = a.service.enroll(phone=PHONE, name="王小明")
    earn_a = a.service.award(at_a.member_id, twd(1000), receipt_no="A-1")
    at_b = b.service.enroll(phone=PHONE, name="王小明")
    earn_b = b.service.award(at_b.member_id, twd(2000), receipt_no="B-1")
    with admin(central) as http:
        token = http.post("/v1/admin/online-clients", json={"name": "web shop"}).json()["token"]
    with central.client(token) as web:
        signed = web.post("/v1/members", json={"phone": PHONE, "name": "王小明"})
    assert signed.status_code == 201, signed.text
    web_id = signed.json()["member"]["id"]

    a.online()
    b.online()
    for term in (a, b, a):
        term.sync()

    with admin(central) as http:
        member = http.get(f"/v1/admin/members/{web_id}").json()
    assert member["status"] == "active"
    assert member["balance"] == earn_a.points + earn_b.points
    for term in (a, b):
        [only] = term.active_by_phone(E164)
        assert only["id"] == web_id
        assert only["balance"] == earn_a.points + earn_b.points
        with term.db.connect() as conn:  # the old ids still find the member
            assert resolve_id(conn, at_a.member_id) == web_id
            assert resolve_id(conn, at_b.member_id) == web_id
        for old_code in (at_a.member_code, at_b.member_code):
            [found] = term.service.find(old_code).members
            assert found.id == web_id
        assert [m.id for m in term.service.find(PHONE).members] == [web_id]
    converged(db_url, a, b)


@pytest.mark.expect_log_warnings("central.terminal_health")  # the test provokes them
def test_same_points_redeemed_at_two_offline_stores(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    a = make_terminal("a", store_id="S001", clock=FakeClock(datetime.now(UTC)))
    b = make_terminal("b", store_id="S002", clock=FakeClock(datetime.now(UTC)))
    m = a.service.enroll(phone=PHONE, name="王小明")
    a.service.award(m.member_id, twd(15000), receipt_no="A-1")  # 1500 points
    a.sync()
    b.sync()
    assert b.member(m.member_id)["balance"] == 1500
    # The tills' clocks read central's time: central judges an offline redemption by the
    # till's contact stretches, and holds one stamped before any of them.
    for term in (a, b):
        term.fixture.clock.now = datetime.now(UTC)
    a.offline()
    b.offline()
    first = a.desk.redeem(m.member_id, 1000)
    second = b.desk.redeem(m.member_id, 1000)
    assert not first.online and not second.online and first.floor_override == ()

    # The floor limits hold: once per member per terminal, at most L points a sale.
    with pytest.raises(OfflineApprovalRequired) as refused:
        a.desk.redeem(m.member_id, 100)
    assert refused.value.decision.reasons == ("member_count",)
    with pytest.raises(OfflineApprovalRequired) as too_big:
        b.desk.redeem(m.member_id, 1100, approved_by=None)
    assert "over_sale_limit" in too_big.value.decision.reasons
    a.fixture.clock.advance(hours=73)
    with pytest.raises(OfflineApprovalRequired) as stale:
        a.desk.redeem(m.member_id, 100)
    assert "too_long_offline" in stale.value.decision.reasons
    approved = a.desk.redeem(m.member_id, 100, approved_by=a.fixture.manager.id)
    assert approved.floor_override == ("member_count", "too_long_offline")

    a.online()
    b.online()
    for term in (a, b, a):
        term.sync()
    with admin(central) as http:
        member = http.get(f"/v1/admin/members/{m.member_id}").json()
        # b's clock never moved: the overdraft is b's redemption, on the store's local day.
        day = b.fixture.clock.now.astimezone(ZoneInfo("Asia/Taipei")).date().isoformat()
        report = http.get("/v1/reports/daily", params={"day": day}).json()
    assert member["balance"] == 1500 - 2100  # every redemption kept: an overdraft
    assert sum(r["overdraft_points"] for r in report) == 600
    assert a.member(m.member_id)["balance"] == b.member(m.member_id)["balance"] == -600
    assert a.engine.status().overdrafts + b.engine.status().overdrafts >= 1
    converged(db_url, a, b)


def test_two_online_terminals_race_to_redeem_the_same_points(
        make_terminal: MakeTerminal, db_url: str) -> None:
    a, b = make_terminal("a"), make_terminal("b")
    m = a.service.enroll(phone=PHONE, name="王小明")
    a.service.award(m.member_id, twd(5000), receipt_no="A-1")  # 500 points
    a.sync()
    b.sync()
    for _ in range(5):
        before = a.member(m.member_id)["balance"]
        amount = before // 100 * 100
        start = threading.Barrier(2)
        outcomes: dict[str, object] = {}

        def redeem(term: Terminal, key: str) -> None:
            start.wait()  # noqa: B023 - joined within the iteration
            try:
                outcomes[key] = term.desk.redeem(m.member_id, amount)  # noqa: B023 - joined within the iteration
            except RedemptionRefused as exc:
                outcomes[key] = exc  # noqa: B023 - joined within the iteration

        threads = [threading.Thread(target=redeem, args=(t, k)) for t, k in ((a, "a"), (b, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        won = [k for k, v in outcomes.items() if not isinstance(v, Exception)]
        assert len(won) == 1, outcomes
        for term in (a, b):
            term.sync()
        assert a.member(m.member_id)["balance"] == before - amount
        assert b.member(m.member_id)["balance"] == before - amount
        winner = a if won == ["a"] else b
        winner.service.award(m.member_id, twd(5000))  # earn again for the next round
        winner.sync()
        a.sync()
        b.sync()
    converged(db_url, a, b)


def test_recycled_number_opens_a_review_and_loses_nothing(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    a, b = make_terminal("a"), make_terminal("b")
    old = a.service.enroll(phone=PHONE, name="王小明")
    a.service.award(old.member_id, twd(1000), receipt_no="A-1")
    a.sync()
    # A second store that never synced enrols the new owner of the number.
    c = make_terminal("c", sync=False)
    recycled = c.service.enroll(phone=PHONE, name="陳大文")
    earn = c.service.award(recycled.member_id, twd(3000), receipt_no="C-1")
    c.sync()
    with admin(central) as http:
        cases = http.get("/v1/admin/review-cases").json()
        kept = http.get(f"/v1/admin/members/{recycled.member_id}").json()
        original = http.get(f"/v1/admin/members/{old.member_id}").json()
    assert [x["member_id"] for x in cases] == [recycled.member_id]
    assert kept["status"] == "review" and kept["canonical_id"] is None
    assert kept["balance"] == earn.points
    assert original["status"] == "active" and original["balance"] == 100
    assert c.member(recycled.member_id)["status"] == "review"
    assert c.member(recycled.member_id)["balance"] == earn.points
    a.sync()
    b.sync()
    assert a.member(recycled.member_id)["status"] == "review"
    assert a.member(old.member_id)["balance"] == 100
    converged(db_url, a, b)
    # c loaded the member base from the snapshot (balances without history before it).
    assert set(c.entries()) <= set(central_entries(db_url))
    assert c.balances() == central_balances(db_url)
    assert c.member(old.member_id)["balance"] == 100
