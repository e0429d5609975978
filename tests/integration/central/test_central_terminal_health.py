"""What central notices about a terminal: clocks that disagree, offline redemptions beyond the
floor limits (recorded, and held), old operation records compacted — over real HTTP, on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from central.db import make_engine, run_transaction
from central.retention import compact_terminal_ops
from tests.helpers.central_ops import TerminalClient, add_staff, iso
from tests.helpers.central_server import CentralServer
from tests.helpers.programs import central_rows


@pytest.fixture
def term(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


def _terminal(central: CentralServer, terminal_id: str) -> dict[str, Any]:
    with central.client("admin") as http:
        rows = http.get("/v1/admin/terminals").json()
    found: dict[str, Any] = next(t for t in rows if t["id"] == terminal_id)
    return found


@pytest.mark.expect_log_warnings("central.terminal_health")  # the test provokes them
def test_a_clock_running_ahead_is_flagged_and_sync_goes_on(central: CentralServer,
                                                           term: TerminalClient) -> None:
    assert _terminal(central, term.id)["clock_flagged"] is False
    ahead = term.enroll("+886912345678")
    ahead["created_at"] = iso(datetime.now(UTC) + timedelta(minutes=10))
    body = term.push_ok(ahead)
    assert body["results"][0]["status"] == "applied"
    seen = _terminal(central, term.id)
    assert seen["clock_flagged"] is True and seen["clock_skew_s"] >= 590


@pytest.mark.expect_log_warnings("central.terminal_health")  # the test provokes them
def test_a_reported_clock_is_measured_both_ways(central: CentralServer,
                                                term: TerminalClient) -> None:
    behind = iso(datetime.now(UTC) - timedelta(minutes=5))
    response = term.http.get("/v1/sync/changes", headers={"X-Terminal-Time": behind})
    assert response.status_code == 200
    seen = _terminal(central, term.id)
    assert seen["clock_flagged"] is True and -310 <= seen["clock_skew_s"] <= -290
    assert seen["last_contact_at"] is not None
    in_step = term.http.post("/v1/sync/push", json={"operations": [term.enroll("+886912345679")]},
                             headers={"X-Terminal-Time": iso()})
    assert in_step.status_code == 200
    assert _terminal(central, term.id)["clock_flagged"] is False
    garbled = term.http.post("/v1/sync/push",
                             json={"operations": [term.enroll("+886912345670")]},
                             headers={"X-Terminal-Time": "half past nine"})
    assert garbled.status_code == 200  # an unreadable clock is ignored, never refused


@pytest.mark.expect_log_warnings("central.terminal_health")  # the test provokes them
def test_pulls_note_the_clock_when_it_moves_not_on_every_pull(central: CentralServer,
                                                              term: TerminalClient) -> None:
    """A till pulls every 30 s with its clock: central writes when the clock moved by more
    than a second or the contact is a minute old, not once per pull (at 1,000 tills that
    was 33 write transactions a second)."""
    def pull(offset: timedelta) -> None:
        answer = term.http.get("/v1/sync/changes",
                               headers={"X-Terminal-Time": iso(datetime.now(UTC) + offset)})
        assert answer.status_code == 200

    def checked_at() -> str:
        return str(central_rows(central.db_url, "SELECT clock_checked_at FROM terminals "
                                "WHERE id = :t", t=term.id)[0][0])

    pull(timedelta(0))
    first = checked_at()
    for _ in range(3):
        pull(timedelta(0))
    assert checked_at() == first  # in step, within the minute: nothing written
    pull(timedelta(minutes=-7))
    seen = _terminal(central, term.id)
    assert seen["clock_flagged"] is True and -430 <= seen["clock_skew_s"] <= -410
    assert checked_at() != first


@pytest.mark.expect_log_warnings("central.terminal_health")  # the test provokes them
def test_the_terminal_client_reports_its_clock(central: CentralServer) -> None:
    """The real sync client sends X-Terminal-Time: a till whose clock is 7 minutes slow is
    flagged by its first request, with nothing else to go on (no entries)."""
    from sync.client import CentralClient

    reg = central.new_terminal()
    slow = CentralClient(central.url, reg["token"],
                         clock=lambda: datetime.now(UTC) - timedelta(minutes=7))
    with slow:
        slow.changes(0, 10)
    seen = _terminal(central, reg["terminal_id"])
    assert seen["clock_flagged"] is True and -430 <= seen["clock_skew_s"] <= -410
    with CentralClient(central.url, reg["token"]) as in_step:
        in_step.changes(0, 10)
    assert _terminal(central, reg["terminal_id"])["clock_flagged"] is False


def _offline_redeem(term: TerminalClient, member_id: str, points: int,
                    **extra: Any) -> dict[str, Any]:
    return term.entry(member_id, -points, kind="redeem", offline=True, **extra)


def _report(central: CentralServer, store_id: str) -> dict[str, Any]:
    day = datetime.now(ZoneInfo("Asia/Taipei")).date().isoformat()  # the store's day
    with central.client("admin") as http:
        response = http.get("/v1/reports/daily", params={"day": day, "store_id": store_id})
        assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows[0]


@pytest.mark.expect_log_warnings("central.terminal_health")  # the test provokes them
def test_offline_redemptions_beyond_the_floor_limits_are_held_and_recorded(
        central: CentralServer, term: TerminalClient) -> None:
    """Default limits: 1000 points a sale (L), once per member per period (U). Beyond them
    only a manager central knows lets the redemption count; else it is held."""
    with central.client("admin") as http:
        manager = add_staff(http, term.store_id)
    enrolls = [term.enroll(f"+88691234567{k}") for k in range(2)]
    a, b = (op["payload"]["member_id"] for op in enrolls)
    term.push_ok(*enrolls, term.entry(a, 5000), term.entry(b, 5000))
    ops = [_offline_redeem(term, a, 500),          # within every limit
           _offline_redeem(term, a, 300),          # U: a second time for this member
           _offline_redeem(term, b, 1500),         # L: over the per-sale limit
           _offline_redeem(term, b, 900, approved_by=manager)]  # U, but a manager approved
    body = term.push_ok(*ops)
    assert [r["status"] for r in body["results"]] == ["applied", "held", "held", "applied"]
    assert body["results"][1]["reason"] == body["results"][2]["reason"] == "offline_floor"
    report = _report(central, term.store_id)
    assert (report["offline_breach_count"], report["offline_breach_points"]) == (2, 1800)
    term.push_ok(*ops)  # a resend records nothing twice
    assert _report(central, term.store_id)["offline_breach_count"] == 2


@pytest.mark.expect_log_warnings("central.terminal_health")  # the test provokes them
def test_the_terminal_budget_is_granted_per_offline_period(central: CentralServer,
                                                           term: TerminalClient) -> None:
    with central.client("admin") as http:
        document = http.get("/v1/rules").json()["document"]
        document["offline_redemption"]["terminal_budget_points"] = 1500
        version = http.put("/v1/admin/rules", json={"document": document}).json()["version"]
    enrolls = [term.enroll(f"+88691234560{k}") for k in range(4)]
    ids = [op["payload"]["member_id"] for op in enrolls]
    term.push_ok(*enrolls, *(term.entry(m, 2000) for m in ids))
    spend = [_offline_redeem(term, m, 600, rules_version=version) for m in ids[:3]]
    term.push_ok(*spend)  # 600 + 600 within B = 1500; the third goes over
    report = _report(central, term.store_id)
    assert (report["offline_breach_count"], report["offline_breach_points"]) == (1, 600)
    # That push was a sync: a new period, a fresh budget.
    term.push_ok(_offline_redeem(term, ids[3], 600, rules_version=version))
    assert _report(central, term.store_id)["offline_breach_count"] == 1


def test_old_operation_records_are_compacted_and_a_resend_of_one_is_refused(
        central: CentralServer, term: TerminalClient) -> None:
    ops = [term.enroll(f"+88691234561{k}") for k in range(5)]
    term.push_ok(*ops)
    engine = make_engine(central.db_url)
    try:
        later = datetime.now(UTC) + timedelta(days=91)
        done = run_transaction(engine, lambda s: compact_terminal_ops(s, later, 90, 2))
    finally:
        engine.dispose()
    assert done.terminal_ops == 3  # the latest two are kept
    assert _terminal(central, term.id)["ops_floor_seq"] == 3
    assert term.push(ops[4]).json()["results"][0]["status"] == "already_applied"
    refused = term.push(ops[0])
    assert (refused.status_code, refused.json()["reason"]) == (409, "terminal_cloned")
