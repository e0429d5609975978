"""Push over real HTTP: idempotency, sequence rules, identity merges, rejections."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer

PHONE = "+886912345678"


@pytest.fixture
def term(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


def _member(central: CentralServer, member_id: str) -> dict[str, object]:
    with central.client("admin") as http:
        response = http.get(f"/v1/admin/members/{member_id}")
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body


def test_enroll_and_earn_are_applied_and_counted(central: CentralServer,
                                                 term: TerminalClient) -> None:
    enroll = term.enroll(PHONE)
    member_id = enroll["payload"]["member_id"]
    body = term.push_ok(enroll, term.entry(member_id, 120), term.entry(member_id, 30))
    assert [r["status"] for r in body["results"]] == ["applied"] * 3
    assert body["expected_seq"] == 4
    assert _member(central, member_id)["balance"] == 150


def test_replaying_a_push_changes_nothing(central: CentralServer, term: TerminalClient) -> None:
    enroll = term.enroll(PHONE)
    member_id = enroll["payload"]["member_id"]
    ops = [enroll, term.entry(member_id, 100),
           term.entry(member_id, -40, kind="redeem", offline=True)]
    first = term.push_ok(*ops)
    head = term.changes()["next_cursor"]
    for _ in range(3):
        again = term.push_ok(*ops)
        assert [r["status"] for r in again["results"]] == ["already_applied"] * 3
        assert again["expected_seq"] == first["expected_seq"]
    assert term.changes()["next_cursor"] == head
    assert _member(central, member_id)["balance"] == 60


def test_a_cloned_terminal_is_refused(term: TerminalClient) -> None:
    enroll = term.enroll(PHONE)
    term.push_ok(enroll)
    clone = term.enroll("+886912000111")
    clone["seq"] = 1  # the same sequence number, a different operation
    response = term.push(clone)
    assert response.status_code == 409
    assert response.json()["reason"] == "terminal_cloned"


def test_a_gap_answers_the_expected_sequence(term: TerminalClient) -> None:
    term.seq = 4
    body = term.push_ok(term.enroll(PHONE))
    assert body["gap"] is True
    assert body["expected_seq"] == 1
    assert body["results"] == []


def test_permanent_rejections_never_block_the_queue(central: CentralServer,
                                                    term: TerminalClient) -> None:
    enroll = term.enroll(PHONE)
    member_id = enroll["payload"]["member_id"]
    earn = term.entry(member_id, 50)
    same_receipt = term.entry(member_id, 50, receipt_no=earn["payload"]["receipt_no"])
    broken = term.op("ledger.entry", {"entry_id": "nope"})
    unknown = term.op("member.teleport", {})
    later = term.entry(member_id, 7)
    body = term.push_ok(enroll, earn, same_receipt, broken, unknown, later)
    statuses = [(r["status"], r["reason"]) for r in body["results"]]
    assert statuses == [("applied", None), ("applied", None),
                        ("rejected", "duplicate_receipt"), ("rejected", "invalid_payload"),
                        ("rejected", "unknown_kind"), ("applied", None)]
    assert _member(central, member_id)["balance"] == 57
    again = term.push_ok(same_receipt)
    assert again["results"][0]["reason"] == "duplicate_receipt"
    with central.client("admin") as http:
        reasons = {r["reason"] for r in http.get("/v1/admin/rejections").json()}
    assert {"duplicate_receipt", "invalid_payload", "unknown_kind"} <= reasons


def test_same_phone_from_two_terminals_becomes_one_member(central: CentralServer,
                                                          term: TerminalClient) -> None:
    other_reg = central.new_terminal("S002")
    with central.client(other_reg["token"]) as http:
        other = TerminalClient(http, other_reg)
        first = term.enroll(PHONE, name="王小明")
        term.push_ok(first, term.entry(first["payload"]["member_id"], 100))
        second = other.enroll(PHONE, name="王小明", birthday_month=5, birthday_day=3)
        alias_id = second["payload"]["member_id"]
        body = other.push_ok(second, other.entry(alias_id, 40))
    canonical_id = first["payload"]["member_id"]
    assert body["results"][0]["mappings"] == [{
        "alias_id": alias_id, "canonical_id": canonical_id,
        "canonical_code": first["payload"]["member_code"]}]
    canonical = _member(central, canonical_id)
    assert canonical["balance"] == 140
    assert canonical["birthday_month"] == 5  # blanks filled from the alias
    assert _member(central, alias_id)["status"] == "merged"


def test_a_recycled_number_opens_a_review_and_keeps_points(central: CentralServer,
                                                           term: TerminalClient) -> None:
    old = term.enroll(PHONE, name="陳美玲")
    term.push_ok(old)
    newcomer = term.enroll(PHONE, name="林志豪")
    new_id = newcomer["payload"]["member_id"]
    body = term.push_ok(newcomer, term.entry(new_id, 80))
    assert body["results"][0]["mappings"] == []
    assert body["results"][0]["reason"] == "review_opened"
    assert _member(central, new_id)["status"] == "review"
    assert _member(central, new_id)["balance"] == 80
    with central.client("admin") as http:
        cases = http.get("/v1/admin/review-cases", params={"status": "open"}).json()
        assert [c["member_id"] for c in cases] == [new_id]
        assert PHONE not in str(cases)
        done = http.post(f"/v1/admin/review-cases/{cases[0]['id']}/resolve",
                         json={"action": "keep_apart"})
        assert done.status_code == 200, done.text
    assert _member(central, new_id)["status"] == "active"
    assert _member(central, old["payload"]["member_id"])["phone"] is None


def test_offline_overdraft_is_accepted_and_recovered(central: CentralServer,
                                                     term: TerminalClient) -> None:
    enroll = term.enroll(PHONE)
    member_id = enroll["payload"]["member_id"]
    term.push_ok(enroll, term.entry(member_id, 100),
                 term.entry(member_id, -300, kind="redeem", offline=True))
    assert _member(central, member_id)["balance"] == -200
    feed = term.changes()["changes"]
    redeem = next(c for c in feed if c["kind"] == "ledger.entry"
                  and c["data"]["kind"] == "redeem")
    assert redeem["data"]["overdraft"] == 200
    term.push_ok(term.entry(member_id, 250))
    assert _member(central, member_id)["balance"] == 50


def test_profile_edits_are_last_writer_wins(central: CentralServer,
                                            term: TerminalClient) -> None:
    enroll = term.enroll(PHONE, name="王小明")
    member_id = enroll["payload"]["member_id"]
    term.push_ok(enroll)
    newer = "9999999999999-0001-a"
    term.push_ok(term.update(member_id, {"name": "王大明", "marketing_consent": True},
                             clock=newer))
    term.push_ok(term.update(member_id, {"name": "舊名字"}, clock="0000000000001-0000-b"))
    term.push_ok(term.update(member_id, {"marketing_consent": False},
                             clock="9999999999999-0001-z"))
    member = _member(central, member_id)
    assert member["name"] == "王大明"
    assert member["marketing_consent"] is False  # opt-out wins the tie


def test_phone_change_onto_another_member_is_refused(central: CentralServer,
                                                     term: TerminalClient) -> None:
    a, b = term.enroll(PHONE), term.enroll("+886911111222", name="李四")
    term.push_ok(a, b)
    b_id = b["payload"]["member_id"]
    body = term.push_ok(term.update(b_id, {"phone": PHONE, "name": "李四四"}))
    result = body["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "phone_in_use")
    member = _member(central, b_id)
    assert member["phone"] == "+886911111222"
    assert member["name"] == "李四四"
    with central.client("admin") as http:
        kinds = [c["kind"] for c in http.get("/v1/admin/review-cases").json()]
    assert kinds == ["phone_change"]


def test_entries_must_name_the_pushing_terminal(term: TerminalClient) -> None:
    enroll = term.enroll(PHONE)
    body = term.push_ok(enroll, term.entry(enroll["payload"]["member_id"], 5,
                                           store_id="ELSEWHERE"))
    assert body["results"][1]["reason"] == "wrong_terminal"
