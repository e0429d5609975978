"""Slips at the counter, through the real widgets, to a fake network printer on 127.0.0.1
that captures the real ESC/POS bytes: award → slip; printer refusing → the counter goes on
and the slip waits; printer back → it prints; F7 reprints; F10 is the manager's; F6 shows
the member card."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.app import CounterApp, build_counter
from desktop.membercard import MemberCardDialog
from desktop.services.printer import QUEUE_FILE, RESUME_WITHIN, PrinterService
from desktop.services.printer_settings import load_printer_settings
from desktop.style import apply_style
from loyalty.store.keyvalue import put_state
from printing import JobStatus, PrinterKind, PrinterProfile, build_award
from printing.jobs import JobStore
from printing.layout import COPY_MARK
from printing.samples import MEMBER, award
from tests.gui.conftest import enroll_member, press, sign_in, type_text
from tests.helpers.escpos_decoder import Decoded, decode
from tests.helpers.printer_server import PrinterServer
from tests.helpers.store import CASHIER_PIN, MANAGER_PIN, StoreFixture

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen
PHONE = "0912345678"
POLL_S = 0.1


def profile_for(server: PrinterServer, paper_mm: int = 58) -> PrinterProfile:
    return PrinterProfile(host="127.0.0.1", port=server.port, paper_mm=paper_mm,
                          timeout_s=1.0, status_timeout_s=0.3)


@pytest.fixture
def server() -> Iterator[PrinterServer]:
    printer = PrinterServer()
    yield printer
    printer.close()


@pytest.fixture
def resume_within() -> timedelta:
    return RESUME_WITHIN


def start_counter(qtbot: QtBot, qapp: QApplication, store: StoreFixture, queue_file: Path,
                  profile: PrinterProfile | None,
                  resume_within: timedelta = RESUME_WITHIN) -> CounterApp:
    apply_style(qapp)
    printer = PrinterService(queue_file, profile, resume_within=resume_within, poll_s=POLL_S)
    built = build_counter(store.engine, clock=store.clock, printer=printer)
    built.window.resize(1280, 800)
    built.window.show()
    qtbot.waitExposed(built.window)
    built.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is built.window)
    return built


@pytest.fixture
def printing_counter(qtbot: QtBot, qapp: QApplication, store_fixture: StoreFixture,
                     server: PrinterServer, tmp_path: Path,
                     resume_within: timedelta) -> Iterator[CounterApp]:
    """The counter printing to the fake printer, cashier 李小華 signed in."""
    translators = i18n.install_translators(qapp, "en")
    built = start_counter(qtbot, qapp, store_fixture, tmp_path / QUEUE_FILE,
                          profile_for(server), resume_within)
    sign_in(qtbot, built, "李小華", CASHIER_PIN)
    yield built
    built.close()
    i18n.remove_translators(qapp, translators)


def slips(server: PrinterServer) -> list[bytes]:
    """Jobs that printed something (status checks alone are not slips)."""
    return [job for job in server.jobs if b"\x1c&" in job]


def wait_for_slips(qtbot: QtBot, server: PrinterServer, count: int) -> list[Decoded]:
    qtbot.waitUntil(lambda: len(slips(server)) >= count, timeout=10_000)
    return [decode(job, "big5") for job in slips(server)]


def find_and_award(qtbot: QtBot, counter: CounterApp, amount: str) -> None:
    page = counter.window.counter
    type_text(qtbot, page.search.line, PHONE)
    qtbot.keyClick(page.search.line, Qt.Key.Key_Return)
    assert counter.session.member is not None
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, page.award.amount, amount)
    press(qtbot, Qt.Key.Key_Return)


def printer_label(counter: CounterApp) -> str:
    assert counter.receipts is not None
    return counter.receipts.status.label.text()


def value_of(slip: Decoded, label: str) -> str:
    line = next(t for t in slip.texts if t.strip().startswith(label))
    return line.removeprefix(line.split()[0]).strip()


def test_an_award_prints_a_slip_with_the_new_balance_and_the_phone_masked(
        qtbot: QtBot, printing_counter: CounterApp, server: PrinterServer) -> None:
    c = printing_counter
    enroll_member(c, PHONE, "陳美玲")
    find_and_award(qtbot, c, "1280")
    member = c.session.member
    assert member is not None and c.window.counter.panel.balance.text() == "128"
    (slip,) = wait_for_slips(qtbot, server, 1)
    text = "\n".join(slip.texts)
    assert "陳美玲" in text and "會員集點明細" in text
    assert value_of(slip, "手機") == "0912-***-678"
    assert PHONE.encode() not in server.jobs[-1] and b"912345678" not in slips(server)[0]
    assert value_of(slip, "點數餘額") == "128 點"
    assert value_of(slip, "本次獲得") == "+128 點"
    assert value_of(slip, "消費金額") == "NT$1,280"
    assert "李小華" in value_of(slip, "機台/收銀員")
    assert [b.data for b in slip.barcodes] == [member.member_code]
    assert [q.data for q in slip.qrs] == [member.member_code]
    qtbot.waitUntil(lambda: printer_label(c) == "Slip printed ✓")


@pytest.mark.expect_log_warnings("printing.print_queue")  # the refused slip, logged
def test_a_refusing_printer_leaves_the_slip_waiting_and_the_counter_working(
        qtbot: QtBot, printing_counter: CounterApp, server: PrinterServer) -> None:
    c = printing_counter
    page = c.window.counter
    enroll_member(c, PHONE, "陳美玲")
    server.set_mode("refuse")
    find_and_award(qtbot, c, "500")
    assert page.panel.balance.text() == "50"  # recorded at once, printer or not
    qtbot.waitUntil(lambda: "Slip not printed" in page.flash.text())
    assert printer_label(c) == "Slip waiting — printer off or unplugged"
    flash = page.flash.text()
    assert flash.startswith("Awarded +50 points")
    assert "Slip not printed — printer off or unplugged." in flash
    assert page.flash.property("tone") == "ok"  # the award did succeed: not all in red
    assert c.receipts is not None
    assert c.receipts.status.reprint.text() == "F7 Print waiting slips"
    # the counter still responds: the next award goes through while the slip waits
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, page.award.amount, "300")
    press(qtbot, Qt.Key.Key_Return)
    assert page.panel.balance.text() == "80"
    qtbot.waitUntil(lambda: printer_label(c).startswith("2 slips waiting"))
    # out of paper is said as such (the printer's DLE EOT status)
    server.set_mode("paper_out")
    qtbot.waitUntil(lambda: printer_label(c).endswith("out of paper"), timeout=10_000)
    assert slips(server) == []
    # paper loaded: both slips print by themselves, in order
    server.set_mode("ok")
    first, second = wait_for_slips(qtbot, server, 2)
    assert value_of(first, "點數餘額") == "50 點"
    assert value_of(second, "點數餘額") == "80 點"
    qtbot.waitUntil(lambda: printer_label(c) == "Slip printed ✓")
    # F7 now reprints the last slip, marked as a copy
    press(qtbot, Qt.Key.Key_F7)
    assert page.flash.text() == "Reprinting the last slip, marked COPY…"
    *_, copy = wait_for_slips(qtbot, server, 3)
    assert COPY_MARK in [t.strip() for t in copy.texts]
    assert value_of(copy, "點數餘額") == "80 點"


@pytest.mark.expect_log_warnings("printing.print_queue")  # the refused slip, logged
@pytest.mark.parametrize("resume_within", [timedelta(0)])  # only F7 may print it
def test_f7_prints_a_waiting_slip_at_once(qtbot: QtBot, printing_counter: CounterApp,
                                          server: PrinterServer) -> None:
    c = printing_counter
    enroll_member(c, PHONE, "陳美玲")
    server.set_mode("silent")  # accepts, never answers: a hung printer
    find_and_award(qtbot, c, "200")
    qtbot.waitUntil(lambda: printer_label(c).endswith("printer not answering"),
                    timeout=10_000)
    server.set_mode("ok")
    press(qtbot, Qt.Key.Key_F7)
    (slip,) = wait_for_slips(qtbot, server, 1)
    assert COPY_MARK not in [t.strip() for t in slip.texts]  # the original, not a copy
    assert value_of(slip, "點數餘額") == "20 點"


@pytest.mark.expect_log_warnings("printing.print_queue")  # the refused slip, logged
def test_a_slip_waiting_when_the_counter_closed_prints_after_a_restart(
        qtbot: QtBot, qapp: QApplication, store_fixture: StoreFixture,
        server: PrinterServer, tmp_path: Path) -> None:
    queue_file = tmp_path / QUEUE_FILE
    translators = i18n.install_translators(qapp, "en")
    try:
        server.set_mode("refuse")
        first = start_counter(qtbot, qapp, store_fixture, queue_file, profile_for(server))
        sign_in(qtbot, first, "李小華", CASHIER_PIN)
        enroll_member(first, PHONE, "陳美玲")
        find_and_award(qtbot, first, "700")
        qtbot.waitUntil(lambda: "waiting" in printer_label(first))
        first.close()

        server.set_mode("ok")
        again = start_counter(qtbot, qapp, store_fixture, queue_file, profile_for(server))
        try:
            (slip,) = wait_for_slips(qtbot, server, 1)
            assert value_of(slip, "點數餘額") == "70 點"
            qtbot.waitUntil(lambda: printer_label(again) == "Slip printed ✓")
        finally:
            again.close()
    finally:
        i18n.remove_translators(qapp, translators)


def test_a_slip_cut_off_by_closing_the_counter_waits_for_f7(
        qtbot: QtBot, qapp: QApplication, store_fixture: StoreFixture,
        server: PrinterServer, tmp_path: Path) -> None:
    queue_file = tmp_path / QUEUE_FILE
    jobs = JobStore(queue_file)  # as a counter killed while the slip was being sent
    jobs.set_status(jobs.add(build_award(award(replace(MEMBER, name="林小明")))),
                    JobStatus.PRINTING)
    jobs.close()
    translators = i18n.install_translators(qapp, "en")
    c = start_counter(qtbot, qapp, store_fixture, queue_file, profile_for(server))
    try:
        assert printer_label(c) == "Slip waiting — not printed before the counter closed"
        sign_in(qtbot, c, "李小華", CASHIER_PIN)
        press(qtbot, Qt.Key.Key_F7)
        (slip,) = wait_for_slips(qtbot, server, 1)
        assert any("林小明" in t for t in slip.texts)
        qtbot.waitUntil(lambda: printer_label(c) == "Slip printed ✓")
    finally:
        c.close()
        i18n.remove_translators(qapp, translators)


def test_f10_is_disabled_for_a_cashier_and_enabled_for_a_manager(
        qtbot: QtBot, printing_counter: CounterApp) -> None:
    c = printing_counter
    assert c.receipts is not None
    assert not c.receipts.actions["settings"].isEnabled()
    assert not c.receipts.status.settings.isEnabled()  # it does not look usable
    assert c.receipts.actions["reprint"].isEnabled()
    press(qtbot, Qt.Key.Key_F10)
    assert c.receipts.dialog is None
    qtbot.mouseClick(c.receipts.status.settings, Qt.MouseButton.LeftButton)
    assert c.receipts.dialog is None
    c.controller.lock()
    sign_in(qtbot, c, "王店長", MANAGER_PIN)
    assert c.receipts.actions["settings"].isEnabled()
    assert c.receipts.status.settings.isEnabled()
    c.controller.lock()  # the lock screen offers no printer buttons
    assert not c.receipts.status.reprint.isEnabled()
    assert not c.receipts.status.settings.isEnabled()


def test_a_manager_sets_the_printer_previews_test_prints_and_saves(
        qtbot: QtBot, qapp: QApplication, store_fixture: StoreFixture,
        server: PrinterServer, tmp_path: Path) -> None:
    translators = i18n.install_translators(qapp, "en")
    c = start_counter(qtbot, qapp, store_fixture, tmp_path / QUEUE_FILE, None)
    try:
        assert printer_label(c) == "No receipt printer"
        sign_in(qtbot, c, "王店長", MANAGER_PIN)
        assert c.receipts is not None
        press(qtbot, Qt.Key.Key_F10)
        dialog = c.receipts.dialog
        assert dialog is not None and dialog.isVisible()
        dialog.kind.setCurrentIndex(dialog.kind.findData("network"))
        dialog.host.setText("127.0.0.1 x")
        dialog.paper.setCurrentIndex(dialog.paper.findData(80))
        qtbot.waitUntil(lambda: not dialog.preview.pixmap().isNull(), timeout=10_000)
        wide = dialog.preview.pixmap().width()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.message.text().startswith("Type the printer's address")
        assert dialog.host.hasFocus()
        type_text(qtbot, dialog.address, "Taipei 1 Road")
        dialog.host.setText("127.0.0.1")
        dialog.port.setText(str(server.port))
        dialog.paper.setCurrentIndex(dialog.paper.findData(58))
        qtbot.waitUntil(lambda: dialog.preview.pixmap().width() < wide,  # 58 mm: narrower
                        timeout=10_000)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.message.text().startswith("The test slip printed"),
                        timeout=10_000)
        (test_page,) = wait_for_slips(qtbot, server, 1)
        assert "測試列印 TEST" in [t.strip() for t in test_page.texts]
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is c.window.counter.search.line)
        saved = load_printer_settings(store_fixture.engine)
        assert saved.profile is not None and saved.profile.kind is PrinterKind.NETWORK
        assert (saved.profile.port, saved.profile.paper_mm) == (server.port, 58)
        assert saved.address == "Taipei 1 Road"
        assert printer_label(c) == "Printer ready"
        # the next slip goes to the printer just chosen, with the new header
        enroll_member(c, PHONE, "陳美玲")
        find_and_award(qtbot, c, "100")
        *_, slip = wait_for_slips(qtbot, server, 2)
        assert "Taipei 1 Road" in [t.strip() for t in slip.texts]
    finally:
        c.close()
        i18n.remove_translators(qapp, translators)


def test_f6_shows_the_member_card_of_the_member_on_screen(
        qtbot: QtBot, printing_counter: CounterApp, server: PrinterServer) -> None:
    c = printing_counter
    enroll_member(c, PHONE, "陳美玲")
    press(qtbot, Qt.Key.Key_F6)
    assert c.window.counter.flash.text() == "Find the member first."
    type_text(qtbot, c.window.counter.search.line, PHONE)
    qtbot.keyClick(c.window.counter.search.line, Qt.Key.Key_Return)
    assert c.window.counter.panel.card_button.text() == "F6  Member card"
    press(qtbot, Qt.Key.Key_F6)
    assert c.receipts is not None
    card = c.receipts.card
    assert isinstance(card, MemberCardDialog) and card.isVisible()
    assert c.session.member is not None
    assert card.card.code == c.session.member.member_code
    assert card.print_slip.isEnabled()
    qtbot.mouseClick(card.print_slip, Qt.MouseButton.LeftButton)
    (slip,) = wait_for_slips(qtbot, server, 1)
    assert [b.data for b in slip.barcodes] == [c.session.member.member_code]


def test_a_redemption_prints_the_points_used_their_value_and_the_balance(
        qtbot: QtBot, printing_counter: CounterApp, server: PrinterServer,
        store_fixture: StoreFixture) -> None:
    c = printing_counter
    with store_fixture.engine.begin() as conn:  # synced an hour ago: offline limits apply
        put_state(conn, "last_sync_at", (store_fixture.clock.now - timedelta(hours=1))
                  .isoformat())
    enroll_member(c, PHONE, "陳美玲")
    find_and_award(qtbot, c, "12800")
    wait_for_slips(qtbot, server, 1)
    press(qtbot, Qt.Key.Key_F3)
    type_text(qtbot, c.window.counter.redeem.points, "500")
    press(qtbot, Qt.Key.Key_Return)
    assert c.window.counter.panel.balance.text() == "780"
    _, slip = wait_for_slips(qtbot, server, 2)
    assert "點數折抵明細" in [t.strip() for t in slip.texts]
    assert value_of(slip, "使用點數") == "-500 點"
    assert value_of(slip, "折抵金額") == "NT$50"
    assert value_of(slip, "點數餘額") == "780 點"
    assert value_of(slip, "手機") == "0912-***-678"
