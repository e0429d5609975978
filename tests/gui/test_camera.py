"""Camera scanning on the real counter: frames through the live view's sink (the path a
camera's frames take), from generated images and from a generated video played by
QMediaPlayer, end in the same lookup as a USB scanner; no camera is said plainly."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt, QUrl
from PySide6.QtMultimedia import QCameraDevice, QMediaDevices, QMediaPlayer
from pytestqt.qtbot import QtBot

from desktop.app import CounterApp
from desktop.camera import OFF, SETTING, CameraScanning, install_camera, load_choice
from desktop.camera.debounce import Debouncer
from desktop.camera.frames import nv12_frame
from tests.gui.conftest import enroll_member
from tests.helpers.mjpeg_video import write_mjpeg_avi
from tests.helpers.phone_screen_images import FRAME, shot

FPS = 10


@pytest.fixture
def camera(cashier_counter: CounterApp) -> Iterator[CameraScanning]:
    engine = cashier_counter.service.engine
    feature = install_camera(cashier_counter.window, cashier_counter.scans, engine,
                             start_after_ms=None)
    yield feature
    feature.stop()


@pytest.fixture
def members(cashier_counter: CounterApp) -> dict[str, str]:
    out = {}
    for phone, name in (("0912345678", "陳美玲"), ("0922111678", "林志明")):
        member_id = enroll_member(cashier_counter, phone, name)
        out[name] = cashier_counter.session.show_member(member_id).member_code
    cashier_counter.session.clear_member()
    return out


def test_no_camera_is_said_plainly_and_the_counter_still_scans(
        qtbot: QtBot, cashier_counter: CounterApp, camera: CameraScanning,
        members: dict[str, str]) -> None:
    assert camera.service.state == "none"
    assert "No camera found" in camera.view.status.text()
    assert not camera.view.picker.isEnabled()
    cashier_counter.scans.submit(members["林志明"], "wedge")
    assert cashier_counter.window.counter.panel.name.text() == "林志明"


class PluggableCameras(QMediaDevices):
    """The machine's camera list, as a test wants it: plug one in, pull it out."""

    def __init__(self) -> None:
        super().__init__()
        self.present: list[QCameraDevice] = []

    def videoInputs(self) -> list[QCameraDevice]:  # type: ignore[override]
        return self.present

    def defaultVideoInput(self) -> QCameraDevice:  # type: ignore[override]
        return self.present[0] if self.present else QCameraDevice()

    def plug(self, *cameras: QCameraDevice) -> None:
        self.present = list(cameras)
        self.videoInputsChanged.emit()


def test_no_camera_gives_the_counter_its_width_and_a_status_note(
        qtbot: QtBot, cashier_counter: CounterApp, camera: CameraScanning) -> None:
    window = cashier_counter.window
    assert camera.dock is not None
    qtbot.waitUntil(lambda: window.centralWidget().width() > window.width() - 20)
    assert not camera.dock.dock.isVisible()
    assert camera.dock.note.isVisible() and camera.dock.note.text() == "No camera"
    # The picker stays one press away: the note opens the dock, and puts it away again.
    qtbot.mouseClick(camera.dock.note, Qt.MouseButton.LeftButton)
    assert camera.dock.dock.isVisible() and camera.view.picker.isVisible()
    qtbot.mouseClick(camera.dock.note, Qt.MouseButton.LeftButton)
    assert not camera.dock.dock.isVisible()


def test_a_camera_plugged_in_brings_the_dock_back(qtbot: QtBot, cashier_counter: CounterApp
                                                   ) -> None:
    cameras = PluggableCameras()
    feature = install_camera(cashier_counter.window, cashier_counter.scans,
                             cashier_counter.service.engine, start_after_ms=None,
                             devices=cameras)
    assert feature.dock is not None
    try:
        assert feature.service.state == "none" and not feature.dock.dock.isVisible()
        cameras.plug(QCameraDevice())
        assert feature.service.state == "scanning"
        assert feature.dock.dock.isVisible() and not feature.dock.note.isVisible()
        cameras.plug()
        assert feature.service.state == "none"
        assert not feature.dock.dock.isVisible() and feature.dock.note.isVisible()
    finally:
        feature.stop()


