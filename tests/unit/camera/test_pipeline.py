"""The pipeline decodes off the GUI thread, drops frames while busy and reports each
showing of a member code once."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from desktop.camera import pipeline as pipeline_module
from desktop.camera.debounce import Debouncer
from desktop.camera.frames import nv12_frame
from desktop.camera.pipeline import Decoded, ScanPipeline
from loyalty.member_code import code_for_serial
from tests.helpers.phone_screen_images import FRAME, shot, symbol_image

CODE = code_for_serial(456_789_012)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def pipe(clock: Clock) -> Iterator[ScanPipeline]:
    pipeline = ScanPipeline(Debouncer(leave_s=1.0, repeat_s=2.0, clock=clock))
    yield pipeline
    pipeline.stop()


def feed(qtbot: QtBot, pipe: ScanPipeline, frame: object) -> Decoded:
    """Offer one frame to an idle pipeline and wait for its decode."""
    with qtbot.waitSignal(pipe.frame_decoded, timeout=10_000) as blocker:
        pipe.offer(frame)  # type: ignore[arg-type]
    decoded = blocker.args[0]
    assert isinstance(decoded, Decoded)
    return decoded


def test_frames_of_one_showing_give_one_scan(qtbot: QtBot, pipe: ScanPipeline,
                                             clock: Clock) -> None:
    scans: list[str] = []
    pipe.code_scanned.connect(scans.append)
    rng = random.Random(6)
    blank = Image.new("RGB", FRAME, (120, 120, 120))
    showing = [shot(CODE, "CODE128", "clean", 0.0, rng).image for _ in range(4)]
    for image in [blank, *showing, blank, *showing[:2]]:
        feed(qtbot, pipe, nv12_frame(image))
        clock.now += 0.1
    assert scans == [CODE]
    clock.now += 5.0  # the phone was put away; the member shows it again later
    for image in [blank, *showing]:
        feed(qtbot, pipe, nv12_frame(image))
        clock.now += 0.1
    assert scans == [CODE, CODE]


def test_check_digit_failure_is_ignored(qtbot: QtBot, pipe: ScanPipeline) -> None:
    bad = CODE[:-1] + str((int(CODE[-1]) + 3) % 10)
    image = Image.new("L", FRAME, 255)
    image.paste(symbol_image(bad, "QRCODE", 3), (500, 200))
    scans: list[str] = []
    pipe.code_scanned.connect(scans.append)
    with qtbot.waitSignal(pipe.code_rejected, timeout=10_000) as blocker:
        pipe.offer(image)
    assert blocker.args == [bad]
    qtbot.waitUntil(lambda: not pipe.busy)
    assert scans == []


def test_decoding_runs_off_the_gui_thread_and_drops_while_busy(
        qtbot: QtBot, pipe: ScanPipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: set[int] = set()
    gate = threading.Event()
    real = pipeline_module.decode_frame

    def slow_decode(*args: object, **kwargs: object) -> object:
        threads.add(threading.get_ident())
        gate.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline_module, "decode_frame", slow_decode)
    image = shot(CODE, "QRCODE", "clean", 0.0, random.Random(7)).image
    for _ in range(50):
        pipe.offer(image)  # the GUI thread never waits, whatever the worker does
    assert pipe.busy
    assert pipe.offered == 50
    assert pipe.dropped == 48  # one decoding, one waiting (the newest), the rest dropped
    with qtbot.waitSignal(pipe.code_scanned, timeout=10_000):
        gate.set()
    qtbot.waitUntil(lambda: pipe.decoded_count == 2 and not pipe.busy)
    assert threading.get_ident() not in threads


def test_a_stopped_pipeline_takes_no_frames(qtbot: QtBot, pipe: ScanPipeline) -> None:
    pipe.stop()
    pipe.offer(Image.new("L", (64, 64)))
    assert pipe.offered == 0 and not pipe.busy
