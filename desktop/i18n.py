"""Languages: Qt translators for the app and Qt's own strings, and the .ts/.qm tooling.

Traditional Chinese (``zh_TW``) is the default; ``en`` is the source language. Hong Kong
(``zh_HK``) falls back to ``zh_TW``, as Qt ships no ``qtbase_zh_HK``.

    python -m desktop.i18n build    # .ts → .qm with pyside6-lrelease (set-up runs this)
    python -m desktop.i18n update   # refresh the .ts sources from the code (pyside6-lupdate)
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parents[1] / "assets"
I18N_DIR = ASSETS / "i18n"
LANGUAGES = ("zh_TW", "en")
DEFAULT_LANGUAGE = "zh_TW"
OWN_TRANSLATIONS = ("report",)
# The report's .qm is committed with it; loaded by path, so the report (Qt Charts) is not
# imported at start-up.
REPORT_I18N_DIR = Path(__file__).resolve().parent / "report" / "i18n"


def normalise_language(name: str | None) -> str:
    """Map a requested language or locale name onto one we ship (zh_HK → zh_TW)."""
    if not name:
        return DEFAULT_LANGUAGE
    lowered = name.replace("-", "_").lower()
    if lowered.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE  # zh_TW, zh_HK, zh_Hant_*: Traditional Chinese


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install Qt's and our translators for ``language``; returns them (keep them alive).

    Also makes the language's QLocale the default, so numbers and dates follow it.
    """
    language = normalise_language(language)
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [(f"qtbase_{language}", qt_dir), (f"regulars_{language}", str(I18N_DIR)),
                  (f"report_{language}", str(REPORT_I18N_DIR))]
    for name, directory in candidates:
        if language == "en" and not name.startswith("regulars"):
            continue  # Qt's and the report's source language
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s (run: python -m desktop.i18n build)",
                        name, directory)
    return installed


def remove_translators(app: QCoreApplication, translators: Sequence[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)


def _tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (install pyside6-essentials)")
    return found


def ts_files() -> list[Path]:
    return [I18N_DIR / f"regulars_{lang}.ts" for lang in LANGUAGES]


def build() -> list[Path]:
    """Compile every .ts into its .qm next to it."""
    out = []
    for ts in ts_files():
        qm = ts.with_suffix(".qm")
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                       check=True)
        out.append(qm)
    return out


def qm_stale() -> bool:
    """True when a .qm is missing or older than its .ts (tests build on demand)."""
    for ts in ts_files():
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            return True
    return False


def update() -> None:
    """Re-extract translatable strings from desktop/ into the .ts sources."""
    root = Path(__file__).parent
    # desktop/report ships its own translations (desktop/report/i18n).
    sources = sorted(str(p) for p in root.rglob("*.py")
                     if p.relative_to(root).parts[0] not in OWN_TRANSLATIONS)
    for ts in ts_files():
        lang = ts.stem.removeprefix("regulars_")
        subprocess.run([_tool("pyside6-lupdate"), "-silent", "-no-obsolete",
                        "-source-language", "en", "-target-language", lang, *sources,
                        "-ts", str(ts)], check=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.i18n", description=__doc__)
    parser.add_argument("action", choices=("build", "update"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    if args.action == "build":
        for qm in build():
            log.info("built %s", qm.relative_to(ASSETS.parent))
    else:
        update()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
