"""Issue #20 point 5 at the counter: above the chain's threshold a member found by phone
cannot redeem on the phone alone — the cashier scans the member's signed QR (a USB scanner's
keystrokes, into the open redeem form) or a manager approves."""

from __future__ import annotations

import dataclasses
import os
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.app import CounterApp
from loyalty.member_qr import MemberQrRules, public_key_text, sign
from loyalty.store.rulebook import current_rules, store_rules
from loyalty.store.schema import ledger
from tests.gui.conftest import KeyClock, enroll_member, press, type_text
from tests.gui.test_flows import synced_recently
from tests.gui.test_scanner import scan
from tests.helpers.store import MANAGER_PIN, StoreFixture

KEY, KEY_ID = Ed25519PrivateKey.generate(), "a1b2c3d4"


@pytest.fixture
def chain_policy(qtbot: QtBot, cashier_counter: CounterApp,
                 store_fixture: StoreFixture) -> CounterApp:
    """Rules with central's key and "over 1,000 points a phone is not enough"; a member
    with 5,000 points found by phone in the search box."""
    synced_recently(store_fixture)  # offline, within floor limits wide enough for 1,500
    with store_fixture.engine.begin() as conn:
        rules = current_rules(conn)
        offline = dataclasses.replace(rules.offline, max_points_per_sale=3000,
                                      max_redemptions_per_member=5)
        store_rules(conn, dataclasses.replace(rules, version=rules.version + 1, offline=offline,
                                              member_qr=MemberQrRules(
                                                  keys=((KEY_ID, public_key_text(KEY)),),
                                                  proof_above_points=1000)),
                    store_fixture.clock.now)
    member_id = enroll_member(cashier_counter, "0922111678", "林志明")
    cashier_counter.session.show_member(member_id)
    cashier_counter.session.award("50000", "")
    cashier_counter.session.clear_member()
    page = cashier_counter.window.counter
    type_text(qtbot, page.search.line, "0922111678")  # found by phone
    press(qtbot, Qt.Key.Key_Return)
    assert page.panel.name.text() == "林志明"
    return cashier_counter


def qr_of(counter: CounterApp, store: StoreFixture, minutes: int = 10) -> str:
    member = counter.session.member
    assert member is not None
    return sign(member.id, KEY_ID, KEY, store.clock.now + timedelta(minutes=minutes))


def shoot(widget_name: str, counter: CounterApp) -> None:
    folder = os.environ.get("REGULARS_SHOTS_DIR")
    if folder:
        counter.window.grab().save(str(Path(folder) / f"{widget_name}.png"))


def test_a_phone_lookup_above_the_threshold_asks_for_the_qr_and_a_scan_lets_it_through(
        qtbot: QtBot, chain_policy: CounterApp, store_fixture: StoreFixture,
        key_clock: KeyClock) -> None:
    c = chain_policy
    page = c.window.counter
    press(qtbot, Qt.Key.Key_F3)
    redeem = page.redeem
    assert "Over 1,000 points: scan the member's QR code, or a manager approves." \
        in redeem.limits.text()
    type_text(qtbot, redeem.points, "1000")
    assert redeem.approval.isHidden()  # at the threshold the phone is enough
    redeem.points.clear()
    type_text(qtbot, redeem.points, "1500")
    assert redeem.approval.isVisible()
    assert redeem.approval.reason.text() == (
        "A phone number is not enough: scan the member's QR code, or a manager approves.")
    press(qtbot, Qt.Key.Key_Return)
    assert redeem.message.text() == "Scan the member's QR code, or a manager enters their PIN."
    assert page.panel.balance.text() == "5,000"
    shoot("redeem_identity_needed", c)
    # The member shows the code on their phone; the USB scanner types it into the form.
    redeem.points.setFocus()
    scan(key_clock, qr_of(c, store_fixture))
    assert redeem.points.text() == "1500"  # the burst did not land in the field
    assert page.open_form_widget() is redeem
    assert "Member QR code verified: 林志明 is proven for this sale." in page.flash.text()
    assert "Identity proven by the member's QR code." in redeem.limits.text()
    assert redeem.approval.isHidden() and redeem.message.text() == ""
    shoot("redeem_identity_proven", c)
    redeem.points.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert page.panel.balance.text() == "3,500"
    with c.service.engine.connect() as conn:
        approved_by = conn.execute(select(ledger.c.approved_by).where(
            ledger.c.kind == "redeem")).scalar_one()
    assert approved_by is None  # no manager was needed
    # The proof was for that sale: the next large redemption asks again.
    press(qtbot, Qt.Key.Key_F3)
    type_text(qtbot, redeem.points, "1500")
    assert redeem.approval.isVisible()


