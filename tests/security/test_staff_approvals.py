"""Approvals name staff central knows (issue 16 point 2). A till's ``approved_by`` on a void,
an adjustment or an offline redemption beyond the floor limits must be a manager of that
store, active that day; anything else — an id central never issued, a cashier, another
store's manager, a manager head office deactivated — is held, and an online redemption is
declined. Each attack asserts the exact answer and that no balance, profile or consent moved.
The staff registry itself: PIN hashes only, each store's to its own tills."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from loyalty.ids import new_id
from tests.helpers.central_ops import TerminalClient, add_staff, iso
from tests.helpers.central_server import CentralServer
from tests.helpers.central_state import database_state

BOOKKEEPING = ("terminal_ops", "terminals", "terminal_contacts", "terminal_marks",
               "held_entries", "entry_conflicts", "terminal_days", "counters")


@pytest.fixture
def till(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal("S001")
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


@pytest.fixture
def staff(central: CentralServer, till: TerminalClient) -> dict[str, str]:
    """S001's manager and cashier, a manager of S002, a deactivated S001 manager, and an
    id central never issued."""
    central.demo_chain("S002")
    with central.client("admin") as http:
        people = {"manager": add_staff(http, "S001", "manager", name="Mei"),
                  "cashier": add_staff(http, "S001", "cashier", name="Kai"),
                  "other_store": add_staff(http, "S002", "manager", name="Ona"),
                  "deactivated": add_staff(http, "S001", "manager", name="Dee",
                                           active_from=(date.today() - timedelta(days=30))
                                           .isoformat())}
        gone = http.post(f"/v1/admin/staff/{people['deactivated']}/deactivate", json={})
        assert gone.status_code == 200, gone.text
    people["unknown"] = new_id()
    return people


def _member(central: CentralServer, member_id: str) -> dict[str, Any]:
    with central.client("admin") as http:
        found: dict[str, Any] = http.get(f"/v1/admin/members/{member_id}").json()
        return found


def _member_with_points(till: TerminalClient, points: int = 5000) -> tuple[str, str]:
    enroll = till.enroll("+886912345678", marketing_consent=False, consent_at=iso())
    member_id = enroll["payload"]["member_id"]
    earn = till.entry(member_id, points)
    assert [r["status"] for r in till.push_ok(enroll, earn)["results"]] == ["applied"] * 2
    return member_id, earn["payload"]["entry_id"]


BAD_APPROVERS = {"unknown": "approver_unknown", "cashier": "approver_not_manager",
                 "other_store": "approver_other_store", "deactivated": "approver_inactive"}


def _void(till: TerminalClient, member_id: str, earn_id: str, approver: str | None
          ) -> dict[str, Any]:
    return till.entry(member_id, -5000, kind="reverse", ref_entry_id=earn_id,
                      approved_by=approver)


def _adjust(till: TerminalClient, member_id: str, _: str, approver: str | None
            ) -> dict[str, Any]:
    return till.entry(member_id, 700, kind="adjust", approved_by=approver)


def _offline_beyond_floor(till: TerminalClient, member_id: str, _: str, approver: str | None
                          ) -> dict[str, Any]:
    # Over the default offline limit of 1,000 points a sale.
    return till.entry(member_id, -1500, kind="redeem", offline=True, approved_by=approver)


ENTRIES = {"void": _void, "adjust": _adjust, "offline_redeem": _offline_beyond_floor}


@pytest.mark.expect_log_warnings("central.terminal_health")  # offline breaches are logged
@pytest.mark.parametrize("who", list(BAD_APPROVERS))
@pytest.mark.parametrize("what", list(ENTRIES))
def test_an_approval_by_anyone_but_a_manager_of_the_store_is_held(
        central: CentralServer, till: TerminalClient, staff: dict[str, str], db_url: str,
        what: str, who: str) -> None:
    member_id, earn_id = _member_with_points(till)
    before = database_state(db_url, ignore=(*BOOKKEEPING, "offline_breaches"))
    op = ENTRIES[what](till, member_id, earn_id, staff[who])
    result = till.push_ok(op)["results"][0]
    expected = ([BAD_APPROVERS[who]] if what != "offline_redeem"
                else ["offline_floor", BAD_APPROVERS[who]])
    assert (result["status"], result["reason"].split(",")) == ("held", expected), result
    assert database_state(db_url, ignore=(*BOOKKEEPING, "offline_breaches")) == before
    member = _member(central, member_id)
    assert (member["balance"], member["marketing_consent"]) == (5000, False)
    with central.client("admin") as http:
        held = http.get("/v1/admin/held-entries").json()
    assert [(h["entry_id"], h["reasons"]) for h in held] == [(op["payload"]["entry_id"],
                                                              expected)]


@pytest.mark.parametrize("what", list(ENTRIES))
def test_the_same_entries_approved_by_the_stores_manager_apply(
        central: CentralServer, till: TerminalClient, staff: dict[str, str],
        what: str) -> None:
    member_id, earn_id = _member_with_points(till)
    op = ENTRIES[what](till, member_id, earn_id, staff["manager"])
    assert till.push_ok(op)["results"][0]["status"] == "applied"
    assert _member(central, member_id)["balance"] == 5000 + op["payload"]["points"]


@pytest.mark.expect_log_warnings("central.terminal_health")  # offline breaches are logged
@pytest.mark.parametrize("what", ["void", "adjust", "offline_redeem"])
def test_what_needs_an_approval_and_names_none_is_held(
        central: CentralServer, till: TerminalClient, staff: dict[str, str],
        what: str) -> None:
    member_id, earn_id = _member_with_points(till)
    result = till.push_ok(ENTRIES[what](till, member_id, earn_id, None))["results"][0]
    reason = "offline_floor" if what == "offline_redeem" else "approval_missing"
    assert (result["status"], result["reason"]) == ("held", reason)
    assert _member(central, member_id)["balance"] == 5000


def _redeem(till: TerminalClient, member_id: str, points: int,
            approver: str | None) -> dict[str, Any]:
    response = till.http.post("/v1/redemptions", json={
        "entry_id": new_id(), "member_id": member_id, "points": points,
        "occurred_at": iso(), "rules_version": 1, "approved_by": approver})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("who", list(BAD_APPROVERS))
def test_an_online_redemption_approved_by_anyone_else_is_declined(
        central: CentralServer, till: TerminalClient, staff: dict[str, str], db_url: str,
        who: str) -> None:
    """4,000 points need a manager (over 2,000): a made-up one is declined, saying why."""
    member_id, _ = _member_with_points(till)
    before = database_state(db_url, ignore=BOOKKEEPING)
    answer = _redeem(till, member_id, 4000, staff[who])
    assert (answer["approved"], answer["reason"]) == (False, BAD_APPROVERS[who])
    assert answer["message"]
    assert database_state(db_url, ignore=BOOKKEEPING) == before
    assert _redeem(till, member_id, 4000, staff["manager"])["approved"] is True
    assert _member(central, member_id)["balance"] == 1000


def test_a_stores_staff_reach_only_its_own_tills_as_pin_hashes(
        central: CentralServer, till: TerminalClient, staff: dict[str, str],
        db_url: str) -> None:
    listed = till.http.get("/v1/staff").json()
    assert listed["store_id"] == "S001"
    mine = {s["id"]: s for s in listed["staff"]}
    assert set(mine) == {staff["manager"], staff["cashier"], staff["deactivated"]}
    store_today = datetime.now(ZoneInfo("Asia/Taipei")).date()  # the store's day
    assert mine[staff["deactivated"]]["active_to"] == (store_today - timedelta(days=1)
                                                       ).isoformat()
    assert all(s["pin_hash"].startswith("scrypt$16384$8$1$") for s in mine.values())
    rows = database_state(db_url)["staff"]
    assert not any(cell == "2468" for row in rows for cell in row)  # the PIN is not kept
    with central.client("admin") as http:  # head office's list carries no hashes
        listing = http.get("/v1/admin/stores/S001/staff").json()
    assert listing and all("pin_hash" not in s for s in listing)
    changes = till.changes()["changes"]
    staff_changes = [c["data"] for c in changes if c["kind"] == "staff.changed"]
    assert {"store_id": "S001"} in staff_changes and {"store_id": "S002"} in staff_changes
    assert all(set(d) == {"store_id"} for d in staff_changes)  # no hash in the feed


def test_a_till_cannot_make_a_manager_for_a_store_that_has_staff(
        central: CentralServer, till: TerminalClient, staff: dict[str, str],
        db_url: str) -> None:
    before = database_state(db_url, ignore=BOOKKEEPING)
    response = till.http.post("/v1/staff/first-manager", json={
        "id": new_id(), "name": "Mallory", "pin_hash": "scrypt$16384$8$1$" + "0" * 32 + "$"
        + "0" * 128})
    assert (response.status_code, response.json()["reason"]) == (409, "store_has_staff")
    assert database_state(db_url, ignore=BOOKKEEPING) == before
    plain = till.http.post("/v1/staff/first-manager", json={
        "id": new_id(), "name": "Mallory", "pin_hash": "1234"})
    assert plain.status_code == 422  # a PIN, not a hash: refused before anything is read
    assert till.http.post("/v1/admin/stores/S001/staff", json={
        "name": "Mallory", "role": "manager", "pin": "1234"}).status_code == 403
