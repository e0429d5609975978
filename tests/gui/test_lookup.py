"""Finding the member from the one search box: by phone, last digits, code and name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import CounterApp
from tests.gui.conftest import enroll_member, press, type_text
from tests.helpers.store import StoreFixture


def search(qtbot: QtBot, counter: CounterApp, text: str) -> None:
    line = counter.window.counter.search.line
    line.clear()
    type_text(qtbot, line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def shown_name(counter: CounterApp) -> str | None:
    panel = counter.window.counter.panel
    return panel.name.text() if panel.content.isVisibleTo(panel) else None


def flash(counter: CounterApp) -> str:
    label = counter.window.counter.flash
    return label.text() if label.isVisibleTo(counter.window) else ""


@pytest.fixture
def members(cashier_counter: CounterApp, store_fixture: StoreFixture) -> dict[str, str]:
    c = cashier_counter
    ids = {
        "chen": enroll_member(c, "0912345678", "陳美玲"),
        "lin": enroll_member(c, "0922111678", "林志明"),
        "wang": enroll_member(c, "0933555123", "王大同"),
    }
    c.session.show_member(ids["chen"])
    c.session.award("100", "")
    store_fixture.clock.advance(hours=2)  # 林志明 visited after 陳美玲
    c.session.show_member(ids["lin"])
    c.session.award("100", "")
    c.session.clear_member()
    return ids


@pytest.mark.parametrize("typed", ["0912345678", "0912-345-678", "+886 912 345 678",
                                   "０９１２３４５６７８"])
def test_whole_phone_in_any_accepted_format(qtbot: QtBot, cashier_counter: CounterApp,
                                            members: dict[str, str], typed: str) -> None:
    search(qtbot, cashier_counter, typed)
    assert shown_name(cashier_counter) == "陳美玲"
    details = cashier_counter.window.counter.panel.details.text()
    assert "0912-***-678" in details and "345" not in details  # the phone stays masked


def test_last_digits_list_newest_visit_first_then_pick(qtbot: QtBot, cashier_counter: CounterApp,
                                                       members: dict[str, str]) -> None:
    page = cashier_counter.window.counter
    search(qtbot, cashier_counter, "678")
    assert page.left.currentWidget() is page.results
    rows = [page.results.item(i).text() for i in range(page.results.count())]
    assert [r.split()[0] for r in rows] == ["林志明", "陳美玲"]
    assert "0922-***-678" in rows[0] and "0912-***-678" in rows[1]
    assert flash(cashier_counter) == "2 members match — press ↓ and Enter to choose."
    press(qtbot, Qt.Key.Key_Down)
    assert page.results.hasFocus()
    qtbot.keyClick(page.results, Qt.Key.Key_Down)
    qtbot.keyClick(page.results, Qt.Key.Key_Return)
    assert shown_name(cashier_counter) == "陳美玲"
    assert page.search.line.hasFocus()


def test_last_four_digits_of_one_member_open_them(qtbot: QtBot, cashier_counter: CounterApp,
                                                  members: dict[str, str]) -> None:
    search(qtbot, cashier_counter, "5123")
    assert shown_name(cashier_counter) == "王大同"


def test_member_code(qtbot: QtBot, cashier_counter: CounterApp, members: dict[str, str]) -> None:
    code = cashier_counter.session.show_member(members["wang"]).member_code
    cashier_counter.session.clear_member()
    search(qtbot, cashier_counter, code)
    assert shown_name(cashier_counter) == "王大同"


def test_name_prefix_typed_in_chinese(qtbot: QtBot, cashier_counter: CounterApp,
                                      members: dict[str, str]) -> None:
    search(qtbot, cashier_counter, "林志")
    assert shown_name(cashier_counter) == "林志明"


def test_mistyped_code_is_refused_by_its_check_digit(qtbot: QtBot, cashier_counter: CounterApp,
                                                     members: dict[str, str]) -> None:
    code = cashier_counter.session.show_member(members["wang"]).member_code
    cashier_counter.session.clear_member()
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    search(qtbot, cashier_counter, wrong)
    assert shown_name(cashier_counter) is None
    assert flash(cashier_counter) == (f"Code {wrong} fails its check digit: a digit was "
                                      "mistyped or misread. Scan or type it again.")


def test_unknown_phone_offers_enrollment_with_it(qtbot: QtBot, cashier_counter: CounterApp,
                                                 members: dict[str, str]) -> None:
    search(qtbot, cashier_counter, "0987 654 321")
    assert flash(cashier_counter) == ("No member found for “0987 654 321”. "
                                      "Press F4 to enroll this phone.")
    press(qtbot, Qt.Key.Key_F4)
    enroll = cashier_counter.window.counter.enroll
    assert enroll.isVisibleTo(cashier_counter.window)
    assert enroll.phone.text() == "0987 654 321"
    assert enroll.name.hasFocus()


def test_empty_search_and_bad_phone_explain_themselves(qtbot: QtBot, cashier_counter: CounterApp
                                                       ) -> None:
    search(qtbot, cashier_counter, "")
    assert flash(cashier_counter) == ("Type a phone number, its last digits, a member code "
                                      "or a name.")
    search(qtbot, cashier_counter, "09123")
    assert flash(cashier_counter) == "That phone number is not valid: check the number of digits."


def test_esc_clears_the_member_and_keeps_the_search_focused(
        qtbot: QtBot, cashier_counter: CounterApp, members: dict[str, str]) -> None:
    search(qtbot, cashier_counter, "0912345678")
    assert shown_name(cashier_counter) == "陳美玲"
    press(qtbot, Qt.Key.Key_Escape)
    assert shown_name(cashier_counter) is None
    assert cashier_counter.window.counter.search.line.hasFocus()
