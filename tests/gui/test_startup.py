"""Starting the app for real (``desktop.app.main``): the wizard on an empty data directory and
then the counter; a failed upgrade explained in a message box with the file left as it was;
and the daily backup taken on a worker thread while the UI keeps running."""

from __future__ import annotations

import itertools
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QLockFile, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QStatusBar
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop import i18n
from desktop.backups import BackupScheduler, report_failures
from desktop.firstrun import FirstRunWizard, PageId
from desktop.main_window import MainWindow
from loyalty.store import cipher, migrate
from loyalty.store.backup import BackupInfo, backup_store, list_backups
from loyalty.store.engine import create_store_engine
from loyalty.store.keyvalue import get_state
from sync.setup import is_set_up
from tests.gui.conftest import sign_in
from tests.gui.firstrun_helpers import (
    FINISH,
    NEXT,
    choose_standalone,
    click,
    fill_manager,
    fill_store,
)
from tests.helpers.migrations import broken_migrations, slow_migrations
from tests.helpers.store import make_store

pytestmark = [pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),
              # no head office's recovery key is installed here: the app says so
              pytest.mark.expect_log_warnings("loyalty.store.keys")]


@pytest.fixture
def app_main(qapp: QApplication, tmp_path: Path) -> Iterator[Callable[..., int]]:
    """``desktop.app.main`` in this process; afterwards its log handler and translators go."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # main() closes its window after its event loop ends; with quit-on-last-window-closed
    # that would leave the shared QApplication quitting, and later modal loops would return
    # at once. The driver quits explicitly instead.
    qapp.setQuitOnLastWindowClosed(False)

    def run(*argv: str) -> int:
        return desktop_app.main(["--data-dir", str(tmp_path / "data"), "--lang", "en", *argv])

    yield run
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    qapp.setQuitOnLastWindowClosed(True)
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
    i18n.install_translators(qapp, "en")


class Driver:
    """Polls the top-level windows from a timer, as a person would look at the screen."""

    def __init__(self, step: Callable[[], bool], limit_ms: int = 60_000) -> None:
        self.step = step
        self.error: BaseException | None = None
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.deadline = QTimer()
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(self._give_up)
        self.timer.start()
        self.deadline.start(limit_ms)

    def _tick(self) -> None:
        try:
            done = self.step()
        except BaseException as exc:  # reported by the test, after the app has stopped
            self.error = exc
            done = True
            _close_everything()
        if done:
            self.timer.stop()
            self.deadline.stop()

    def _give_up(self) -> None:
        self.error = TimeoutError("the app never reached the expected screen")
        self.timer.stop()
        _close_everything()


def _close_everything() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, FirstRunWizard | QMessageBox):
            widget.reject()
    QApplication.quit()


def _visible(kind: type) -> Any:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, kind) and w.isVisible()), None)


def test_an_empty_data_dir_starts_the_wizard_then_the_counter(qtbot: QtBot, tmp_path: Path,
                                                              app_main: Callable[..., int]
                                                              ) -> None:
    """The contract: no set-up → the wizard; Finish → the counter, where the new manager
    signs in with the new PIN. The next start goes straight to the counter."""
    seen: dict[str, Any] = {}

    def step() -> bool:
        wizard = _visible(FirstRunWizard)
        if wizard is not None:
            seen["wizard"] = wizard.objectName()
            click(qtbot, wizard, NEXT)
            fill_store(qtbot, wizard, "好日子 信義店")
            choose_standalone(qtbot, wizard, block=2)
            fill_manager(qtbot, wizard, "陳店長", "8642")
            click(qtbot, wizard, NEXT)
            assert wizard.currentId() == PageId.SUMMARY
            click(qtbot, wizard, FINISH)
            return False
        window = _visible(MainWindow)
        if window is None:
            return False
        seen["header"] = window.counter.header.store.text()
        sign_in(qtbot, SimpleNamespace(window=window), "陳店長", "8642")  # type: ignore[arg-type]
        seen["cashier"] = window.counter.header.cashier.text()
        QApplication.quit()
        return True

    driver = Driver(step)
    assert app_main() == 0 and driver.error is None, driver.error
    assert seen["wizard"] == "FirstRunWizard"
    assert seen["header"] == "好日子 信義店 · Till 2"  # standalone block 2: S001-T02
    assert "陳店長" in seen["cashier"]
    engine = create_store_engine(tmp_path / "data" / "store.db")
    try:
        assert is_set_up(engine)
    finally:
        engine.dispose()

    def counter_straight_away() -> bool:
        assert _visible(FirstRunWizard) is None, "set up already: no wizard"
        if _visible(MainWindow) is None:
            return False
        QApplication.quit()
        return True

    again = Driver(counter_straight_away)
    assert app_main() == 0 and again.error is None, again.error


@pytest.mark.expect_log_warnings("loyalty.store.backup")  # the failed migration, logged
def test_a_failing_upgrade_says_so_and_leaves_the_store_as_it_was(
        qtbot: QtBot, tmp_path: Path, app_main: Callable[..., int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(tmp_path / "data" / "store.db")
    store.service().enroll(phone="0912345678", name="林美玲")
    store.engine.dispose()
    before = sqlite3.connect(store.path)
    version = before.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    before.close()
    # This "newer version" ships one more migration, and it fails.
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", broken_migrations(tmp_path))
    shown: dict[str, str] = {}

    def step() -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return False
        shown.update(title=box.windowTitle(), text=box.text(), name=box.objectName(),
                     icon=box.icon().name)
        box.accept()
        return True

    driver = Driver(step, limit_ms=30_000)
    status = app_main()
    assert driver.error is None, driver.error
    assert status == 3  # no traceback: a message, then the app ends
    assert shown["name"] == "startFailed" and shown["icon"] == "Critical"
    assert "could not upgrade" in shown["text"] and "Nothing was changed" in shown["text"]
    db = cipher.connect(store.path)  # encrypted at start; this process holds its key
    columns = [row[1] for row in db.execute("PRAGMA table_info(members)")]
    assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == version
    assert "nickname" not in columns
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 1
    db.close()
    assert [b.reason for b in list_backups(tmp_path / "data" / "backups")] == [
        "before-upgrade", "before-encryption"]
    assert _visible(MainWindow) is None and _visible(FirstRunWizard) is None


def test_daily_backups_run_off_the_ui_thread_on_schedule_and_keep_the_newest(
        qtbot: QtBot, tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    with store.engine.begin() as conn:
        assert get_state(conn, "code_block") is not None
    threads: list[str] = []

    def copy(*args: Any, **kwargs: Any) -> BackupInfo:
        threads.append(threading.current_thread().name)
        return backup_store(*args, **kwargs)

    scheduler = BackupScheduler(store.path, tmp_path / "backups",
                                interval=timedelta(milliseconds=300), check_ms=50,
                                first_check_ms=0, keep=2, copy=copy)
    taken: list[BackupInfo] = []
    scheduler.backup_finished.connect(taken.append)
    scheduler.start()
    try:
        qtbot.waitUntil(lambda: len(taken) >= 3, timeout=20_000)
    finally:
        scheduler.stop()
    assert threads and all(name.startswith("backup") for name in threads)
    assert threading.main_thread().name not in threads
    gaps = [(b.taken_at - a.taken_at).total_seconds() for a, b in itertools.pairwise(taken)]
    assert all(gap >= 0.3 for gap in gaps), gaps  # not more often than the interval
    kept = list_backups(tmp_path / "backups")
    assert [b.path for b in kept] == [b.path for b in reversed(taken[-2:])]  # retention
    store.engine.dispose()


def test_a_recent_daily_backup_means_no_new_one_at_start(qtbot: QtBot, tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    backup_store(store.path, tmp_path / "backups", reason="daily", now=hour_ago)
    scheduler = BackupScheduler(store.path, tmp_path / "backups", first_check_ms=0)
    scheduler.check()  # only looks for erasures to apply to the backups (#17): none here
    qtbot.waitUntil(lambda: not scheduler.tasks.busy, timeout=20_000)
    assert not scheduler.due() and len(list_backups(tmp_path / "backups")) == 1
    later = BackupScheduler(store.path, tmp_path / "backups",
                            clock=lambda: hour_ago + timedelta(days=1, minutes=1))
    assert later.due()
    with qtbot.waitSignal(later.backup_finished, timeout=20_000) as blocker:
        later.check()
    assert blocker.args[0].reason == "daily"
    scheduler.stop()
    later.stop()
    store.engine.dispose()


@pytest.mark.expect_log_warnings("desktop.backups")  # the failed backup, logged
def test_a_failed_backup_is_reported_not_raised(qtbot: QtBot, tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    blocked = tmp_path / "backups"
    blocked.write_text("a file where the backup folder should be")
    scheduler = BackupScheduler(store.path, blocked, first_check_ms=0)
    status = QStatusBar()
    qtbot.addWidget(status)
    report_failures(scheduler, status)
    with qtbot.waitSignal(scheduler.backup_failed, timeout=20_000) as blocker:
        scheduler.check()
    assert blocker.args[0]
    assert status.currentMessage().startswith("The daily backup failed")
    scheduler.stop()
    store.engine.dispose()


def test_a_slow_upgrade_says_it_is_upgrading_and_then_the_counter_opens(
        qtbot: QtBot, tmp_path: Path, app_main: Callable[..., int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(tmp_path / "data" / "store.db")
    store.engine.dispose()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", slow_migrations(tmp_path, 2.0))
    seen: dict[str, Any] = {"ticks_while_upgrading": 0}

    def step() -> bool:
        dialog = _visible(QProgressDialog)
        if dialog is not None:  # the event loop turns while the upgrade runs
            seen["dialog"] = dialog.objectName()
            seen["text"] = dialog.labelText()
            seen["ticks_while_upgrading"] += 1
            return False
        if _visible(FirstRunWizard) is None and _visible(MainWindow) is None:
            return False
        QApplication.quit()
        return True

    driver = Driver(step, limit_ms=30_000)
    assert app_main() == 0 and driver.error is None, driver.error
    assert seen["dialog"] == "upgrading" and "Do not switch the computer off" in seen["text"]
    assert seen["ticks_while_upgrading"] >= 10  # ~20 ms a tick: the UI was never frozen
    db = cipher.connect(store.path)  # encrypted at start; this process holds its key
    assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9998"
    db.close()
    assert [b.reason for b in list_backups(tmp_path / "data" / "backups")] == [
        "before-upgrade", "before-encryption"]


def test_a_second_counter_on_the_same_data_folder_is_refused(
        qtbot: QtBot, tmp_path: Path, app_main: Callable[..., int]) -> None:
    (tmp_path / "data").mkdir()
    running = QLockFile(str(tmp_path / "data" / "counter.lock"))  # the first counter
    assert running.tryLock(0)
    shown: dict[str, str] = {}

    def step() -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return False
        shown.update(name=box.objectName(), text=box.text())
        box.accept()
        return True

    try:
        driver = Driver(step, limit_ms=20_000)
        assert app_main() == 4 and driver.error is None, driver.error
    finally:
        running.unlock()
    assert shown["name"] == "alreadyRunning" and "already open" in shown["text"]
    assert not (tmp_path / "data" / "store.db").exists()  # it touched nothing

