"""Enroll → award → redeem → void through the real forms, with the balance right at each
step; approvals; a duplicate phone; the no-member sale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.app import CounterApp
from loyalty.store.keyvalue import put_state
from loyalty.store.schema import anonymous_sales, audit_log, ledger, members
from tests.gui.conftest import enroll_member, press, type_text
from tests.helpers.store import CASHIER_PIN, MANAGER_PIN, StoreFixture


def fill(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.clear()
    type_text(qtbot, field, text)


def confirm(qtbot: QtBot) -> None:
    press(qtbot, Qt.Key.Key_Return)


def balance(counter: CounterApp) -> str:
    return counter.window.counter.panel.balance.text()


def flash(counter: CounterApp) -> str:
    return counter.window.counter.flash.text()


def synced_recently(store: StoreFixture) -> None:
    """As if the last sync was an hour ago: within the offline floor limits' window."""
    with store.engine.begin() as conn:
        put_state(conn, "last_sync_at", (store.clock.now - timedelta(hours=1)).isoformat())


def test_enroll_award_redeem_void(qtbot: QtBot, cashier_counter: CounterApp,
                                  store_fixture: StoreFixture) -> None:
    c = cashier_counter
    page = c.window.counter
    synced_recently(store_fixture)
    # enroll
    press(qtbot, Qt.Key.Key_F4)
    enroll = page.enroll
    assert enroll.phone.hasFocus()
    type_text(qtbot, enroll.phone, "0912-345-678")
    type_text(qtbot, enroll.name, "陳美玲")
    type_text(qtbot, enroll.birthday, "03/15")
    enroll.consent_yes.setChecked(True)
    type_text(qtbot, enroll.referral, "FRIEND01")
    qtbot.keyClick(enroll.referral, Qt.Key.Key_Return)
    assert page.panel.name.text() == "陳美玲"
    assert balance(c) == "0"
    code = c.session.member.member_code if c.session.member else ""
    assert flash(c) == f"Welcome, 陳美玲! Member code {code}."
    with c.service.engine.connect() as conn:
        row = conn.execute(select(members.c.marketing_consent, members.c.consent_at,
                                  members.c.birthday_month)).one()
    assert row.marketing_consent is True and row.consent_at is not None
    assert row.birthday_month == 3
    assert page.search.line.hasFocus()
    # award: the points are shown before confirming; Enter confirms
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, page.award.amount, "12,800")
    assert page.award.preview.text() == "Earns +1,280 points"
    type_text(qtbot, page.award.receipt, "R-0001")
    confirm(qtbot)
    assert balance(c) == "1,280"
    assert flash(c) == "Awarded +1,280 points for NT$12,800. Balance 1,280."
    assert page.panel.split.text() == "Confirmed 0 + pending here 1,280"
    # redeem within the limits: value shown live, no approval needed
    press(qtbot, Qt.Key.Key_F3)
    type_text(qtbot, page.redeem.points, "500")
    assert page.redeem.value.text() == "500 points = NT$50 off"
    assert page.redeem.approval.isHidden()
    confirm(qtbot)
    assert balance(c) == "780"
    assert flash(c) == "Redeemed 500 points = NT$50 off. Balance 780."
    # void the award (a manager approves on the same screen)
    press(qtbot, Qt.Key.Key_F8)
    void = page.void
    assert void.approval.isVisible()
    assert void.entries.count() == 2
    qtbot.keyClick(void.reason, Qt.Key.Key_Down)  # the award, below the newer redemption
    type_text(qtbot, void.reason, "wrong member")
    void.approval.approver.setCurrentIndex(0)  # managers are listed first
    type_text(qtbot, void.approval.pin, MANAGER_PIN)
    confirm(qtbot)
    assert balance(c) == "-500"
    assert flash(c) == "Voided: -1,280 points reversed. Balance -500."
    with c.service.engine.connect() as conn:
        kinds = [r.kind for r in conn.execute(select(ledger.c.kind).order_by(
            ledger.c.occurred_at, ledger.c.id))]
        total = conn.execute(select(func.sum(ledger.c.points))).scalar_one()
    assert sorted(kinds) == ["earn", "redeem", "reverse"]  # nothing deleted
    assert total == -500
    assert "Voided" in [page.panel.history.item(r, 5).text()
                        for r in range(page.panel.history.rowCount())]


@pytest.fixture
def member_with_points(cashier_counter: CounterApp) -> CounterApp:
    member_id = enroll_member(cashier_counter, "0922111678", "林志明")
    cashier_counter.session.show_member(member_id)
    cashier_counter.session.award("50000", "")  # 5,000 points
    return cashier_counter


