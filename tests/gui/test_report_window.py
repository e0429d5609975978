# ruff: noqa: F811  (pytest fixtures imported from report_fixtures are named as parameters)
"""The report window, offscreen, on a real store file: who may open it, the range, exports."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop.report import ReportWindow, SegmentsView, figure
from loyalty.errors import NotPermitted
from loyalty.report.labels import label
from loyalty.store.cashiers import Cashier
from loyalty.store.report.segments import SegmentFilter
from loyalty.store.service import CounterService
from printing import Pair
from tests.gui.report_fixtures import manager_service, report_store  # noqa: F401
from tests.helpers.store import StoreFixture
from tests.unit.report.dataset import Dataset

LEFT = Qt.MouseButton.LeftButton

# The offscreen platform says so when a top-level window is shown; harmless there.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

START, END, TODAY = date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 13)


def open_window(qtbot: QtBot, svc: CounterService, manager: Cashier) -> ReportWindow:
    window = ReportWindow(svc, manager, today=TODAY)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.report is not None and not window.loading)
    return window


def show_range(qtbot: QtBot, window: ReportWindow, start: date, end: date) -> None:
    """Pick the range and wait for its report (computed off the UI thread)."""
    window.set_range(start, end)
    qtbot.waitUntil(lambda: not window.loading and window.report is not None
                    and (window.report.period.start, window.report.period.end) == (start, end))


def test_a_cashier_cannot_open_the_report(
        qtbot: QtBot, report_store: tuple[StoreFixture, Dataset]) -> None:
    store, _ = report_store
    svc = store.service()
    cashier = svc.sign_in(store.cashier.id, "1357")
    try:
        with pytest.raises(NotPermitted):
            ReportWindow(svc, cashier, today=TODAY)
        with pytest.raises(NotPermitted):
            SegmentsView(svc, cashier, today=TODAY)
    finally:
        svc.close()


def test_manager_changes_the_range_and_sees_the_figures(
        qtbot: QtBot, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService) -> None:
    store, _ = report_store
    window = open_window(qtbot, manager_service, store.manager)
    assert figure(window, "buyers") == "1"  # opens on today (11-13): G at 00:00:00
    with qtbot.waitSignal(window.report_loaded) as loaded:
        window.start_edit.setDate(window.start_edit.date().addDays(-3))  # 11-10
        window.end_edit.setDate(window.end_edit.date().addDays(-1))  # 11-12
        qtbot.mouseClick(window.apply_button, LEFT)
    assert loaded.args[0].period.start == START and loaded.args[0].period.end == END
    assert figure(window, "buyers") == "3"
    assert window.tiles["buyers"].change_label.text() == "+50.0%"  # 3 against 2
    assert figure(window, "member_sales") == "NT$5,300"
    assert figure(window, "member_share") == "77.9%"
    assert figure(window, "points_issued") == "530"
    assert figure(window, "liability_value") == "NT$138"
    assert figure(window, "expiring_soon") == "300"
    assert window.top_table.item(0, 1).text() == "0912-***-602"  # masked
    assert window.findChild(QChartView, "chart_2")


def test_csv_and_pdf_hold_the_screen_figures(
        qtbot: QtBot, tmp_path: Path, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService) -> None:
    store, _ = report_store
    window = open_window(qtbot, manager_service, store.manager)
    show_range(qtbot, window, START, END)
    csv_path, pdf_path = tmp_path / "r.csv", tmp_path / "r.pdf"
    window.ask_save_path = lambda title, suffix: csv_path if suffix == ".csv" else pdf_path
    qtbot.mouseClick(window.csv_button, LEFT)
    qtbot.mouseClick(window.pdf_button, LEFT)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    tables = csv_tables(raw)
    rows = {(r[0], r[1]): dict(zip(("section", "key", "label", "current", "previous"), r,
                                   strict=True)) for r in tables[label("summary", window.lang)][1:]}
    assert rows[("kpi", "buyers")]["current"] == figure(window, "buyers") == "3"
    assert rows[("kpi", "buyers")]["previous"] == "2"
    assert rows[("kpi", "member_sales")]["current"] == "5300"
    assert figure(window, "member_sales") == "NT$5,300"
    assert rows[("kpi", "member_share")]["current"] == "0.7794"
    assert rows[("base", "liability_points")]["current"] == figure(
        window, "liability_points").replace(",", "") == "1380"
    assert rows[("base", "top_share")]["current"] == "0.5660"
    assert rows[("napl", "N")]["current"] == "4" and rows[("napl", "N")]["previous"] == "3"
    assert rows[("napl_flow", "P>A")]["current"] == "1"
    top = tables[label("top_members", window.lang)]
    assert top[1][:3] == [window.report.top_members[0].member_code,
                          window.report.top_members[0].name, "0912-***-602"]
    pdf = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True,
                         capture_output=True, text=True).stdout
    for key, tile in window.tiles.items():
        assert tile.value_label.text() in pdf, key
        assert tile.title_label.text() in pdf, key
    assert "0912-***-602" in pdf and "+50.0%" in pdf
    assert "0912345602" not in pdf and "+886912345602" not in pdf
    # The charts are drawn at a readable size: their titles are about 10 pt tall on paper.
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], check=True,
                           capture_output=True, text=True).stdout
    titles = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(NAPL|等級分布)<',
                        boxes)
    assert len(titles) == 2 and all(float(b) - float(a) > 7 for a, b, _ in titles)


def csv_tables(raw: bytes) -> dict[str, list[list[str]]]:
    """The report CSV's tables by title: header row first, then the rows."""
    out: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for row in csv.reader(raw.decode("utf-8-sig").splitlines()):
        if not row:
            current = []
        elif not current and len(row) == 1 and row[0] not in out:
            out[row[0]] = current
            current.append([])  # the title itself, dropped below
        else:
            current.append(row)
    return {title: rows[1:] for title, rows in out.items()}


