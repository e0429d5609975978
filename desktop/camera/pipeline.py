"""The frame pipeline: frames in on the GUI thread, decodes on a worker, codes out once.

Every frame source (a camera, a video file in tests, a still image) hands frames to
:meth:`ScanPipeline.offer`. One frame is decoded at a time on the worker's thread and at most
one more waits (the newest: an older waiting frame is dropped), so a slow decode drops frames
instead of queueing them without bound and the GUI thread never waits for zbar. Results come
back to the GUI thread, pass the check-digit filter and the :class:`Debouncer`, and each new
showing of a member code is emitted once as :attr:`ScanPipeline.code_scanned`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from PIL import Image
from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame

from desktop.camera.debounce import Debouncer
from desktop.camera.decode import EXTRA_PASSES, FAST_PASSES, FrameResult, Pass, decode_frame
from desktop.camera.frames import gray_from_frame, gray_from_qimage

log = logging.getLogger(__name__)
Frame = QVideoFrame | QImage | Image.Image
# Every Nth frame in which the cheap passes find nothing also tries one extra pass, in
# turn: a code is in view for many frames, so the extras get their turn on it while the
# average cost per frame stays near the cheap passes' (the frame rate target).
EXTRA_EVERY = 3


@dataclass(frozen=True, slots=True)
class Decoded:
    """A frame's decode, as delivered to the GUI thread."""

    result: FrameResult
    convert_ms: float
    worker_ms: float


def to_gray(frame: Frame) -> Image.Image | None:
    """Any frame kind as a grayscale PIL image (None when unreadable)."""
    if isinstance(frame, QVideoFrame):
        return gray_from_frame(frame)
    if isinstance(frame, QImage):
        return None if frame.isNull() else gray_from_qimage(frame)
    return frame.convert("L") if frame.mode != "L" else frame


class DecodeWorker(QObject):
    """Decodes frames on its own thread (lives there after ``moveToThread``).

    Signals:
        decoded(object): a :class:`Decoded` for each frame handed to :meth:`decode`.
    """

    decoded = Signal(object)

    def __init__(self, extra_every: int = EXTRA_EVERY) -> None:
        super().__init__()
        self.extra_every = extra_every
        self._misses = 0
        self._next_extra = 0

    def _extra(self) -> Pass | None:
        if self.extra_every <= 0 or self._misses % self.extra_every != self.extra_every - 1:
            return None
        how = EXTRA_PASSES[self._next_extra % len(EXTRA_PASSES)]
        self._next_extra += 1
        return how

    @Slot(object)
    def decode(self, frame: Frame) -> None:
        started = time.perf_counter()
        try:
            gray = to_gray(frame)
            converted = time.perf_counter()
            result = FrameResult() if gray is None else \
                decode_frame(gray, FAST_PASSES, self._extra())
        except Exception:  # a bad frame must not end the camera: log it with context
            log.exception("decoding a camera frame failed")
            converted, result = time.perf_counter(), FrameResult()
        self._misses = 0 if result.symbols else self._misses + 1
        done = time.perf_counter()
        self.decoded.emit(Decoded(result, (converted - started) * 1000.0,
                                  (done - started) * 1000.0))


class ScanPipeline(QObject):
    """GUI-thread facade of the decode worker: offer frames, receive codes.

    Signals:
        code_scanned(str): a valid member code came into view (once per showing).
        code_rejected(str): a member-code-shaped payload failed its check digit (a
            misread); it is not looked up.
        frame_decoded(object): a :class:`Decoded`, for every decoded frame (statistics,
            tests, the live view's confirmation).
    """

    code_scanned = Signal(str)
    code_rejected = Signal(str)
    frame_decoded = Signal(object)
    _submit = Signal(object)

    def __init__(self, debouncer: Debouncer | None = None, parent: QObject | None = None,
                 extra_every: int = EXTRA_EVERY) -> None:
        super().__init__(parent)
        self.debouncer = debouncer or Debouncer()
        self.offered = 0
        self.dropped = 0
        self.decoded_count = 0
        self._busy = False
        self._waiting: Frame | None = None
        self._thread = QThread()
        self._thread.setObjectName("camera-decode")
        self._worker = DecodeWorker(extra_every)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.decode)
        self._worker.decoded.connect(self._on_decoded)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._busy

    def offer(self, frame: Frame) -> None:
        """Hand over a frame; decoded now if the worker is free, else kept as the one
        waiting frame (replacing, and so dropping, an older one)."""
        if not self._thread.isRunning():
            return
        self.offered += 1
        if not self._busy:
            self._busy = True
            self._submit.emit(frame)
            return
        if self._waiting is not None:
            self.dropped += 1
        self._waiting = frame

    @Slot(object)
    def _on_decoded(self, decoded: Decoded) -> None:
        self._busy = False
        self.decoded_count += 1
        if self._waiting is not None:
            frame, self._waiting = self._waiting, None
            self._busy = True
            self._submit.emit(frame)
        result = decoded.result
        for code in result.rejected:
            log.info("ignored a code that fails its check digit (%d digits)", len(code))
            self.code_rejected.emit(code)
        self.frame_decoded.emit(decoded)
        for code in self.debouncer.sighted(result.codes):
            log.info("camera read a member code")
            self.code_scanned.emit(code)

    def reset(self) -> None:
        """Forget codes in view and any waiting frame (camera switched or stopped)."""
        self._waiting = None
        self.debouncer.reset()

    def stop(self) -> None:
        """Stop the worker thread (waits for the frame being decoded)."""
        self._waiting = None
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
