"""The report as a PDF: the same texts as the screen (real text, searchable) and the charts
drawn by Qt Charts, on one A4 page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCharts import QChart
from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from desktop.report import content, programs
from desktop.report.charts import FAMILIES, FONT_FAMILY, chart_view
from loyalty.report.instruments import InstrumentReport
from loyalty.report.labels import label
from loyalty.report.model import MemberReport

if TYPE_CHECKING:
    from desktop.report.window import ReportWindow

DPI = 150
SCREEN_DPI = 115  # a little denser than a screen: axis labels fit a half page


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setFamilies(FAMILIES)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def write_pdf(window: ReportWindow, report: MemberReport, path: Path) -> None:
    """Write ``report`` as the window shows it (its language, its rules)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(12, 12, 12, 12),
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(content.heading(report, window.lang, window.store_name))
    painter = QPainter(writer)
    try:
        _paint(painter, window, report, float(writer.width()))
        if report.instruments is not None:
            writer.newPage()
            _paint_programs(painter, window, report.instruments, float(writer.width()))
    finally:
        painter.end()


def _paint_chart(p: QPainter, chart: QChart, target: QRectF) -> None:
    """Lay the chart out at screen size (so its fonts keep their proportions) and draw its
    scene, as vectors, into ``target``. A view that is never shown never lays out its chart:
    the chart is sized and its layout run here instead."""
    view = chart_view(chart)
    size = QSizeF(target.width() * SCREEN_DPI / DPI, target.height() * SCREEN_DPI / DPI)
    chart.resize(size)
    QCoreApplication.sendPostedEvents()  # the chart's layout request
    scene = view.scene()
    scene.setSceneRect(QRectF(QPointF(0, 0), size))
    scene.render(p, target, QRectF(QPointF(0, 0), size))
    view.deleteLater()


def _paint(p: QPainter, window: ReportWindow, report: MemberReport, width: float) -> None:
    lang = window.lang
    y = 0.0
    p.setFont(_font(13, bold=True))
    p.drawText(QRectF(0, y, width, 110), Qt.TextFlag.TextWordWrap,
               content.heading(report, lang, window.store_name))
    y += 110
    texts = content.tile_texts(report, lang)
    keys = list(window.tiles)
    col_w = width / 3
    for i, key in enumerate(keys):
        name, value, change = texts[key]
        x, row_y = (i % 3) * col_w, y + (i // 3) * 78
        p.setFont(_font(8))
        p.drawText(QRectF(x, row_y, col_w, 30), Qt.AlignmentFlag.AlignLeft, name)
        p.setFont(_font(11, bold=True))
        p.drawText(QRectF(x, row_y + 26, col_w, 40), Qt.AlignmentFlag.AlignLeft,
                   f"{value}  {change or ''}".rstrip())
    y += ((len(keys) + 2) // 3) * 78 + 10
    p.setFont(_font(8))
    note_rect = QRectF(0, y, width, 110)
    p.drawText(note_rect, Qt.TextFlag.TextWordWrap, content.notes(report, lang))
    y += 110
    chart_w, chart_h = width / 2 - 10, 360.0
    for i, chart in enumerate(content.charts(report, lang, window.service.rules())):
        target = QRectF((i % 2) * (chart_w + 20), y + (i // 2) * (chart_h + 10), chart_w,
                        chart_h)
        _paint_chart(p, chart, target)
    y += 2 * (chart_h + 10) + 10
    headers, rows = content.top_rows(report, lang, window.service.rules())
    widths = (0.22, 0.18, 0.14, 0.1, 0.2, 0.16)
    for r, row in enumerate([headers, *rows]):
        x = 0.0
        p.setFont(_font(8, bold=r == 0))
        for c, cell in enumerate(row):
            w = widths[c] * width
            align = Qt.AlignmentFlag.AlignRight if c >= 3 else Qt.AlignmentFlag.AlignLeft
            p.drawText(QRectF(x, y + r * 30, w - 8, 30), align, cell)
            x += w


def _table(p: QPainter, y: float, width: float, headers: list[str], rows: list[list[str]],
           widths: tuple[float, ...], right_from: int) -> float:
    """A table of text rows from ``y``; returns the ``y`` below it."""
    for r, row in enumerate([headers, *rows]):
        x = 0.0
        p.setFont(_font(8, bold=r == 0))
        for c, cell in enumerate(row):
            w = widths[c] * width
            align = (Qt.AlignmentFlag.AlignRight if c >= right_from
                     else Qt.AlignmentFlag.AlignLeft)
            p.drawText(QRectF(x, y + r * 30, w - 8, 30), align, cell)
            x += w
    return y + (len(rows) + 1) * 30 + 20


def _paint_programs(p: QPainter, window: ReportWindow, report: InstrumentReport,
                    width: float) -> None:
    """Page 2: the programs section as the window shows it."""
    lang = window.lang
    p.setFont(_font(13, bold=True))
    p.drawText(QRectF(0, 0, width, 50), Qt.AlignmentFlag.AlignLeft, label("programs", lang))
    p.setFont(_font(8))
    p.drawText(QRectF(0, 60, width, 130), Qt.TextFlag.TextWordWrap,
               programs.notes(report, lang))
    y = 200.0
    chart_w, chart_h = width / 2 - 10, 360.0
    for i, chart in enumerate(programs.charts(report, lang)):
        _paint_chart(p, chart, QRectF(i * (chart_w + 20), y, chart_w, chart_h))
    y += chart_h + 20
    headers, rows = programs.program_rows(report, lang)
    y = _table(p, y, width, headers, rows, (0.22, 0.12, *(0.66 / 7,) * 7), 2)
    if report.conflicts:
        p.setFont(_font(10, bold=True))
        p.drawText(QRectF(0, y, width, 40), Qt.AlignmentFlag.AlignLeft,
                   label("conflicts", lang))
        names = {x.program_id: x.name(lang) for x in report.programs}
        headers, rows = programs.conflict_rows(report, lang, names)
        _table(p, y + 40, width, headers, rows[:40], (0.2, 0.14, 0.24, 0.14, 0.18, 0.1), 99)
