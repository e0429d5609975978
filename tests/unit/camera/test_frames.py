"""Video frames of the formats cameras and decoders deliver become the right gray image."""

from __future__ import annotations

import random

from PIL import Image, ImageChops
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

from desktop.camera.decode import decode_frame
from desktop.camera.frames import gray_from_frame, gray_from_qimage, nv12_frame
from loyalty.member_code import code_for_serial
from tests.helpers.phone_screen_images import shot

CODE = code_for_serial(345_678_901)


def picture() -> Image.Image:
    return shot(CODE, "QRCODE", "clean", 0.0, random.Random(5)).image


def qimage(image: Image.Image) -> QImage:
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width,
                  QImage.Format.Format_RGB888).copy()


def test_nv12_frame_gives_back_its_luminance_exactly() -> None:
    gray = picture().convert("L")
    frame = nv12_frame(gray)
    assert frame.pixelFormat() is QVideoFrameFormat.PixelFormat.Format_NV12
    back = gray_from_frame(frame)
    assert back is not None
    assert ImageChops.difference(back, gray).getbbox() is None
    assert decode_frame(back).codes == (CODE,)


def test_rgb_frame_is_converted_and_decodes() -> None:
    frame = QVideoFrame(qimage(picture()))
    assert frame.isValid()
    gray = gray_from_frame(frame)
    assert gray is not None and gray.size == (1280, 720)
    assert decode_frame(gray).codes == (CODE,)


def test_qimage_and_invalid_frames() -> None:
    assert decode_frame(gray_from_qimage(qimage(picture()))).codes == (CODE,)
    assert gray_from_frame(QVideoFrame()) is None
