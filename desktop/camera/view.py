"""The small live camera view: the picture, a one-line status and the camera picker."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtMultimedia import QVideoSink
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QVBoxLayout, QWidget

from desktop.views.common import set_tone

OFF = "off"
CONFIRM_MS = 1200


class CameraView(QWidget):
    """Live picture (about 320×180), status line and camera picker.

    The picker's entries are ``(device id, name)``; the id :data:`OFF` turns the camera
    off, the empty id means the system's default camera.

    Signals:
        device_chosen(str): the cashier picked a camera (its id, ``""`` or :data:`OFF`).
    """

    device_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraView")
        self.video = QVideoWidget()
        self.video.setMinimumSize(320, 180)
        self.video.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.status = QLabel()
        self.status.setObjectName("flash")
        self.status.setWordWrap(True)
        self.picker = QComboBox()
        self.picker.setObjectName("cameraPicker")
        self.picker.activated.connect(self._picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.picker)
        self._state = "idle"
        self._unconfirm = QTimer(self)
        self._unconfirm.setSingleShot(True)
        self._unconfirm.timeout.connect(self._show_state)
        self.retranslate_ui()

    @property
    def sink(self) -> QVideoSink:
        """Where frames arrive (a camera's or a media player's): the pipeline reads them."""
        return self.video.videoSink()

    def retranslate_ui(self) -> None:
        self.picker.setToolTip(self.tr("Camera used to scan member codes"))
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_devices(self, devices: list[tuple[str, str]], current: str) -> None:
        """Fill the picker; ``current`` is selected when listed, else the first entry."""
        self.picker.blockSignals(True)
        self.picker.clear()
        for device_id, name in devices:
            self.picker.addItem(name, device_id)
        self.picker.addItem(self.tr("Camera off"), OFF)
        index = self.picker.findData(current)
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.setEnabled(bool(devices))
        self.picker.blockSignals(False)

    def show_state(self, state: str, detail: str = "") -> None:
        """``scanning``, ``off``, ``none`` (no camera) or ``error`` (``detail`` says why)."""
        self._state = state
        self._detail = detail
        if not self._unconfirm.isActive():
            self._show_state()

    def _show_state(self) -> None:
        texts = {
            "idle": ("", ""),
            "scanning": (self.tr("Hold the member's code up to the camera."), "info"),
            "off": (self.tr("Camera off. Scan with the USB scanner or type the code."),
                    "info"),
            "none": (self.tr("No camera found. Scan with the USB scanner or type the "
                             "member code or phone."), "warn"),
            "error": (self.tr("The camera stopped: %1. Scan with the USB scanner or type "
                              "the code.").replace("%1", getattr(self, "_detail", "")),
                      "error"),
        }
        text, tone = texts.get(self._state, ("", ""))
        self.status.setText(text)
        set_tone(self.status, tone)
        self.video.setVisible(self._state == "scanning")

    def confirm(self, code: str) -> None:
        """A code was read: beep and show it for a moment."""
        QApplication.beep()
        self.status.setText(self.tr("Read %1 ✓").replace("%1", code))
        set_tone(self.status, "ok")
        self._unconfirm.start(CONFIRM_MS)

    def _picked(self, index: int) -> None:
        self.device_chosen.emit(str(self.picker.itemData(index)))
