"""The status bar of a counter registered with a real central: online or offline in words,
the last sync in the store's local time, operations waiting, and — for a manager — the
operations central rejected and the overdrafts it recorded, with the list behind them."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.services.sync_status import SyncState
from desktop.services.sync_status import SyncStatus as SyncStatusSeam
from desktop.sync_worker import SyncService
from desktop.views.chrome import CounterStatusBar
from loyalty.dates import utc_now
from loyalty.store.schema import audit_log, members
from sync.bootstrap import register_terminal
from tests.gui.conftest import sign_in
from tests.gui.sync_tills import (
    QUIET,
    Till,
    central,
    click,
    find,
    member_with_points,
    open_till,
    twd,
)
from tests.gui.test_online_redemption import answered, start_redeeming
from tests.helpers.central_server import CentralServer, start_central
from tests.helpers.store import MANAGER_PIN, make_store

__all__ = ["central", "open_till"]  # fixtures
# Showing a dialog on the offscreen platform (no window manager) logs this harmless warning.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
OpenTill = Callable[..., Till]
PHONE = "0912345678"
TAIPEI = ZoneInfo("Asia/Taipei")

def shot(widget: QWidget, name: str) -> None:
    """Save a screenshot when ``REGULARS_SHOTS_DIR`` is set (to look at the bar and list)."""
    folder = os.environ.get("REGULARS_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


@contextmanager
def central_down(central: CentralServer) -> Iterator[None]:
    """Central stops; on leaving, it starts again on the same port and database."""
    central.stop()
    port = int(central.url.rsplit(":", 1)[1])
    yield
    again = start_central(central.db_url, port=port)
    central._server, central._thread, central._engine = (again._server, again._thread,
                                                          again._engine)


def test_online_then_offline_in_words_with_local_time_and_queue(
        qtbot: QtBot, open_till: OpenTill, central: CentralServer) -> None:
    a = open_till("a")
    bar = a.counter.window.status
    state = a.counter.sync.state
    assert state.last_sync is not None
    local = state.last_sync.astimezone(TAIPEI)
    assert bar.connection.text() == "● Online"
    assert bar.queue.text() == "Waiting to sync: 0"
    assert bar.last_sync.text().startswith("Last sync: ")
    assert local.strftime("%-I:%M") in bar.last_sync.text()  # Taipei's clock, not UTC's
    assert bar.problems.text() == "Sync details" and not bar.stuck.isVisible()

    with central_down(central):
        a.counter.session.service.enroll(phone=PHONE, name="王小明")
        a.counter.sync.refresh()
        assert bar.queue.text() == "Waiting to sync: 1"
        status = a.sync_round(qtbot)
        assert status.online is False and status.queue_depth == 1
        assert bar.connection.text() == "● Offline — central unreachable"
        assert bar.last_sync.toolTip() == (f"{bar.last_sync.text()}\n"
                                           "Central cannot be reached; sales continue offline.")
        assert local.strftime("%-I:%M") in bar.last_sync.text()  # the last success stays
        shot(bar, "status_offline")
    status = a.sync_round(qtbot)
    assert status.online and status.queue_depth == 0
    assert bar.connection.text() == "● Online" and bar.queue.text() == "Waiting to sync: 0"


@pytest.mark.expect_log_warnings("sync.push")  # central's rejection, logged
def test_rejections_and_overdrafts_are_counted_and_listed_for_a_manager(
        qtbot: QtBot, open_till: OpenTill, central: CentralServer, tmp_path: Path) -> None:
    a = open_till("a")
    member_id = member_with_points(qtbot, a, PHONE, 15000)  # 1,500 points
    b = open_till("b")
    with central_down(central):
        for till in (a, b):  # each sells offline: the same receipt twice, 1,000 points each
            till.counter.session.service.award(member_id, twd(1000), receipt_no="SAME")
            find(qtbot, till, PHONE)
            start_redeeming(qtbot, till, "1000")
            answered(qtbot, till)
            assert till.page.flash.text().startswith("Redeemed 1,000 points")
    for till in (a, b, a):
        status = till.sync_round(qtbot)
        assert status.online and status.queue_depth == 0, status

    bar = b.counter.window.status
    assert bar.problems.text() == "⚠ 1 rejected · 1 overdrawn"
    assert a.counter.window.status.problems.text() == "⚠ 1 overdrawn"
    click(qtbot, bar.problems)  # a cashier is told who may look
    assert b.page.flash.text() == "The sync problems list is for managers."

    b.counter.controller.lock()
    sign_in(qtbot, b.counter, "王店長", MANAGER_PIN)
    click(qtbot, bar.problems)
    dialog = b.counter.controller.sync_panel.dialog
    assert dialog is not None and dialog.isVisible()
    rejected = dialog.rejected_table
    assert dialog.rejected_title.text() == "Rejected by central: 1"
    row = [rejected.item(0, c).text() for c in range(rejected.columnCount())]
    assert row[1:4] == ["Points", row[2], "100"] and row[2].endswith(" · 王小明")
    assert "receipt already earned points" in row[4]  # central's words
    assert rejected.item(0, 0).font().bold()  # new since a manager last looked
    overdrafts = dialog.overdraft_table
    assert dialog.overdraft_title.text() == "Overdrafts recorded by central: 1"
    row = [overdrafts.item(0, c).text() for c in range(overdrafts.columnCount())]
    with b.fixture.engine.connect() as conn:  # the member's points went below zero by …
        balance = conn.execute(select(members.c.balance).where(
            members.c.id == member_id)).scalar_one()
    assert balance < 0 and row[1].endswith(" · 王小明")
    assert row[2:4] == ["1,000", f"{-balance:,}"] and row[4] == "this terminal"
    QApplication.processEvents()
    shot(dialog, "sync_problems")
    shot(bar, "status_problems")

    click(qtbot, dialog.seen)
    assert bar.problems.text() == "Sync details"
    assert not rejected.item(0, 0).font().bold() and not dialog.seen.isEnabled()
    assert dialog.rejected_title.text() == "Rejected by central: 1"  # kept, never deleted
    with b.fixture.engine.connect() as conn:
        seen = list(conn.execute(select(audit_log.c.actor_role).where(
            audit_log.c.action == "sync.problems_seen")).scalars())
    assert seen == ["manager"]

    # The manager saves what central has not accepted (here: the rejected entry) to a file.
    target = tmp_path / "unsent.jsonl"
    b.counter.controller.sync_panel.ask_export_path = lambda: target
    click(qtbot, dialog.export)
    [line] = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert line["state"] == "rejected" and line["reason"].startswith("duplicate_receipt")
    assert line["payload"]["receipt_no"] == "SAME"
    assert dialog.note.text() == f"Unsent operations saved: 1, in {target}"


def test_a_stuck_queue_raises_a_visible_alert(qtbot: QtBot) -> None:
    bar = CounterStatusBar(TAIPEI)
    qtbot.addWidget(bar)
    bar.show_state(SyncState(online=True, standalone=False, depth=12, stuck=True))
    assert not bar.stuck.isHidden()
    assert bar.stuck.text() == "⚠ Nothing sent for 15 minutes while online: call support"
    bar.show_state(SyncState(online=True, standalone=False, depth=0))
    assert bar.stuck.isHidden()
    bar.show_state(SyncState(online=False, standalone=False, depth=3, error_kind="unauthorised",
                             last_error="Central refused this terminal's credential."))
    assert bar.last_sync.text() == ("Last sync: never · Central refused this terminal: a "
                                    "manager must register it again.")


def test_a_new_terminal_shows_the_member_list_loading(
        qtbot: QtBot, open_till: OpenTill, central: CentralServer, tmp_path: Path) -> None:
    a = open_till("a")
    for k in range(3):
        a.counter.session.service.enroll(phone=f"091234567{k}", name=f"會員{k}")
    assert a.sync_round(qtbot).queue_depth == 0
    fresh = make_store(tmp_path / "fresh" / "store.db")
    register_terminal(fresh.engine, fresh.path.parent, central.url,
                      central.demo_chain().enrollment_code, utc_now())
    seam = SyncStatusSeam(lambda: 0)
    bar = CounterStatusBar(TAIPEI)
    qtbot.addWidget(bar)
    seam.state_changed.connect(bar.show_state)
    shown: list[str] = []
    seam.state_changed.connect(lambda _state: shown.append(bar.last_sync.text()))
    service = SyncService(fresh.path, fresh.path.parent, seam, config=QUIET)
    try:
        with qtbot.waitSignal(service.status_changed, timeout=60_000):
            service.start()
    finally:
        service.stop()
        fresh.engine.dispose()
    assert "Loading members from central: 3 of 3" in shown
    assert shown[-1].startswith("Last sync: ")  # done: the bar is back to the last sync
