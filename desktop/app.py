"""Starting the counter: ``regulars run [--data-dir DIR] [--lang zh_TW|en]``.

This module is the counter's composition root. :func:`build_services` makes every Qt-free
service the counter uses (the counter's own, redemptions, the report and segments, the sync
problems desk) once, on one store engine; :func:`build_counter` assembles the window, the
GUI-thread session and controllers and the input filters around them (the tests, the
screenshot script and the benchmark use it too); :func:`main` adds the QApplication,
logging, translations, the store file, backups, the camera, printing and sync.
Widgets take the services they are given and never open the store themselves.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.backups import BackupScheduler, open_store_checked, report_failures, show_message
from desktop.controller import CounterController
from desktop.firstrun import LanguageSwitch
from desktop.firstrun.flow import ensure_set_up
from desktop.idle import IdleLock
from desktop.logs import setup_logging
from desktop.main_window import MainWindow
from desktop.qtlog import restore as restore_qt_messages
from desktop.qtlog import route_qt_messages
from desktop.receipts_ui import ReceiptsController
from desktop.scanner import ScanInput, WedgeScanner, monotonic_ms
from desktop.services.printer import PrinterService, open_printer
from desktop.services.receipts import ReceiptPrinter
from desktop.services.session import CounterSession
from desktop.services.settings import CounterSettings, load_settings
from desktop.services.sync_status import SyncStatus
from desktop.style import apply_style
from desktop.sync_panel import SyncPanel
from loyalty.dates import utc_now
from loyalty.einvoice import looks_like_invoice
from loyalty.member_qr import looks_like_member_qr
from loyalty.poslink import LinkFile, PosDesk, new_token
from loyalty.poslink.server import PosLinkServer
from loyalty.store.checkpoint import WalCheckpointer
from loyalty.store.engine import StoreEngine
from loyalty.store.report.service import ReportService
from loyalty.store.service import CounterService
from loyalty.store.warm import start_warming
from sync.problems_desk import ProblemsDesk
from sync.redeem import RedemptionDesk

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CounterServices:
    """The Qt-free services of one counter, built once by :func:`build_services`."""

    counter: CounterService
    redemptions: RedemptionDesk  # standalone until the sync service gives it central
    report: ReportService
    problems: ProblemsDesk



def scan_anywhere(code: str) -> bool:
    """Codes that are scans in any field of the counter (never typed by hand): an
    e-invoice, and a member's signed QR (scanned while the redeem form has the focus)."""
    return looks_like_invoice(code) or looks_like_member_qr(code)

def build_services(engine: StoreEngine, settings: CounterSettings,
                   clock: Callable[[], datetime] = utc_now) -> CounterServices:
    counter = CounterService(engine, settings.counter(), clock)
    return CounterServices(counter, RedemptionDesk(counter, None), ReportService(counter),
                           ProblemsDesk(counter))


