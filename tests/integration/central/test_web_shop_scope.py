"""#17 point 6: the web shop's credential sees only what sign-up needs; linking an existing
member needs proof of the phone, by a one-time code sent through a pluggable sender (here
the recording sender, set with the ``otp_sender`` setting as a deployment would)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from central.otp import RecordingSender
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer, running_central

PHONE, E164 = "0912345678", "+886912345678"


@pytest.fixture
def central(db_url: str) -> Iterator[CentralServer]:
    with running_central(db_url, otp_sender="record") as server:
        yield server


def sender_of(central: CentralServer) -> RecordingSender:
    assert central._server is not None
    sender = central._server.config.app.state.otp_sender  # type: ignore[attr-defined]
    assert isinstance(sender, RecordingSender)
    return sender


def test_a_web_lookup_shows_no_name_birthday_or_balance_and_sign_up_cannot_take_a_member(
        central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http, central.client("admin") as admin:
        term = TerminalClient(http, reg)
        enroll = term.enroll(E164, name="王小明", birthday_month=5, birthday_day=20)
        term.push_ok(enroll, term.entry(enroll["payload"]["member_id"], 300))
        web_token = admin.post("/v1/admin/online-clients", json={"name": "web"}).json()["token"]
    with central.client(web_token) as web:
        by_phone = web.post("/v1/members/lookup", json={"phone": PHONE})
        by_code = web.post("/v1/members/lookup",
                           json={"code": enroll["payload"]["member_code"]})
        unknown = web.post("/v1/members/lookup", json={"phone": "0911000111"})
        taken = web.post("/v1/members", json={"phone": PHONE, "name": "冒名者"})
    for answer in (by_phone, by_code):
        assert answer.json() == {"registered": True}
        assert "王小明" not in answer.text and "300" not in answer.text
    assert unknown.json() == {"registered": False}
    assert (taken.status_code, taken.json()["reason"]) == (409, "phone_registered")
    assert "王小明" not in taken.text


def test_linking_a_member_needs_the_code_sent_to_the_phone(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http, central.client("admin") as admin:
        term = TerminalClient(http, reg)
        enroll = term.enroll(E164, name="王小明")
        term.push_ok(enroll)
        web_token = admin.post("/v1/admin/online-clients", json={"name": "web"}).json()["token"]
        other_web = admin.post("/v1/admin/online-clients", json={"name": "app"}).json()["token"]
    member_id = enroll["payload"]["member_id"]
    sender = sender_of(central)
    with central.client(web_token) as web:
        started = web.post("/v1/members/link", json={"phone": "0912-345-678"})
        assert started.status_code == 202, started.text
        challenge = started.json()["challenge_id"]
        [message] = sender.sent
        assert message.phone == E164
        code = re.search(r"\d{6}", message.text)
        assert code is not None and code.group() not in started.text
        wrong = f"{(int(code.group()) + 1) % 10**6:06d}"
        refused = web.post("/v1/members/link/confirm",
                           json={"challenge_id": challenge, "code": wrong})
        assert (refused.status_code, refused.json()["reason"]) == (422, "code_wrong")
        assert "4 tries left" in refused.json()["message"]
        with central.client(other_web) as app:  # another client cannot use this challenge
            stolen = app.post("/v1/members/link/confirm",
                              json={"challenge_id": challenge, "code": code.group()})
            assert stolen.status_code == 404
        linked = web.post("/v1/members/link/confirm",
                          json={"challenge_id": challenge, "code": code.group()})
        assert linked.status_code == 200, linked.text
        assert linked.json() == {"member_id": member_id,
                                 "member_code": enroll["payload"]["member_code"],
                                 "tier": "general"}
        again = web.post("/v1/members/link/confirm",
                         json={"challenge_id": challenge, "code": code.group()})
        assert (again.status_code, again.json()["reason"]) == (410, "code_expired")
        for _ in range(2):
            assert web.post("/v1/members/link", json={"phone": PHONE}).status_code == 202
        flood = web.post("/v1/members/link", json={"phone": PHONE})
        assert (flood.status_code, flood.json()["reason"]) == (429, "too_many_codes")
        nobody = web.post("/v1/members/link", json={"phone": "0911000111"})
        assert nobody.status_code == 404
    with central.client(reg["token"]) as http:  # a till has no business linking web accounts
        assert http.post("/v1/members/link", json={"phone": PHONE}).status_code == 403
    with central.client("admin") as admin:
        log = admin.get("/v1/admin/access-log", params={"member_id": member_id}).json()
    assert [(r["action"], r["actor_kind"]) for r in log] == [("link", "online")]
    assert len(sender.sent) == 3


def test_too_many_wrong_codes_spend_the_challenge(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http, central.client("admin") as admin:
        term = TerminalClient(http, reg)
        term.push_ok(term.enroll(E164, name="王小明"))
        web_token = admin.post("/v1/admin/online-clients", json={"name": "web"}).json()["token"]
    with central.client(web_token) as web:
        challenge = web.post("/v1/members/link", json={"phone": PHONE}).json()["challenge_id"]
        code = re.search(r"\d{6}", sender_of(central).sent[-1].text)
        assert code is not None
        wrong = f"{(int(code.group()) + 1) % 10**6:06d}"
        answers = [web.post("/v1/members/link/confirm",
                            json={"challenge_id": challenge, "code": wrong}).status_code
                   for _ in range(5)]
        right = web.post("/v1/members/link/confirm",
                         json={"challenge_id": challenge, "code": code.group()})
    assert answers == [422] * 5
    assert (right.status_code, right.json()["reason"]) == (410, "code_expired")


@pytest.mark.expect_log_warnings("central.api.routes.members")  # the test provokes them
def test_without_a_sender_linking_is_unavailable_not_skipped(db_url: str) -> None:
    with running_central(db_url) as central:
        reg = central.new_terminal()
        with central.client(reg["token"]) as http, central.client("admin") as admin:
            term = TerminalClient(http, reg)
            term.push_ok(term.enroll(E164, name="王小明"))
            token = admin.post("/v1/admin/online-clients", json={"name": "web"}).json()["token"]
        with central.client(token) as web:
            answer = web.post("/v1/members/link", json={"phone": PHONE})
    assert (answer.status_code, answer.json()["reason"]) == (503, "otp_unavailable")