def test_large_redemption_refuses_a_cashier_pin_and_takes_a_managers(
        qtbot: QtBot, member_with_points: CounterApp) -> None:
    c = member_with_points
    page = c.window.counter
    press(qtbot, Qt.Key.Key_F3)
    redeem = page.redeem
    type_text(qtbot, redeem.points, "2500")
    assert redeem.value.text() == "2,500 points = NT$250 off"
    assert redeem.approval.isVisible()
    assert redeem.approval.reason.text() == "Redeeming over 2000 points needs a manager's approval."
    confirm(qtbot)
    assert redeem.approval.pin.hasFocus()
    assert redeem.message.text() == "A manager must approve: enter their PIN."
    # the cashier picks herself and types her own, correct PIN: not a manager
    cashier_row = redeem.approval.approver.findText("李小華（cashier）")
    redeem.approval.approver.setCurrentIndex(cashier_row)
    type_text(qtbot, redeem.approval.pin, CASHIER_PIN)
    confirm(qtbot)
    assert redeem.message.text() == "Only a manager can approve this."
    assert balance(c) == "5,000"
    # the manager selected, but the cashier's PIN typed
    redeem.approval.approver.setCurrentIndex(redeem.approval.approver.findText("王店長（manager）"))
    type_text(qtbot, redeem.approval.pin, CASHIER_PIN)
    confirm(qtbot)
    assert redeem.message.text() == "Wrong PIN."
    assert balance(c) == "5,000"
    type_text(qtbot, redeem.approval.pin, MANAGER_PIN)
    confirm(qtbot)
    assert balance(c) == "2,500"
    with c.service.engine.connect() as conn:
        approvals = [r.action for r in conn.execute(select(audit_log.c.action).where(
            audit_log.c.action.like("approval.%")).order_by(audit_log.c.id))]
        approved_by = conn.execute(select(ledger.c.approved_by).where(
            ledger.c.kind == "redeem")).scalar_one()
    assert approvals == ["approval.refused", "approval.refused", "approval.granted"]
    assert approved_by is not None


def test_offline_floor_limit_needs_a_manager(qtbot: QtBot, member_with_points: CounterApp,
                                             store_fixture: StoreFixture) -> None:
    c = member_with_points
    synced_recently(store_fixture)
    press(qtbot, Qt.Key.Key_F3)
    redeem = c.window.counter.redeem
    assert "Offline: up to 1,000 points without a manager." in redeem.limits.text()
    type_text(qtbot, redeem.points, "1500")
    assert redeem.approval.isVisible()
    assert redeem.approval.reason.text() == ("More points than may be redeemed in one sale "
                                             "offline. A manager may approve it.")
    fill(qtbot, redeem.points, "1000")
    assert redeem.approval.isHidden()
    confirm(qtbot)
    assert balance(c) == "4,000"
    # the member's one offline redemption here is used: the next needs a manager
    press(qtbot, Qt.Key.Key_F3)
    type_text(qtbot, redeem.points, "100")
    assert redeem.approval.reason.text() == ("This member already redeemed offline here as "
                                             "often as allowed. A manager may approve it.")


@pytest.mark.parametrize(("points", "message"), [
    ("", "Enter the points to redeem."),
    ("abc", "Type the points as a whole number."),
    ("50", "Points are redeemed in steps of 100."),
    ("6000", "The member has only 5000 points."),
])
def test_redeem_bad_input(qtbot: QtBot, member_with_points: CounterApp, points: str,
                          message: str) -> None:
    press(qtbot, Qt.Key.Key_F3)
    redeem = member_with_points.window.counter.redeem
    redeem.points.setText(points)
    confirm(qtbot)
    assert redeem.message.text() == message
    assert balance(member_with_points) == "5,000"


@pytest.mark.parametrize(("amount", "receipt", "message"), [
    ("", "", "Enter the sale amount."),
    ("12a", "", "That is not an amount."),
    ("0", "", "The amount must be more than zero."),
    ("99.5", "", "Too many decimals for this currency."),
    ("99999999", "", "That amount is too large for one sale."),
    ("100", "R-1", "Receipt R-1 already earned points."),
])
def test_award_bad_input(qtbot: QtBot, member_with_points: CounterApp, amount: str,
                         receipt: str, message: str) -> None:
    c = member_with_points
    c.session.award("10", "R-1")
    press(qtbot, Qt.Key.Key_F2)
    fill(qtbot, c.window.counter.award.amount, amount)
    fill(qtbot, c.window.counter.award.receipt, receipt)
    confirm(qtbot)
    assert c.window.counter.award.message.text() == message
    assert balance(c) == "5,001"