def test_a_manager_may_approve_instead_of_the_qr(
        qtbot: QtBot, chain_policy: CounterApp) -> None:
    c = chain_policy
    page = c.window.counter
    press(qtbot, Qt.Key.Key_F3)
    redeem = page.redeem
    type_text(qtbot, redeem.points, "1500")
    redeem.approval.approver.setCurrentIndex(redeem.approval.approver.findText("王店長（manager）"))
    type_text(qtbot, redeem.approval.pin, MANAGER_PIN)
    press(qtbot, Qt.Key.Key_Return)
    assert page.panel.balance.text() == "3,500"


@pytest.mark.parametrize(("minutes", "key", "message"), [
    (-1, KEY, "This member QR code has expired: ask the member to refresh it in the app."),
    (10, Ed25519PrivateKey.generate(),
     "This member QR code is not genuine (its signature does not match)."),
])
def test_an_expired_or_forged_code_proves_nothing(
        qtbot: QtBot, chain_policy: CounterApp, store_fixture: StoreFixture,
        key_clock: KeyClock, minutes: int, key: Ed25519PrivateKey, message: str) -> None:
    c = chain_policy
    page = c.window.counter
    member = c.session.member
    assert member is not None
    press(qtbot, Qt.Key.Key_F3)
    redeem = page.redeem
    type_text(qtbot, redeem.points, "1500")
    scan(key_clock, sign(member.id, KEY_ID, key,
                         store_fixture.clock.now + timedelta(minutes=minutes)), redeem.points)
    assert page.flash.text() == message
    assert redeem.approval.isVisible() and c.session.proven_by is None


def test_a_scanned_code_finds_the_member_with_nothing_on_screen(
        qtbot: QtBot, chain_policy: CounterApp, store_fixture: StoreFixture,
        key_clock: KeyClock) -> None:
    c = chain_policy
    code = qr_of(c, store_fixture)
    member = c.session.member
    c.session.clear_member()
    c.scans.submit(code, "camera")
    assert c.session.member is not None and c.session.member.id == member.id  # type: ignore[union-attr]
    assert c.session.proven_by == "member_qr"
    assert c.window.counter.search.line.text() == ""


@pytest.mark.parametrize("lang", ["zh_TW"])
def test_the_prompt_is_in_traditional_chinese(qtbot: QtBot, chain_policy: CounterApp,
                                              store_fixture: StoreFixture,
                                              key_clock: KeyClock) -> None:
    c = chain_policy
    page = c.window.counter
    press(qtbot, Qt.Key.Key_F3)
    redeem = page.redeem
    type_text(qtbot, redeem.points, "1500")
    assert redeem.approval.reason.text() == (
        "僅憑手機號碼不足以兌換：請掃描會員 QR 碼，或由店長核准。")
    assert "超過 1,000 點：請掃描會員 QR 碼，或由店長核准。" in redeem.limits.toolTip() + \
        redeem.approval.toolTip()
    shoot("redeem_identity_needed_zh_TW", c)
    scan(key_clock, qr_of(c, store_fixture), redeem.points)
    assert page.flash.text() == "會員 QR 碼驗證成功：本次交易已確認 林志明 的身分。"
    shoot("redeem_identity_proven_zh_TW", c)