@dataclass
class CounterApp:
    """Everything the running counter is made of (kept together so nothing is collected)."""

    window: MainWindow
    controller: CounterController
    session: CounterSession
    sync: SyncStatus
    scans: ScanInput
    scanner: WedgeScanner
    idle: IdleLock
    service: CounterService
    receipts: ReceiptsController | None = None

    def close(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
            app.removeEventFilter(self.idle)
        self.sync.stop()
        self.idle.disarm()
        self.controller.close_report()
        self.window.close()
        if self.receipts is not None:
            self.receipts.close()
        self.service.close()


def build_counter(engine: StoreEngine, settings: CounterSettings | None = None, *,
                  clock: Callable[[], datetime] = utc_now,
                  key_clock: Callable[[], float] = monotonic_ms,
                  printer: ReceiptPrinter | None = None,
                  pos_desk: PosDesk | None = None) -> CounterApp:
    """Assemble the counter on ``engine`` (a migrated store) inside a running QApplication.

    A :class:`PrinterService` ``printer`` gets the status bar's printer corner, F7 Reprint
    and F10 settings; :meth:`CounterApp.close` closes it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    settings = settings or load_settings(engine)
    services = build_services(engine, settings, clock)
    service, ctx = services.counter, services.counter.ctx
    session = CounterSession(service, redemptions=services.redemptions)
    window = MainWindow(settings.text("store_name"), ctx.terminal_id, ctx.tz, ctx.currency,
                        terminal_name=settings.text("terminal_name"))
    sync = SyncStatus(service.pending_operations, parent=window)
    scans = ScanInput(window)
    scanner = WedgeScanner(scans, settings.scanner(), key_clock, parent=window, window=window,
                           area=window.takes_scans, anywhere=scan_anywhere)
    idle = IdleLock(settings.idle_lock_ms, parent=window)
    app.installEventFilter(scanner)
    app.installEventFilter(idle)
    controller = CounterController(
        window, session, sync, scans, idle, printer, pos_desk,
        sync_panel=SyncPanel(window, session, sync, services.problems),
        report_data=services.report)
    receipts = ReceiptsController(window, session, settings,
                                  printer if isinstance(printer, PrinterService) else None)
    receipts.scanner_saved = lambda new: setattr(scanner, "settings", new)
    controller.start()
    return CounterApp(window, controller, session, sync, scans, scanner, idle, service, receipts)


def start_pos_link(data_dir: Path, settings: CounterSettings
                   ) -> tuple[PosDesk, PosLinkServer] | None:
    """The POS link's loopback endpoint (setting ``pos_link.enabled``), on the port of
    setting ``pos_link.port`` or, when that is taken, any free one; ``pos-link.json`` (0600)
    in the data folder says which, with the token (kept from one start to the next)."""
    if not settings.get("pos_link.enabled"):
        return None
    try:
        token = LinkFile.read(data_dir).token
    except (OSError, ValueError, KeyError):
        token = new_token()
    desk = PosDesk(settings.counter().currency)
    try:
        server = PosLinkServer(desk, token, int(settings.number("pos_link.port")))
    except OSError as err:
        log.warning("POS link port %s taken (%s): another port", settings.get(
            "pos_link.port"), err)
        server = PosLinkServer(desk, token, 0)
    LinkFile(server.port, token).write(data_dir)
    return desk, server.start()


def default_data_dir() -> Path:
    """``REGULARS_DATA_DIR`` or the platform's user data folder (see ``regulars paths``)."""
    from desktop.paths import app_paths
    return app_paths().data


def _logging(data_dir: Path, verbose: bool) -> None:
    # no PINs, tokens, phones or names on disk; the file is 0600
    setup_logging(data_dir / "logs", logging.DEBUG if verbose else logging.INFO)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="regulars run", description="the counter app")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="where the store file and logs live")
    parser.add_argument("--lang", default=None, help="zh_TW (default) or en; zh_HK → zh_TW")
    parser.add_argument("--code-block", type=int, default=None,
                        help="member-code block of a standalone terminal (first start)")
    parser.add_argument("--fullscreen", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    # For tests/perf/bench_counter.py: print "READY <epoch seconds>" once the search box
    # takes input, after signing in the named cashier (PIN from REGULARS_BENCH_PIN).
    parser.add_argument("--ready-stamp", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bench-sign-in", default=None, help=argparse.SUPPRESS)
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_dir: Path = args.data_dir or default_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    _logging(data_dir, args.verbose)
    # Qt's notes (Qt Multimedia's missing optional libraries) go to the log, not the console.
    previous = route_qt_messages()
    try:
        return _run(args, data_dir)
    finally:
        restore_qt_messages(previous)


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("Regulars")
    # One counter app per data folder: a second start (a double click while an upgrade
    # runs) would sync, print and back up the same store twice.
    lock = QLockFile(str(data_dir / "counter.lock"))
    lock.setStaleLockTime(0)  # only a lock whose process is gone counts as stale
    if not lock.tryLock(200):
        _already_running(data_dir)
        return 4
    try:
        return _run_locked(app, args, data_dir)
    finally:
        lock.unlock()


def _already_running(data_dir: Path) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Regulars", QCoreApplication.translate(
        "Upkeep", "Regulars is already open on this computer. Use the window that is open "
                  "(look for it on the taskbar)."))
    box.setObjectName("alreadyRunning")
    box.setDetailedText(str(data_dir))
    show_message(box)


