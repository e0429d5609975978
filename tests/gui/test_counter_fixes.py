"""Defects found trying the counter as a new cashier and manager would (issue 18): each
one as the cashier would notice it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop import formatting, i18n
from desktop.app import CounterApp
from desktop.views.files import documents_folder, save_dialog
from tests.gui.conftest import enroll_member, press, type_text
from tests.helpers.store import StoreFixture


def test_after_f12_the_pin_field_takes_the_pin(qtbot: QtBot, cashier_counter: CounterApp) -> None:
    press(qtbot, Qt.Key.Key_F12)
    assert cashier_counter.session.cashier is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cashier_counter.window.sign_in.pin)


def test_after_the_idle_lock_the_pin_field_takes_the_pin(qtbot: QtBot,
                                                         cashier_counter: CounterApp) -> None:
    cashier_counter.idle.idle_timeout.emit()
    assert cashier_counter.session.cashier is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cashier_counter.window.sign_in.pin)


def squeezed(form: QWidget, widgets: list[QWidget]) -> list[str]:
    """Widgets shorter than they need, or reaching below the form."""
    out = []
    for widget in widgets:
        need = (widget.heightForWidth(widget.width())
                if isinstance(widget, QLabel) and widget.wordWrap()
                else widget.minimumSizeHint().height())
        bottom = widget.mapTo(form, widget.rect().bottomLeft()).y()
        if widget.height() < need or bottom > form.height():
            out.append(f"{widget.objectName() or type(widget).__name__}: {widget.height()} < "
                       f"{need} or bottom {bottom} > {form.height()}")
    return out


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
@pytest.mark.parametrize("lang", ["zh_TW", "en"])
def test_the_void_panel_with_its_approval_box_fits_768_pixels(
        qtbot: QtBot, cashier_counter: CounterApp, store_fixture: StoreFixture,
        size: tuple[int, int]) -> None:
    counter = cashier_counter
    window = counter.window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    member_id = enroll_member(counter, "0922111678", "林志明")
    counter.session.show_member(member_id)
    for i in range(8):
        store_fixture.clock.advance(hours=1)
        counter.session.award(str(300 + i * 10), f"AB-{20000 + i}")
    press(qtbot, Qt.Key.Key_F8)
    void = window.counter.void
    assert void.approval.isVisible()  # a cashier: a manager approves
    QApplication.processEvents()
    assert squeezed(void, [void.entries, void.reason, void.approval.reason,
                           void.approval.approver, void.approval.pin,
                           void.confirm_button, void.cancel_button]) == []
    rows_shown = void.entries.viewport().height() // max(1, void.entries.sizeHintForRow(0))
    assert rows_shown >= 4, rows_shown  # more than two and a half rows to choose from


def test_enter_in_the_search_box_opens_the_highlighted_result(
        qtbot: QtBot, cashier_counter: CounterApp) -> None:
    counter = cashier_counter
    page = counter.window.counter
    enroll_member(counter, "0912345678", "陳美玲")
    enroll_member(counter, "0922111678", "林志明")
    type_text(qtbot, page.search.line, "678")
    qtbot.keyClick(page.search.line, Qt.Key.Key_Return)
    assert page.left.currentWidget() is page.results
    highlighted = page.results.currentItem().text().split()[0]
    qtbot.keyClick(page.search.line, Qt.Key.Key_Return)  # the highlighted one, not again
    assert counter.session.member is not None
    assert counter.session.member.name == highlighted
    qtbot.keyClick(page.search.line, Qt.Key.Key_Backspace)  # a new search: searched again
    type_text(qtbot, page.search.line, "678")
    qtbot.keyClick(page.search.line, Qt.Key.Key_Return)
    assert page.left.currentWidget() is page.results and counter.session.member is None


def test_the_result_list_shows_the_local_date_of_the_last_visit_not_a_voided_one(
        qtbot: QtBot, manager_counter: CounterApp, store_fixture: StoreFixture) -> None:
    counter = manager_counter
    page = counter.window.counter
    chen = enroll_member(counter, "0912345678", "陳美玲")
    enroll_member(counter, "0922111678", "林志明")
    counter.session.show_member(chen)
    store_fixture.clock.now = datetime(2026, 12, 5, 6, 0, tzinfo=UTC)  # 12/5 14:00 in Taipei
    counter.session.award("500", "")
    store_fixture.clock.now = datetime(2026, 12, 6, 17, 30, tzinfo=UTC)  # 12/7 01:30 local
    change = counter.session.award("800", "")
    counter.session.clear_member()

    def chen_row() -> str:
        counter.controller.search("678")
        return next(page.results.item(i).text() for i in range(page.results.count())
                    if page.results.item(i).text().startswith("陳美玲"))
    assert chen_row().endswith(formatting.day(date(2026, 12, 7)))  # local, not UTC's 12/6
    counter.session.show_member(chen)
    counter.session.void(change.entry_id, "wrong member", None, "")
    counter.session.clear_member()
    assert chen_row().endswith(formatting.day(date(2026, 12, 5)))  # the voided sale is gone
    counter.session.show_member(chen)
    assert formatting.day(date(2026, 12, 5)) in page.panel.details.text()


def test_the_panel_refreshes_its_pending_points_when_a_sync_round_confirms_them(
        qtbot: QtBot, cashier_counter: CounterApp) -> None:
    counter = cashier_counter
    page = counter.window.counter
    member_id = enroll_member(counter, "0912345678", "陳美玲")
    counter.session.show_member(member_id)
    counter.session.award("3500", "")
    assert "pending here 350" in page.panel.split.text()
    with counter.service.engine.begin() as conn:  # what applying central's page does
        conn.execute(text("UPDATE ledger SET state = 'confirmed'"))
        conn.execute(text("UPDATE members SET pending_points = 0"))
    counter.sync.report(online=True, last_sync=datetime(2026, 12, 7, 3, 0, tzinfo=UTC))
    assert "pending here 0" in page.panel.split.text()
    assert page.panel.history.item(0, 5).text() == "Confirmed"


def test_save_dialogs_speak_the_counter_language_and_start_in_documents(
        qtbot: QtBot, qapp: QApplication) -> None:
    translators = i18n.install_translators(qapp, "zh_TW")
    try:
        dialog = save_dialog(None, "匯出 CSV", "member-report_2026-12-01_2026-12-30.csv",
                             "CSV 檔 (*.csv)")
        qtbot.addWidget(dialog)
        assert Path(dialog.directory().absolutePath()) == documents_folder()
        look_in = dialog.findChild(QLabel, "lookInLabel")
        assert look_in is not None and look_in.text() != "Look in:"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in look_in.text())
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None and name.text() == "member-report_2026-12-01_2026-12-30.csv"
    finally:
        i18n.remove_translators(qapp, translators)
        i18n.install_translators(qapp, "en")