def test_summary_slip_has_the_report_figures(
        qtbot: QtBot, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService) -> None:
    store, _ = report_store
    window = open_window(qtbot, manager_service, store.manager)
    show_range(qtbot, window, START, END)
    with qtbot.waitSignal(window.print_requested) as printed:
        qtbot.mouseClick(window.print_button, LEFT)
    pairs = {b.label: b.value for b in printed.args[0].blocks if isinstance(b, Pair)}
    assert pairs["消費會員"] == "3 人" and pairs["會員消費"] == "NT$5,300"
    assert pairs["點數負債"] == "NT$138"


def test_segments_export_consented_list_with_full_phones_and_audit(
        qtbot: QtBot, tmp_path: Path, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService) -> None:
    store, data = report_store
    view = SegmentsView(manager_service, store.manager, today=TODAY)
    qtbot.addWidget(view)
    view.napl.setCurrentIndex(view.napl.findData("N"))
    view.search()
    assert view.searching and not view.export_button.isEnabled()
    qtbot.waitUntil(lambda: not view.searching)  # found off the UI thread
    # N as of 11-13: B, C, E, G (G bought at 00:00 on 11-13, still new); consented: C, E.
    assert sorted(m.name for m in view.members) == ["會員B", "會員C", "會員E", "會員G"]
    assert all("***" in view.table.item(r, 1).text() for r in range(view.table.rowCount()))
    assert view.current_filter() == SegmentFilter(napl=frozenset({"N"}))
    path = tmp_path / "campaign.csv"
    view.ask_save_path = lambda: path
    qtbot.mouseClick(view.export_button, LEFT)
    exported = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted((r["name"], r["phone"]) for r in exported) == [
        ("會員C", "+886912345606"), ("會員E", "+886912345608")]
    with store.engine.connect() as conn:
        action, details = conn.execute(text(
            "SELECT action, details FROM audit_log ORDER BY id DESC LIMIT 1")).one()
    assert action == "report.segment_export" and json.loads(details)["members"] == 2
    assert data.ids["C"] in {m.member_id for m in view.members}


@pytest.mark.parametrize("lang", ["zh_TW", "en"])
def test_screenshots_in_both_languages(
        qtbot: QtBot, lang: str, tmp_path: Path, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService) -> None:
    from PySide6.QtWidgets import QApplication, QScrollArea

    from desktop.report import i18n
    store, _ = report_store
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = i18n.install(app, lang)
    try:
        window = open_window(qtbot, manager_service, store.manager)
        show_range(qtbot, window, START, END)
        assert window.csv_button.text() == ("匯出 CSV" if lang == "zh_TW" else "Export CSV")
        assert window.tiles["buyers"].title_label.text() == (
            "消費會員" if lang == "zh_TW" else "Members who bought")
        out = tmp_path  # a test never writes into the checkout (docs/ is refreshed by hand)
        scroll = window.findChild(QScrollArea)
        assert scroll is not None and scroll.widget() is not None
        # Settled layout: the content spans the viewport. (Whether a vertical scroll bar shows
        # depends on the style earlier tests left on the QApplication, so it is not asked.)
        # With the counter's style sheet on the application (left by earlier tests, as in the
        # app) the tiles need ~1400 px: give the window what the content asks for.
        need = scroll.widget().minimumSizeHint().width() + 40
        window.resize(max(window.width(), need), window.height())
        qtbot.waitUntil(lambda: scroll.widget().width() == scroll.viewport().width())
        window.apply_button.setFocus()  # no date field with a selected year in the picture
        image = window.grab()
        assert image.save(str(out / f"report_{lang.split('_')[0]}.png"))
        assert image.width() >= 1200
    finally:
        if translator is not None:
            app.removeTranslator(translator)


