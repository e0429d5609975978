"""The counter's look: the application font (CJK family set explicitly) and style sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

STYLE_SHEET = Path(__file__).resolve().parents[1] / "assets" / "style" / "counter.qss"
# Qt's fallback would pick the Japanese glyph variants; name the Traditional Chinese faces.
FAMILIES_TW = ["Microsoft JhengHei UI", "PingFang TC", "Noto Sans CJK TC", "Noto Sans"]
FAMILIES_HK = ["Microsoft JhengHei UI", "PingFang HK", "Noto Sans CJK HK", "Noto Sans CJK TC",
               "Noto Sans"]
BASE_POINT_SIZE = 12


def app_font(region: str = "TW") -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES_HK if region == "HK" else FAMILIES_TW)
    font.setPointSize(BASE_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def apply_style(app: QApplication, region: str = "TW") -> None:
    """Set the application font and style sheet (once, at start; again is a no-op: a
    style sheet set anew re-polishes every widget the application has)."""
    if app.property("regulars_style") == region:
        return
    app.setProperty("regulars_style", region)
    app.setStyle("Fusion")
    app.setFont(app_font(region))
    if STYLE_SHEET.exists():
        app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
