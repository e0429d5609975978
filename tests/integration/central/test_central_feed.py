"""The change feed, the snapshot and online redemption over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from loyalty.ids import new_id
from sync.protocol import part_checksum
from tests.helpers.central_ops import TerminalClient, iso
from tests.helpers.central_server import CentralServer, running_central


@pytest.fixture
def term(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


def _all_changes(term: TerminalClient, after: int = 0, limit: int = 3) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    while True:
        page = term.changes(after, limit)
        out += page["changes"]
        after = page["next_cursor"]
        if not page["has_more"]:
            return out


def test_feed_pages_are_contiguous_and_say_which_ops_they_include(
        central: CentralServer, term: TerminalClient) -> None:
    enroll = term.enroll("+886912345678")
    member_id = enroll["payload"]["member_id"]
    term.push_ok(enroll, term.entry(member_id, 10), term.entry(member_id, 20))
    changes = _all_changes(term)
    seqs = [c["seq"] for c in changes]
    assert seqs == list(range(1, 1 + len(seqs)))
    kinds = [c["kind"] for c in changes]
    assert kinds == ["rules.updated", "member.upsert", "ledger.entry", "ledger.entry"]
    assert [c["data"]["balance_after"] for c in changes[2:]] == [10, 30]  # type: ignore[index]
    page = term.changes(0, 1000)
    assert page["terminal_ops_through"] == 3
    assert term.changes(0, 2)["terminal_ops_through"] == 0


def test_an_expired_cursor_gets_410(db_url: str) -> None:
    with running_central(db_url, feed_retention=2) as central:
        reg = central.new_terminal()
        with central.client(reg["token"]) as http:
            term = TerminalClient(http, reg)
            term.push_ok(*[term.enroll(f"+8869123456{k:02d}") for k in range(5)])
            assert term.http.get("/v1/sync/changes", params={"after": 0}).status_code == 200
            with central.client("admin") as admin:
                report = admin.post("/v1/admin/jobs/run", json={"date": "2030-01-01"}).json()
            assert report["feed_floor"] == 4
            old = term.http.get("/v1/sync/changes", params={"after": 3})
            assert (old.status_code, old.json()["reason"]) == (410, "cursor_expired")
            assert [c["seq"] for c in term.changes(4)["changes"]] == [5, 6]
            ahead = term.http.get("/v1/sync/changes", params={"after": 99})
            assert ahead.status_code == 410


def test_snapshot_parts_match_their_manifest(central: CentralServer,
                                             term: TerminalClient) -> None:
    ops = [term.enroll(f"+8869123456{k:02d}", name=f"會員{k}") for k in range(30)]
    term.push_ok(*ops)
    manifest = term.http.get("/v1/sync/snapshot").json()
    assert manifest["total_rows"] == 30
    seen = set()
    for part in manifest["part_list"]:
        response = term.http.get(f"/v1/sync/snapshot/parts/{part['part']}",
                                 params={"parts": manifest["parts"]})
        assert response.status_code == 200
        lines = response.content.splitlines(keepends=True)
        trailer = json.loads(lines[-1])
        assert trailer["sha256"] == part["sha256"] == part_checksum(lines[:-1])
        assert trailer["rows"] == part["rows"] == len(lines) - 1
        seen |= {json.loads(line)["id"] for line in lines[:-1]}
    assert seen == {op["payload"]["member_id"] for op in ops}
    bad = term.http.get("/v1/sync/snapshot/parts/3", params={"parts": 3})
    assert bad.status_code == 422


def _redeem(term: TerminalClient, member_id: str, points: int,
            entry_id: str | None = None, occurred_at: str | None = None) -> dict[str, object]:
    response = term.http.post("/v1/redemptions", json={
        "entry_id": entry_id or new_id(), "member_id": member_id, "points": points,
        "occurred_at": occurred_at or iso(), "rules_version": 1})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_online_redemption_is_idempotent_and_conditional(central: CentralServer,
                                                         term: TerminalClient) -> None:
    enroll = term.enroll("+886912345678")
    member_id = enroll["payload"]["member_id"]
    term.push_ok(enroll, term.entry(member_id, 500))
    entry_id, at = new_id(), iso()
    first = _redeem(term, member_id, 300, entry_id, at)
    assert (first["approved"], first["balance"]) == (True, 200)
    assert _redeem(term, member_id, 300, entry_id)["balance"] == 200
    declined = _redeem(term, member_id, 300)
    assert (declined["approved"], declined["reason"]) == (False, "redeem_over_balance")
    # the terminal's outbox later pushes the same entry: already applied, counted once
    body = term.push_ok(term.entry(member_id, -300, kind="redeem", entry_id=entry_id,
                                   occurred_at=at))
    assert body["results"][0]["status"] == "already_applied"
    # the same id with other content: refused, both kept (never a second spend)
    other = term.push_ok(term.entry(member_id, -100, kind="redeem", entry_id=entry_id,
                                    occurred_at=at))
    assert (other["results"][0]["status"], other["results"][0]["reason"]) == (
        "rejected", "entry_id_conflict")


def test_racing_terminals_never_spend_the_same_points(central: CentralServer,
                                                     term: TerminalClient) -> None:
    enroll = term.enroll("+886912345678")
    member_id = enroll["payload"]["member_id"]
    term.push_ok(enroll, term.entry(member_id, 1000))
    regs = [central.new_terminal() for _ in range(4)]

    def spend(reg: dict[str, str]) -> list[bool]:
        with central.client(reg["token"]) as http:
            t = TerminalClient(http, reg)
            return [bool(_redeem(t, member_id, 100)["approved"]) for _ in range(5)]

    with ThreadPoolExecutor(4) as pool:
        approvals = sum(sum(r) for r in pool.map(spend, regs))
    assert approvals == 10
    page = term.changes(0, 1000)
    balances = [c["data"]["balance_after"] for c in page["changes"]
                if c["kind"] == "ledger.entry"]
    assert min(balances) == 0


def test_expiry_job_writes_entries_and_feed_changes(central: CentralServer,
                                                    term: TerminalClient) -> None:
    enroll = term.enroll("+886912345678")
    member_id = enroll["payload"]["member_id"]
    term.push_ok(enroll, term.entry(member_id, 100, expires_on="2025-01-31"),
                 term.entry(member_id, 50, expires_on="2026-01-31"),
                 term.entry(member_id, -30, kind="redeem", offline=True))
    with central.client("admin") as http:
        for _ in range(2):  # a second run for the same date changes nothing
            report = http.post("/v1/admin/jobs/run", json={"date": "2025-02-01"}).json()
        assert report["expired_entries"] == 0
        member = http.get(f"/v1/admin/members/{member_id}").json()
    assert member["balance"] == 50  # the older lot paid the redemption, 70 expired
    expired = [c for c in term.changes(0, 1000)["changes"]
               if c["kind"] == "ledger.entry" and c["data"]["kind"] == "expire"]
    assert [c["data"]["points"] for c in expired] == [-70]


def test_tier_job_upgrades_on_rolling_spend(central: CentralServer,
                                            term: TerminalClient) -> None:
    enroll = term.enroll("+886912345678")
    member_id = enroll["payload"]["member_id"]
    term.push_ok(enroll, term.entry(member_id, 1500, sale_amount="15000", currency="TWD"))
    # the job judges the store's local days (loyalty.spend): the day after the sale in Taipei
    tomorrow = (datetime.now(ZoneInfo("Asia/Taipei")).date() + timedelta(days=1)).isoformat()
    with central.client("admin") as http:
        report = http.post("/v1/admin/jobs/run", json={"date": tomorrow}).json()
        member = http.get(f"/v1/admin/members/{member_id}").json()
    assert report["tier_changes"] == 1
    assert member["tier"] == "silver"
    last = term.changes(0, 1000)["changes"][-1]
    assert (last["kind"], last["data"]["tier"]) == ("member.upsert", "silver")
