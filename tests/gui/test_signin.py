"""Sign-in, first start, lock (key and idle), and the audit trail behind them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.app import CounterApp, build_counter
from loyalty.member_code import CodeBlock
from loyalty.store.codes import assign_block
from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import upgrade
from loyalty.store.schema import audit_log
from tests.gui.conftest import press, sign_in, type_text
from tests.helpers.store import CASHIER_PIN, MANAGER_PIN


def audit_actions(counter: CounterApp) -> list[str]:
    with counter.service.engine.connect() as conn:
        return [r.action for r in conn.execute(select(audit_log.c.action)
                                               .order_by(audit_log.c.id))]


def test_lock_screen_lists_staff_and_signs_in_with_pin(qtbot: QtBot, counter: CounterApp) -> None:
    view = counter.window.sign_in
    assert counter.window.pages.currentWidget() is view
    names = [view.cashier_list.item(i).text() for i in range(view.cashier_list.count())]
    assert any(n.startswith("李小華") for n in names) and any(n.startswith("王店長")
                                                              for n in names)
    assert view.pin.hasFocus()
    sign_in(qtbot, counter, "李小華", CASHIER_PIN)
    page = counter.window.counter
    assert counter.window.pages.currentWidget() is page
    assert page.header.cashier.text() == "李小華 · Cashier"
    assert page.search.line.hasFocus()
    assert audit_actions(counter)[-1] == "auth.sign_in"


def test_wrong_pin_is_refused_and_cleared(qtbot: QtBot, counter: CounterApp) -> None:
    sign_in(qtbot, counter, "李小華", "9999")
    view = counter.window.sign_in
    assert counter.window.pages.currentWidget() is view
    assert view.message.text() == "Wrong PIN."
    assert view.pin.text() == ""
    assert audit_actions(counter)[-1] == "auth.failed"


def test_f12_locks_and_hides_the_member(qtbot: QtBot, cashier_counter: CounterApp) -> None:
    page = cashier_counter.window.counter
    type_text(qtbot, page.search.line, "0912")
    press(qtbot, Qt.Key.Key_F12)
    assert cashier_counter.window.pages.currentWidget() is cashier_counter.window.sign_in
    assert cashier_counter.session.cashier is None
    assert cashier_counter.session.member is None
    assert page.search.line.text() == ""
    # the last cashier is preselected for signing back in
    assert cashier_counter.window.sign_in.cashier_list.currentItem().text().startswith("李小華")
    assert audit_actions(cashier_counter)[-1] == "auth.sign_out"


def test_idle_time_locks_the_counter(qtbot: QtBot, cashier_counter: CounterApp) -> None:
    cashier_counter.idle.set_interval(30)
    cashier_counter.idle.arm()
    with qtbot.waitSignal(cashier_counter.idle.idle_timeout, timeout=2000):
        pass
    assert cashier_counter.window.pages.currentWidget() is cashier_counter.window.sign_in
    assert cashier_counter.session.cashier is None


def test_typing_restarts_the_idle_timer(qtbot: QtBot, cashier_counter: CounterApp) -> None:
    idle = cashier_counter.idle
    idle.set_interval(60_000)
    idle.timer.start(40)  # as if the cashier had been idle for almost the whole interval
    type_text(qtbot, cashier_counter.window.counter.search.line, "1")
    assert idle.timer.remainingTime() > 30_000
    assert cashier_counter.session.cashier is not None


def test_first_start_creates_the_first_manager(qtbot: QtBot, qapp: object,
                                               tmp_path: Path) -> None:
    engine = create_store_engine(tmp_path / "empty.db")
    upgrade(engine)
    with engine.begin() as conn:
        assign_block(conn, CodeBlock.numbered(3))
    built = build_counter(engine)
    try:
        view = built.window.sign_in
        built.window.show()
        assert view.pages.currentIndex() == 1
        type_text(qtbot, view.manager_name, "林店長")
        type_text(qtbot, view.manager_pin, MANAGER_PIN)
        type_text(qtbot, view.manager_pin_again, "2469")
        qtbot.keyClick(view.manager_pin_again, Qt.Key.Key_Return)
        assert view.message.text() == "The two PINs differ."
        type_text(qtbot, view.manager_pin, MANAGER_PIN)
        type_text(qtbot, view.manager_pin_again, MANAGER_PIN)
        qtbot.keyClick(view.manager_pin_again, Qt.Key.Key_Return)
        assert built.session.cashier is not None
        assert built.session.cashier.name == "林店長" and built.session.cashier.is_manager
        assert built.window.counter.header.cashier.text() == "林店長 · Manager"
        assert audit_actions(built)[-2:] == ["cashier.create", "auth.sign_in"]
    finally:
        built.close()
        engine.dispose()
