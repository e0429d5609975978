"""The counter's camera: which device, on or off, and what to tell the cashier.

Owns the ``QCamera`` and its capture session; the frames go to the live view's video
widget, whose sink feeds the :class:`~desktop.camera.pipeline.ScanPipeline`. With no camera
(the common case on a counter with a USB scanner, and in CI) it says so and does nothing
else: the rest of the counter never depends on it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtMultimedia import QCamera, QCameraDevice, QMediaCaptureSession, QMediaDevices

from desktop.camera.view import OFF, CameraView

log = logging.getLogger(__name__)


def device_id(device: QCameraDevice) -> str:
    return bytes(device.id().data()).decode("utf-8", "replace")


class CameraService(QObject):
    """Starts, switches and stops the camera feeding ``view``.

    ``choice`` is a device id, ``""`` for the system default or :data:`OFF`.

    Signals:
        state_changed(str): ``scanning``, ``off``, ``none`` or ``error``.
        choice_changed(str): the cashier chose another camera (to save in settings).
    """

    state_changed = Signal(str)
    choice_changed = Signal(str)

    def __init__(self, view: CameraView, choice: str = "",
                 devices: QMediaDevices | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.choice = choice
        self.state = "idle"
        self.camera: QCamera | None = None
        self.session = QMediaCaptureSession(self)
        self.session.setVideoOutput(view.video)
        self.media_devices = devices or QMediaDevices(self)
        self.media_devices.videoInputsChanged.connect(self._devices_changed)
        view.device_chosen.connect(self.choose)

    def devices(self) -> list[QCameraDevice]:
        """The cameras present now (asked of ``devices``, so a test can plug one in)."""
        return list(self.media_devices.videoInputs())

    def start(self) -> None:
        """Start the chosen camera, or report that there is none or it is off."""
        self._stop_camera()
        devices = self.devices()
        self.view.set_devices([(device_id(d), d.description()) for d in devices],
                              self.choice)
        if self.choice == OFF:
            self._set_state("off")
            return
        device = self._pick(devices)
        if device is None:
            self._set_state("none")
            return
        camera = QCamera(device, self)
        camera.errorOccurred.connect(self._error)
        self.session.setCamera(camera)
        self.camera = camera
        camera.start()
        log.info("camera started: %s", device.description())
        self._set_state("scanning")

    def stop(self) -> None:
        self._stop_camera()

    def choose(self, choice: str) -> None:
        if choice != self.choice:
            self.choice = choice
            self.choice_changed.emit(choice)
        self.start()

    def _pick(self, devices: list[QCameraDevice]) -> QCameraDevice | None:
        for device in devices:
            if device_id(device) == self.choice:
                return device
        default = self.media_devices.defaultVideoInput()
        if not default.isNull():
            return default
        return devices[0] if devices else None

    def _stop_camera(self) -> None:
        if self.camera is not None:
            self.camera.stop()
            self.session.setCamera(None)  # type: ignore[arg-type]
            self.camera.deleteLater()
            self.camera = None

    def _error(self, error: QCamera.Error, text: str) -> None:
        log.warning("camera error %s: %s", error, text)
        self._stop_camera()
        self._set_state("error", text or str(error))

    def _devices_changed(self) -> None:
        log.info("cameras changed: %d present", len(self.devices()))
        if self.state != "scanning" or self.camera is None or not self.camera.isAvailable():
            self.start()

    def _set_state(self, state: str, detail: str = "") -> None:
        self.state = state
        self.view.show_state(state, detail)
        self.state_changed.emit(state)
