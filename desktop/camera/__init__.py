"""Camera scanning: member codes read from phone screens and cards by the counter's camera.

:class:`CameraScanning` puts the pieces together: the live :class:`CameraView`, the
:class:`CameraService` (device choice, no-camera message) and the :class:`ScanPipeline`
(decode off the UI thread, check digit, one report per showing). Its codes go to the same
:class:`~desktop.scanner.ScanInput` as the USB scanner's, so a camera read and a scanner
burst end in the same lookup.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QApplication, QMainWindow

from desktop.camera.debounce import Debouncer
from desktop.camera.dock import CameraDock
from desktop.camera.pipeline import ScanPipeline
from desktop.camera.service import CameraService
from desktop.camera.view import OFF, CameraView
from desktop.scanner import ScanInput
from loyalty.store.engine import StoreEngine
from loyalty.store.settings import read_setting, write_settings

log = logging.getLogger(__name__)
SETTING = "camera.device"
START_AFTER_MS = 500

__all__ = ["OFF", "SETTING", "CameraScanning", "install_camera"]


class CameraScanning(QObject):
    """The camera feature: view, service and pipeline, delivering to ``scans``.

    Stop it (:meth:`stop`) before the application ends: the decode thread must finish.
    """

    def __init__(self, scans: ScanInput, choice: str = "", *,
                 debouncer: Debouncer | None = None, devices: QMediaDevices | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scans = scans
        self.view = CameraView()
        self.pipeline = ScanPipeline(debouncer, parent=self)
        self.service = CameraService(self.view, choice, devices, parent=self)
        self.dock: CameraDock | None = None
        self.view.sink.videoFrameChanged.connect(self.pipeline.offer)
        self.pipeline.code_scanned.connect(self._scanned)
        self.service.state_changed.connect(lambda _state: self.pipeline.reset())

    def _scanned(self, code: str) -> None:
        self.view.confirm(code)
        self.scans.submit(code, "camera")

    def start(self) -> None:
        self.service.start()

    def stop(self) -> None:
        self.service.stop()
        self.pipeline.stop()


def load_choice(engine: StoreEngine) -> str:
    return str(read_setting(engine, SETTING, ""))


def save_choice(engine: StoreEngine, choice: str) -> None:
    write_settings(engine, {SETTING: choice})


def install_camera(window: QMainWindow, scans: ScanInput, engine: StoreEngine, *,
                   start_after_ms: int | None = START_AFTER_MS,
                   devices: QMediaDevices | None = None) -> CameraScanning:
    """Add the camera to ``window`` (a dock while it scans, a status-bar note when there is
    none or it is off), feeding ``scans``; remembers the device chosen in the store's
    settings. Stops with the application.

    The camera starts ``start_after_ms`` after this call (None: now), so that loading Qt
    Multimedia and opening the device never delay the counter's first screen.
    """
    feature = CameraScanning(scans, load_choice(engine), devices=devices, parent=window)
    feature.service.choice_changed.connect(lambda choice: save_choice(engine, choice))
    feature.dock = CameraDock(window, feature.view)
    feature.service.state_changed.connect(feature.dock.show_state)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(feature.stop)
    if start_after_ms is None:
        feature.start()
    else:
        QTimer.singleShot(start_after_ms, feature.start)
    return feature