@pytest.mark.parametrize(("phone", "name", "birthday", "consent", "message"), [
    ("", "陳小明", "", True, "Enter a phone number."),
    ("0912", "陳小明", "", True, "That phone number is not valid: check the number of digits."),
    ("0223456789", "陳小明", "", True,
     "That is not a mobile number; members join with a mobile."),
    ("0955123456", "", "", True, "Enter the member's name."),
    ("0955123456", "陳小明", "13/40", True, "That birthday is not a date."),
    ("0955123456", "陳小明", "march", True, "Type the birthday as MM/DD or YYYY/MM/DD."),
    ("0955123456", "陳小明", "", None,
     "Ask the customer: may we send marketing messages? Choose yes or no."),
])
def test_enroll_bad_input(qtbot: QtBot, cashier_counter: CounterApp, phone: str, name: str,
                          birthday: str, consent: bool | None, message: str) -> None:
    press(qtbot, Qt.Key.Key_F4)
    enroll = cashier_counter.window.counter.enroll
    enroll.phone.setText(phone)
    if name:
        type_text(qtbot, enroll.name, name)
    enroll.birthday.setText(birthday)
    if consent is not None:
        (enroll.consent_yes if consent else enroll.consent_no).setChecked(True)
    enroll.phone.setFocus()
    confirm(qtbot)
    assert enroll.message.text() == message
    assert cashier_counter.session.member is None


def test_duplicate_phone_shows_the_existing_member(qtbot: QtBot, cashier_counter: CounterApp
                                                   ) -> None:
    enroll_member(cashier_counter, "0912345678", "陳美玲")
    page = cashier_counter.window.counter
    press(qtbot, Qt.Key.Key_F4)
    type_text(qtbot, page.enroll.phone, "+886 912 345 678")
    type_text(qtbot, page.enroll.name, "陳小美")
    page.enroll.consent_no.setChecked(True)
    page.enroll.name.setFocus()
    confirm(qtbot)
    assert page.panel.name.text() == "陳美玲"
    assert flash(cashier_counter) == "0912-***-678 is already a member: showing them instead."
    assert not page.right.isVisibleTo(cashier_counter.window)
    with cashier_counter.service.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(members)).scalar_one() == 1


def test_esc_backs_out_of_a_form_without_writing(qtbot: QtBot, member_with_points: CounterApp
                                                 ) -> None:
    c = member_with_points
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, c.window.counter.award.amount, "500")
    press(qtbot, Qt.Key.Key_Escape)
    assert not c.window.counter.right.isVisibleTo(c.window)
    assert c.window.counter.search.line.hasFocus()
    assert balance(c) == "5,000"
    assert c.window.counter.panel.name.text() == "林志明"  # the member stays on screen


def test_sale_without_a_member(qtbot: QtBot, cashier_counter: CounterApp) -> None:
    press(qtbot, Qt.Key.Key_F5)
    sale = cashier_counter.window.counter.sale
    confirm(qtbot)
    assert sale.message.text() == "Enter the sale amount."
    type_text(qtbot, sale.amount, "860")
    confirm(qtbot)
    assert flash(cashier_counter) == "Sale of NT$860 recorded without a member."
    with cashier_counter.service.engine.connect() as conn:
        assert conn.execute(select(anonymous_sales.c.sale_cents)).scalar_one() == 86000


def test_status_bar_is_honest_offline(qtbot: QtBot, member_with_points: CounterApp) -> None:
    status = member_with_points.window.status
    assert status.connection.text() == "● Offline — not connected to central (standalone)"
    # the enrollment and the award (the count follows a change by a moment: refresh_soon)
    qtbot.waitUntil(lambda: status.queue.text() == "Waiting to sync: 2")
    assert status.last_sync.text() == "Last sync: never"
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, member_with_points.window.counter.award.amount, "100")
    confirm(qtbot)  # the count follows the panel by a moment (refresh_soon)
    qtbot.waitUntil(lambda: status.queue.text() == "Waiting to sync: 3")


def test_actions_need_a_member_and_a_manager_voids_without_a_pin(
        qtbot: QtBot, manager_counter: CounterApp) -> None:
    c = manager_counter
    fkeys = c.window.counter.fkeys.buttons
    assert not fkeys["award"].isEnabled() and not fkeys["redeem"].isEnabled()
    member_id = enroll_member(c, "0933555123", "王大同")
    c.session.show_member(member_id)
    c.session.award("1000", "")
    assert fkeys["award"].isEnabled() and fkeys["void"].isEnabled()
    press(qtbot, Qt.Key.Key_F8)
    assert c.window.counter.void.approval.isHidden()
    confirm(qtbot)
    assert c.window.counter.void.message.text() == "Give a reason for the void."
    type_text(qtbot, c.window.counter.void.reason, "test sale")
    confirm(qtbot)
    assert balance(c) == "0"
