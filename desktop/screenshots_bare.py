"""The counter on a bare X screen (no window manager), as a kiosk till shows it: the lock
screen, the void form with a manager's approval, and the report page, in both languages.

    Xvfb :5 -screen 0 1024x768x24 &
    DISPLAY=:5 QT_QPA_PLATFORM=xcb python -m desktop.screenshots_bare --out docs/screenshots

Grabs the whole screen (what a cashier sees, not the window's own idea of itself) into
``lock_<W>x<H>_<lang>.png``, ``void_approval_…`` and ``report_page_…``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.app import build_counter
from desktop.report.i18n import install as install_report_translator
from desktop.screenshots import _Clock, _fill, _store, cli, styled_app


def _settle(app: QApplication, done: Callable[[], bool] = lambda: True,
            seconds: float = 1.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or not done():
        app.processEvents()
        time.sleep(0.02)
        if time.monotonic() > deadline + 10:
            break


def render(out: Path, language: str) -> list[Path]:
    app = styled_app()
    translators = i18n.install_translators(app, language)
    report_translator = install_report_translator(app, language)
    screen = QGuiApplication.primaryScreen()
    size = f"{screen.size().width()}x{screen.size().height()}"
    saved: list[Path] = []
    clock = _Clock()
    with tempfile.TemporaryDirectory() as tmp:
        engine, cashier_id, manager_id = _store(Path(tmp) / "store.db")
        counter = build_counter(engine, clock=clock)
        window = counter.window
        window.show_maximized()
        window.activateWindow()

        def shot(name: str, done: Callable[[], bool] = lambda: True) -> None:
            _settle(app, done)
            path = out / f"{name}_{size}_{language}.png"
            screen.grabWindow(0).save(str(path))  # the whole screen, as shown
            saved.append(path)

        shot("lock")
        counter.session.sign_in(cashier_id, "1357")
        ids = _fill(counter, clock)
        page = window.counter
        counter.controller.choose_member(ids["陳美玲"])
        counter.controller.action("void")
        page.void.reason.setText("收銀員輸入錯誤金額" if language != "en"
                                 else "wrong amount keyed")
        page.void.approval.pin.setFocus()
        shot("void_approval")
        counter.controller.back()
        counter.controller.lock()
        counter.session.sign_in(manager_id, "2468")
        counter.controller.action("report")
        report = counter.controller.report
        report._last(30)
        shot("report_page", lambda: report.report is not None and not report.loading)
        counter.close()
        # the closed pages go now, before a language change would reach them
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        engine.dispose()
    if report_translator is not None:
        app.removeTranslator(report_translator)
    i18n.remove_translators(app, translators)
    return saved


def main(argv: Sequence[str] | None = None) -> int:
    return cli("python -m desktop.screenshots_bare", render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
