"""The counter on the smallest screens we plan for (1024×768, 1366×768), in both languages:
with the busiest status bar (offline, slips waiting, sync problems, no camera) no function
key and no status-bar button is cut off; the header names the terminal, not its UUID."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.app import CounterApp, build_counter
from desktop.camera import install_camera
from desktop.services.printer import QUEUE_FILE, PrinterService
from desktop.services.settings import load_settings, save_settings
from desktop.services.sync_status import SyncState
from desktop.style import apply_style
from desktop.views.chrome import HeaderBar
from desktop.views.common import ElidingLabel
from printing import PrinterFault
from tests.gui.conftest import sign_in
from tests.helpers.store import CASHIER_PIN, StoreFixture

BUSY = SyncState(online=False, standalone=False, depth=1234,
                 last_sync=datetime(2026, 11, 23, 3, 58, tzinfo=UTC),
                 last_error="connection refused", error_kind="offline", rejected=2,
                 overdrafts=1)
STUCK = SyncState(online=True, standalone=False, depth=87, stuck=True, rejected=12,
                  last_sync=datetime(2026, 11, 23, 3, 58, tzinfo=UTC))


@pytest.fixture(params=["zh_TW", "en"])
def busy_counter(request: pytest.FixtureRequest, qtbot: QtBot, qapp: QApplication,
                 store_fixture: StoreFixture, tmp_path: Path) -> Iterator[CounterApp]:
    apply_style(qapp)
    translators = i18n.install_translators(qapp, request.param)
    printer = PrinterService(tmp_path / QUEUE_FILE, None)
    built = build_counter(store_fixture.engine, clock=store_fixture.clock, printer=printer)
    camera = install_camera(built.window, built.scans, store_fixture.engine,
                            start_after_ms=None)
    built.window.show()
    qtbot.waitExposed(built.window)
    sign_in(qtbot, built, "李小華", CASHIER_PIN)
    assert built.receipts is not None
    built.receipts.status.show_state("waiting", 2, PrinterFault.UNREACHABLE)
    yield built
    camera.stop()
    built.close()
    i18n.remove_translators(qapp, translators)
    i18n.install_translators(qapp, "en")


def _cut_off(window: QWidget) -> list[str]:
    """Buttons and labels narrower than their text needs, or reaching past the window;
    a label that gives way with "…" must keep its whole text in its tooltip."""
    status = window.statusBar()
    fkeys = window.counter.fkeys.buttons.values()  # type: ignore[attr-defined]
    shown = [w for w in status.findChildren(QWidget) if w.isVisible() and w.objectName()]
    found = []
    for widget in [*fkeys, *shown]:
        right = widget.mapTo(window, widget.rect().topRight()).x()
        if isinstance(widget, ElidingLabel):
            if right >= window.width() or widget.text() not in widget.toolTip():
                found.append(f"{widget.objectName()}: tooltip {widget.toolTip()!r}")
            continue
        if widget.objectName() == "printerStatus":
            continue  # a container: its label and buttons are checked themselves
        if widget.width() < widget.sizeHint().width() or right >= window.width():
            found.append(f"{widget.objectName()}: {widget.width()} < "
                         f"{widget.sizeHint().width()} or right edge {right}")
    return found


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
@pytest.mark.parametrize("state", [BUSY, STUCK], ids=["offline", "stuck"])
def test_nothing_is_cut_off_on_small_screens(qtbot: QtBot, busy_counter: CounterApp,
                                             size: tuple[int, int], state: SyncState) -> None:
    window = busy_counter.window
    window.status.show_state(state)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    assert window.minimumSizeHint().width() <= 1024
    QApplication.processEvents()
    assert _cut_off(window) == []


def test_header_names_the_terminal_and_keeps_the_id_in_its_tooltip(
        qtbot: QtBot, store_fixture: StoreFixture) -> None:
    save_settings(store_fixture.engine, {"terminal_name": "收銀機 2"})
    header = HeaderBar(load_settings(store_fixture.engine).text("store_name"),
                       "01a22d42-091f-7c3e-8d4b-5f0e9a1b2d42",
                       load_settings(store_fixture.engine).text("terminal_name"))
    qtbot.addWidget(header)
    assert header.store.text().endswith("· 收銀機 2")
    assert "01a22d42" not in header.store.text()
    assert header.store.toolTip() == "Terminal id: 01a22d42-091f-7c3e-8d4b-5f0e9a1b2d42"


@pytest.mark.parametrize(("terminal_id", "label"), [
    ("S001-T01", "Till 1"), ("S002-T12", "Till 12"),
    ("01a22d42-091f-7c3e-8d4b-5f0e9a1b2d42", "Till 2D42")])
def test_header_without_a_name_says_till_and_a_short_number(
        qtbot: QtBot, terminal_id: str, label: str) -> None:
    header = HeaderBar("Store", terminal_id)
    qtbot.addWidget(header)
    assert header.store.text() == f"Store · {label}"


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1366, 768)])
def test_a_redemption_waiting_for_a_manager_fits_small_screens(
        qtbot: QtBot, busy_counter: CounterApp, size: tuple[int, int]) -> None:
    """The busiest form: limits, the approval box with its reason, approver and PIN."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from tests.gui.conftest import enroll_member, press, type_text
    counter = busy_counter
    window = counter.window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    member_id = enroll_member(counter, "0922111678", "林志明")
    counter.session.show_member(member_id)
    counter.session.award("50000", "")  # 5,000 points
    press(qtbot, Qt.Key.Key_F3)
    redeem = window.counter.redeem
    type_text(qtbot, redeem.points, "2500")  # over the approval threshold
    assert redeem.approval.isVisible()
    QApplication.processEvents()
    squeezed = []
    assert redeem.limits.isHidden()  # the approval box takes its place
    for widget in (redeem.points, redeem.sale, redeem.value,
                   redeem.approval.reason, redeem.approval.approver_label,
                   redeem.approval.pin_label, redeem.approval.approver, redeem.approval.pin,
                   redeem.confirm_button, redeem.cancel_button):
        need = (widget.heightForWidth(widget.width())
                if isinstance(widget, QLabel) and widget.wordWrap()
                else widget.minimumSizeHint().height())
        bottom = widget.mapTo(redeem, widget.rect().bottomLeft()).y()
        if widget.height() < need or bottom > redeem.height():
            squeezed.append(f"{widget.objectName() or widget.text()[:20]}: "
                            f"{widget.height()} < {need} or bottom {bottom}")
    assert squeezed == []
    redeem.points.selectAll()  # the points erased: no approval asked, the limits return
    qtbot.keyClick(redeem.points, Qt.Key.Key_Backspace)
    assert redeem.approval.isHidden()
    assert redeem.limits.isVisible()
