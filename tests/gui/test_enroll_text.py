"""The enroll form with the issue's text cases: counted as the store counts, never cut, refused
with a message naming the problem, and every name shown literally."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.app import CounterApp
from desktop.messages import describe
from loyalty.errors import LoyaltyError
from loyalty.store.schema import members, outbox
from tests.gui.conftest import press, type_text
from tests.helpers.text_cases import ACCEPTED, REFUSED


def _enroll(qtbot: QtBot, counter: CounterApp, phone: str, name: str) -> None:
    press(qtbot, Qt.Key.Key_F4)
    enroll = counter.window.counter.enroll
    type_text(qtbot, enroll.phone, phone)
    if name.isprintable():
        type_text(qtbot, enroll.name, name)
    else:  # control characters arrive pasted or from a scanner, not from keys
        enroll.name.setText(name)
    enroll.consent_no.setChecked(True)
    enroll.name.setFocus()
    press(qtbot, Qt.Key.Key_Return)


def _written(counter: CounterApp) -> tuple[int, int]:
    with counter.session.service.engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(members)).scalar_one(),
                conn.execute(select(func.count()).select_from(outbox)).scalar_one())


@pytest.mark.parametrize(("phone", "name", "message"), [
    ("0912345678", "Ann\x07", "The name contains an invisible or control character "
     "(U+0007 BELL): type the name again without it."),
    ("0912345678", "\x1b[1mAnn", "The name contains an invisible or control character "
     "(U+001B ESCAPE): type the name again without it."),
    ("0912345678", "\u200b\u200b", "The name contains an invisible or control character "
     "(U+200B ZERO WIDTH SPACE): type the name again without it."),
    ("0912345678", "王小明\u202ecba", "The name contains a direction control character "
     "(U+202E RIGHT-TO-LEFT OVERRIDE), which reorders the letters on screen: type the name "
     "instead of pasting it."),
    ("0912345678", "好" * 41, "A name has at most 40 characters."),
    ("+86 138 1234 5678", "李雷",
     "This chain does not take members with mobile numbers from mainland China."),
    ("+1 415 555 2671", "Bob",
     "This chain does not take members with mobile numbers from the United States."),
    ("0912345678 ext. 12", "Ann", "A member's mobile number has no extension: remove ext. 12."),
])
def test_text_the_till_refuses_is_explained_at_the_form_and_nothing_is_written(
        qtbot: QtBot, cashier_counter: CounterApp, phone: str, name: str, message: str) -> None:
    before = _written(cashier_counter)
    _enroll(qtbot, cashier_counter, phone, name)
    enroll = cashier_counter.window.counter.enroll
    assert enroll.message.text() == message
    assert enroll.name.text() == name  # kept as typed, to correct
    assert _written(cashier_counter) == before


def test_the_name_counts_characters_as_the_store_does_and_is_never_cut(
        qtbot: QtBot, cashier_counter: CounterApp) -> None:
    press(qtbot, Qt.Key.Key_F4)
    enroll = cashier_counter.window.counter.enroll
    type_text(qtbot, enroll.name, "𠮷" * 40)
    assert enroll.name.text() == "𠮷" * 40  # 80 UTF-16 units, all kept
    assert enroll.name_count.text() == "40 / 40 characters"
    assert enroll.name_count.property("tone") == "muted"
    type_text(qtbot, enroll.name, "𠮷")
    assert enroll.name.text() == "𠮷" * 41
    assert enroll.name_count.text() == "41 / 40 characters"
    assert enroll.name_count.property("tone") == "error"


@pytest.mark.parametrize(("phone", "typed", "shown"), [
    ("0912–345–678", "<b>x</b>", "<b>x</b>"),
    ("0912 345 679", "<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("０９１２３４５６８０", "Zoe\u0301 &amp; Ann", "Zoé &amp; Ann"),
    ("0912345681", "𠮷" * 40, "𠮷" * 40),
    ("0912345682", "Amy 🎉😀", "Amy 🎉😀"),
])
def test_an_accepted_name_shows_literally_wherever_it_appears(
        qtbot: QtBot, cashier_counter: CounterApp, phone: str, typed: str, shown: str) -> None:
    _enroll(qtbot, cashier_counter, phone, typed)
    panel = cashier_counter.window.counter.panel
    qtbot.waitUntil(lambda: panel.name.text() == shown)
    showing = [label for label in cashier_counter.window.findChildren(QLabel)
               if shown in label.text() and label.isVisible()]
    assert panel.name in showing
    assert cashier_counter.window.counter.flash in showing  # "Welcome, …!"
    for label in showing:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert QApplication.focusWidget() is not None


# --- the issue's table (tests/helpers/text_cases.py) through the form --------------------------

@pytest.mark.parametrize(("case", "phone", "typed", "stored"), ACCEPTED,
                         ids=[row[0] for row in ACCEPTED])
def test_the_issues_accepted_text_cases_enroll_through_the_form_as_stored_everywhere(
        qtbot: QtBot, cashier_counter: CounterApp, case: str, phone: str, typed: str,
        stored: str) -> None:
    before = _written(cashier_counter)
    _enroll(qtbot, cashier_counter, phone, typed)
    panel = cashier_counter.window.counter.panel
    qtbot.waitUntil(lambda: panel.name.text() == stored)
    assert panel.name.textFormat() == Qt.TextFormat.PlainText
    member = cashier_counter.session.member
    assert member is not None and member.name == stored
    assert _written(cashier_counter)[0] == before[0] + 1


@pytest.mark.parametrize(("case", "phone", "typed", "code"), REFUSED,
                         ids=[row[0] for row in REFUSED])
def test_the_issues_refused_text_cases_are_refused_at_the_form_as_by_the_store(
        qtbot: QtBot, cashier_counter: CounterApp, case: str, phone: str, typed: str,
        code: str) -> None:
    with pytest.raises(LoyaltyError) as by_store:
        cashier_counter.session.service.enroll(phone=phone, name=typed)
    assert by_store.value.code == code
    before = _written(cashier_counter)
    _enroll(qtbot, cashier_counter, phone, typed)
    enroll = cashier_counter.window.counter.enroll
    assert enroll.message.text() == describe(by_store.value)
    assert enroll.name.text() == typed and enroll.phone.text() == phone  # kept, to correct
    assert _written(cashier_counter) == before
