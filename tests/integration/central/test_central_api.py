"""Head office, the online channel, authentication and hostile input over real HTTP."""

from __future__ import annotations

import gzip
import json

from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer

PHONE = "+886912345678"


def test_registration_is_one_time_and_blocks_differ(central: CentralServer) -> None:
    chain = central.demo_chain()
    first = central.register(chain.enrollment_code)
    with central.client() as http:
        again = http.post("/v1/terminals/register",
                          json={"enrollment_code": chain.enrollment_code})
    assert (again.status_code, again.json()["reason"]) == (401, "enrollment_code_invalid")
    second = central.new_terminal()
    assert first["code_block"]["index"] != second["code_block"]["index"]
    assert 0 not in (first["code_block"]["index"], second["code_block"]["index"])


def test_revoked_terminals_and_bad_tokens_are_refused(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        assert http.get("/v1/rules").status_code == 200
        with central.client("admin") as admin:
            revoked = admin.post(f"/v1/admin/terminals/{reg['terminal_id']}/revoke")
            assert revoked.json()["revoked_at"] is not None
        refused = http.get("/v1/rules")
        assert (refused.status_code, refused.json()["reason"]) == (401, "token_rejected")
    with central.client() as anonymous:
        assert anonymous.get("/v1/rules").json()["reason"] == "unauthorised"
    with central.client(reg["token"] + "x") as forged:
        assert forged.get("/v1/sync/changes").status_code == 401


def test_terminals_cannot_use_head_office_endpoints(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        response = http.post("/v1/admin/stores", json={"id": "S9", "name": "x"})
    assert (response.status_code, response.json()["reason"]) == (403, "admin_only")


def test_rules_edits_make_new_versions_in_the_feed(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client("admin") as admin, central.client(reg["token"]) as http:
        doc = http.get("/v1/rules").json()["document"]
        doc["expiry_months"] = 24
        edited = admin.put("/v1/admin/rules", json={"document": doc})
        assert edited.json()["version"] == 2
        assert http.get("/v1/rules").json()["document"]["expiry_months"] == 24
        broken = admin.put("/v1/admin/rules", json={"document": {"tiers": []}})
        assert (broken.status_code, broken.json()["reason"]) == (422, "invalid_rules")
        kinds = [c["kind"] for c in TerminalClient(http, reg).changes()["changes"]]
    assert kinds.count("rules.updated") == 2


def test_online_sign_up_goes_through_identity_resolution(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client("admin") as admin:
        client = admin.post("/v1/admin/online-clients", json={"name": "web shop"}).json()
    with central.client(client["token"]) as web, central.client(reg["token"]) as http:
        created = web.post("/v1/members", json={"phone": "0912-345-678", "name": "王小明",
                                                 "marketing_consent": True})
        assert created.status_code == 201, created.text
        member = created.json()["member"]
        assert (created.json()["outcome"], member["phone"], member["origin"]) == (
            "created", PHONE, "online")
        term = TerminalClient(http, reg)
        enroll = term.enroll(PHONE, name="王小明")
        body = term.push_ok(enroll)
        assert body["results"][0]["mappings"][0]["canonical_id"] == member["id"]
        # The web shop may not take over a member by typing their phone (#17 point 6).
        again = web.post("/v1/members", json={"phone": "+886 912 345 678", "name": "王小明"})
        assert (again.status_code, again.json()["reason"]) == (409, "phone_registered")
        found = web.post("/v1/members/lookup", json={"phone": "0912345678"}).json()
        assert found == {"registered": True}
        by_alias_code = web.post("/v1/members/lookup",
                                 json={"code": enroll["payload"]["member_code"]}).json()
        assert by_alias_code == {"registered": True}
        with central.client("admin") as admin:  # head office still merges a web sign-up
            merged = admin.post("/v1/members", json={"phone": "0912345678", "name": "王小明"})
            assert merged.json()["outcome"] == "merged"
            assert merged.json()["member"]["id"] == member["id"]
        bad = web.post("/v1/members", json={"phone": "12ab"})
        assert (bad.status_code, bad.json()["reason"]) == (422, "phone_bad_characters")
        assert web.post("/v1/sync/push", json={"operations": []}).status_code == 403


def test_head_office_merge_and_erasure(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http, central.client("admin") as admin:
        term = TerminalClient(http, reg)
        a, b, c = (term.enroll(PHONE, name="李四"), term.enroll("+886911222333", name="李四"),
                   term.enroll("+886911222444", name="李四"))
        ids = [op["payload"]["member_id"] for op in (a, b, c)]
        term.push_ok(a, b, c, term.entry(ids[0], 10), term.entry(ids[1], 20),
                     term.entry(ids[2], 30))
        assert admin.post("/v1/admin/members/merge",
                          json={"source_id": ids[0], "target_id": ids[1]}).status_code == 200
        merged = admin.post("/v1/admin/members/merge",
                            json={"source_id": ids[1], "target_id": ids[2]}).json()
        assert merged["balance"] == 60
        # aliases resolve transitively: an entry on the first id counts on the last
        term.push_ok(term.entry(ids[0], 5))
        assert admin.get(f"/v1/admin/members/{ids[2]}").json()["balance"] == 65
        assert admin.get(f"/v1/admin/members/{ids[0]}").json()["canonical_id"] == ids[2]
        same = admin.post("/v1/admin/members/merge",
                          json={"source_id": ids[0], "target_id": ids[2]})
        assert (same.status_code, same.json()["reason"]) == (409, "merge_refused")
        erased = admin.post(f"/v1/admin/members/{ids[2]}/erase").json()
        assert (erased["status"], erased["phone"], erased["name"]) == ("erased", None, None)
        changes = term.changes(0, 1000)["changes"]
        assert {c["data"]["member_id"] for c in changes if c["kind"] == "member.erased"} \
            == set(ids)
        assert "李四" not in json.dumps(changes, ensure_ascii=False)
        assert admin.get("/v1/reports/daily", params={"day": "2020-01-01"}).status_code == 200


def test_hostile_and_malformed_requests_get_4xx_with_a_reason(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        cases = [
            http.post("/v1/sync/push", content=b"{not json",
                      headers={"Content-Type": "application/json"}),
            http.post("/v1/sync/push", json={"operations": [{"seq": -1}]}),
            http.post("/v1/sync/push", content=b"x" * (9 * 1024 * 1024),
                      headers={"Content-Type": "application/json"}),
            http.post("/v1/sync/push", content=gzip.compress(b"[" * (20 * 1024 * 1024)),
                      headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}),
            http.post("/v1/sync/push", content=b"{}", headers={"Content-Encoding": "br"}),
            http.get("/v1/sync/changes", params={"after": "-5"}),
            http.post("/v1/members/lookup", json={"phone": "\x00"}),
            http.post("/v1/members/lookup", json={"phone": "0912345678", "code": "1234567890"}),
            http.get("/v1/sync/snapshot/parts/99999"),
            http.get("/v1/instruments/entries", params={"after": str(2**64)}),  # > bigint
            http.get("/v1/instruments/entries", params={"upto": str(2**63)}),
        ]
        for response in cases:
            assert 400 <= response.status_code < 500, response.text
            assert response.json()["reason"]
        ok = http.post("/v1/sync/push", content=gzip.compress(b'{"operations": []}'),
                       headers={"Content-Encoding": "gzip", "Content-Type": "application/json"})
        assert ok.status_code == 200
    assert [r.status_code for r in cases[2:5]] == [413, 413, 415]


def test_openapi_is_published(central: CentralServer) -> None:
    with central.client() as http:
        doc = http.get("/openapi.json").json()
    assert {"/v1/sync/push", "/v1/sync/changes", "/v1/sync/snapshot", "/v1/redemptions",
            "/v1/rules", "/v1/terminals/register", "/v1/members", "/v1/members/lookup"} \
        <= set(doc["paths"])
    assert "get" not in doc["paths"]["/v1/members"]  # no phone in a query string
