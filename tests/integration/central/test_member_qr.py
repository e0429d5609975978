"""Issue #20 point 5 at central: signing keys kept encrypted, rotated and revoked through the
admin API, published to tills with the rules; the web shop's member QR for a member it
linked only; and an online redemption above the chain's threshold needs the scanned QR of
that member, or a manager."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from central import member_qr_keys
from central.db import make_engine
from central.models import MemberQrKey
from central.otp import RecordingSender
from loyalty.ids import new_id
from loyalty.member_qr import MemberQrRevokedKey, MemberQrRules, read, verify
from tests.helpers.central_ops import TerminalClient, add_staff, iso
from tests.helpers.central_server import CentralServer, running_central

SECRET = "a long random secret from the vault"


@pytest.fixture
def central(db_url: str) -> Iterator[CentralServer]:
    with running_central(db_url, otp_sender="record", member_qr_secret=SECRET,
                         member_qr_key_lead_minutes=0) as server:
        yield server


def web_link(central: CentralServer, web: httpx.Client, phone: str) -> str:
    """The web shop links the member holding ``phone`` by the code sent to it."""
    assert central._server is not None
    sender = central._server.config.app.state.otp_sender  # type: ignore[attr-defined]
    assert isinstance(sender, RecordingSender)
    started = web.post("/v1/members/link", json={"phone": phone})
    assert started.status_code == 202, started.text
    code = re.search(r"\d{6}", sender.sent[-1].text)
    assert code is not None
    linked = web.post("/v1/members/link/confirm", json={
        "challenge_id": started.json()["challenge_id"], "code": code.group()})
    assert linked.status_code == 200, linked.text
    member_id: str = linked.json()["member_id"]
    return member_id


def till_keys(term: TerminalClient) -> MemberQrRules:
    rules = term.http.get("/v1/rules")
    assert rules.status_code == 200, rules.text
    return MemberQrRules.from_document(rules.json()["document"].get("member_qr"))


@pytest.fixture
def chain(central: CentralServer) -> Iterator[dict[str, Any]]:
    """A till with two members (3,000 points each), a web shop, another online client."""
    reg = central.new_terminal()
    with central.client(reg["token"]) as http, central.client("admin") as admin:
        term = TerminalClient(http, reg)
        members = []
        for phone in ("+886912345678", "+886912000111"):
            enroll = term.enroll(phone)
            member_id = enroll["payload"]["member_id"]
            term.push_ok(enroll, term.entry(member_id, 3000))
            members.append(member_id)
        web = admin.post("/v1/admin/online-clients", json={"name": "web"}).json()["token"]
        app = admin.post("/v1/admin/online-clients", json={"name": "app"}).json()["token"]
        rotated = admin.post("/v1/admin/member-qr/keys")
        assert rotated.status_code == 201, rotated.text
        yield {"term": term, "admin": admin, "members": members, "web": web, "app": app,
               "key_id": rotated.json()["key_id"]}


def test_the_web_shop_gets_a_short_lived_code_a_till_verifies_with_the_rules_keys(
        central: CentralServer, chain: dict[str, Any]) -> None:
    term = chain["term"]
    with central.client(chain["web"]) as web:
        member = web_link(central, web, "0912345678")
        answer = web.get(f"/v1/members/{member}/qr")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    not_after = datetime.fromisoformat(body["not_after"])
    now = datetime.now(UTC)
    assert timedelta(minutes=9) < not_after - now <= timedelta(minutes=10)
    keys = till_keys(term)
    assert body["key_id"] == chain["key_id"] and chain["key_id"] in dict(keys.keys)
    assert verify(body["text"], keys, now) == member == chain["members"][0]
    assert "3000" not in answer.text  # a code, not a profile


def test_no_one_else_gets_a_members_code(central: CentralServer,
                                         chain: dict[str, Any]) -> None:
    first, second = chain["members"]
    with central.client(chain["web"]) as web:
        web_link(central, web, "0912345678")
        not_linked = web.get(f"/v1/members/{second}/qr")
        unknown = web.get(f"/v1/members/{new_id()}/qr")
        bad = web.get("/v1/members/..%2Fadmin/qr")
    with central.client(chain["app"]) as app:  # another online client never linked them
        other_client = app.get(f"/v1/members/{first}/qr")
    till = chain["term"].http.get(f"/v1/members/{first}/qr")
    head_office = chain["admin"].get(f"/v1/members/{first}/qr")
    for answer in (not_linked, unknown, other_client):
        assert (answer.status_code, answer.json()["reason"]) == (404, "not_found")
    assert bad.status_code in (404, 422)
    for answer in (till, head_office):
        assert (answer.status_code, answer.json()["reason"]) == (403, "online_only")
    with central.client(chain["web"]) as web:  # a web token cannot manage keys either
        assert web.post("/v1/admin/member-qr/keys").status_code == 403
    assert chain["term"].http.post(
        f"/v1/admin/member-qr/keys/{chain['key_id']}/revoke").status_code == 403


def test_rotation_keeps_old_codes_valid_and_revocation_ends_them_at_the_tills(
        central: CentralServer, chain: dict[str, Any]) -> None:
    term, admin, old_key = chain["term"], chain["admin"], chain["key_id"]
    with central.client(chain["web"]) as web:
        member = web_link(central, web, "0912345678")
        old_code = web.get(f"/v1/members/{member}/qr").json()["text"]
        new_key = admin.post("/v1/admin/member-qr/keys").json()["key_id"]
        new_code = web.get(f"/v1/members/{member}/qr").json()["text"]
    assert read(new_code)[0].key_id == new_key != old_key
    now = datetime.now(UTC)
    keys = till_keys(term)
    assert verify(old_code, keys, now) == verify(new_code, keys, now) == member
    listed = admin.get("/v1/admin/member-qr/keys").json()
    assert [(k["key_id"], k["signing"]) for k in listed] == [(new_key, True), (old_key, False)]
    assert all("private" not in k for k in listed)
    revoked = admin.post(f"/v1/admin/member-qr/keys/{old_key}/revoke")
    assert revoked.status_code == 200, revoked.text
    keys = till_keys(term)
    assert keys.revoked == (old_key,) and old_key not in dict(keys.keys)
    with pytest.raises(MemberQrRevokedKey):
        verify(old_code, keys, now)
    assert verify(new_code, keys, now) == member
    assert admin.post("/v1/admin/member-qr/keys/0000beef/revoke").status_code == 404


def test_a_rules_edit_sets_the_policy_but_never_the_keys(central: CentralServer,
                                                         chain: dict[str, Any]) -> None:
    admin, term = chain["admin"], chain["term"]
    document = term.http.get("/v1/rules").json()["document"]
    document["member_qr"] = {"keys": {"0badf00d": dict(till_keys(term).keys)[chain["key_id"]]},
                             "revoked": [], "proof_above_points": 1000}
    edited = admin.put("/v1/admin/rules", json={"document": document})
    assert edited.status_code == 200, edited.text
    assert list(edited.json()["document"]["member_qr"]["keys"]) == [chain["key_id"]]
    keys = till_keys(term)
    assert [k for k, _ in keys.keys] == [chain["key_id"]]
    assert keys.proof_above_points == 1000


def test_the_private_key_is_stored_only_encrypted_and_opens_with_the_secret_only(
        central: CentralServer, chain: dict[str, Any]) -> None:
    engine = make_engine(central.db_url)
    try:
        with engine.connect() as conn:
            [row] = conn.execute(select(MemberQrKey.private_key_enc)).all()
        with Session(engine) as session:
            key_id, _ = member_qr_keys.signer(session, SECRET)
            with pytest.raises(member_qr_keys.KeyUnavailable, match="does not open"):
                member_qr_keys.signer(session, "another secret")
    finally:
        engine.dispose()
    assert key_id == chain["key_id"] and len(row[0]) == 80  # nonce + key + tag, base64


def test_keys_cannot_be_made_without_the_secret(db_url: str) -> None:
    with running_central(db_url) as server, server.client("admin") as admin:
        answer = admin.post("/v1/admin/member-qr/keys")
    assert (answer.status_code, answer.json()["reason"]) == (409, "member_qr_unconfigured")


def test_above_the_chains_threshold_a_redemption_needs_the_members_qr_or_a_manager(
        central: CentralServer, chain: dict[str, Any]) -> None:
    admin, term = chain["admin"], chain["term"]
    first, second = chain["members"]
    document = term.http.get("/v1/rules").json()["document"]
    document["member_qr"] = {"proof_above_points": 500}
    assert admin.put("/v1/admin/rules", json={"document": document}).status_code == 200
    manager = add_staff(admin, term.store_id)
    with central.client(chain["web"]) as web:
        code = web.get(f"/v1/members/{web_link(central, web, '0912345678')}/qr").json()["text"]
        other = web.get(f"/v1/members/{web_link(central, web, '0912000111')}/qr").json()["text"]

    def ask(member: str, points: int, **extra: object) -> dict[str, Any]:
        answer = term.http.post("/v1/redemptions", json={
            "entry_id": new_id(), "member_id": member, "points": points,
            "occurred_at": iso(), "rules_version": 2, **extra})
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    by_phone = ask(first, 1000)
    assert (by_phone["approved"], by_phone["reason"]) == (False, "identity_proof_required")
    assert "QR" in by_phone["message"]
    assert ask(first, 500)["approved"]  # at the threshold a phone is enough
    wrong = ask(first, 1000, member_qr=other)
    assert (wrong["approved"], wrong["reason"]) == (False, "member_qr_other_member")
    forged = ask(first, 1000, member_qr=code[:-3] + ("000" if code[-3:] != "000" else "111"))
    assert forged["approved"] is False and forged["reason"].startswith("member_qr_")
    assert ask(first, 1000, member_qr=code)["approved"]
    assert ask(first, 1000, approved_by=manager)["approved"]
    assert ask(second, 1000, member_qr=other)["balance"] == 2000


def test_a_rotated_key_signs_only_once_tills_had_time_to_fetch_it(db_url: str) -> None:
    with running_central(db_url, otp_sender="record", member_qr_secret=SECRET,
                         member_qr_key_lead_minutes=60) as server, \
            server.client("admin") as admin:
        reg = server.new_terminal()
        with server.client(reg["token"]) as http:
            term = TerminalClient(http, reg)
            term.push_ok(term.enroll("+886912345678"))
        web_token = admin.post("/v1/admin/online-clients", json={"name": "web"}).json()["token"]
        first = admin.post("/v1/admin/member-qr/keys").json()["key_id"]  # the only key: signs
        with server.client(web_token) as web:
            member = web_link(server, web, "0912345678")
            assert read(web.get(f"/v1/members/{member}/qr").json()["text"])[0].key_id == first
            second = admin.post("/v1/admin/member-qr/keys").json()["key_id"]
            assert read(web.get(f"/v1/members/{member}/qr").json()["text"])[0].key_id == first
            assert [k["signing"] for k in admin.get("/v1/admin/member-qr/keys").json()] == [
                False, True]
            admin.post(f"/v1/admin/member-qr/keys/{first}/revoke")  # leaked: no waiting
            assert read(web.get(f"/v1/members/{member}/qr").json()["text"])[0].key_id == second
