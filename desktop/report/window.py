"""The manager's member report: a page of the counter window (managers only)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.report import content
from desktop.report.charts import FAMILIES, FONT_FAMILY, chart_view
from desktop.report.programs import ProgramsSection
from desktop.report.segments_view import SegmentsView
from desktop.report.tiles import KpiTile
from desktop.tasks import TaskRunner
from desktop.views.common import MessageLine
from desktop.views.files import ask_save_path
from loyalty.errors import NotPermitted
from loyalty.report import MemberReport
from loyalty.report.export import report_file_name
from loyalty.store.cashiers import Cashier
from loyalty.store.report.service import ReportService
from loyalty.store.service import CounterService

log = logging.getLogger(__name__)
TILE_KEYS = ("new_members", "buyers", "visits", "member_sales", "member_share",
             "points_issued", "points_redeemed", "points_expired", "expiring_soon",
             "liability_points", "liability_value", "pending_sync")


def _button(parent: QWidget, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(parent)
    button.clicked.connect(slot)
    return button


class ReportWindow(QWidget):
    """The member report for this store: tiles, charts, top members, segments, exports.

    A page of the counter window (the controller shows it in place of the counter and
    closes it on Esc, its Close button, lock and sign-out); it also works on its own.

    Args:
        service: the counter's service (its store, its ``Counter`` context and clock).
        cashier: who is signed in; anyone but a manager gets :class:`NotPermitted`.

    The report is computed on a worker thread (a month at a million members takes a while);
    while it runs the exports wait and the title says so.

    Signals:
        report_loaded(object): a :class:`MemberReport` was computed and shown.
        print_requested(object): the summary slip (``printing.Document``) to queue.
        close_requested(): Esc or Close: back to the counter.
    """

    report_loaded = Signal(object)
    print_requested = Signal(object)
    close_requested = Signal()

    def __init__(self, service: CounterService, cashier: Cashier, *,
                 today: date | None = None, parent: QWidget | None = None,
                 data: ReportService | None = None) -> None:
        if not cashier.is_manager:
            raise NotPermitted("Only a manager can open the member report.")
        super().__init__(parent)
        self.service = service
        self.data = data or ReportService(service)  # the app passes the one it built
        self.cashier = cashier
        self.today = today or self.data.today()
        self.store_name = self.data.store_name()
        self.report: MemberReport | None = None
        self.tasks = TaskRunner("report", self)
        self._wanted: tuple[date, date] | None = None  # asked for while one was computing
        self.lang = "zh"
        font = QFont(FONT_FAMILY, 10)
        font.setFamilies(FAMILIES)
        self.setFont(font)
        self.setObjectName("report_window")
        self._build()
        self.retranslate_ui()
        self.set_range(self.today, self.today)

    # --- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("formTitle")
        self.title.setWordWrap(True)
        self.start_edit, self.end_edit = QDateEdit(self), QDateEdit(self)
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.range_label = QLabel(self)
        self.apply_button = _button(self, self.reload)
        self.today_button = _button(self, lambda: self._last(1))
        self.week_button = _button(self, lambda: self._last(7))
        self.month_button = _button(self, lambda: self._last(30))
        self.quarter_button = _button(self, lambda: self._last(90))
        self.csv_button = _button(self, self._ask_csv)
        self.pdf_button = _button(self, self._ask_pdf)
        self.print_button = _button(self, self.request_print)
        self.segments_button = _button(self, self.open_segments)
        self.close_button = _button(self, self.close_requested.emit)
        self.close_button.setObjectName("reportClose")
        self.segments_view: SegmentsView | None = None
        self.message = MessageLine(self)
        # Two rows, so the page fits a 1024-pixel screen: the title with what to do with
        # the report, then the range.
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        for button in (self.segments_button, self.csv_button, self.pdf_button,
                       self.print_button, self.close_button):
            heading.addWidget(button)
        bar = QHBoxLayout()
        for w in (self.range_label, self.start_edit, QLabel("–", self), self.end_edit,
                  self.apply_button, self.today_button, self.week_button, self.month_button,
                  self.quarter_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.tiles = {key: KpiTile(key, self) for key in TILE_KEYS}
        self.tile_grid = QGridLayout()
        self._tile_columns = 0
        self.charts = QGridLayout()
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.top_table = QTableWidget(0, 6, self)
        self.top_table.setObjectName("top_members")
        self.top_table.verticalHeader().setVisible(False)
        self.top_table.setMinimumHeight(220)
        self.programs = ProgramsSection(self)
        self.programs.hide()
        body = QWidget(self)
        body.setObjectName("report_body")
        layout = QVBoxLayout(body)
        for item in (self.tile_grid, self.charts, self.notes, self.top_table, self.programs):
            if isinstance(item, QWidget):
                layout.addWidget(item)
            else:
                layout.addLayout(item)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(body)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.scroll_area)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.setSpacing(8)
        outer.addLayout(heading)
        outer.addLayout(bar)
        outer.addWidget(self.message)
        outer.addWidget(self.stack, 1)
        self._arrange_tiles(1320)

    def _arrange_tiles(self, width: int) -> None:
        """As many tiles a row as the width holds (6, 4 or 3: rows stay full)."""
        fits = width // (max(t.minimumSizeHint().width() for t in self.tiles.values()) + 12)
        columns = 6 if fits >= 6 else 4 if fits >= 4 else 3
        if columns == self._tile_columns:
            return
        self._tile_columns = columns
        for i, key in enumerate(TILE_KEYS):
            self.tile_grid.removeWidget(self.tiles[key])
            self.tile_grid.addWidget(self.tiles[key], i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange_tiles(self.scroll_area.viewport().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Member report"))
        self.range_label.setText(self.tr("Dates"))
        self.apply_button.setText(self.tr("Show"))
        self.today_button.setText(self.tr("Today"))
        self.week_button.setText(self.tr("Last 7 days"))
        self.month_button.setText(self.tr("Last 30 days"))
        self.quarter_button.setText(self.tr("Last 90 days"))
        self.csv_button.setText(self.tr("Export CSV"))
        self.pdf_button.setText(self.tr("Export PDF"))
        self.print_button.setText(self.tr("Print summary"))
        self.segments_button.setText(self.tr("Member segments"))
        self.close_button.setText(self.tr("Close (Esc)"))
        self.lang = "en" if self.tr("Member report") == "Member report" else "zh"
        if self.report is not None:
            self.show_report(self.report)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back()
            return
        super().keyPressEvent(event)

    def back(self) -> None:
        """Esc: from the segments back to the report; from the report, close it."""
        if self.stack.currentWidget() is not self.scroll_area:
            self.stack.setCurrentWidget(self.scroll_area)
            self.segments_button.setFocus()
            return
        self.close_requested.emit()

    # --- the range and the report ----------------------------------------------------------
    def _last(self, days: int) -> None:
        self.set_range(self.today - timedelta(days=days - 1), self.today)

    def set_range(self, start: date, end: date) -> None:
        """Show the report for local days ``start``..``end``."""
        self.start_edit.setDate(QDate(start.year, start.month, start.day))
        self.end_edit.setDate(QDate(end.year, end.month, end.day))
        self.reload()

    def selected_range(self) -> tuple[date, date]:
        start = self.start_edit.date().toPython()
        end = self.end_edit.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return (start, end) if start <= end else (end, start)

    @property
    def loading(self) -> bool:
        return self.tasks.busy

    def reload(self) -> None:
        """Compute the selected range off the UI thread (the latest request wins)."""
        start, end = self.selected_range()
        if self.tasks.busy:
            self._wanted = (start, end)
            return
        self._set_loading(True)
        data, today = self.data, self.today
        self.tasks.run(lambda: data.compute(start, end, today), self._loaded, self._failed)

    def _loaded(self, report: MemberReport) -> None:
        wanted, self._wanted = self._wanted, None
        if wanted is not None and wanted != (report.period.start, report.period.end):
            self.reload()  # the range changed while this one was computed
            return
        self._set_loading(False)
        self.show_report(report)
        self.report_loaded.emit(report)

    def _failed(self, error: BaseException) -> None:
        log.error("the report could not be computed", exc_info=error)
        self._wanted = None
        self._set_loading(False)
        self.notes.setText(self.tr("The report could not be computed. Try again; if it "
                                   "repeats, call support."))

    def _set_loading(self, loading: bool) -> None:
        for button in (self.csv_button, self.pdf_button, self.print_button, self.apply_button):
            button.setEnabled(not loading)
        if loading:
            self.title.setText(self.tr("Computing the report…"))

    def shut_down(self) -> None:
        """The page goes away: stop the worker threads (a running job is left to end)."""
        self.tasks.shut_down(wait=False)
        if self.segments_view is not None:
            self.segments_view.tasks.shut_down(wait=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shut_down()
        super().closeEvent(event)

    def show_report(self, report: MemberReport) -> None:
        self.report = report
        texts = content.tile_texts(report, self.lang)
        for key, tile in self.tiles.items():
            title, value, change = texts[key]
            tile.show_figure(title, value, change)
        self.title.setText(content.heading(report, self.lang, self.store_name))
        self.notes.setText(content.notes(report, self.lang))
        self._show_charts(report)
        self._show_top(report)
        if report.instruments is not None:
            self.programs.show_report(report.instruments, self.lang)
        self.programs.setVisible(report.instruments is not None)

    def _show_charts(self, report: MemberReport) -> None:
        while self.charts.count():
            item = self.charts.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:  # gone now, not at the next event loop turn
                old.hide()
                old.setParent(None)
                old.deleteLater()
        for i, chart in enumerate(content.charts(report, self.lang, self.data.rules())):
            view = chart_view(chart)
            view.setObjectName(f"chart_{i}")
            self.charts.addWidget(view, i // 2, i % 2)
            view.show()

    def _show_top(self, report: MemberReport) -> None:
        headers, rows = content.top_rows(report, self.lang, self.data.rules())
        self.top_table.setHorizontalHeaderLabels(headers)
        self.top_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.top_table.setItem(r, c, item)
        self.top_table.resizeColumnsToContents()

    def open_segments(self) -> None:
        """Show the member segments (follow-up campaigns) in place of the report."""
        if self.segments_view is None:
            self.segments_view = SegmentsView(self.service, self.cashier, data=self.data,
                                              today=self.today,
                                              parent=self)
            self.segments_view.back_requested.connect(self.back)
            self.stack.addWidget(self.segments_view)
        self.stack.setCurrentWidget(self.segments_view)
        self.segments_view.napl.setFocus()

    # --- exports ---------------------------------------------------------------------------
    def ask_save_path(self, title: str, suffix: str) -> Path | None:
        """Seam for tests: the file to write, or ``None`` if the manager cancelled. The
        dialog offers a name with the range, in the documents folder."""
        start, end = self.selected_range()
        kind = self.tr("CSV files (*.csv)") if suffix == ".csv" else self.tr(
            "PDF files (*.pdf)")
        return ask_save_path(self, title, report_file_name(start, end, suffix), kind)

    def _ask_csv(self) -> None:
        path = self.ask_save_path(self.tr("Export CSV"), ".csv")
        if path is not None:
            self.export_csv(path)

    def _ask_pdf(self) -> None:
        path = self.ask_save_path(self.tr("Export PDF"), ".pdf")
        if path is not None:
            self.export_pdf(path)

    def _saved(self, write: Callable[[Path], None], path: Path) -> None:
        try:
            write(path)
        except OSError as err:
            log.warning("report export to %s failed: %s", path, err)
            self.message.show_text(self.tr("Could not save the file: %1").replace(
                "%1", err.strerror or str(err)), "error")
            return
        self.message.show_text(self.tr("Saved to %1").replace("%1", str(path)), "ok")

    def export_csv(self, path: Path) -> None:
        report = self.report
        assert report is not None
        self._saved(lambda p: self.data.export_csv(report, p, self.lang), path)

    def export_pdf(self, path: Path) -> None:
        from desktop.report.pdf import write_pdf
        report = self.report
        assert report is not None
        self._saved(lambda p: write_pdf(self, report, p), path)

    def request_print(self) -> None:
        from desktop.report.slip import summary_document
        assert self.report is not None
        self.print_requested.emit(summary_document(self.report, self.service, self.cashier,
                                                    self.store_name))


def figure(window: ReportWindow, key: str) -> str:
    """The text a tile shows (for tests and the PDF)."""
    return window.tiles[key].value_label.text()


__all__ = ["ReportWindow", "figure"]
