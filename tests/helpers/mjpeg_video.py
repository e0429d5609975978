"""Writing a short Motion-JPEG AVI from Pillow images, with no video encoder installed.

Qt Multimedia's FFmpeg backend (bundled with PySide6-Addons) decodes MJPEG in AVI, and an
AVI of JPEG frames is a plain RIFF file: so the tests can play a generated video through
``QMediaPlayer`` → ``QVideoSink`` exactly as a camera delivers frames, without ffmpeg.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

AVIF_HASINDEX = 0x10
AVIIF_KEYFRAME = 0x10


def _chunk(fourcc: bytes, data: bytes) -> bytes:
    pad = b"\0" if len(data) % 2 else b""
    return fourcc + struct.pack("<I", len(data)) + data + pad


def _list(kind: bytes, body: bytes) -> bytes:
    return b"LIST" + struct.pack("<I", len(body) + 4) + kind + body


def write_mjpeg_avi(path: Path, frames: Sequence[Image.Image], fps: int = 10,
                    quality: int = 90) -> Path:
    """Write ``frames`` (all the same size) as an MJPEG AVI at ``fps``; return ``path``."""
    if not frames:
        raise ValueError("no frames")
    width, height = frames[0].size
    jpegs = []
    for frame in frames:
        out = io.BytesIO()
        frame.convert("RGB").save(out, "JPEG", quality=quality)
        jpegs.append(out.getvalue())
    biggest = max(len(j) for j in jpegs)
    avih = struct.pack("<10I4I", 1_000_000 // fps, biggest * fps, 0, AVIF_HASINDEX,
                       len(frames), 0, 1, biggest, width, height, 0, 0, 0, 0)
    strh = struct.pack("<4s4sIHHIIIIIIiI4h", b"vids", b"MJPG", 0, 0, 0, 0, 1, fps, 0,
                       len(frames), biggest, -1, 0, 0, 0, width, height)
    strf = struct.pack("<IiiHH4sIiiII", 40, width, height, 1, 24, b"MJPG",
                       width * height * 3, 0, 0, 0, 0)
    header = _list(b"hdrl", _chunk(b"avih", avih) + _list(
        b"strl", _chunk(b"strh", strh) + _chunk(b"strf", strf)))
    movi = b""
    index = b""
    for jpeg in jpegs:
        index += b"00dc" + struct.pack("<III", AVIIF_KEYFRAME, 4 + len(movi), len(jpeg))
        movi += _chunk(b"00dc", jpeg)
    body = b"AVI " + header + _list(b"movi", movi) + _chunk(b"idx1", index)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path
