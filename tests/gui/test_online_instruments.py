"""Vouchers at counters registered with central, through the real F11 form: central is asked
first, off the UI thread (the form waits and says so); two counters racing for the same
single-use coupon: exactly one hands it over, the other is told it is used."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.views.confirm import ConfirmDialog
from loyalty.store.schema import instrument_ledger
from tests.gui.sync_tills import Till, central, click, find, member_with_points, open_till
from tests.helpers.central_server import CentralServer
from tests.helpers.programs import COUPON, issue, put_programs, remaining

__all__ = ["central", "open_till"]  # fixtures
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen
OpenTill = Callable[..., Till]
PHONE = "0912345678"


def ask(qtbot: QtBot, till: Till) -> ConfirmDialog:
    """F11, the coupon chosen, Enter: the confirmation (not yet answered)."""
    till.counter.controller.action("instruments")
    form = till.page.instruments
    assert form.items.count() == 1 and form.items.item(0).text().startswith("Welcome coupon")
    click(qtbot, form.confirm_button)
    dialog = till.counter.controller.flows.instruments.dialog
    assert dialog is not None
    return dialog


def redeemed_here(till: Till) -> list[tuple[int, bool]]:
    with till.fixture.engine.connect() as conn:
        return [(r.units, r.offline) for r in conn.execute(
            select(instrument_ledger.c.units, instrument_ledger.c.offline)
            .where(instrument_ledger.c.kind == "redeem"))]


def test_two_online_counters_race_for_one_coupon_and_exactly_one_hands_it_over(
        qtbot: QtBot, open_till: OpenTill, central: CentralServer) -> None:
    put_programs(central, COUPON)
    a = open_till("a")
    member_id = member_with_points(qtbot, a, PHONE, 100)
    [coupon] = issue(central, "welcome", member_id)
    b = open_till("b")  # bootstraps the member and the coupon from central
    a.sync_round(qtbot)
    for till in (a, b):
        find(qtbot, till, PHONE)
        assert till.page.panel.instruments.texts() == [["Welcome coupon", "1 left", "No expiry"]]
    asked = [ask(qtbot, a), ask(qtbot, b)]
    for dialog in asked:
        click(qtbot, dialog.yes)
    form = a.page.instruments
    assert form.message.text() == "Asking central to authorise… (Esc cancels)"
    assert not form.confirm_button.isEnabled()  # the answer comes on a worker thread
    qtbot.waitUntil(lambda: not (a.counter.controller.flows.instruments.counter.busy
                                 or b.counter.controller.flows.instruments.counter.busy),
                    timeout=30_000)
    won = [t for t in (a, b) if t.page.open_form_widget() is None]
    lost = [t for t in (a, b) if t.page.open_form_widget() is not None]
    assert len(won) == 1 and len(lost) == 1
    assert won[0].page.flash.text() == "Used 1 of “Welcome coupon”. 0 left."
    assert redeemed_here(won[0]) == [(-1, False)]  # authorised online
    assert lost[0].page.instruments.message.text() == "This voucher has already been used."
    assert redeemed_here(lost[0]) == []
    assert remaining(central.db_url, coupon) == 0
