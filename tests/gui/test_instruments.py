"""Vouchers, gifts, stamp cards and prepaid passes at the counter, through the real widgets
on a real store, slips to a fake network printer capturing the ESC/POS bytes: the panel lists
what the member holds; F11 uses one after a confirmation; a sale shows the stamps and the
reward; a pass is sold (its 禮券 prints) and its rest refunded with a manager's approval; the
identity hook can ask for a manager."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop import i18n
from desktop.app import CounterApp
from desktop.services.printer import QUEUE_FILE
from desktop.views.confirm import ConfirmDialog
from loyalty.member_qr import MemberQrRules, public_key_text, sign
from loyalty.rules import default_rules
from loyalty.store.demo_rules import DEMO_PROGRAMS, use_demo_rules
from loyalty.store.rulebook import store_rules
from loyalty.store.schema import instrument_ledger
from tests.gui.conftest import KeyClock, enroll_member, press, sign_in, type_text
from tests.gui.test_receipts import profile_for, start_counter, wait_for_slips
from tests.gui.test_scanner import scan
from tests.helpers.printer_server import PrinterServer
from tests.helpers.store import CASHIER_PIN, MANAGER_PIN, StoreFixture

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen
PHONE = "0912345678"


@pytest.fixture
def server() -> Iterator[PrinterServer]:
    printer = PrinterServer()
    yield printer
    printer.close()


@pytest.fixture
def counter(qtbot: QtBot, qapp: QApplication, store_fixture: StoreFixture,
            server: PrinterServer, tmp_path: Path) -> Iterator[CounterApp]:
    """A standalone counter on the demo chain's rules (its programs and 禮券 issuer),
    printing to the fake printer, cashier 李小華 signed in, 陳美玲 on screen."""
    use_demo_rules(store_fixture.engine, store_fixture.clock.now)
    translators = i18n.install_translators(qapp, "en")
    built = start_counter(qtbot, qapp, store_fixture, tmp_path / QUEUE_FILE,
                          profile_for(server, 80))
    sign_in(qtbot, built, "李小華", CASHIER_PIN)
    built.session.show_member(enroll_member(built, PHONE, "陳美玲"))
    yield built
    built.close()
    i18n.remove_translators(qapp, translators)


def panel_rows(c: CounterApp) -> list[list[str]]:
    table = c.window.counter.panel.instruments
    return table.texts() if table.isVisible() else []


def flash(c: CounterApp) -> str:
    return c.window.counter.flash.text()


def dialog(c: CounterApp) -> ConfirmDialog:
    shown = c.controller.flows.instruments.dialog
    assert shown is not None and shown.isVisible(), "no confirmation is open"
    return shown


def choose_manager(approver: QComboBox) -> None:
    approver.setCurrentIndex(approver.findText("王店長", Qt.MatchFlag.MatchStartsWith))


def award(qtbot: QtBot, c: CounterApp, amount: str) -> None:
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, c.window.counter.award.amount, amount)
    press(qtbot, Qt.Key.Key_Return)


def stamp_until_reward(qtbot: QtBot, c: CounterApp) -> None:
    for _ in range(9):
        c.session.award("150", "")
    award(qtbot, c, "150")


def test_the_tenth_stamp_shows_the_reward_on_screen_and_on_the_slip(
        qtbot: QtBot, counter: CounterApp, server: PrinterServer) -> None:
    c = counter
    award(qtbot, c, "80")  # below the card's NT$100: no stamp
    assert "Stamps" not in flash(c) and panel_rows(c) == []
    stamp_until_reward(qtbot, c)
    assert "Stamps 0/10 on Coffee stamp card. New: Stamp reward: a latte." in flash(c)
    assert panel_rows(c) == [["Stamp reward: a latte", "1 left", "Until 2/21/27"],
                             ["Coffee stamp card", "Stamps 0/10", ""]]
    slip = wait_for_slips(qtbot, server, 2)[-1]
    texts = [t.strip() for t in slip.texts]
    assert "集點卡" in texts and "本次獲得" in texts
    assert any(t.startswith("集點兌換 中杯拿鐵") and t.endswith("+1 張") for t in texts)
    assert any(t.startswith("咖啡集點卡") and t.endswith("0/10 點") for t in texts)


def test_f11_uses_a_voucher_only_after_the_confirmation(
        qtbot: QtBot, counter: CounterApp, server: PrinterServer,
        store_fixture: StoreFixture) -> None:
    c = counter
    page = c.window.counter
    stamp_until_reward(qtbot, c)
    press(qtbot, Qt.Key.Key_F11)
    form = page.instruments
    assert page.open_form_widget() is form
    assert [form.items.item(i).text() for i in range(form.items.count())] == [
        "Stamp reward: a latte · 1 left · Until 2/21/27"]  # the card itself is not used
    assert not form.units.isEnabled() and not form.refund_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    asked = dialog(c)
    assert "Use 1 of “Stamp reward: a latte” for 陳美玲? 0 left after this." in asked.text.text()
    qtbot.keyClick(asked, Qt.Key.Key_Escape)  # the cashier backs out: nothing is used
    assert c.controller.flows.instruments.dialog is None
    assert panel_rows(c)[0][1] == "1 left"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(dialog(c), Qt.Key.Key_Return)
    assert flash(c) == "Used 1 of “Stamp reward: a latte”. 0 left."
    assert page.open_form_widget() is None
    assert panel_rows(c) == [["Coffee stamp card", "Stamps 0/10", ""]]
    with store_fixture.engine.connect() as conn:
        kinds = [r.kind for r in conn.execute(select(instrument_ledger.c.kind).where(
            instrument_ledger.c.program_id == "coffee-reward"))]
    assert sorted(kinds) == ["issue", "redeem"]
    slip = wait_for_slips(qtbot, server, 2)[-1]
    texts = [t.strip() for t in slip.texts]
    assert "優惠使用明細" in texts
    assert any(t.startswith("集點兌換 中杯拿鐵") and t.endswith("-1 張") for t in texts)


def test_a_pass_is_sold_its_voucher_prints_and_cups_are_used_two_at_a_time(
        qtbot: QtBot, counter: CounterApp, server: PrinterServer) -> None:
    c = counter
    page = c.window.counter
    press(qtbot, Qt.Key.Key_F11)
    assert page.instruments.empty.isVisible()  # she holds nothing yet
    qtbot.mouseClick(page.instruments.sell_button, Qt.MouseButton.LeftButton)
    sale = page.pass_sale
    assert page.open_form_widget() is sale
    assert sale.programs.currentText() == "Latte pass, 10 cups — NT$1,200, 10 cups"
    type_text(qtbot, sale.receipt, "AB-20001")
    qtbot.keyClick(sale.receipt, Qt.Key.Key_Return)
    member = c.session.member
    assert member is not None
    [held] = member.instruments
    assert held.serial and f"serial {held.serial}" in flash(c)
    assert panel_rows(c) == [["Latte pass, 10 cups", "10 of 10 cups left", "No expiry"]]
    voucher = wait_for_slips(qtbot, server, 1)[0]
    whole = "".join(t.strip() for t in voucher.texts)
    assert "商品禮券（寄杯）" in whole and "本禮券無使用期限。" in whole
    for text in ("24549210", "林大同", "0800-000-123", "履約保證", "中杯拿鐵", "10 杯"):
        assert text in whole
    assert [b.data for b in voucher.barcodes] == [held.serial]
    press(qtbot, Qt.Key.Key_F11)
    form = page.instruments
    assert form.units.isEnabled() and form.refund_button.isEnabled()
    form.units.clear()
    type_text(qtbot, form.units, "11")
    press(qtbot, Qt.Key.Key_Return)
    assert form.message.text() == "Only 10 left." and c.controller.flows.instruments.dialog is None
    form.units.clear()
    type_text(qtbot, form.units, "2")
    press(qtbot, Qt.Key.Key_Return)
    assert "Use 2 of “Latte pass, 10 cups”" in dialog(c).text.text()
    qtbot.keyClick(dialog(c), Qt.Key.Key_Return)
    assert panel_rows(c) == [["Latte pass, 10 cups", "8 of 10 cups left", "No expiry"]]
    used = wait_for_slips(qtbot, server, 2)[-1]
    texts = [t.strip() for t in used.texts]
    assert "寄杯剩餘" in texts
    assert any(t.startswith("拿鐵寄杯 10 杯") and t.endswith("剩 8 杯") for t in texts)


def test_a_cashier_refunds_a_pass_only_with_a_managers_pin(
        qtbot: QtBot, counter: CounterApp, server: PrinterServer) -> None:
    c = counter
    page = c.window.counter
    member = c.session.member
    assert member is not None
    c.controller.flows.instruments.counter.sell_pass("latte-10", "AB-20002")
    press(qtbot, Qt.Key.Key_F11)
    form = page.instruments
    qtbot.mouseClick(form.refund_button, Qt.MouseButton.LeftButton)
    assert form.confirm_button.text() == "Refund  (Enter)"
    press(qtbot, Qt.Key.Key_Return)
    assert form.approval.isVisible()
    assert form.approval.reason.text() == (
        "Refund the 10 unused cups of “Latte pass, 10 cups”: pay back NT$1,100.")
    assert c.controller.flows.instruments.dialog is None  # nothing to confirm yet
    choose_manager(form.approval.approver)
    type_text(qtbot, form.approval.pin, "0000")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(dialog(c), Qt.Key.Key_Return)
    assert form.message.text() == "Wrong PIN." and panel_rows(c)[0][1] == "10 of 10 cups left"
    type_text(qtbot, form.approval.pin, MANAGER_PIN)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(dialog(c), Qt.Key.Key_Return)
    assert flash(c) == "Refunded 10 cups of “Latte pass, 10 cups”: pay back NT$1,100."
    assert panel_rows(c) == []
    refund = wait_for_slips(qtbot, server, 1)[-1]
    texts = [t.strip() for t in refund.texts]
    assert "寄杯退費明細" in texts
    assert any(t.startswith("退費金額") and t.endswith("NT$1,100") for t in texts)
    assert any(t.startswith("主管核准") and t.endswith("王店長") for t in texts)


def test_no_pass_is_sold_while_the_chain_has_not_set_the_voucher_issuer(
        qtbot: QtBot, counter: CounterApp, store_fixture: StoreFixture,
        server: PrinterServer) -> None:
    c = counter
    with store_fixture.engine.begin() as conn:
        store_rules(conn, replace(default_rules("TW"), version=3, programs=DEMO_PROGRAMS),
                    store_fixture.clock.now)
    press(qtbot, Qt.Key.Key_F11)
    qtbot.mouseClick(c.window.counter.instruments.sell_button, Qt.MouseButton.LeftButton)
    sale = c.window.counter.pass_sale
    type_text(qtbot, sale.receipt, "AB-20003")
    qtbot.keyClick(sale.receipt, Qt.Key.Key_Return)
    assert sale.message.text().startswith("A prepaid pass cannot be sold: its 禮券 must print "
                                          "the issuer's name (名稱), address (地址), tax id")
    member = c.session.member
    assert member is not None and member.instruments == () and server.jobs == []


def test_the_birthday_gift_comes_with_the_first_sale_of_the_month_with_its_badge(
        qtbot: QtBot, counter: CounterApp) -> None:
    c = counter
    c.session.clear_member()
    c.session.show_member(enroll_member(c, "0922111678", "林志明", "11/05"))
    award(qtbot, c, "90")
    assert "New: Birthday drink." in flash(c)
    [row] = panel_rows(c)
    assert row == ["Birthday drink  [Birthday]", "1 left", "Until 12/23/26"]


def test_the_identity_hook_can_make_a_manager_vouch_for_the_member(
        qtbot: QtBot, counter: CounterApp, store_fixture: StoreFixture,
        server: PrinterServer) -> None:
    c = counter
    flows = c.controller.flows.instruments
    flows.gate = lambda _session, _member, _view: "A phone number alone is not enough."
    c.controller.flows.instruments.counter.sell_pass("latte-10", "AB-20004")
    press(qtbot, Qt.Key.Key_F11)
    form = c.window.counter.instruments
    press(qtbot, Qt.Key.Key_Return)
    assert form.approval.isVisible()
    assert form.approval.reason.text() == "A phone number alone is not enough."
    assert flows.dialog is None
    choose_manager(form.approval.approver)
    type_text(qtbot, form.approval.pin, MANAGER_PIN)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(dialog(c), Qt.Key.Key_Return)
    with store_fixture.engine.connect() as conn:
        approved = conn.execute(select(instrument_ledger.c.approved_by).where(
            instrument_ledger.c.kind == "redeem")).scalar_one()
    assert approved == store_fixture.manager.id
    texts = [t.strip() for t in wait_for_slips(qtbot, server, 1)[-1].texts]
    assert any(t.startswith("主管核准") and t.endswith("王店長") for t in texts)


def test_the_vouchers_key_waits_for_a_member(qtbot: QtBot, counter: CounterApp) -> None:
    c = counter
    assert c.window.counter.panel.instruments_button.isEnabled()
    c.session.clear_member()
    assert not c.window.counter.panel.instruments_button.isEnabled()
    assert not c.window.actions_by_name["instruments"].isEnabled()


@pytest.mark.parametrize("lang", ["en", "zh_TW"])
def test_on_a_1024_screen_with_the_form_open_nothing_of_it_is_cut_off(
        qtbot: QtBot, qapp: QApplication, counter: CounterApp, lang: str) -> None:
    translators = i18n.install_translators(qapp, lang)
    try:
        c = counter
        c.window.resize(1024, 768)
        c.controller.flows.instruments.counter.sell_pass("latte-10", "AB-20005")
        press(qtbot, Qt.Key.Key_F11)
        form = c.window.counter.instruments
        qtbot.mouseClick(form.refund_button, Qt.MouseButton.LeftButton)
        press(qtbot, Qt.Key.Key_Return)  # the manager's approval box opens
        qapp.processEvents()
        for widget in (c.window.counter.panel.instruments_button, form.confirm_button,
                       form.approval.pin, form.approval.reason, form.approval.approver):
            assert widget.isVisible()
            assert widget.height() >= widget.minimumSizeHint().height(), widget.objectName()
        for button in (c.window.counter.panel.instruments_button, form.confirm_button,
                       form.cancel_button):
            assert button.width() >= button.sizeHint().width(), button.text()
        assert c.window.counter.panel.instruments.isVisible()
    finally:
        i18n.remove_translators(qapp, translators)
        i18n.install_translators(qapp, "en")


def test_the_chains_identity_policy_asks_for_a_qr_or_a_manager_before_a_voucher_is_used(
        qtbot: QtBot, counter: CounterApp, store_fixture: StoreFixture,
        key_clock: KeyClock) -> None:
    """With ``member_qr.proof_for_instruments`` set, a member found by phone cannot use a
    voucher on the phone alone; their signed QR code, scanned into the open form, proves
    them for the sale and the use goes through without a manager."""
    c = counter
    key = Ed25519PrivateKey.generate()
    rules = c.session.rules()
    with store_fixture.engine.begin() as conn:
        store_rules(conn, replace(rules, version=rules.version + 1, member_qr=MemberQrRules(
            keys=(("0badc0de", public_key_text(key)),), proof_for_instruments=True)),
            store_fixture.clock.now)
    c.controller.flows.instruments.counter.sell_pass("latte-10", "AB-20005")
    press(qtbot, Qt.Key.Key_F11)
    form = c.window.counter.instruments
    press(qtbot, Qt.Key.Key_Return)
    assert form.approval.isVisible()
    assert form.approval.reason.text() == (
        "A phone number is not enough: scan the member's QR code, or a manager approves.")
    assert c.controller.flows.instruments.dialog is None  # nothing is used yet
    member = c.session.member
    assert member is not None
    scan(key_clock, sign(member.id, "0badc0de", key,
                         store_fixture.clock.now + timedelta(minutes=10)))
    assert "is proven for this sale" in flash(c)
    form.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClick(dialog(c), Qt.Key.Key_Return)
    with store_fixture.engine.connect() as conn:
        used = conn.execute(select(instrument_ledger.c.approved_by).where(
            instrument_ledger.c.kind == "redeem")).all()
    assert used == [(None,)]  # the code proved the member: no manager was needed
