"""Qt's own messages in the app go to the log file, not to the terminal that started it:
Qt Multimedia's notes about optional libraries it did without stay out of the console."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType, qWarning
from pytestqt.logging import _QtMessageCapture

from desktop.qtlog import level_of, restore, route_qt_messages

SCRIPT = """
import logging, sys
logging.basicConfig(filename=sys.argv[1], level=logging.INFO,
                    format="%(levelname)s %(name)s: %(message)s")
from PySide6.QtCore import qWarning
from PySide6.QtWidgets import QApplication
from desktop.qtlog import route_qt_messages
route_qt_messages()
app = QApplication([])
from PySide6.QtMultimedia import QMediaDevices
QMediaDevices.videoInputs()
qWarning("a real warning")
"""


def test_qt_messages_reach_the_log_file_and_not_the_console(tmp_path: Path) -> None:
    log_file = tmp_path / "counter.log"
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(log_file)], capture_output=True,
                         text=True, timeout=120, cwd=Path(__file__).parents[3],
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    assert "qt." not in run.stderr and "a real warning" not in run.stderr
    kept = log_file.read_text(encoding="utf-8")
    assert "WARNING qt: a real warning" in kept


def test_multimedia_library_notes_are_info_other_warnings_stay_warnings() -> None:
    warn = QtMsgType.QtWarningMsg
    assert level_of(warn, "qt.multimedia.symbolsresolver",
                    "Couldn't load pipewire-0.3 library") == logging.INFO
    assert level_of(warn, "qt.multimedia.ffmpeg", "Camera in use") == logging.WARNING
    assert level_of(warn, "qt.qpa.xcb", "Couldn't load library x") == logging.WARNING


@pytest.mark.expect_log_warnings("qt")  # a Qt warning routed to the log is the point
@pytest.mark.qt_log_level_fail("CRITICAL")
def test_a_handler_installed_before_still_gets_every_message(
        qtlog: _QtMessageCapture, caplog: pytest.LogCaptureFixture) -> None:
    """pytest-qt's handler (which fails a test on a Qt warning) keeps working while the
    app's ``main`` runs inside a test, and is back when it ends."""
    previous = route_qt_messages()
    try:
        with caplog.at_level(logging.INFO, logger="qt"):
            qWarning("seen by both")
    finally:
        restore(previous)
    qWarning("seen after restore")
    assert [r.message for r in qtlog.records] == ["seen by both", "seen after restore"]
    assert [r.getMessage() for r in caplog.records if r.name == "qt"] == ["seen by both"]
