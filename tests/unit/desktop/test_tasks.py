"""The task runner: results come back on the GUI thread; after shut-down a job is dropped
with a log line instead of raising (a timer may still fire while the app closes)."""

from __future__ import annotations

import logging
import threading

import pytest
from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner


def test_result_and_failure_come_back_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner("test")
    got: list[object] = []
    gui = threading.get_ident()
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.run(threading.get_ident, lambda worker: got.append((worker, threading.get_ident())),
                   got.append)
    (worker, called_on), = got
    assert worker != gui and called_on == gui
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.run(lambda: 1 // 0, got.append, got.append)
    assert isinstance(got[-1], ZeroDivisionError)
    runner.shut_down()


def test_job_after_shut_down_is_dropped_with_a_log_line(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    runner = TaskRunner("backup")
    runner.shut_down()
    runner.shut_down()  # twice is fine (aboutToQuit and close both call it)
    ran: list[object] = []
    with caplog.at_level(logging.INFO, logger="desktop.tasks"):
        runner.run(lambda: ran.append("job"), ran.append, ran.append)
    assert "backup: job dropped" in caplog.text
    assert not runner.busy
    with qtbot.assertNotEmitted(runner.finished, wait=100):
        pass
    assert ran == []
