"""Render the counter's main screens to PNG, offscreen, in both languages.

    python -m desktop.screenshots --out docs/screenshots

Builds a throwaway store with a few members, signs a cashier in, and grabs: the lock
screen, the counter with a member, award, redeem with a manager's approval, enrollment,
a result list and void; then the counter after a slip printed (to a file printer) and
with a slip waiting for a printer that is off, and the manager's printer settings.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from desktop import i18n
from desktop.app import CounterApp, build_counter
from desktop.services.printer import QUEUE_FILE, PrinterService
from desktop.services.printer_settings import PrinterSettings, save_printer_settings
from desktop.services.session import EnrollForm
from desktop.style import apply_style
from loyalty.store.demo import configure_counter
from loyalty.store.engine import StoreEngine
from loyalty.store.opening import open_store
from printing import JobStatus, PrinterKind, PrinterProfile, render_preview_png

log = logging.getLogger(__name__)
SIZE = (1280, 800)


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _store(path: Path) -> tuple[StoreEngine, str, str]:
    engine = open_store(path, code_block=1)
    manager, cashier = configure_counter(
        engine, {"store_name": "好日子生活百貨 信義店", "store_address": "台北市信義區松高路 11 號",
                 "store_phone": "(02) 2722-0000"},
        [("王店長", "manager", "2468"), ("李小華", "cashier", "1357")])
    return engine, cashier.id, manager.id


def _until(app: QApplication, done: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Let the print queue's and the preview's threads report (events, no fixed sleep)."""
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _fill(counter: CounterApp, clock: _Clock) -> dict[str, str]:
    session = counter.session
    ids: dict[str, str] = {}
    people = (("0912345678", "陳美玲", "11/05"), ("0922111678", "林志明", "04/18"),
              ("0933555678", "黃雅婷", ""))
    for phone, name, birthday in people:
        ids[name] = session.enroll(EnrollForm(phone, name, birthday, True)).member_id
    for day, amount, receipt in ((40, "1280", "AB-10233"), (21, "3560", "AB-11872"),
                                 (9, "890", "AB-12560"), (2, "6420", "AB-13011")):
        clock.now = datetime(2026, 11, 23, 4, 0, tzinfo=UTC) - timedelta(days=day)
        session.show_member(ids["陳美玲"])
        session.award(amount, receipt)
        session.show_member(ids["林志明"])
        session.award(str(int(amount) // 2), "")
    clock.now = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
    return ids


def styled_app() -> QApplication:
    """The application (created if needed) with the counter's style and built translations."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_style(app)
    if i18n.qm_stale():
        i18n.build()
    return app


def render(out: Path, language: str) -> list[Path]:
    app = styled_app()
    translators = i18n.install_translators(app, language)
    clock = _Clock()
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        engine, cashier_id, manager_id = _store(Path(tmp) / "store.db")
        paper = PrinterProfile(PrinterKind.FILE, device=str(Path(tmp) / "slips.bin"),
                               paper_mm=80)
        printer = PrinterService(Path(tmp) / QUEUE_FILE, paper)
        counter = build_counter(engine, clock=clock, printer=printer)
        window = counter.window
        window.resize(*SIZE)
        window.show()

        def shot(name: str, prepare: Callable[[], QWidget | None]) -> None:
            widget = prepare() or window
            app.processEvents()
            path = out / f"{name}_{language}.png"
            widget.grab().save(str(path))
            saved.append(path)

        page = window.counter
        shot("signin", lambda: None)
        counter.session.sign_in(cashier_id, "1357")
        ids = _fill(counter, clock)
        def results() -> None:
            page.search.set_text("678")
            counter.controller.search("678")
        shot("search_results", results)
        shot("member", lambda: counter.controller.choose_member(ids["陳美玲"]))

        def award() -> None:
            counter.controller.action("award")
            page.award.amount.setText("2,480")
            page.award.receipt.setText("AB-13420")
            counter.controller.flows.award_preview("2,480")
        shot("award", award)
        counter.controller.back()

        def redeem() -> None:
            counter.controller.action("redeem")
            page.redeem.points.setText("1200")
            counter.controller.flows.redeem_preview("1200", "")
        shot("redeem", redeem)
        counter.controller.back()

        def enroll() -> None:
            counter.controller.back()
            counter.controller.action("enroll")
            page.enroll.phone.setText("0955 123 456")
            page.enroll.name.setText("張家豪")
            page.enroll.birthday.setText("08/21")
        shot("enroll", enroll)
        counter.controller.back()

        def void() -> None:
            counter.controller.choose_member(ids["陳美玲"])
            counter.controller.action("void")
            page.void.reason.setText("收銀員輸入錯誤金額" if language != "en"
                                     else "wrong amount keyed")
        shot("void", void)
        counter.controller.back()
        _printer_shots(app, counter, printer, manager_id, shot)
        saved.append(_printed_slip(printer, out))
        counter.close()
        engine.dispose()
    i18n.remove_translators(app, translators)
    return saved


def _printed_slip(printer: PrinterService, out: Path) -> Path:
    """The award slip the counter printed, as the preview draws it (the same document)."""
    job = next(j for j in printer.queue.jobs(10)
               if j.kind == "award" and j.status is JobStatus.PRINTED)
    path = out / "slip_award_80mm.png"
    path.write_bytes(render_preview_png(job.document, 80))
    return path


def _printer_shots(app: QApplication, counter: CounterApp, printer: PrinterService,
                   manager_id: str,
                   shot: Callable[[str, Callable[[], QWidget | None]], None]) -> None:
    page = counter.window.counter

    def award(amount: str, receipt: str) -> None:
        counter.controller.action("award")
        page.award.amount.setText(amount)
        counter.controller.flows.award(amount, receipt)

    def printed() -> None:
        award("2480", "AB-13420")
        _until(app, lambda: printer.state().phase == "printed")
    shot("slip_printed", printed)

    def waiting() -> None:
        printer.set_profile(PrinterProfile(host="127.0.0.1", port=9, timeout_s=1.0))
        award("890", "AB-13421")
        _until(app, lambda: printer.state().phase == "waiting"
               and "<br>" in page.flash.text())  # the slip's problem under the award
    shot("slip_waiting", waiting)
    counter.session.lock()
    counter.session.sign_in(manager_id, "2468")
    receipts = counter.receipts
    assert receipts is not None

    def settings() -> QWidget:
        save_printer_settings(counter.service.engine, counter.service.ctx, PrinterSettings(
            PrinterProfile(host="192.168.1.50", model="TM-T88V"), "台北市信義區松高路 11 號",
            "(02) 2722-0000", "謝謝光臨，歡迎再來！\n點數查詢請洽門市或官網"),
            counter.service.now())
        receipts.open_settings()
        dialog = receipts.dialog
        assert dialog is not None
        dialog.resize(1000, 700)
        _until(app, lambda: not dialog.preview.pixmap().isNull())
        return dialog
    shot("printer_settings", settings)
    if receipts.dialog is not None:
        receipts.dialog.reject()


def cli(prog: str, render: Callable[[Path, str], list[Path]],
        argv: Sequence[str] | None = None) -> int:
    """``--out DIR`` and ``--lang`` (repeatable, default all): ``render`` each language."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", action="append", choices=i18n.LANGUAGES)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    args.out.mkdir(parents=True, exist_ok=True)
    for language in args.lang or list(i18n.LANGUAGES):
        for path in render(args.out, language):
            log.info("wrote %s", path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return cli("python -m desktop.screenshots", render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
