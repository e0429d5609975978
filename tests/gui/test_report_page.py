# ruff: noqa: F811  (pytest fixtures imported from report_fixtures are named as parameters)
"""The report as a page of the counter: reached and left by keyboard, never left behind the
lock screen, titled by its range with the store's name, readable date axes, and a CSV a
spreadsheet reads one value per cell."""

from __future__ import annotations

import csv
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import QCategoryAxis, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import CounterApp
from desktop.report import ReportWindow
from desktop.report.i18n import install as install_report_translator
from desktop.services.settings import save_settings
from loyalty.store.service import CounterService
from tests.gui.conftest import press
from tests.gui.report_fixtures import manager_service, report_store  # noqa: F401
from tests.helpers.store import StoreFixture
from tests.unit.report.dataset import Dataset

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TODAY = date(2026, 11, 13)


def open_report(qtbot: QtBot, counter: CounterApp) -> ReportWindow:
    press(qtbot, Qt.Key.Key_F9)
    report = counter.controller.report
    assert isinstance(report, ReportWindow)
    qtbot.waitUntil(lambda: report.report is not None and not report.loading)
    return report


def on_counter(counter: CounterApp) -> bool:
    return (counter.controller.report is None
            and counter.window.pages.currentWidget() is counter.window.counter)


def test_f9_opens_the_report_in_the_window_and_esc_goes_back(
        qtbot: QtBot, manager_counter: CounterApp) -> None:
    report = open_report(qtbot, manager_counter)
    assert manager_counter.window.pages.currentWidget() is report
    assert report.geometry().height() > 600  # the window's whole height, not a fixed box
    press(qtbot, Qt.Key.Key_Escape)
    assert on_counter(manager_counter)
    assert manager_counter.window.counter.search.line.hasFocus()


def test_the_close_button_goes_back_and_segments_go_back_to_the_report_first(
        qtbot: QtBot, manager_counter: CounterApp) -> None:
    report = open_report(qtbot, manager_counter)
    qtbot.mouseClick(report.segments_button, Qt.MouseButton.LeftButton)
    assert report.stack.currentWidget() is report.segments_view
    press(qtbot, Qt.Key.Key_Escape)  # out of the segments, still in the report
    assert report.stack.currentWidget() is report.scroll_area
    assert manager_counter.window.pages.currentWidget() is report
    qtbot.mouseClick(report.close_button, Qt.MouseButton.LeftButton)
    assert on_counter(manager_counter)


@pytest.mark.parametrize("how", ["F12", "idle", "sign-out"])
def test_locking_closes_the_report_and_the_pin_takes_the_keys(
        qtbot: QtBot, manager_counter: CounterApp, how: str) -> None:
    open_report(qtbot, manager_counter)
    if how == "F12":
        press(qtbot, Qt.Key.Key_F12)
    elif how == "idle":
        manager_counter.idle.idle_timeout.emit()
    else:
        manager_counter.session.lock()
    window = manager_counter.window
    assert manager_counter.controller.report is None
    assert window.pages.currentWidget() is window.sign_in
    assert window.pages.count() == 2  # the report page is gone, not hidden
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sign_in.pin)
    qtbot.keyClicks(window.sign_in.pin, "2468")
    assert window.sign_in.pin.text() == "2468"


@pytest.mark.parametrize(("lang", "days", "title"), [
    ("zh_TW", 30, "會員報表 10/15–11/13 · 好日子生活百貨 信義店"),
    ("en", 30, "Member report 10/15–11/13 · 好日子生活百貨 信義店"),
    ("zh_TW", 1, "會員日報 11/13 · 好日子生活百貨 信義店"),
    ("en", 1, "Daily member report 11/13 · 好日子生活百貨 信義店")])
def test_the_title_says_the_range_and_the_store_by_name(
        qtbot: QtBot, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService, lang: str, days: int, title: str) -> None:
    store, _ = report_store
    save_settings(store.engine, {"store_name": "好日子生活百貨 信義店"})
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_report_translator(app, lang)
    try:
        window = ReportWindow(manager_service, store.manager, today=TODAY)
        qtbot.addWidget(window)
        window.set_range(TODAY - timedelta(days=days - 1), TODAY)
        qtbot.waitUntil(lambda: window.report is not None and not window.loading
                        and window.report.period.days == days)
        assert window.title.text().startswith(title)
        assert "S001" not in window.title.text()
    finally:
        if translator is not None:
            app.removeTranslator(translator)