def test_camera_off_is_remembered(qtbot: QtBot, cashier_counter: CounterApp,
                                  camera: CameraScanning) -> None:
    camera.service.choose(OFF)
    assert camera.service.state == "off"
    assert camera.dock is not None and camera.dock.note.text() == "Camera is off"
    assert load_choice(cashier_counter.service.engine) == OFF
    assert SETTING == "camera.device"


def test_frames_through_the_view_find_the_member_once_per_showing(
        qtbot: QtBot, cashier_counter: CounterApp, camera: CameraScanning,
        members: dict[str, str]) -> None:
    lookups: list[str] = []
    cashier_counter.scans.scan_received.connect(lookups.append)
    code = members["陳美玲"]
    rng = random.Random(8)
    frames = [nv12_frame(shot(code, "QRCODE", "glare", 0.5, rng).image) for _ in range(6)]
    for frame in frames:
        with qtbot.waitSignal(camera.pipeline.frame_decoded, timeout=10_000):
            camera.view.sink.setVideoFrame(frame)
    assert lookups == [code]
    assert cashier_counter.window.counter.panel.name.text() == "陳美玲"
    assert "Read" in camera.view.status.text()


def showing_video(path: Path, codes: list[tuple[str, str]]) -> Path:
    """Blank counter, then each (code, symbology) held up for 0.8 s with 1.2 s between."""
    rng = random.Random(9)
    blank = Image.new("RGB", FRAME, (118, 118, 118))
    frames: list[Image.Image] = [blank] * 3
    for code, symbology in codes:
        category = "dark mode" if symbology == "dark QR" else "clean"
        kind = "QRCODE" if symbology == "dark QR" else symbology
        frames += [shot(code, kind, category, 1.0, rng).image for _ in range(8)]
        frames += [blank] * 12
    return write_mjpeg_avi(path, frames, fps=FPS)


def test_video_through_media_player_one_lookup_per_showing(
        qtbot: QtBot, tmp_path: Path, cashier_counter: CounterApp, camera: CameraScanning,
        members: dict[str, str]) -> None:
    a, b = members["陳美玲"], members["林志明"]
    bad = a[:-1] + str((int(a[-1]) + 1) % 10)
    video = showing_video(tmp_path / "counter.avi", [
        (a, "QRCODE"), (a, "CODE128"), (bad, "CODE128"), (b, "dark QR")])
    camera.pipeline.debouncer = Debouncer(leave_s=0.6, repeat_s=0.6)
    lookups: list[str] = []
    rejected: list[str] = []
    names: list[str] = []
    cashier_counter.scans.scan_received.connect(lookups.append)
    cashier_counter.scans.scan_received.connect(
        lambda _code: names.append(cashier_counter.window.counter.panel.name.text()))
    camera.pipeline.code_rejected.connect(rejected.append)
    player = QMediaPlayer()
    player.setVideoOutput(camera.view.video)  # the view's sink: where camera frames go
    player.setSource(QUrl.fromLocalFile(str(video)))
    with qtbot.waitSignal(player.mediaStatusChanged, timeout=30_000,
                          check_params_cb=lambda s: s == QMediaPlayer.MediaStatus.EndOfMedia):
        player.play()
    qtbot.waitUntil(lambda: not camera.pipeline.busy)
    player.stop()
    assert lookups == [a, a, b]
    assert names == ["陳美玲", "陳美玲", "林志明"]  # each lookup found its member
    assert set(rejected) == {bad}
    assert cashier_counter.session.member is not None
    assert cashier_counter.window.counter.panel.name.text() == "林志明"
    assert camera.pipeline.decoded_count > 20
