"""Where the camera sits in the counter window: a dock while a camera scans, a small note
in the status bar otherwise.

A counter without a camera (most of them: they have a USB scanner) must not give a third of
its width to a message. With no camera, or the camera turned off, the dock hides and the
status bar says so in a few words; pressing that note opens the dock, whose picker turns a
camera back on. A camera plugged in later starts scanning and brings the dock back.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QPushButton

from desktop.camera.view import CameraView
from desktop.views.common import keep_width

# States in which the dock gives way to the status-bar note (see CameraService).
QUIET = ("none", "off", "idle")


class CameraDock(QObject):
    """The camera's dock in ``window`` and its status-bar note; follows the camera's state
    (:meth:`show_state`, connected to ``CameraService.state_changed``)."""

    def __init__(self, window: QMainWindow, view: CameraView) -> None:
        super().__init__(window)
        self.dock = QDockWidget(window)
        self.dock.setObjectName("cameraDock")
        self.dock.setWidget(view)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()  # until the camera says it scans: no flash of a big empty dock
        self.note = QPushButton()
        self.note.setObjectName("cameraNote")
        self.note.setFlat(True)
        self.note.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps focus
        self.note.clicked.connect(self.toggle)
        window.statusBar().addPermanentWidget(self.note)
        self.note.hide()
        self.state = "idle"
        window.installEventFilter(self)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.dock.setWindowTitle(QCoreApplication.translate("CameraView", "Camera"))
        texts = {"none": QCoreApplication.translate("CameraView", "No camera"),
                 "off": QCoreApplication.translate("CameraView", "Camera is off")}
        self.note.setText(texts.get(self.state, ""))
        keep_width(self.note)
        self.note.setToolTip(QCoreApplication.translate(
            "CameraView", "Show or hide the camera and its picker"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        return False

    def show_state(self, state: str) -> None:
        """A scanning (or failed) camera gets the dock; none or off, the note."""
        self.state = state
        quiet = state in QUIET
        self.dock.setVisible(not quiet)
        self.note.setVisible(state in ("none", "off"))
        self.retranslate_ui()

    def toggle(self) -> None:
        """The note was pressed: open the dock (the picker) or put it away again."""
        self.dock.setVisible(not self.dock.isVisible())
