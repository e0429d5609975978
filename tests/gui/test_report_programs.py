"""The report window's programs section, offscreen, on a real store written by the counter's
operations: the table, the sentences, the PDF's second page, pictures in both languages."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.report import ReportWindow
from loyalty.store.service import CounterService
from tests.helpers.store import StoreFixture, make_store
from tests.unit.report.dataset import at
from tests.unit.report.programs_store import build_programs

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
START, END, TODAY = date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 4)
SHOTS = os.environ.get("REGULARS_SHOTS")  # a folder to keep the pictures in (by hand)


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[tuple[StoreFixture, CounterService]]:
    store = make_store(tmp_path / "store.db")
    build_programs(store)
    store.clock.now = at(2026, 12, 4, 9)
    svc = store.service()
    svc.sign_in(store.manager.id, "2468")
    yield store, svc
    svc.close()
    store.engine.dispose()


def open_report(qtbot: QtBot, svc: CounterService, store: StoreFixture) -> ReportWindow:
    window = ReportWindow(svc, store.manager, today=TODAY)
    qtbot.addWidget(window)
    window.resize(1366, 900)
    window.show()
    qtbot.waitUntil(lambda: window.report is not None and not window.loading)
    window.set_range(START, END)
    qtbot.waitUntil(lambda: not window.loading and window.report is not None
                    and window.report.period.start == START)
    return window


def cells(window: ReportWindow) -> list[list[str]]:
    table = window.programs.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_the_manager_reads_passes_stamps_and_the_conflict(
        qtbot: QtBot, manager: tuple[StoreFixture, CounterService]) -> None:
    store, svc = manager
    window = open_report(qtbot, svc, store)
    assert window.programs.isVisible()
    assert cells(window) == [
        ["Latte pass x10", "Prepaid pass", "2", "0", "5", "0", "9", "1", "6"],
        ["5 stamps, a free cup", "Stamp card", "0", "5", "0", "0", "0", "0", "0"],
        ["Free cup", "Coupon", "1", "0", "1", "0", "0", "0", "0"]]
    notes = window.programs.notes.text()
    assert "Prepaid liability: NT$720 (6 cups outstanding)" in notes
    assert ("Cards stamped 1 → Stamps 5 → Rewards issued 1 → Rewards redeemed 1"
            in notes)
    assert "Over-redeemed 1" in notes
    conflicts = window.programs.conflicts
    assert conflicts.isVisible() and conflicts.rowCount() == 1
    assert conflicts.item(0, 0).text() == "2026-12-03 15:30"
    assert conflicts.item(0, 1).text() == "S001-T02"


def test_the_pdf_has_the_programs_page(
        qtbot: QtBot, manager: tuple[StoreFixture, CounterService], tmp_path: Path) -> None:
    store, svc = manager
    window = open_report(qtbot, svc, store)
    path = tmp_path / "report.pdf"
    window.export_pdf(path)
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    programs = pages[1]
    assert "Programs and instruments" in programs and "NT$720" in programs
    assert "Latte pass x10" in programs and "S001-T02" in programs


@pytest.mark.parametrize("lang", ["zh_TW", "en"])
def test_pictures_of_the_programs_section(
        qtbot: QtBot, lang: str, tmp_path: Path,
        manager: tuple[StoreFixture, CounterService]) -> None:
    from desktop.report import i18n
    store, svc = manager
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = i18n.install(app, lang)
    try:
        window = open_report(qtbot, svc, store)
        if lang == "zh_TW":
            assert window.programs.heading.text() == "方案與票券"
            assert window.programs.table.item(0, 0).text() == "拿鐵寄杯 10 杯"
            notes = window.programs.notes.text()
            assert "寄杯負債：NT$720（6 杯未取）" in notes
            assert "蓋章卡數 1 → 集點章數 5 → 兌換禮發出 1 → 兌換禮使用 1" in notes
            assert "超額兌換 1" in notes
        body = window.scroll_area.widget()
        assert body is not None
        out = Path(SHOTS) if SHOTS else tmp_path
        image = body.grab()
        assert image.save(str(out / f"report_programs_{lang.split('_')[0]}.png"))
        section = window.programs.grab()
        assert section.save(str(out / f"report_programs_section_{lang.split('_')[0]}.png"))
        assert section.height() > 400
    finally:
        if translator is not None:
            app.removeTranslator(translator)
