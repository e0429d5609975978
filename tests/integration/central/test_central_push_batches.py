"""Large pushes take the fast path (one parse, one COPY); anything unusual in a batch still
gets exactly the answer it would get alone — over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from central.feed import feed_head
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer


@pytest.fixture
def term(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


def _ledger(db_url: str) -> dict[str, Any]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            drift = conn.execute(text(
                "SELECT count(*) FROM members m WHERE m.balance <> COALESCE("
                "(SELECT sum(points) FROM ledger_entries e WHERE e.account_id = m.id), 0)")
            ).scalar_one()
            seqs = [r[0] for r in conn.execute(text(
                "SELECT feed_seq FROM ledger_entries UNION ALL SELECT seq FROM changes "
                "ORDER BY 1"))]
            head = feed_head(conn)
    finally:
        engine.dispose()
    return {"drift": drift, "seqs": seqs, "head": head}


def _statuses(body: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r["reason"]) for r in body["results"]]


def test_entries_central_already_holds_inside_a_big_batch(central: CentralServer,
                                                          term: TerminalClient) -> None:
    enroll = term.enroll("+886912345678")
    member = enroll["payload"]["member_id"]
    first = term.entry(member, 100)
    term.push_ok(enroll, first)
    batch = [term.entry(member, 10) for _ in range(150)]
    batch.append(term.op("ledger.entry", first["payload"]))  # held already, a new operation
    batch += [term.entry(member, 10) for _ in range(150)]
    body = term.push_ok(*batch)
    statuses = _statuses(body)
    assert statuses[150] == ("already_applied", None)
    assert statuses.count(("applied", None)) == 300
    ledger = _ledger(central.db_url)
    assert ledger["drift"] == 0
    # The feed has no hole where the refused attempt had numbered its rows (they were used
    # again; on PostgreSQL the one number the batch no longer needed is past them all).
    assert ledger["seqs"] == list(range(1, len(ledger["seqs"]) + 1))
    assert ledger["head"] - len(ledger["seqs"]) == (1 if "postgresql" in central.db_url else 0)
    assert term.changes(0, 5000)["next_cursor"] == ledger["head"]


def test_duplicate_receipts_in_the_batch_and_at_central(term: TerminalClient) -> None:
    enroll = term.enroll("+886912345678")
    member = enroll["payload"]["member_id"]
    sold = term.entry(member, 50, receipt_no="R-1")
    term.push_ok(enroll, sold)
    body = term.push_ok(term.entry(member, 20, receipt_no="R-2"),
                        term.entry(member, 20, receipt_no="R-2"),  # twice in one batch
                        term.entry(member, 50, receipt_no="R-1"),  # already credited
                        term.entry(member, 5))
    assert _statuses(body) == [("applied", None), ("rejected", "duplicate_receipt"),
                               ("rejected", "duplicate_receipt"), ("applied", None)]


def test_one_bad_payload_in_a_batch_of_entries(term: TerminalClient) -> None:
    enroll = term.enroll("+886912345678")
    member = enroll["payload"]["member_id"]
    term.push_ok(enroll)
    good = term.entry(member, 10)
    bad = term.entry(member, 10)
    bad["payload"]["points"] = "ten"
    unknown = term.entry("0193a0b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b", 10)
    body = term.push_ok(good, bad, unknown, term.entry(member, 10))
    assert _statuses(body)[0] == ("applied", None)
    assert _statuses(body)[1][1] == "invalid_payload"
    assert _statuses(body)[2] == ("rejected", "unknown_member")
    assert _statuses(body)[3] == ("applied", None)
    assert body["expected_seq"] == 6


def test_a_malformed_body_is_a_clear_422(term: TerminalClient) -> None:
    for content in (b"{", b"[]", b'{"operations": "x"}', b'{"operations": [], "x": 1}'):
        response = term.http.post("/v1/sync/push", content=content,
                                  headers={"Content-Type": "application/json"})
        assert response.status_code == 422, content
        assert response.json()["reason"] == "invalid_request"
    gap = [term.entry("0193a0b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b", 1) for _ in range(2)]
    gap[1]["seq"] += 1
    response = term.push(*gap)
    assert (response.status_code, response.json()["reason"]) == (422, "batch_not_contiguous")


def test_a_batch_naming_an_alias_counts_like_entries_pushed_one_by_one(
        central: CentralServer, term: TerminalClient) -> None:
    enrolls = [term.enroll(f"+88691234567{k}") for k in range(3)]
    merged, kept, other = (e["payload"]["member_id"] for e in enrolls)
    term.push_ok(*enrolls, *(term.entry(m, 100) for m in (merged, kept, other)))
    with central.client("admin") as admin:
        assert admin.post("/v1/admin/members/merge", json={
            "source_id": merged, "target_id": kept}).status_code == 200
    # The alias sends this batch down the general path (accounts resolved first) …
    batch = [term.entry(other, 10), term.entry(merged, -50, kind="redeem", offline=True),
             term.entry(other, -300, kind="redeem", offline=True), term.entry(merged, 5)]
    assert {s for s, _ in _statuses(term.push_ok(*batch))} == {"applied"}
    # … and this one, every member its own account, the plain path.
    batch += [term.entry(other, 20), term.entry(other, -10, kind="redeem", offline=True),
              term.entry(kept, 7)]
    assert {s for s, _ in _statuses(term.push_ok(*batch[4:]))} == {"applied"}
    engine = create_engine(central.db_url)
    try:
        with engine.connect() as conn:
            rows = {r.id: r for r in conn.execute(text(
                "SELECT id, account_id, balance_after, overdraft FROM ledger_entries"))}
            balances = dict(conn.execute(text("SELECT id, balance FROM members")).all())
    finally:
        engine.dispose()
    ids = [op["payload"]["entry_id"] for op in batch]
    assert [rows[i].account_id for i in ids] == [other, kept, other, kept, other, other, kept]
    assert [rows[i].balance_after for i in ids] == [110, 150, -190, 155, -170, -180, 162]
    assert [rows[i].overdraft for i in ids] == [0, 0, 190, 0, 0, 10, 0]
    assert (balances[kept], balances[other]) == (162, -180)
    assert _ledger(central.db_url)["drift"] == 0
