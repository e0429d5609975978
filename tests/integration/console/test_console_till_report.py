"""What a till says about itself with each push — its outbox backlog, app version and the
rules version it holds — shows on head office's till list; a till that pushed while on older
rules than central's is flagged until it pushes again on the new ones; values that do not
read right are left out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx

from loyalty.money import Currency, Money
from sync.client import APP_VERSION
from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account
from tests.helpers.sync_terminal import Terminal


def _twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def _row(browser: ConsoleBrowser, till_id: str) -> str:
    return browser.get("/console/stores").text.split(f'data-till="{till_id}"')[1].split(
        "</tr>")[0]


def test_the_till_list_shows_each_tills_backlog_version_and_rules(
        central: CentralServer, tmp_path: Path) -> None:
    till = Terminal.create(tmp_path / "a", central)
    add_account(central, "ops", "store_ops")
    try:
        for k in range(3):
            member = till.service.enroll(phone=f"091234500{k}", name=f"會員{k}")
            till.service.award(member.member_id, _twd(500))
        till.sync()  # six operations in one batch
        with ConsoleBrowser(central).signed_in_as("ops") as browser:
            row = _row(browser, till.terminal_id)
            assert ">6</td>" in row and APP_VERSION in row and "rules v1" in row
            assert "⚠" not in row
            with central.client("admin") as http:
                rules = http.get("/v1/rules").json()["document"]
                assert http.put("/v1/admin/rules", json={"document": rules}).status_code == 200
            till.service.award(member.member_id, _twd(100))
            till.sync()  # pushed on v1, then pulled v2
            row = _row(browser, till.terminal_id)
            assert ">1</td>" in row and "rules v1 ⚠" in row
            till.service.award(member.member_id, _twd(100))
            till.sync()
            row = _row(browser, till.terminal_id)
            assert "rules v2" in row and "⚠" not in row
    finally:
        till.close()


def test_values_a_till_cannot_have_meant_are_left_out(central: CentralServer) -> None:
    reg = central.new_terminal()
    with httpx.Client(base_url=central.url, headers={
            b"Authorization": f"Bearer {reg['token']}".encode(),
            b"X-Terminal-Queue": "²".encode("latin-1"),  # a digit to isdigit, not to int()
            b"X-Terminal-Version": b"<script>", b"X-Terminal-Rules": b"2"}) as http:
        assert http.post("/v1/sync/push", json={"operations": []}).status_code == 200
    add_account(central, "ops", "store_ops")
    with ConsoleBrowser(central).signed_in_as("ops") as browser:
        row = _row(browser, reg["terminal_id"])
    assert "<script>" not in row and "&lt;script&gt;" not in row
    assert '<td class="num" data-queue' in row and "rules v2" in row
    assert row.split("data-queue")[1].split("</td>")[0].endswith(">—")
