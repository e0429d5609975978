"""The report's programs section (coupons, gifts, stamp cards, referrals, prepaid passes):
its texts, tables and charts — shared by the window and the PDF — and the widget showing them.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.report.charts import bars_chart, chart_view
from desktop.report.fmt import number
from loyalty.report.instrument_export import kind_label, local_time, reason_label, short_id
from loyalty.report.instruments import InstrumentReport
from loyalty.report.labels import label

PROGRAM_COLUMNS = ("program", "program_kind", "issued", "stamps", "redeemed", "expired",
                   "refunded", "outstanding", "outstanding_units")
CONFLICT_COLUMNS = ("occurred_at", "terminal", "program", "instrument", "reason", "resolved")


def _zh(lang: str) -> bool:
    return lang.startswith("zh")


def program_rows(report: InstrumentReport, lang: str) -> tuple[list[str], list[list[str]]]:
    """Per program (this store's figures): headers and rows."""
    headers = [label(k, lang) for k in PROGRAM_COLUMNS]
    rows = [[p.name(lang), kind_label(p.kind, lang), number(p.issued), number(p.stamps),
             number(p.redeemed), number(p.expired), number(p.refunded), number(p.outstanding),
             number(p.outstanding_units)] for p in report.programs]
    return headers, rows


def conflict_rows(report: InstrumentReport, lang: str, names: dict[str, str]
                  ) -> tuple[list[str], list[list[str]]]:
    """The conflicts, newest first (times in the report's zone; instrument ids shortened);
    whether head office resolved them only where that is known (not on the till)."""
    known = report.open_conflicts is not None
    columns = CONFLICT_COLUMNS if known else CONFLICT_COLUMNS[:-1]
    headers = [label(k, lang) for k in columns]
    yes, no = ("是", "否") if _zh(lang) else ("yes", "no")
    rows = [[local_time(c.occurred_at, report.period.tz)[:16].replace("T", " "),
             c.terminal_id, names.get(c.program_id, c.program_id), short_id(c.instrument_id),
             reason_label(c.reason, lang), *([yes if c.resolved else no] if known else [])]
            for c in report.conflicts]
    return headers, rows


def notes(report: InstrumentReport, lang: str) -> str:
    """The funnels, the prepaid liability and the conflicts, as sentences."""
    zh = _zh(lang)
    parts: list[str] = []
    for f in report.stamp_funnels:
        steps = " → ".join(f"{label(k, lang)} {v:,}" for k, v in f.steps())
        parts.append(f"{f.name_zh if zh else f.name_en}：{steps}" if zh
                     else f"{f.name_en}: {steps}")
    for r in report.referral_funnels:
        steps = " → ".join(f"{label(k, lang)} {number(v)}" for k, v in r.steps())
        parts.append(f"{r.name_zh}：{steps}" if zh else f"{r.name_en}: {steps}")
    liability = number(report.liability_total)
    cups = report.liability_cups
    parts.append(f"{label('prepaid_liability', lang)}：{liability}（{cups:,} 杯未取）" if zh
                 else f"{label('prepaid_liability', lang)}: {liability} ({cups:,} cups "
                      "outstanding)")
    counts = ", ".join(f"{reason_label(k, lang)} {v:,}" for k, v in
                       report.conflict_counts.items())
    parts.append(f"本期衝突：{counts or '無'}" if zh
                 else f"Conflicts in the period: {counts or 'none'}")
    if report.open_conflicts is not None:
        parts.append(f"未處理 {report.open_conflicts:,} 件" if zh
                     else f"{report.open_conflicts:,} open")
    return ("。" if zh else ". ").join(parts) + ("。" if zh else ".")


def charts(report: InstrumentReport, lang: str) -> list[QChart]:
    """Issued / redeemed / expired per program; the stamp-card funnel when there is one."""
    zh = _zh(lang)
    names = [p.name(lang) for p in report.programs]
    out = [bars_chart("方案票券" if zh else "Instruments per program", names, [
        (label("issued", lang), [p.issued for p in report.programs]),
        (label("redeemed", lang), [p.redeemed for p in report.programs]),
        (label("expired", lang), [p.expired for p in report.programs])])]
    if report.stamp_funnels:
        steps = [label(k, lang) for k, _ in report.stamp_funnels[0].steps()]
        out.append(bars_chart(label("stamp_funnel", lang), steps, [
            (f.name_zh if zh else f.name_en, [v for _, v in f.steps()])
            for f in report.stamp_funnels]))
    return out


def _fill(table: QTableWidget, headers: list[str], rows: list[list[str]], right_from: int
          ) -> None:
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)  # items show plain text: names are head office's
            if c >= right_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    # As tall as its rows (the page scrolls, not the table), at most about 12 rows.
    height = (table.horizontalHeader().sizeHint().height() + table.verticalHeader().length()
              + 2 * table.frameWidth() + 2)
    table.setFixedHeight(min(height, 400))


class ProgramsSection(QWidget):
    """The programs part of the member report: a heading, the funnels and liability as
    sentences, the charts, the per-program table and the conflicts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programs_section")
        self.heading = QLabel(self)
        self.heading.setObjectName("sectionTitle")
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold; margin-top: 8px;")
        self.notes = QLabel(self)
        self.notes.setObjectName("programs_notes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)  # program names are head office's
        self.charts = QGridLayout()
        self.table = QTableWidget(0, len(PROGRAM_COLUMNS), self)
        self.table.setObjectName("programs_table")
        self.table.verticalHeader().setVisible(False)
        self.conflicts_title = QLabel(self)
        self.conflicts = QTableWidget(0, len(CONFLICT_COLUMNS), self)
        self.conflicts.setObjectName("conflicts_table")
        self.conflicts.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.notes)
        layout.addLayout(self.charts)
        layout.addWidget(self.table)
        layout.addWidget(self.conflicts_title)
        layout.addWidget(self.conflicts)

    def show_report(self, report: InstrumentReport, lang: str) -> None:
        self.heading.setText(label("programs", lang))
        self.notes.setText(notes(report, lang))
        while self.charts.count():
            item = self.charts.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.hide()
                old.setParent(None)
                old.deleteLater()
        for i, chart in enumerate(charts(report, lang)):
            view = chart_view(chart)
            view.setObjectName(f"programs_chart_{i}")
            self.charts.addWidget(view, 0, i)
            view.show()
        _fill(self.table, *program_rows(report, lang), right_from=2)
        names = {p.program_id: p.name(lang) for p in report.programs}
        self.conflicts_title.setText(label("conflicts", lang))
        _fill(self.conflicts, *conflict_rows(report, lang, names), right_from=99)
        has_conflicts = bool(report.conflicts)
        self.conflicts_title.setVisible(has_conflicts)
        self.conflicts.setVisible(has_conflicts)