@pytest.mark.parametrize("days", [7, 30, 90])
def test_date_axes_name_readable_days_at_7_30_and_90_days(
        qtbot: QtBot, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService, days: int, tmp_path: Path) -> None:
    store, _ = report_store
    window = ReportWindow(manager_service, store.manager, today=TODAY)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window.set_range(TODAY - timedelta(days=days - 1), TODAY)
    qtbot.waitUntil(lambda: window.report is not None and not window.loading
                    and window.report.period.days == days)
    view = window.findChild(QChartView, "chart_0")
    assert view is not None
    qtbot.waitUntil(lambda: view.chart().plotArea().width() > 100)
    (axis,) = [a for a in view.chart().axes(Qt.Orientation.Horizontal)]
    assert isinstance(axis, QCategoryAxis)
    labels = axis.categoriesLabels()
    assert 2 <= len(labels) <= 8 and labels[-1] == "11/13"  # the last day always named
    assert all("…" not in label and label.count("/") == 1 for label in labels)
    # every label fits its share of the plot's width: nothing is elided to "…"
    widest = max(QFontMetrics(axis.labelsFont()).horizontalAdvance(t) for t in labels)
    assert widest * len(labels) < view.chart().plotArea().width()
    pdf_path = tmp_path / "report.pdf"
    window.export_pdf(pdf_path)  # the same axes on paper
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert all(label in text for label in labels) and "…" not in text


def test_the_csv_has_one_value_per_cell_iso_dates_tier_names_and_the_range_in_its_name(
        qtbot: QtBot, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService, tmp_path: Path) -> None:
    store, _ = report_store
    window = ReportWindow(manager_service, store.manager, today=TODAY)
    qtbot.addWidget(window)
    window.set_range(date(2026, 11, 1), date(2026, 11, 12))
    qtbot.waitUntil(lambda: window.report is not None and not window.loading
                    and window.report.period.days == 12)
    offered: list[str] = []

    def ask(title: str, suffix: str) -> Path:
        from loyalty.report.export import report_file_name
        offered.append(report_file_name(*window.selected_range(), suffix))
        return tmp_path / offered[-1]
    window.ask_save_path = ask  # type: ignore[method-assign]
    qtbot.mouseClick(window.csv_button, Qt.MouseButton.LeftButton)
    assert offered == ["member-report_2026-11-01_2026-11-12.csv"]
    path = tmp_path / offered[0]
    assert window.message.text() == f"Saved to {path}"
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if "/" in c and "(" not in c]  # no 2/1 Excel makes a date
    assert ["period", "start", "Period start", "2026-11-01", "2026-10-20"] in rows
    days = rows[rows.index(["By day"]) + 2:][:12]
    assert [r[0] for r in days] == [f"2026-11-{d:02d}" for d in range(1, 13)]
    assert all(c.replace(".", "").isdigit() for r in days for c in r[1:])
    tiers = rows[rows.index(["Tier mix"]) + 2:]
    tier_names = {r[0]: r[1] for r in tiers[:tiers.index([])]}
    rules = manager_service.rules()
    assert tier_names == {code: rules.tier(code).name_en for code in tier_names}
    assert all(code != name for code, name in tier_names.items())


@pytest.mark.parametrize("lang", ["zh_TW", "en"])
def test_segments_show_tier_names_not_their_codes(
        qtbot: QtBot, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService, lang: str) -> None:
    from desktop.report import SegmentsView
    store, _ = report_store
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_report_translator(app, lang)
    try:
        view = SegmentsView(manager_service, store.manager, today=TODAY)
        qtbot.addWidget(view)
        view.search()
        qtbot.waitUntil(lambda: not view.searching)
        rules = manager_service.rules()
        names = {t.name_zh if lang == "zh_TW" else t.name_en for t in rules.tiers}
        shown = {view.table.item(r, 2).text() for r in range(view.table.rowCount())}
        assert shown and shown <= names
        assert {view.tier.itemText(i) for i in range(1, view.tier.count())} == names
    finally:
        if translator is not None:
            app.removeTranslator(translator)
