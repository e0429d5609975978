"""A terminal with a valid token pushes what no honest till writes. Central re-derives each
entry and holds what does not check out: answered ``held`` with the reason, no balance
moved, kept for head office — who approves one (applied, in the feed) and rejects another
(the terminal is told through the feed). The same entry id with other content is refused and
both versions kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.central_ops import TerminalClient, add_staff
from tests.helpers.central_server import CentralServer
from tests.helpers.central_state import database_state

# What a held push may change besides the holding itself: the push bookkeeping.
BOOKKEEPING = ("terminal_ops", "terminals", "terminal_contacts", "terminal_marks",
               "held_entries", "entry_conflicts", "terminal_days", "counters")


@pytest.fixture
def rogue(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal("S002")
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


@pytest.fixture
def honest(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal("S001")
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


def _member(central: CentralServer, member_id: str) -> dict[str, Any]:
    with central.client("admin") as http:
        found: dict[str, Any] = http.get(f"/v1/admin/members/{member_id}").json()
        return found


def _member_with_points(term: TerminalClient) -> tuple[str, str]:
    enroll = term.enroll("+886912345678")
    member_id = enroll["payload"]["member_id"]
    earn = term.entry(member_id, 500)
    term.push_ok(enroll, earn)
    return member_id, earn["payload"]["entry_id"]


ATTACKS: dict[str, tuple[dict[str, Any], str]] = {
    "adjust_1e12": ({"kind": "adjust", "points": 10**12}, "daily_points_adjusted"),
    "adjust_without_a_manager": ({"kind": "adjust", "points": 100}, "approval_missing"),
    "earn_1e12_without_sale": ({"kind": "earn", "points": 10**12, "sale_amount": None,
                                "currency": None}, "earn_without_sale"),
    "earn_negative_sale": ({"kind": "earn", "points": 1, "sale_amount": "-5.00",
                            "currency": "TWD"}, "sale_not_positive"),
    "earn_more_than_the_rules": ({"kind": "earn", "points": 900, "sale_amount": "1000",
                                  "currency": "TWD"}, "earn_not_by_rules"),
    "earn_over_the_sale_limit": ({"kind": "earn", "points": 1, "sale_amount": "99999999",
                                  "currency": "TWD"}, "sale_over_limit"),
    "redeem_online_unauthorised": ({"kind": "redeem", "points": -400, "offline": False},
                                   "redeem_not_authorised"),
    "bonus": ({"kind": "bonus", "points": 5000}, "kind_not_for_terminals"),
    "expire_from_a_till": ({"kind": "expire", "points": -100}, "kind_not_for_terminals"),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_rogue_entry_is_held_and_moves_no_balance(
        central: CentralServer, honest: TerminalClient, rogue: TerminalClient,
        db_url: str, attack: str) -> None:
    member_id, _ = _member_with_points(honest)
    fields, reason = ATTACKS[attack]
    before = database_state(db_url, ignore=BOOKKEEPING)
    extra = {k: v for k, v in fields.items() if k != "points"}
    op = rogue.entry(member_id, fields["points"], **extra)
    result = rogue.push_ok(op)["results"][0]
    assert result["status"] == "held" and reason in result["reason"].split(","), result
    assert database_state(db_url, ignore=BOOKKEEPING) == before
    assert _member(central, member_id)["balance"] == 500
    with central.client("admin") as http:
        held = http.get("/v1/admin/held-entries").json()
    assert [h["entry_id"] for h in held] == [op["payload"]["entry_id"]]
    assert reason in held[0]["reasons"] and held[0]["terminal_id"] == rogue.id
    assert rogue.push_ok(op)["results"][0]["status"] == "held"  # a resend: the same answer


def test_a_reverse_of_another_stores_entry_is_held(
        central: CentralServer, honest: TerminalClient, rogue: TerminalClient,
        db_url: str) -> None:
    member_id, earn_id = _member_with_points(honest)
    before = database_state(db_url, ignore=BOOKKEEPING)
    op = rogue.entry(member_id, 999_999, kind="reverse", ref_entry_id=earn_id)
    result = rogue.push_ok(op)["results"][0]
    assert result["status"] == "held"
    assert set(result["reason"].split(",")) == {"reverse_other_store", "reverse_mismatch"}
    assert database_state(db_url, ignore=BOOKKEEPING) == before


def test_an_honest_void_applies_once_and_a_second_is_held(
        central: CentralServer, honest: TerminalClient) -> None:
    member_id, earn_id = _member_with_points(honest)
    with central.client("admin") as http:
        manager = add_staff(http, honest.store_id)
    void = honest.entry(member_id, -500, kind="reverse", ref_entry_id=earn_id,
                        approved_by=manager)
    assert honest.push_ok(void)["results"][0]["status"] == "applied"
    again = honest.entry(member_id, -500, kind="reverse", ref_entry_id=earn_id,
                         approved_by=manager)
    result = honest.push_ok(again)["results"][0]
    assert (result["status"], result["reason"]) == ("held", "already_reversed")
    assert _member(central, member_id)["balance"] == 0


def test_an_entry_id_reused_with_other_content_is_refused_and_both_are_kept(
        central: CentralServer, honest: TerminalClient, rogue: TerminalClient,
        db_url: str) -> None:
    member_id, _ = _member_with_points(honest)
    original = honest.entry(member_id, 100)
    honest.push_ok(original)
    copy = rogue.entry(member_id, 100)
    copy["payload"]["entry_id"] = original["payload"]["entry_id"]
    result = rogue.push_ok(copy)["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "entry_id_conflict")
    resend = honest.push_ok(original)["results"][0]
    assert resend["status"] == "already_applied"  # the same payload: already applied
    same_again = honest.entry(member_id, 100)
    same_again["payload"] = dict(original["payload"])
    assert honest.push_ok(same_again)["results"][0]["status"] == "already_applied"
    rows = database_state(db_url)["entry_conflicts"]
    assert len(rows) == 1 and original["payload"]["entry_id"] in rows[0]
    assert _member(central, member_id)["balance"] == 600


def test_the_terminal_daily_limit_holds_what_goes_beyond(
        central: CentralServer, honest: TerminalClient) -> None:
    with central.client("admin") as http:
        document = http.get("/v1/rules").json()["document"]
        document["terminal_limits"] = {"daily_points_issued": 1000}
        assert http.put("/v1/admin/rules", json={"document": document}).status_code == 200
    member_id, _ = _member_with_points(honest)  # 500 issued today
    body = honest.push_ok(*(honest.entry(member_id, 300, rules_version=2) for _ in range(3)))
    assert [r["status"] for r in body["results"]] == ["applied", "held", "held"]
    assert body["results"][1]["reason"] == "daily_points_issued"
    assert _member(central, member_id)["balance"] == 800


def test_head_office_approves_one_held_entry_and_rejects_another(
        central: CentralServer, honest: TerminalClient, rogue: TerminalClient) -> None:
    member_id, _ = _member_with_points(honest)
    bonus = rogue.entry(member_id, 250, kind="bonus")
    inflated = rogue.entry(member_id, 900, sale_amount="1000", currency="TWD")
    rogue.push_ok(bonus, inflated)
    cursor = honest.changes()["next_cursor"]
    with central.client("admin") as http:
        ok = http.post(f"/v1/admin/held-entries/{bonus['payload']['entry_id']}/approve",
                       json={"note": "birthday gift agreed by phone"})
        no = http.post(f"/v1/admin/held-entries/{inflated['payload']['entry_id']}/reject",
                       json={"note": "points do not match the sale"})
        assert ok.status_code == no.status_code == 200, (ok.text, no.text)
        assert (ok.json()["status"], no.json()["status"]) == ("approved", "rejected")
        again = http.post(f"/v1/admin/held-entries/{bonus['payload']['entry_id']}/approve",
                          json={})
        assert again.status_code == 409
        assert http.get("/v1/admin/held-entries").json() == []
    assert _member(central, member_id)["balance"] == 750
    changes = honest.changes(cursor)["changes"]
    kinds = [(c["kind"], c["data"].get("entry_id")) for c in changes]
    assert ("ledger.entry", bonus["payload"]["entry_id"]) in kinds
    assert ("ledger.rejected", inflated["payload"]["entry_id"]) in kinds
    replay = rogue.push_ok(bonus, inflated)["results"]
    assert [r["status"] for r in replay] == ["already_applied", "rejected"]
