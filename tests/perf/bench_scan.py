"""Camera scanning benchmark: ``python tests/perf/bench_scan.py [--seconds S]``.

Prints ONE JSON line:
- ``decode_ms_p50``/``decode_ms_p99``: time to turn one 1280×720 NV12 frame (what a webcam
  delivers) into member codes, as the worker does it (Y plane copy + zbar passes, with the
  extra pass every third empty frame), measured on the benchmark's own thread;
- ``frames_per_s``: frames decoded per second by the running pipeline (its worker thread)
  while a 30 fps "camera" timer offers frames on the GUI thread for ``--seconds``;
- ``ui_timer_late_ms_max``/``_p99``: how late a 10 ms GUI-thread timer fired meanwhile (the
  UI's responsiveness while decoding), and ``dropped`` frames.

The frames are the fixed phone-screen set (every degradation) mixed 1:2 with frames of an
empty counter with sensor noise, since a camera mostly sees no code.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PIL import Image, ImageChops
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import QApplication

from desktop.camera.frames import nv12_frame
from desktop.camera.pipeline import Decoded, DecodeWorker, ScanPipeline
from tests.helpers.phone_screen_images import FRAME, degraded_set

CAMERA_FPS = 30
NOISE_SIGMA = 3  # sensor noise of a 720p webcam in a lit shop (σ in gray levels)


def frames(count: int, noise: float = NOISE_SIGMA) -> list[QVideoFrame]:
    shots = [s.image for s in islice(degraded_set(per_cell=1), count // 3)]
    empty = []
    for index in range(count - len(shots)):
        base = Image.new("L", FRAME, 100 + index % 40)
        empty.append(ImageChops.add(base, Image.effect_noise(FRAME, noise), 1.0, -128))
    mixed: list[Image.Image] = []
    for index in range(count):
        pool = shots if index % 3 == 0 and shots else empty
        mixed.append(pool[(index // 3) % len(pool)])
    return [nv12_frame(image) for image in mixed]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def decode_times(video: list[QVideoFrame]) -> list[float]:
    worker = DecodeWorker()
    times: list[float] = []
    worker.decoded.connect(lambda d: times.append(d.worker_ms))
    for frame in video:
        worker.decode(frame)
    return times


def sustained(app: QApplication, video: list[QVideoFrame], seconds: float) -> dict[str, float]:
    pipeline = ScanPipeline()
    decoded: list[Decoded] = []
    pipeline.frame_decoded.connect(decoded.append)
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [0.0]
    ui_timer = QTimer()
    ui_timer.setTimerType(ui_timer.timerType().PreciseTimer)

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        lateness.append(max(0.0, now - last[0] - 10.0))
        last[0] = now

    ui_timer.timeout.connect(tick)
    index = [0]
    camera = QTimer()
    camera.setTimerType(camera.timerType().PreciseTimer)

    def offer() -> None:
        pipeline.offer(video[index[0] % len(video)])
        index[0] += 1

    camera.timeout.connect(offer)
    QTimer.singleShot(int(seconds * 1000), app.quit)
    last[0] = clock.nsecsElapsed() / 1e6
    started = time.perf_counter()
    ui_timer.start(10)
    camera.start(1000 // CAMERA_FPS)
    app.exec()
    elapsed = time.perf_counter() - started
    camera.stop()
    ui_timer.stop()
    pipeline.stop()
    return {
        "frames_per_s": round(len(decoded) / elapsed, 1),
        "offered_per_s": round(pipeline.offered / elapsed, 1),
        "dropped": pipeline.dropped,
        "ui_timer_late_ms_max": round(max(lateness[1:]), 1),
        "ui_timer_late_ms_p99": round(percentile(lateness[1:], 0.99), 1),
        "worker_ms_mean": round(statistics.fmean(d.worker_ms for d in decoded), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--frames", type=int, default=90)
    parser.add_argument("--noise", type=float, default=NOISE_SIGMA,
                        help="sensor noise σ of the empty frames")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    video = frames(args.frames, args.noise)
    times = decode_times(video)
    result: dict[str, object] = {
        "frame": "1280x720 NV12",
        "frames": len(times),
        "decode_ms_p50": round(percentile(times, 0.5), 1),
        "decode_ms_p99": round(percentile(times, 0.99), 1),
        "noise_sigma": args.noise,
        "cpus": os.cpu_count(),
    }
    result.update(sustained(app, video, args.seconds))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
