"""A USB scanner (keyboard wedge) works from anywhere in the window and is told apart from
a person typing by the time between keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import Counter
from tests.gui.conftest import SCANNER_GAP_MS, KeyClock, enroll_member, press, type_text


def scan(qtbot: QtBot, key_clock: KeyClock, code: str) -> None:
    """A scanner burst into whatever has the focus (a second after the last key)."""
    key_clock.now += 1000.0
    key_clock.step = SCANNER_GAP_MS
    target = focused()
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    key_clock.step = 150.0


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


@pytest.fixture
def codes(cashier_counter: Counter) -> dict[str, str]:
    out = {}
    for phone, name in (("0912345678", "陳美玲"), ("0922111678", "林志明")):
        member_id = enroll_member(cashier_counter, phone, name)
        out[name] = cashier_counter.session.show_member(member_id).member_code
    cashier_counter.session.clear_member()
    return out


def test_scan_while_typing_in_another_field(qtbot: QtBot, cashier_counter: Counter,
                                            key_clock: KeyClock, codes: dict[str, str]) -> None:
    page = cashier_counter.window.counter
    press(qtbot, Qt.Key.Key_F4)  # the enrollment form, focus in its phone field
    type_text(qtbot, page.enroll.phone, "09")
    assert page.enroll.phone.hasFocus()
    scan(qtbot, key_clock, codes["林志明"])
    assert page.panel.name.text() == "林志明"
    assert page.search.line.text() == codes["林志明"]
    assert page.enroll.phone.text() == "09"  # the burst did not land in the field
    assert not page.right.isVisibleTo(cashier_counter.window)  # the form was backed out
    assert page.search.line.hasFocus()


def test_scan_into_the_award_receipt_field_switches_member(
        qtbot: QtBot, cashier_counter: Counter, key_clock: KeyClock,
        codes: dict[str, str]) -> None:
    page = cashier_counter.window.counter
    scan(qtbot, key_clock, codes["陳美玲"])
    assert page.panel.name.text() == "陳美玲"
    press(qtbot, Qt.Key.Key_F2)
    page.award.receipt.setFocus()
    scan(qtbot, key_clock, codes["林志明"])
    assert page.panel.name.text() == "林志明"
    assert cashier_counter.session.member is not None
    assert cashier_counter.session.member.balance == 0  # nothing was awarded on the way


def test_scan_with_a_bad_check_digit_is_refused(qtbot: QtBot, cashier_counter: Counter,
                                                key_clock: KeyClock,
                                                codes: dict[str, str]) -> None:
    code = codes["陳美玲"]
    misread = code[:4] + str((int(code[4]) + 3) % 10) + code[5:]
    scan(qtbot, key_clock, misread)
    page = cashier_counter.window.counter
    assert cashier_counter.session.member is None
    assert page.flash.text().startswith(f"Code {misread} fails its check digit")


def test_fast_typing_of_a_phone_is_not_a_scan(qtbot: QtBot, cashier_counter: Counter,
                                              key_clock: KeyClock) -> None:
    page = cashier_counter.window.counter
    press(qtbot, Qt.Key.Key_F4)
    key_clock.step = 80.0  # a quick typist: still slower than a scanner
    type_text(qtbot, page.enroll.phone, "0955123456")
    qtbot.keyClick(page.enroll.phone, Qt.Key.Key_Return)
    assert page.enroll.phone.text() == "0955123456"
    assert page.search.line.text() == ""
    assert page.enroll.message.text() == "Enter the member's name."


def test_short_burst_is_typing_not_a_scan(qtbot: QtBot, cashier_counter: Counter,
                                          key_clock: KeyClock) -> None:
    page = cashier_counter.window.counter
    page.search.line.setFocus()
    scan(qtbot, key_clock, "12345")  # five keys: under the six a scan needs
    # the text stayed in the box and ran as an ordinary search (five digits: a bad phone)
    assert page.search.line.text() == "12345"
    assert page.flash.text() == "That phone number is not valid: check the number of digits."


def test_scan_on_the_lock_screen_asks_to_sign_in(qtbot: QtBot, counter: Counter,
                                                 key_clock: KeyClock) -> None:
    counter.window.sign_in.pin.setFocus()
    scan(qtbot, key_clock, "1000000011")
    assert counter.window.sign_in.message.text() == "Sign in first, then scan."
    assert counter.window.sign_in.pin.text() == ""


def test_camera_and_wedge_share_one_path(qtbot: QtBot, cashier_counter: Counter,
                                         codes: dict[str, str]) -> None:
    with qtbot.waitSignal(cashier_counter.scans.scan_received) as blocker:
        cashier_counter.scans.submit(codes["陳美玲"], source="camera")
    assert blocker.args == [codes["陳美玲"]]
    assert cashier_counter.window.counter.panel.name.text() == "陳美玲"
