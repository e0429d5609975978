"""The chain report as a PDF: A4 pages drawn with Pillow and the slips' CJK font, as
:mod:`central.subject_export` draws its PDF (correct Chinese without a PDF library that embeds
CJK fonts). The same tables as the CSV files: totals per store, then the programs section; the
points-by-day and instruments-per-program charts as bars."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from itertools import zip_longest

from PIL import Image, ImageDraw, ImageFont

from central.console.report import ChainReport
from loyalty.report.instrument_export import Table, compact_tables
from printing.fonts import cjk_font

PAGE = (1240, 1754)  # A4 at 150 dpi
MARGIN = 70
ROW = 28
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c")
Font = ImageFont.FreeTypeFont


class _Pages:
    """Pages being drawn, a cursor going down them."""

    def __init__(self) -> None:
        self.pages: list[Image.Image] = []
        self.font, self.bold, self.big = cjk_font(19), cjk_font(22), cjk_font(30)
        self.y = PAGE[1]
        self.draw: ImageDraw.ImageDraw | None = None

    def need(self, height: int) -> ImageDraw.ImageDraw:
        if self.draw is None or self.y + height > PAGE[1] - MARGIN:
            page = Image.new("RGB", PAGE, "white")
            self.pages.append(page)
            self.draw = ImageDraw.Draw(page)
            self.y = MARGIN
        return self.draw

    def text(self, line: str, font: Font | None = None, gap: int = ROW) -> None:
        draw = self.need(gap)
        draw.text((MARGIN, self.y), line, fill="black", font=font or self.font)
        self.y += gap

    def table(self, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.y += 10
        self.text(title, self.bold, ROW + 6)
        width = PAGE[0] - 2 * MARGIN
        columns = zip_longest(header, *rows, fillvalue="")
        widths = [max(self.bold.getlength(str(col[0])),
                      *(self.font.getlength(str(c)) for c in col[1:])) + 14
                  for col in columns]
        scale = min(1.0, width / sum(widths))
        widths = [w * scale for w in widths]
        for r, row in enumerate([header, *rows]):
            draw = self.need(ROW)
            x = float(MARGIN)
            for c, cell in enumerate(row):
                font = self.bold if r == 0 else self.font
                text = _fit(str(cell), font, widths[c] - 8)
                right = r > 0 and _numeric(text)
                at = x + widths[c] - 8 - font.getlength(text) if right else x
                draw.text((at, self.y), text, fill="black", font=font)
                x += widths[c]
            if r == 0:
                draw.line((MARGIN, self.y + ROW - 3, PAGE[0] - MARGIN, self.y + ROW - 3),
                          fill="#888888")
            self.y += ROW

    def bars(self, title: str, labels: Sequence[str], sets: Sequence[tuple[str, list[int]]]
             ) -> None:
        """Grouped bars, one group per label, with the legend under them."""
        height = 240
        self.y += 10
        self.text(title, self.bold, ROW + 6)
        draw = self.need(height + 2 * ROW)
        top = max((v for _, values in sets for v in values), default=0) or 1
        width = PAGE[0] - 2 * MARGIN
        group = width / max(len(labels), 1)
        bar = max(1.0, (group - 6) / max(len(sets), 1))
        base = self.y + height
        draw.line((MARGIN, base, PAGE[0] - MARGIN, base), fill="#888888")
        for i, name in enumerate(labels):
            for k, (_, values) in enumerate(sets):
                h = (height - 20) * values[i] / top
                x = MARGIN + i * group + k * bar
                draw.rectangle((x, base - h, x + bar - 1, base), fill=COLOURS[k % 3])
            if len(labels) <= 16:
                draw.text((MARGIN + i * group, base + 4), _fit(name, self.font, group - 4),
                          fill="black", font=self.font)
        self.y = base + ROW + 4
        x = float(MARGIN)
        for k, (name, _) in enumerate(sets):
            draw.rectangle((x, self.y + 4, x + 16, self.y + 20), fill=COLOURS[k % 3])
            draw.text((x + 22, self.y), name, fill="black", font=self.font)
            x += 40 + self.font.getlength(name)
        self.y += ROW + 6

    def pdf(self, title: str) -> bytes:
        out = io.BytesIO()
        self.pages[0].save(out, format="PDF", save_all=True, append_images=self.pages[1:],
                           resolution=150, title=title)
        return out.getvalue()


def _numeric(text: str) -> bool:
    return bool(text) and text.replace(",", "").replace(".", "").lstrip("-").isdigit()


def _fit(text: str, font: Font, width: float) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


def render(report: ChainReport, lang: str, t: Callable[..., str], store: str) -> bytes:
    """The report's PDF in ``lang`` (``t``: the console's messages in that language)."""
    pages = _Pages()
    scope = store or t("report_all_stores")
    pages.text(f"{t('report_title')} · {scope}", pages.big, 44)
    pages.text(f"{report.first.isoformat()} – {report.last.isoformat()}")
    c = report.chain
    pages.text(f"{t('report_sales')} {c['sales_amount']:,.0f} · {t('report_new_members')} "
               f"{c['new_members']:,.0f} · {t('report_issued')} {c['points_issued']:,.0f} · "
               f"{t('report_redeemed')} {c['points_redeemed']:,.0f} · {t('report_liability')} "
               f"{report.liability:,}")
    if report.bars:
        pages.bars(t("report_chart"), [b.day.strftime("%m/%d") for b in report.bars]
                   if len(report.bars) <= 16 else ["" for _ in report.bars],
                   [(t("report_issued"), [b.issued for b in report.bars]),
                    (t("report_redeemed"), [b.redeemed for b in report.bars])])
    pages.table(t("report_by_store"), [t("store_id"), t("report_sales"),
                                       t("report_new_members"), t("report_issued"),
                                       t("report_redeemed"), t("report_expired"),
                                       t("report_overdrafts"), t("breaches")],
                [[sid, f"{v['sales_amount']:,.0f}", f"{v['new_members']:,.0f}",
                  f"{v['points_issued']:,.0f}", f"{v['points_redeemed']:,.0f}",
                  f"{v['points_expired']:,.0f}", f"{v['overdraft_count']:,.0f}",
                  f"{v['offline_breach_count']:,.0f}"] for sid, v in report.totals.items()])
    programs = report.programs
    if programs.programs:
        pages.bars(t("report_programs_chart"), [p.name(lang) for p in programs.programs], [
            (t("report_instruments_issued"), [p.issued for p in programs.programs]),
            (t("report_instruments_redeemed"), [p.redeemed for p in programs.programs]),
            (t("report_instruments_expired"), [p.expired for p in programs.programs])])
    tables: list[Table] = list(compact_tables(programs, "zh" if lang == "zh_TW" else "en",
                                              programs.period.tz))
    for title, header, rows in tables:
        pages.table(title, header, rows or [["—"]])
    return pages.pdf(f"{t('report_title')} {report.first}–{report.last}")
