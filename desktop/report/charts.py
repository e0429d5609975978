"""Qt Charts for the report: daily trends, NAPL and tier mix.

Qt Charts is deprecated since Qt 6.10 but ships in pyside6-addons 6.11 and draws offscreen
(Qt Graphs needs QML and OpenGL and loses grid lines offscreen), see ECOSYSTEM.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from loyalty.report.model import DayPoint

FONT_FAMILY = "Noto Sans CJK TC"
# Latin first: Qt loses the text mapping of Noto CJK's Latin glyphs in PDFs (pdftotext then
# reads no digits); Chinese then comes from the TC font, never the Japanese fallback.
FAMILIES = ["DejaVu Sans", "Segoe UI", FONT_FAMILY, "Microsoft JhengHei UI", "PingFang TC"]
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY, size)
    font.setFamilies(FAMILIES)
    font.setBold(bold)
    return font


def new_chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(11, bold=True))
    chart.legend().setFont(_font(9))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def chart_view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(360, 240)
    return view


def _axes(chart: QChart, categories: Sequence[str], top: float) -> None:
    x = QBarCategoryAxis()
    x.append(list(categories))
    x.setLabelsFont(_font(8))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    y = _value_axis(chart, top)
    for series in chart.series():
        series.attachAxis(x)
        series.attachAxis(y)


LABEL_STEPS = (1, 2, 7, 14, 28)  # days between date labels: every day up to a month of weeks


def label_step(days: int, most: int = 8) -> int:
    """Days between date labels so at most ``most`` show: every day for a week, every
    week for a month or a quarter (a few at 90 days), never a row of "…"."""
    for step in LABEL_STEPS:
        if (days - 1) // step + 1 <= most:
            return step
    return -(-days // most)


def day_label(day: date, with_year: bool) -> str:
    return f"{day.year}/{day.month}/{day.day}" if with_year else f"{day.month}/{day.day}"


def date_axis(points: Sequence[DayPoint]) -> QCategoryAxis:
    """The days axis of a trend: index ``i`` is ``points[i]``; a readable date (``12/7``)
    under every :func:`label_step`-th day, from the last day back, so the period's last
    day is always named."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setLabelsFont(_font(8))
    with_year = bool(points) and points[0].day.year != points[-1].day.year
    step = label_step(len(points))
    for i in sorted(range(len(points) - 1, -1, -step)):
        axis.append(day_label(points[i].day, with_year), float(i))
    axis.setRange(0.0, float(max(len(points) - 1, 1)))
    axis.setStartValue(0.0)
    axis.setGridLineVisible(False)
    return axis


def _value_axis(chart: QChart, top: float) -> QValueAxis:
    y = QValueAxis()
    y.setRange(0, max(top * 1.1, 4))
    y.applyNiceNumbers()  # whole, round ticks: 0, 1, 2… rather than 0, 0.29, 0.58…
    y.setLabelFormat("%d")
    y.setLabelsFont(_font(8))
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    return y


def trend_chart(title: str, points: Sequence[DayPoint],
                lines: Sequence[tuple[str, Sequence[int]]]) -> QChart:
    """A daily trend: bars when the period is one day (a line needs two points)."""
    chart = new_chart(title)
    top = max((max(values, default=0) for _, values in lines), default=0)
    if len(points) < 2:
        bars = QBarSeries()
        for i, (name, values) in enumerate(lines):
            bar = QBarSet(name)
            bar.append([float(v) for v in values])
            bar.setColor(QColor(PALETTE[i % len(PALETTE)]))
            bars.append(bar)
        chart.addSeries(bars)
        _axes(chart, [day_label(p.day, False) for p in points], float(top))
        return chart
    x = date_axis(points)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 20, 4))  # the last day's label is centred on the edge
    y = _value_axis(chart, float(top))
    for i, (name, values) in enumerate(lines):
        line = QLineSeries()
        line.setName(name)
        line.setColor(QColor(PALETTE[i % len(PALETTE)]))
        for index, v in enumerate(values):
            line.append(index, float(v))
        chart.addSeries(line)
        line.attachAxis(x)
        line.attachAxis(y)
    return chart


def bars_chart(title: str, categories: Sequence[str],
               sets: Sequence[tuple[str, Sequence[int]]]) -> QChart:
    """Grouped bars (NAPL now against the previous period)."""
    chart = new_chart(title)
    series = QBarSeries()
    for i, (name, values) in enumerate(sets):
        bar = QBarSet(name)
        bar.append([float(v) for v in values])
        bar.setColor(QColor(PALETTE[i % len(PALETTE)]))
        bar.setLabelFont(_font(8))
        series.append(bar)
    series.setLabelsVisible(True)
    chart.addSeries(series)
    _axes(chart, categories, float(max((max(v, default=0) for _, v in sets), default=0)))
    return chart


def pie_chart(title: str, slices: Sequence[tuple[str, int]]) -> QChart:
    """A share chart (tier mix); empty slices are left out."""
    chart = new_chart(title)
    series = QPieSeries()
    total = sum(n for _, n in slices) or 1
    for i, (name, n) in enumerate(slices):
        if n <= 0:
            continue
        piece = series.append(f"{name} {n:,} ({n * 100 / total:.0f}%)", float(n))
        piece.setColor(QColor(PALETTE[i % len(PALETTE)]))
        piece.setLabelFont(_font(8))
    series.setLabelsVisible(False)
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


__all__ = ["bars_chart", "chart_view", "date_axis", "label_step", "pie_chart", "trend_chart"]
