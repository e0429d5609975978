"""The report's translations: ``report_zh_TW.ts`` (source, committed) → ``.qm``
(``pyside6-lrelease``). Hong Kong falls back to zh_TW."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

HERE = Path(__file__).parent


def install(app: QCoreApplication, locale: str) -> QTranslator | None:
    """Install the report's translator for ``locale`` (``zh_TW``, ``zh_HK``; English needs
    none). Returns it, to be removed with ``app.removeTranslator``."""
    if not locale.startswith("zh"):
        return None
    translator = QTranslator(app)
    if not translator.load(str(HERE / "report_zh_TW.qm")):
        return None
    app.installTranslator(translator)
    return translator
