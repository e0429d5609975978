"""Qt-free decoding of member codes from camera images (Pillow + pyzbar).

A frame is made grayscale and scanned for CODE128, EAN-13 and QR symbols only (fewer
symbologies: faster and fewer false reads). A phone in dark mode shows its code light on
dark, which zbar does not read, so a frame with nothing found is scanned again inverted.
More passes (sharpen, median, a 45° turn) help degraded images but cost time per frame: the
live camera runs the cheap passes on every frame and one extra pass in turn (see
:func:`decode_frame`'s ``extra``), since a code is shown for many frames in a row.

Payloads become member codes by :func:`member_code_in`; a payload that looks like a member
code but fails its check digit is reported as *rejected* and is never looked up.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from ctypes import c_char_p, c_void_p, cast
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageFilter, ImageOps
from pyzbar import wrapper as zw
from pyzbar.pyzbar import ZBarSymbol, _decode_symbols, _symbols_for_image

from loyalty.carrier import looks_like_carrier
from loyalty.einvoice import looks_like_invoice
from loyalty.member_code import CODE_LENGTH, is_valid_code
from loyalty.member_qr import looks_like_member_qr

# CODE39: Taiwan's mobile-carrier barcode (手機條碼) on a customer's phone.
SYMBOLS = (ZBarSymbol.CODE128, ZBarSymbol.EAN13, ZBarSymbol.QRCODE, ZBarSymbol.CODE39)
# An in-store EAN-13 (GS1 restricted-circulation prefix 20–29) carries the code in
# digits 3–12; the 13th digit is the EAN check zbar has already verified.
_EAN_STORE = re.compile(r"^2\d(\d{10})\d$")
# A QR may carry the bare code or end with it (``regulars:member/1234567890``, a URL).
_TRAILING_CODE = re.compile(r"(?:^|[^0-9])(\d{10})$")
_Y800 = int.from_bytes(b"Y800", "little")  # zbar's fourcc for 8-bit grayscale
# Every 2nd row and column: half the time of a full scan (noise makes zbar slow, and a
# webcam's frames are noisy) for about the same reads on the phone-screen set.
SCAN_DENSITY = 2


class Pass(StrEnum):
    """One way of looking at a frame; each is one zbar scan."""

    NORMAL = "normal"
    INVERTED = "inverted"
    SHARPENED = "sharpened"  # unsharp mask: out-of-focus codes and codes washed by glare
    MEDIAN = "median"        # 3×3 median: screen moiré and sensor noise
    ROTATED = "rotated"      # turned 45°: zbar reads 1D codes only near its scan axes


FAST_PASSES = (Pass.NORMAL, Pass.INVERTED)
EXTRA_PASSES = (Pass.SHARPENED, Pass.MEDIAN, Pass.ROTATED)
ALL_PASSES = FAST_PASSES + EXTRA_PASSES


@dataclass(frozen=True, slots=True)
class Symbol:
    """One symbol zbar found: its symbology name (``CODE128``, ``EAN13``, ``QRCODE``)
    and its payload text."""

    symbology: str
    payload: str


@dataclass(frozen=True, slots=True)
class FrameResult:
    """What one frame held.

    Attributes:
        codes: valid member codes, in the order found, without repeats.
        rejected: code-shaped payloads whose check digit fails (misreads): ignored.
        symbols: every symbol found (other barcodes too, such as a product's EAN).
        passes: the passes run, the last one being the one that found something.
        ms: decoding time in milliseconds.
    """

    codes: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()
    symbols: tuple[Symbol, ...] = ()
    passes: tuple[Pass, ...] = ()
    ms: float = 0.0


def to_gray(image: Image.Image) -> Image.Image:
    """The image as 8-bit grayscale (zbar reads luminance only)."""
    return image if image.mode == "L" else image.convert("L")


def view(gray: Image.Image, how: Pass) -> Image.Image:
    """``gray`` prepared for one pass."""
    if how is Pass.INVERTED:
        return ImageOps.invert(gray)
    if how is Pass.SHARPENED:
        return gray.filter(ImageFilter.UnsharpMask(radius=3, percent=200, threshold=0))
    if how is Pass.MEDIAN:
        return gray.filter(ImageFilter.MedianFilter(3))
    if how is Pass.ROTATED:
        return gray.rotate(45, Image.Resampling.BILINEAR, expand=True, fillcolor=128)
    return gray


def scan(gray: Image.Image, density: int = SCAN_DENSITY) -> list[Symbol]:
    """One zbar scan of a grayscale image, restricted to :data:`SYMBOLS`, reading every
    ``density``-th row and column.

    ``pyzbar.decode`` cannot set zbar's scan density, so the scanner is configured here
    through pyzbar's ctypes wrapper (zbar releases the GIL while it scans).
    """
    scanner = zw.zbar_image_scanner_create()
    try:
        zw.zbar_image_scanner_set_config(scanner, 0, zw.ZBarConfig.CFG_ENABLE, 0)
        for symbol in SYMBOLS:
            zw.zbar_image_scanner_set_config(scanner, symbol, zw.ZBarConfig.CFG_ENABLE, 1)
        zw.zbar_image_scanner_set_config(scanner, 0, zw.ZBarConfig.CFG_X_DENSITY, density)
        zw.zbar_image_scanner_set_config(scanner, 0, zw.ZBarConfig.CFG_Y_DENSITY, density)
        image = zw.zbar_image_create()
        try:
            pixels = gray.tobytes()
            zw.zbar_image_set_format(image, _Y800)
            zw.zbar_image_set_size(image, gray.width, gray.height)
            zw.zbar_image_set_data(image, cast(c_char_p(pixels), c_void_p), len(pixels), None)
            if zw.zbar_scan_image(scanner, image) < 0:
                raise ValueError("zbar refused the image")
            found = list(_decode_symbols(_symbols_for_image(image)))
        finally:
            zw.zbar_image_destroy(image)
    finally:
        zw.zbar_image_scanner_destroy(scanner)
    return [Symbol(str(s.type), s.data.decode("utf-8", "replace")) for s in found]


def member_code_in(symbol: Symbol) -> str | None:
    """The member-code-shaped digits a symbol carries (check digit not yet verified),
    or None when it carries no member code (say, a product barcode)."""
    text = symbol.payload.strip()
    if symbol.symbology == "EAN13":
        match = _EAN_STORE.match(text)
        return match.group(1) if match else None
    if len(text) == CODE_LENGTH and text.isascii() and text.isdigit():
        return text
    if symbol.symbology == "QRCODE":
        match = _TRAILING_CODE.search(text)
        return match.group(1) if match else None
    return None


def classify(symbols: Sequence[Symbol]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split the symbols' member codes into (valid, rejected), each without repeats; an
    e-invoice's left QR code and a mobile-carrier barcode count as valid codes whole (the
    counter reads them like a keyboard scan)."""
    codes: list[str] = []
    rejected: list[str] = []
    for symbol in symbols:
        text = symbol.payload.strip()
        if looks_like_invoice(text) or looks_like_carrier(text) \
                or looks_like_member_qr(text):  # taken whole, as scanned
            if text not in codes:
                codes.append(text)
            continue
        digits = member_code_in(symbol)
        if digits is None:
            continue
        bucket = codes if is_valid_code(digits) else rejected
        if digits not in bucket:
            bucket.append(digits)
    return tuple(codes), tuple(rejected)


def decode_frame(image: Image.Image, passes: Sequence[Pass] = FAST_PASSES,
                 extra: Pass | None = None,
                 clock: Callable[[], float] = time.perf_counter) -> FrameResult:
    """Decode one frame: run ``passes`` (then ``extra``) until one finds a symbol.

    A pass that finds only non-member symbols still stops the search: the frame is read,
    and it shows something else.
    """
    started = clock()
    gray = to_gray(image)
    ran: list[Pass] = []
    symbols: list[Symbol] = []
    for how in (*passes, *((extra,) if extra is not None else ())):
        if how in ran:
            continue
        ran.append(how)
        symbols = scan(view(gray, how))
        if symbols:
            break
    codes, rejected = classify(symbols)
    return FrameResult(codes, rejected, tuple(symbols), tuple(ran),
                       (clock() - started) * 1000.0)
