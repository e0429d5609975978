"""Backups while the counter runs, and opening the store safely at start.

:class:`BackupScheduler` checks on a timer whether the newest daily backup is older than the
interval and, if so, copies the live store with SQLite's online backup API on a worker thread
(the UI thread never waits on the copy; the counter keeps writing meanwhile). Checking
rather than firing once a day means a PC switched off at night still gets its daily copy
soon after it starts, and restarts do not multiply backups.

:func:`open_store_checked` opens the store with :func:`loyalty.store.backup.open_and_upgrade`
(a backup before any migration; a failed migration leaves the file as it was) and turns a
failure into a message box instead of a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QStatusBar, QWidget

from desktop.tasks import TaskRunner
from loyalty.dates import utc_now
from loyalty.store import migrate
from loyalty.store.backup import (
    BackupInfo,
    MigrationFailed,
    backup_store,
    list_backups,
    open_and_upgrade,
    scrub_backups,
)
from loyalty.store.engine import STORAGE_ERRORS, StoreEngine
from loyalty.store.keys import KeyMissing, unlock_folder

log = logging.getLogger(__name__)
_SCRUB_ERRORS: tuple[type[Exception], ...] = (OSError, *STORAGE_ERRORS)
DAILY = timedelta(days=1)
_OPEN_ERRORS: tuple[type[Exception], ...] = (OSError, *STORAGE_ERRORS)
CHECK_MS = 15 * 60_000
FIRST_CHECK_MS = 60_000  # let the counter start and the cashier sign in first
KEEP = 14
UPGRADE_NOTICE_MS = 700  # an open that takes longer than this shows the upgrade dialog


class BackupScheduler(QObject):
    """Takes the daily backup in the background.

    Signals:
        backup_finished(object): a :class:`BackupInfo` of the copy just made.
        backup_failed(str): why a backup could not be made (disk full, folder missing…).
    """

    backup_finished = Signal(object)
    backup_failed = Signal(str)

    def __init__(self, store_path: Path, backup_dir: Path, *, interval: timedelta = DAILY,
                 check_ms: int = CHECK_MS, first_check_ms: int = FIRST_CHECK_MS,
                 keep: int = KEEP, clock: Callable[[], datetime] = utc_now,
                 copy: Callable[..., BackupInfo] = backup_store,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.backup_dir = backup_dir
        self.interval = interval
        self.keep = keep
        self.clock = clock
        self.copy = copy
        self.first_check_ms = first_check_ms
        self.tasks = TaskRunner("backup", parent=self)
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(self.first_check_ms, self, self.check)

    def stop(self) -> None:
        """Stop checking; a copy in progress is finished (never left half written)."""
        self.timer.stop()
        self.tasks.shut_down(wait=True)

    def due(self) -> bool:
        daily = [b for b in list_backups(self.backup_dir) if b.reason == "daily"] \
            if self.backup_dir.exists() else []
        return not daily or self.clock() - daily[0].taken_at >= self.interval

    def check(self) -> None:
        """Start a backup on the worker when one is due and none is running."""
        if self.tasks.busy or not self.store_path.exists():
            return
        try:
            due = self.due()
        except OSError as err:
            log.warning("backup folder unreadable: %s", err)
            due = True
        if due:
            self.tasks.run(self._copy, self._done, self._failed)
        else:
            self.tasks.run(self._scrub, lambda _: None, self._failed)

    def _scrub(self) -> int:  # on the worker thread
        """Rewrite older backups without members erased since they were taken."""
        try:
            return scrub_backups(self.store_path, self.backup_dir, now=self.clock())
        except _SCRUB_ERRORS as err:
            log.warning("backups not yet rewritten without erased members: %s", err)
            return 0

    def _copy(self) -> BackupInfo:  # on the worker thread
        self._scrub()
        return self.copy(self.store_path, self.backup_dir, reason="daily", keep=self.keep,
                         now=self.clock())

    def _done(self, info: object) -> None:
        self.backup_finished.emit(info)

    def _failed(self, err: BaseException) -> None:
        log.error("daily backup failed: %s", err)
        self.backup_failed.emit(str(err))


def report_failures(scheduler: BackupScheduler, status_bar: QStatusBar) -> None:
    """Say on the status bar when a daily backup failed (it is retried at the next check)."""
    def failed(reason: str) -> None:
        status_bar.showMessage(QCoreApplication.translate(
            "Upkeep", "The daily backup failed (%1). The counter keeps working; tell the "
                      "IT person.").replace("%1", reason))

    scheduler.backup_failed.connect(failed)


def show_message(box: QMessageBox) -> None:
    """Show ``box`` modally (tests close it from a timer)."""
    box.exec()


def _open_on_worker(store_path: Path, backup_dir: Path, scripts: Path) -> StoreEngine:
    engine = open_and_upgrade(store_path, backup_dir, keep=KEEP, migrations_dir=scripts)
    engine.dispose()  # the UI thread opens its own connections
    return engine


def _with_progress(job: Callable[[], StoreEngine], parent: QWidget | None) -> StoreEngine:
    """Run ``job`` off the UI thread; after a moment show a busy dialog until it ends."""
    outcome: dict[str, object] = {}
    loop = QEventLoop()
    runner = TaskRunner("open-store")

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()
    runner.run(job, lambda engine: finish("engine", engine), lambda err: finish("error", err))
    dialog = QProgressDialog(QCoreApplication.translate(
        "Upkeep", "Updating the counter's data for this version of Regulars…\n"
                  "This can take a few minutes. Do not switch the computer off."),
        "", 0, 0, parent)
    dialog.setObjectName("upgrading")
    dialog.setWindowTitle("Regulars")
    dialog.setCancelButton(None)  # a half-done upgrade is rolled back, but never offered
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.reset()  # a busy dialog shows only when asked: after a moment, if still working
    QTimer.singleShot(UPGRADE_NOTICE_MS, lambda: None if outcome else dialog.show())
    loop.exec()  # the outcome arrives through this loop (a queued signal), never before
    dialog.close()
    dialog.deleteLater()
    runner.shut_down(wait=True)
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error
    engine = outcome["engine"]
    assert isinstance(engine, StoreEngine)
    return engine


def open_store_checked(store_path: Path, backup_dir: Path, *,
                       migrations_dir: Path | None = None,
                       parent: QWidget | None = None,
                       show: Callable[[QMessageBox], None] = show_message,
                       encrypt: bool = True) -> StoreEngine | None:
    """Open and, if needed, upgrade the store; None (after saying why) when that failed.

    With ``encrypt`` the store's key is unlocked first (:func:`unlock_folder`: made on
    first start) and a plain store is encrypted in place as part of the upgrade.
    The work runs on a worker thread: an upgrade backs the whole file up and may rebuild
    summaries (about a minute at a million members), and meanwhile a dialog says what is
    happening instead of a counter that seems not to start."""
    scripts = migrations_dir or migrate.MIGRATIONS_DIR
    try:
        if encrypt:
            unlock_folder(store_path, backup_dir)
        return _with_progress(lambda: _open_on_worker(store_path, backup_dir, scripts),
                              parent)
    except (KeyMissing, ValueError) as err:  # no key; a key folder inside the data
        log.error("the store key is missing: %s", err)
        text = str(err)
        detail = type(err).__name__
    except MigrationFailed as err:
        text = QCoreApplication.translate(
            "Upkeep", "This version of Regulars could not upgrade the counter's data. Nothing "
                      "was changed: the data is as it was, and a backup was kept in %1."
        ).replace("%1", str(backup_dir))
        detail = str(err)
    except _OPEN_ERRORS as err:
        log.exception("the store could not be opened")
        text = QCoreApplication.translate(
            "Upkeep", "The counter's data at %1 cannot be opened (the disk may be full, or "
                      "the file damaged).").replace("%1", str(store_path))
        detail = f"{type(err).__name__}: {err}"
    title = QCoreApplication.translate("Upkeep", "Regulars cannot start")
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent)
    box.setObjectName("startFailed")
    box.setInformativeText(QCoreApplication.translate(
        "Upkeep", "Reinstall the previous version or restore a backup to keep selling, and "
                  "call support."))
    box.setDetailedText(detail)
    show(box)
    return None
