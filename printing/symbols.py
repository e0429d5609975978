"""Barcode and QR images for rastered slips and previews."""

from __future__ import annotations

import segno
from barcode import Code128
from PIL import Image, ImageDraw

QUIET_MODULES = 10


def code128_image(data: str, module_dots: int, height: int) -> Image.Image:
    """A CODE128 symbol, black on white, ``module_dots`` dots per narrow bar, with quiet
    zones; no human-readable text (the caller prints it with the slip's font)."""
    modules = "".join(Code128(data).build())
    width = (len(modules) + 2 * QUIET_MODULES) * module_dots
    image = Image.new("1", (width, height), 1)
    draw = ImageDraw.Draw(image)
    for index, bit in enumerate(modules):
        if bit == "1":
            x = (index + QUIET_MODULES) * module_dots
            draw.rectangle((x, 0, x + module_dots - 1, height - 1), fill=0)
    return image


def qr_image(data: str, module_dots: int) -> Image.Image:
    """A QR code (model 2, error correction M, never Micro QR) with a 2-module quiet zone."""
    qr = segno.make_qr(data, error="m", boost_error=False)
    matrix = list(qr.matrix_iter(scale=1, border=2))
    size = len(matrix)
    image = Image.new("1", (size * module_dots, size * module_dots), 1)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle(
                    (x * module_dots, y * module_dots,
                     (x + 1) * module_dots - 1, (y + 1) * module_dots - 1),
                    fill=0,
                )
    return image


def qr_module_dots(paper_dots: int) -> int:
    """Dots per QR module: about 0.75 mm on paper, as ESC/POS size 6 (58 mm) or 8 (80 mm)."""
    return 6 if paper_dots < 500 else 8


def barcode_module_dots(paper_dots: int, data: str) -> int:
    """Widest bar module (2 or 3 dots) at which the symbol still fits the paper."""
    modules = len("".join(Code128(data).build())) + 2 * QUIET_MODULES
    return 3 if modules * 3 <= paper_dots else 2
