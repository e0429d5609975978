"""Per-terminal daily caps (issue 16 point 3) on points adjusted, enrollments and profile
changes of other stores' members: beyond them the operation is held — no member made, no
field or consent changed — until head office decides. A revoked terminal's pushes are
refused, and its last day is listed for review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.central_ops import TerminalClient, add_staff, iso
from tests.helpers.central_server import CentralServer
from tests.helpers.central_state import database_state

BOOKKEEPING = ("terminal_ops", "terminals", "terminal_contacts", "terminal_marks",
               "held_entries", "held_operations", "terminal_days", "counters",
               "personal_data_access")  # the test's own reads of consent are logged


@pytest.fixture
def till(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal("S001")
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


@pytest.fixture
def other(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal("S002")
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


def _limits(central: CentralServer, **limits: int) -> int:
    with central.client("admin") as http:
        document = http.get("/v1/rules").json()["document"]
        document["terminal_limits"] = limits
        answer = http.put("/v1/admin/rules", json={"document": document})
        assert answer.status_code == 200, answer.text
        version: int = answer.json()["version"]
        return version


def _admin(central: CentralServer, method: str, path: str, **kwargs: Any) -> Any:
    with central.client("admin") as http:
        return http.request(method, path, **kwargs)


def test_points_adjusted_beyond_the_daily_cap_are_held(
        central: CentralServer, till: TerminalClient) -> None:
    _limits(central, daily_points_adjusted=1000)
    with central.client("admin") as http:
        manager = add_staff(http, "S001")
    enroll = till.enroll("+886912000001")
    member_id = enroll["payload"]["member_id"]
    body = till.push_ok(enroll,
                        till.entry(member_id, 600, kind="adjust", approved_by=manager),
                        till.entry(member_id, -600, kind="adjust", approved_by=manager))
    results = body["results"]
    assert [r["status"] for r in results] == ["applied", "applied", "held"]
    assert results[2]["reason"] == "daily_points_adjusted"  # 600 + |-600| > 1,000
    assert _admin(central, "GET", f"/v1/admin/members/{member_id}").json()["balance"] == 600


def test_enrollments_beyond_the_daily_cap_are_held_and_so_are_their_entries(
        central: CentralServer, till: TerminalClient, db_url: str) -> None:
    _limits(central, daily_enrollments=2)
    ops = [till.enroll(f"+88691200000{k}") for k in range(3)]
    ids = [op["payload"]["member_id"] for op in ops]
    till.push_ok(*ops[:2])
    before = database_state(db_url, ignore=BOOKKEEPING)
    earn = till.entry(ids[2], 50)
    results = till.push_ok(ops[2], earn)["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("held", "daily_enrollments"), ("held", "member_held")]
    assert database_state(db_url, ignore=BOOKKEEPING) == before  # no member, no points
    assert _admin(central, "GET", f"/v1/admin/members/{ids[2]}").status_code == 404
    held = _admin(central, "GET", "/v1/admin/held-operations").json()
    assert [(h["op_id"], h["kind"], h["reasons"]) for h in held] == [
        (ops[2]["op_id"], "member.enroll", ["daily_enrollments"])]
    approved = _admin(central, "POST", f"/v1/admin/held-operations/{ops[2]['op_id']}/approve",
                      json={"note": "opening day"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    entry = _admin(central, "POST",
                   f"/v1/admin/held-entries/{earn['payload']['entry_id']}/approve", json={})
    assert entry.status_code == 200, entry.text
    member = _admin(central, "GET", f"/v1/admin/members/{ids[2]}").json()
    assert (member["phone"], member["balance"]) == ("+886912000002", 50)
    assert [r["status"] for r in till.push_ok(ops[2])["results"]] == ["already_applied"]


def test_changes_to_other_stores_members_beyond_the_cap_are_held_unapplied(
        central: CentralServer, till: TerminalClient, other: TerminalClient,
        db_url: str) -> None:
    _limits(central, daily_other_store_edits=1)
    enroll = till.enroll("+886912000009", name="王小明", marketing_consent=False,
                         consent_at=iso())
    member_id = enroll["payload"]["member_id"]
    till.push_ok(enroll)
    own = till.update(member_id, {"name": "王大明"})  # the owning store: not capped
    assert till.push_ok(own)["results"][0]["status"] == "applied"
    first = other.update(member_id, {"birth_year": 1980})
    assert other.push_ok(first)["results"][0]["status"] == "applied"
    before = database_state(db_url, ignore=BOOKKEEPING)
    consent_before = _admin(central, "GET", f"/v1/admin/members/{member_id}/consent").json()
    second = other.update(member_id, {"name": "騙子", "marketing_consent": True,
                                      "consent_at": iso()})
    result = other.push_ok(second)["results"][0]
    assert (result["status"], result["reason"]) == ("held", "daily_other_store_edits")
    assert database_state(db_url, ignore=BOOKKEEPING) == before
    assert _admin(central, "GET", f"/v1/admin/members/{member_id}/consent").json() == \
        consent_before
    rejected = _admin(central, "POST",
                      f"/v1/admin/held-operations/{second['op_id']}/reject", json={})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    member = _admin(central, "GET", f"/v1/admin/members/{member_id}").json()
    assert (member["name"], member["marketing_consent"]) == ("王大明", False)
    assert other.push_ok(second)["results"][0]["status"] == "rejected"  # a resend


def test_a_revoked_terminal_is_refused_and_its_last_day_listed(
        central: CentralServer, till: TerminalClient, db_url: str) -> None:
    enroll = till.enroll("+886912000010")
    member_id = enroll["payload"]["member_id"]
    earn, bonus = till.entry(member_id, 100), till.entry(member_id, 9999, kind="bonus")
    till.push_ok(enroll, earn, bonus)
    revoked = _admin(central, "POST", f"/v1/admin/terminals/{till.id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    before = database_state(db_url)
    late = till.push(till.entry(member_id, 100))
    assert (late.status_code, late.json()["reason"]) == (401, "token_rejected")
    assert till.http.get("/v1/staff").status_code == 401
    assert till.http.get("/v1/sync/changes", params={"after": 0}).status_code == 401
    assert database_state(db_url) == before
    day = _admin(central, "GET", f"/v1/admin/terminals/{till.id}/last-day")
    assert day.status_code == 200, day.text
    listed = day.json()
    assert listed["revoked_at"] == revoked.json()["revoked_at"]
    assert sorted((e["entry_id"], e["status"], e["reasons"]) for e in listed["entries"]) == \
        sorted([(earn["payload"]["entry_id"], "applied", []),
                (bonus["payload"]["entry_id"], "held", ["kind_not_for_terminals"])])