@pytest.mark.qt_log_ignore("does not support (raise|propagateSizeHints)")  # offscreen
def test_manager_opens_segments_from_the_report(
        qtbot: QtBot, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService) -> None:
    store, _ = report_store
    window = open_window(qtbot, manager_service, store.manager)
    qtbot.mouseClick(window.segments_button, LEFT)
    view = window.segments_view
    assert isinstance(view, SegmentsView) and view.isVisible()
    qtbot.addWidget(view)
    view.napl.setCurrentIndex(view.napl.findData("L"))
    qtbot.mouseClick(view.search_button, LEFT)
    qtbot.waitUntil(lambda: not view.searching)
    # L as of 11-13: D (one purchase 08-11) and I (one purchase 2025-10-20).
    assert sorted(m.name for m in view.members) == ["會員D", "會員I"]
    qtbot.mouseClick(window.segments_button, LEFT)
    assert window.segments_view is view  # raised again, not a second window


def test_the_counter_opens_the_report_for_a_manager_only(
        qtbot: QtBot, manager_counter: Any) -> None:
    controller = manager_counter.controller
    manager_counter.window.action_requested.emit("report")
    report = controller.report
    assert isinstance(report, ReportWindow) and report.isVisible()
    assert manager_counter.window.pages.currentWidget() is report  # a page, not a window
    assert report.cashier.is_manager
    qtbot.waitUntil(lambda: report.report is not None)  # computed off the UI thread


@pytest.mark.parametrize("width", [1024, 1366])
def test_the_report_fits_a_counter_screen_with_the_counter_style(
        qtbot: QtBot, width: int, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService) -> None:
    from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea

    from desktop.style import apply_style
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)  # the counter's style sheet, as in the app
    store, _ = report_store
    window = open_window(qtbot, manager_service, store.manager)
    show_range(qtbot, window, START, END)
    window.resize(width, 700)  # 768 less the status bar and header of the counter window
    qtbot.waitUntil(lambda: window.size().toTuple() == (width, 700))
    assert window.minimumSizeHint().width() <= width
    assert window.minimumSizeHint().height() <= 700
    scroll = window.findChild(QScrollArea)
    assert scroll is not None and scroll.widget() is not None
    qtbot.waitUntil(lambda: scroll.widget().width() == scroll.viewport().width())
    body = scroll.widget()
    for widget in window.tiles.values():
        right = widget.mapTo(body, widget.rect().topRight()).x()
        assert right <= scroll.viewport().width(), widget.objectName()
    for button in window.findChildren(QPushButton):
        if button.isVisible():
            right = button.mapTo(window, button.rect().topRight()).x()
            assert right < width and button.width() >= button.minimumSizeHint().width(), \
                button.text()


def test_the_report_is_computed_off_the_ui_thread_and_the_last_range_wins(
        qtbot: QtBot, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from loyalty.store.report import service as service_module
    store, _ = report_store
    window = open_window(qtbot, manager_service, store.manager)
    real = service_module.daily_report
    release = threading.Event()
    threads: list[str] = []

    def slow_report(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        release.wait(10)  # a month at a million members: the counter must not freeze
        return real(*args, **kwargs)
    monkeypatch.setattr(service_module, "daily_report", slow_report)
    window.set_range(date(2026, 11, 1), END)
    assert window.loading and not window.csv_button.isEnabled()
    window.set_range(START, END)  # changed while the first is computed
    qtbot.waitUntil(lambda: bool(threads), timeout=5_000)  # a worker computes; the UI turns
    release.set()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert window.report is not None
    assert (window.report.period.start, window.report.period.end) == (START, END)
    assert figure(window, "buyers") == "3" and window.csv_button.isEnabled()
    assert threads and threading.main_thread().name not in threads


def test_a_long_segment_lists_the_first_rows_and_exports_them_all(
        qtbot: QtBot, tmp_path: Path, report_store: tuple[StoreFixture, Dataset],
        manager_service: CounterService, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.report import segments_view
    monkeypatch.setattr(segments_view, "SHOWN", 1)  # a store with 400,000 members, in small
    store, _ = report_store
    view = SegmentsView(manager_service, store.manager, today=TODAY)
    qtbot.addWidget(view)
    view.napl.setCurrentIndex(view.napl.findData("N"))
    qtbot.mouseClick(view.search_button, LEFT)
    qtbot.waitUntil(lambda: not view.searching)
    assert len(view.members) == 4 and view.table.rowCount() == 1
    assert "4 members, 2 consented" in view.count_label.text()
    assert "first 1 are listed" in view.count_label.text()
    path = tmp_path / "campaign.csv"
    view.ask_save_path = lambda: path
    qtbot.mouseClick(view.export_button, LEFT)
    exported = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["name"] for r in exported) == ["會員C", "會員E"]  # both consented
