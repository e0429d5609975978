"""A USB scanner (keyboard wedge) is told apart from a person typing, and a burst counts as
a scan only where scans belong: the search box, or nowhere in particular on the counter.
In any other field, a dialog or a message box the characters stay where they were typed.
Nothing typed is lost, and no scan opens the wrong member."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import CounterApp
from desktop.scanner import ScannerSettings, parse_marker, show_marker
from tests.gui.conftest import (
    HUMAN_GAP_MS,
    SCANNER_GAP_MS,
    KeyClock,
    enroll_member,
    press,
    type_text,
)

SHIFTED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@#$%^&*()_+{}|:\"<>?")


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(target: QWidget, code: Qt.Key, text: str = "",
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key press and release as a keyboard (or a scanner pretending to be one) sends
    them, through the application's event filters."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, code, modifiers, text))


def type_keys(target: QWidget, text: str) -> None:
    """Characters as key presses; capitals and shifted symbols with a Shift press first,
    as a scanner sends them."""
    for char in text:
        if char in SHIFTED:
            QApplication.sendEvent(target, QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier))
            key(target, Qt.Key(ord(char.upper())) if char.isalpha() else Qt.Key.Key_unknown,
                char, Qt.KeyboardModifier.ShiftModifier)
            QApplication.sendEvent(target, QKeyEvent(
                QEvent.Type.KeyRelease, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier))
        elif ord(char) < 32:  # a control character: Ctrl and its letter
            key(target, Qt.Key(ord(char) + 64), char, Qt.KeyboardModifier.ControlModifier)
        else:
            key(target, Qt.Key(ord(char.upper())), char)


def scan(key_clock: KeyClock, code: str, target: QWidget | None = None, *,
         enter: bool = True, gap_ms: float = SCANNER_GAP_MS) -> None:
    """A scanner burst into ``target`` (else whatever has the focus), a second after the
    last key."""
    key_clock.now += 1000.0
    key_clock.step = gap_ms
    widget = target or focused()
    type_keys(widget, code)
    if enter:
        key(widget, Qt.Key.Key_Return, "\r")
    key_clock.step = HUMAN_GAP_MS


@pytest.fixture
def codes(cashier_counter: CounterApp) -> dict[str, str]:
    out = {}
    for phone, name in (("0912345678", "陳美玲"), ("0922111678", "林志明")):
        member_id = enroll_member(cashier_counter, phone, name)
        out[name] = cashier_counter.session.show_member(member_id).member_code
    cashier_counter.session.clear_member()
    return out


@pytest.fixture
def marked(cashier_counter: CounterApp) -> Iterator[CounterApp]:
    """The scanner programmed to send STX (Ctrl+B) before and Tab after each code."""
    scanner = cashier_counter.scanner
    before = scanner.settings
    scanner.settings = replace(before, prefix=parse_marker("^B"), suffix=parse_marker("^I"))
    yield cashier_counter
    scanner.settings = before


def shown(counter: CounterApp) -> str | None:
    member = counter.session.member
    return None if member is None else member.name


# --- where a burst is a scan --------------------------------------------------------------

def test_a_scan_into_the_search_box_opens_the_member_and_leaves_only_the_code(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        codes: dict[str, str]) -> None:
    page = cashier_counter.window.counter
    type_text(qtbot, page.search.line, "09")  # the cashier had started typing
    with qtbot.waitSignal(cashier_counter.scans.scan_received) as blocker:
        scan(key_clock, codes["林志明"])
    assert blocker.args == [codes["林志明"]]
    assert page.panel.name.text() == "林志明"
    assert page.search.line.text() == codes["林志明"]
    assert page.search.line.hasFocus()


def test_a_scan_with_nothing_focused_on_the_counter_is_a_scan(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        codes: dict[str, str]) -> None:
    page = cashier_counter.window.counter
    type_text(qtbot, page.search.line, "678")
    qtbot.keyClick(page.search.line, Qt.Key.Key_Return)
    qtbot.keyClick(page.search.line, Qt.Key.Key_Down)  # into the result list
    assert page.results.hasFocus()
    scan(key_clock, codes["陳美玲"])
    assert shown(cashier_counter) == "陳美玲"


@pytest.mark.parametrize("form", ["award", "sale"])
def test_a_receipt_barcode_scanned_into_the_receipt_field_stays_there(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock, codes: dict[str, str],
        form: str) -> None:
    """The POS receipt's barcode (capitals, a dash) goes into the receipt field; the amount
    typed before stays; its Enter confirms the form, as a typed Enter would."""
    page = cashier_counter.window.counter
    cashier_counter.controller.choose_member(
        cashier_counter.session.find(codes["陳美玲"]).members[0].id)
    press(qtbot, Qt.Key.Key_F2 if form == "award" else Qt.Key.Key_F5)
    view = page.award if form == "award" else page.sale
    type_text(qtbot, view.amount, "1200")
    view.receipt.setFocus()
    with qtbot.assertNotEmitted(cashier_counter.scans.scan_received):
        scan(key_clock, "AB-20002")
    assert page.search.line.text() == ""  # the search box was not touched
    assert shown(cashier_counter) == "陳美玲"
    if form == "award":
        assert page.flash.text().startswith("Awarded +")
        assert cashier_counter.session.member is not None
        assert cashier_counter.session.member.history[0].receipt_no == "AB-20002"
    else:
        assert page.flash.text().startswith("Sale of NT$1,200 recorded")


def test_a_card_scanned_into_the_enrollment_phone_field_is_not_taken_as_a_search(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        codes: dict[str, str]) -> None:
    page = cashier_counter.window.counter
    press(qtbot, Qt.Key.Key_F4)
    type_text(qtbot, page.enroll.name, "張家豪")
    page.enroll.phone.setFocus()
    with qtbot.assertNotEmitted(cashier_counter.scans.scan_received):
        scan(key_clock, codes["林志明"])  # its Enter asks the form to enroll: not a phone
    assert page.enroll.phone.text() == codes["林志明"]
    assert page.enroll.message.isVisibleTo(page.enroll)
    assert page.enroll.name.text() == "張家豪"
    assert page.right.isVisibleTo(cashier_counter.window)
    assert shown(cashier_counter) is None


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen dialogs
def test_a_file_name_typed_fast_in_a_save_dialog_stays_whole(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        codes: dict[str, str], tmp_path: object) -> None:
    window = cashier_counter.window
    dialog = QFileDialog(window, "Save", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.open()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    name_field = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_field is not None
    name_field.setFocus()
    qtbot.waitUntil(name_field.hasFocus)
    with qtbot.assertNotEmitted(cashier_counter.scans.scan_received), \
            qtbot.waitSignal(dialog.accepted):
        scan(key_clock, "monthly-report", name_field)
    assert dialog.selectedFiles()[0].endswith("/monthly-report")
    assert window.counter.search.line.text() == ""
    assert shown(cashier_counter) is None


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_a_scan_while_a_message_box_is_open_opens_no_member(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        codes: dict[str, str]) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Regulars", "Print the slip again?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                      cashier_counter.window)
    box.open()
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    assert focused().window() is box
    with qtbot.assertNotEmitted(cashier_counter.scans.scan_received), \
            qtbot.waitSignal(box.finished):
        scan(key_clock, codes["林志明"])  # its Enter answers the box, as a typed one would
    assert shown(cashier_counter) is None
    assert cashier_counter.window.counter.search.line.text() == ""


def test_shift_inside_a_code_does_not_cut_it(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock) -> None:
    """Capitals and symbols need Shift; the Shift press must not restart the burst (a
    mobile-carrier barcode ``/ABC+123`` or ``AB-20002`` would arrive cut)."""
    page = cashier_counter.window.counter
    page.search.line.setFocus()
    for code in ("AB-20002", "/ABC+123"):
        with qtbot.waitSignal(cashier_counter.scans.scan_received) as blocker:
            scan(key_clock, code)
        assert blocker.args == [code]


def test_fast_typing_of_a_phone_is_not_a_scan(qtbot: QtBot, cashier_counter: CounterApp,
                                              key_clock: KeyClock) -> None:
    page = cashier_counter.window.counter
    page.search.line.setFocus()
    with qtbot.assertNotEmitted(cashier_counter.scans.scan_received):
        scan(key_clock, "0955123456", gap_ms=80.0)  # a quick typist: still slower
    assert page.search.line.text() == "0955123456"


def test_short_burst_is_typing_not_a_scan(qtbot: QtBot, cashier_counter: CounterApp,
                                          key_clock: KeyClock) -> None:
    page = cashier_counter.window.counter
    page.search.line.setFocus()
    scan(key_clock, "12345")  # five keys: under the six a scan needs
    # the text stayed in the box and ran as an ordinary search (five digits: a bad phone)
    assert page.search.line.text() == "12345"
    assert page.flash.text() == "That phone number is not valid: check the number of digits."


# --- a prefix and a suffix make it certain ------------------------------------------------

def test_a_code_with_the_prefix_and_suffix_is_a_scan_even_when_slow(
        qtbot: QtBot, marked: CounterApp, key_clock: KeyClock, codes: dict[str, str]) -> None:
    page = marked.window.counter
    page.search.line.setFocus()
    with qtbot.waitSignal(marked.scans.scan_received) as blocker:
        scan(key_clock, f"\x02{codes['林志明']}\t", gap_ms=HUMAN_GAP_MS)
    assert blocker.args == [codes["林志明"]]
    assert shown(marked) == "林志明"
    assert page.search.line.text() == codes["林志明"]  # no STX, no Tab in the box


def test_with_a_prefix_set_a_fast_burst_without_it_is_typing(
        qtbot: QtBot, marked: CounterApp, key_clock: KeyClock, codes: dict[str, str]) -> None:
    page = marked.window.counter
    page.search.line.setFocus()
    with qtbot.assertNotEmitted(marked.scans.scan_received):
        scan(key_clock, codes["林志明"], enter=False)
    assert page.search.line.text() == codes["林志明"]


def test_a_marked_receipt_code_lands_in_the_receipt_field_without_its_marks(
        qtbot: QtBot, marked: CounterApp, key_clock: KeyClock, codes: dict[str, str]) -> None:
    page = marked.window.counter
    marked.controller.choose_member(marked.session.find(codes["陳美玲"]).members[0].id)
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, page.award.amount, "800")
    page.award.receipt.setFocus()
    with qtbot.assertNotEmitted(marked.scans.scan_received):
        scan(key_clock, "\x02AB-20002\t", enter=False)
    assert page.award.receipt.text() == "AB-20002"
    assert page.award.receipt.hasFocus()  # the Tab suffix did not move on
    assert page.award.amount.text() == "800"


def test_prefix_and_suffix_settings_take_one_character_or_caret_notation() -> None:
    assert parse_marker("^B") == "\x02" and show_marker("\x02") == "^B"
    assert parse_marker(" ~ ") == "~" and parse_marker("") == ""
    for wrong in ("ab", "^BC"):
        with pytest.raises(ValueError):
            parse_marker(wrong)
    assert ScannerSettings(prefix="~").marked and not ScannerSettings().marked


# --- the member on screen -----------------------------------------------------------------

def test_scanning_the_member_already_shown_keeps_the_open_form(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        codes: dict[str, str]) -> None:
    page = cashier_counter.window.counter
    scan(key_clock, codes["陳美玲"])
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, page.award.amount, "2480")
    cashier_counter.scans.submit(codes["陳美玲"], source="camera")
    page.search.line.setFocus()  # or the cashier taps the search box and scans
    scan(key_clock, codes["陳美玲"])
    assert page.open_form_widget() is page.award
    assert page.award.amount.text() == "2480"
    assert page.flash.text() == "陳美玲 is already on screen."


def test_scanning_another_member_closes_the_form_and_shows_them(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        codes: dict[str, str]) -> None:
    page = cashier_counter.window.counter
    scan(key_clock, codes["陳美玲"])
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, page.award.amount, "2480")
    cashier_counter.scans.submit(codes["林志明"], source="camera")
    assert shown(cashier_counter) == "林志明"
    assert page.open_form_widget() is None
    assert cashier_counter.session.member is not None
    assert cashier_counter.session.member.balance == 0  # nothing awarded on the way


def test_scan_with_a_bad_check_digit_is_refused_and_keeps_the_form(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        codes: dict[str, str]) -> None:
    page = cashier_counter.window.counter
    code = codes["陳美玲"]
    misread = code[:4] + str((int(code[4]) + 3) % 10) + code[5:]
    scan(key_clock, misread)
    assert cashier_counter.session.member is None
    assert page.flash.text().startswith(f"Code {misread} fails its check digit")
    scan(key_clock, code)
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, page.award.amount, "990")
    cashier_counter.scans.submit(misread, source="camera")
    assert page.award.amount.text() == "990" and shown(cashier_counter) == "陳美玲"


def test_scan_on_the_lock_screen_asks_to_sign_in(qtbot: QtBot, counter: CounterApp,
                                                 key_clock: KeyClock) -> None:
    counter.window.sign_in.pin.setFocus()
    scan(key_clock, "1000000011")
    assert counter.window.sign_in.message.text() == "Sign in first, then scan."
    assert counter.window.sign_in.pin.text() == ""


def test_camera_and_wedge_share_one_path(qtbot: QtBot, cashier_counter: CounterApp,
                                         codes: dict[str, str]) -> None:
    with qtbot.waitSignal(cashier_counter.scans.scan_received) as blocker:
        cashier_counter.scans.submit(codes["陳美玲"], source="camera")
    assert blocker.args == [codes["陳美玲"]]
    assert cashier_counter.window.counter.panel.name.text() == "陳美玲"


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_a_manager_sets_the_prefix_on_the_settings_page_and_it_applies_at_once(
        qtbot: QtBot, manager_counter: CounterApp, key_clock: KeyClock) -> None:
    from desktop.services.settings import load_settings
    member_id = enroll_member(manager_counter, "0912345678", "陳美玲")
    code = manager_counter.session.service.panel(member_id).member_code
    receipts = manager_counter.receipts
    assert receipts is not None
    receipts.open_settings()
    dialog = receipts.dialog
    assert dialog is not None
    assert "only codes carrying it count as scans" in dialog.scanner.how.text()
    dialog.scanner.prefix.setText("ab")
    dialog.request_save()
    assert dialog.message.text() == "The scanner's prefix is one character, or ^ and a letter."
    dialog.scanner.prefix.setText("^B")
    dialog.request_save()
    assert manager_counter.scanner.settings.prefix == "\x02"
    assert load_settings(manager_counter.service.engine).scanner().prefix == "\x02"
    page = manager_counter.window.counter
    page.search.line.setFocus()
    with qtbot.waitSignal(manager_counter.scans.scan_received) as blocker:
        scan(key_clock, f"\x02{code}", gap_ms=HUMAN_GAP_MS)
    assert blocker.args == [code]