def _run_locked(app: QApplication, args: argparse.Namespace, data_dir: Path) -> int:
    # Upkeep (issue 8): a backup before any migration, the file intact and a message box
    # if it fails; the first-run wizard when the store is not set up; daily backups.
    engine = open_store_checked(data_dir / "store.db", data_dir / "backups")
    if engine is None:
        return 3
    settings = load_settings(engine)
    apply_style(app, settings.text("region"))
    languages = LanguageSwitch(app, args.lang or settings.text("language"))
    if not ensure_set_up(app, engine, data_dir, languages, standalone_block=args.code_block,
                         ready_stamp=args.ready_stamp):
        engine.dispose()
        return 0
    settings = load_settings(engine)
    apply_style(app, settings.text("region"))
    translators = languages.translators
    checkpoints = WalCheckpointer(engine).start()  # keeps the log's upkeep off the till
    warming = start_warming(data_dir / "store.db")  # first lookups after a reboot: no disk
    pos_link = start_pos_link(data_dir, settings)
    counter = build_counter(engine, settings, printer=open_printer(data_dir, engine),
                            pos_desk=pos_link[0] if pos_link else None)
    backups = BackupScheduler(data_dir / "store.db", data_dir / "backups", parent=counter.window)
    app.aboutToQuit.connect(backups.stop)
    report_failures(backups, counter.window.statusBar())
    backups.start()
    # Camera scanning (issue 9): a dock with the live view; its decodes go to counter.scans,
    # the USB scanner's path. No camera: a note in the status bar. Stops on aboutToQuit.
    from desktop.camera import install_camera
    install_camera(counter.window, counter.scans, engine)
    # Sync (issue 5): when this terminal is registered with central (`regulars sync register
    # --code … --central …`), a worker thread syncs and reports into counter.sync, the
    # status bar's seam; redemptions then ask central first. Standalone otherwise.
    from desktop.sync_worker import start_sync
    syncing = start_sync(data_dir / "store.db", data_dir, counter.sync, parent=counter.window,
                         session=counter.session)
    if args.fullscreen:
        counter.window.showFullScreen()
    else:
        counter.window.show_maximized()
    counter.window.activateWindow()
    if args.bench_sign_in:
        _bench_sign_in(counter, args.bench_sign_in)
    if args.ready_stamp:
        QTimer.singleShot(0, lambda: _ready(counter))
    log.info("counter started (%d translators)", len(translators))
    status = app.exec()
    if syncing is not None:
        syncing.stop()
    warming.stop()  # never exit with its thread inside SQLite
    if pos_link is not None:
        pos_link[1].stop()
    counter.close()
    checkpoints.stop()
    engine.dispose()
    return int(status)


def _bench_sign_in(counter: CounterApp, name: str) -> None:
    staff = {c.name: c.id for c in counter.session.staff()}
    counter.session.sign_in(staff[name], os.environ.get("REGULARS_BENCH_PIN", ""))


def _ready(counter: CounterApp, tries: int = 400) -> None:
    line = counter.window.counter.search.line
    accepting = line.isVisible() and line.isEnabled() and line.hasFocus()
    if not accepting and tries:  # the window manager activates the window a moment later
        QTimer.singleShot(5, lambda: _ready(counter, tries - 1))
        return
    sys.stdout.write(f"READY {time.time():.6f} {int(accepting)}\n")
    sys.stdout.flush()
    if os.environ.get("REGULARS_EXIT_WHEN_READY"):
        QApplication.quit()


if __name__ == "__main__":
    raise SystemExit(main())
