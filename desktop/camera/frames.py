"""Camera frames to the grayscale images the Qt-free decoder reads.

zbar reads luminance only. Cameras and video decoders deliver YUV frames (NV12, YUV 4:2:0
…) whose first plane *is* the luminance, so for those the Y plane is copied out as it is:
no colour conversion at all, a few hundred microseconds for 720p. RGB frames are wrapped in
a QImage over the mapped bytes and converted to grayscale; anything else goes through
``QVideoFrame.toImage()``. Runs on the decode worker's thread: a QVideoFrame is explicitly
shared and may be read from any thread.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

PF = QVideoFrameFormat.PixelFormat
# Pixel formats whose plane 0 is 8-bit luminance, one byte per pixel.
Y_PLANE_FORMATS = frozenset({
    PF.Format_NV12, PF.Format_NV21, PF.Format_YUV420P, PF.Format_YV12,
    PF.Format_YUV422P, PF.Format_IMC1, PF.Format_IMC2, PF.Format_IMC3, PF.Format_IMC4,
    PF.Format_Y8,
})


def gray_from_qimage(image: QImage) -> Image.Image:
    """A PIL grayscale copy of a QImage."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return Image.frombuffer("L", (gray.width(), gray.height()), bytes(gray.constBits()),
                            "raw", "L", gray.bytesPerLine(), 1).copy()


def gray_from_frame(frame: QVideoFrame) -> Image.Image | None:
    """A PIL grayscale copy of a video frame, or None for an invalid or unreadable one."""
    if not frame.isValid():
        return None
    pixel_format = frame.pixelFormat()
    image_format = QVideoFrameFormat.imageFormatFromPixelFormat(pixel_format)
    if pixel_format in Y_PLANE_FORMATS or image_format != QImage.Format.Format_Invalid:
        if not frame.map(QVideoFrame.MapMode.ReadOnly):
            return None
        try:
            return _mapped_gray(frame, pixel_format)
        finally:
            frame.unmap()
    image = frame.toImage()
    return None if image.isNull() else gray_from_qimage(image)


def _mapped_gray(frame: QVideoFrame, pixel_format: QVideoFrameFormat.PixelFormat
                 ) -> Image.Image:
    width, height = frame.width(), frame.height()
    stride = frame.bytesPerLine(0)
    data = bytes(frame.bits(0))
    if pixel_format in Y_PLANE_FORMATS:
        return Image.frombuffer("L", (width, height), data, "raw", "L", stride, 1).copy()
    image_format = QVideoFrameFormat.imageFormatFromPixelFormat(pixel_format)
    return gray_from_qimage(QImage(data, width, height, stride, image_format))


def nv12_frame(gray: Image.Image) -> QVideoFrame:
    """An NV12 video frame showing ``gray`` (what a webcam delivers): for tests and the
    benchmark, which feed the pipeline frames without a camera."""
    gray = gray if gray.mode == "L" else gray.convert("L")
    width, height = gray.width - gray.width % 2, gray.height - gray.height % 2
    gray = gray.crop((0, 0, width, height))
    frame = QVideoFrame(QVideoFrameFormat(QSize(width, height), PF.Format_NV12))
    if not frame.map(QVideoFrame.MapMode.WriteOnly):
        raise RuntimeError("cannot map a new video frame")
    try:
        luma, chroma = memoryview(frame.bits(0)), memoryview(frame.bits(1))
        stride = frame.bytesPerLine(0)
        raw = gray.tobytes()
        for row in range(height):
            luma[row * stride: row * stride + width] = raw[row * width:(row + 1) * width]
        chroma[:] = b"\x80" * len(chroma)
    finally:
        frame.unmap()
    return frame
