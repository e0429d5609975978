"""Generated camera frames of member codes shown on phone screens, clean and degraded.

A 1280×720 "counter" frame holds a phone (dark bezel, lit screen) showing a member code as
CODE128, QR or in-store EAN-13, turned and degraded the way phone screens defeat cameras:
rotation, blur (focus, motion), glare (a lamp reflected on the glass), low contrast (a
dimmed screen under shop lights), small size (phone held far away), dark mode (light code
on dark screen) and moiré/noise (screen pixels beating with the sensor, sensor noise).

:func:`degraded_set` is a fixed, seeded set: the decode-rate table
(``tests/perf/decode_rate.py``) and the tests draw the same images every run.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from barcode import EAN13
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

from loyalty.member_code import code_for_serial
from printing.symbols import code128_image, qr_image

FRAME = (1280, 720)
SYMBOLOGIES = ("CODE128", "QRCODE", "EAN13")
# Phone screen width in frame pixels at size 1.0: a phone about 25 cm from a 720p webcam.
SCREEN_WIDTH = 300
# (category, level label, parameter): the fixed grid of the decode-rate table.
GRID: tuple[tuple[str, str, float], ...] = (
    ("clean", "-", 0.0),
    ("rotation", "15°", 15.0), ("rotation", "45°", 45.0), ("rotation", "90°", 90.0),
    ("rotation", "170°", 170.0),
    ("blur", "r=1", 1.0), ("blur", "r=2", 2.0), ("blur", "r=3", 3.0),
    ("glare", "50%", 0.5), ("glare", "80%", 0.8), ("glare", "100%", 1.0),
    ("contrast", "50%", 0.5), ("contrast", "25%", 0.25), ("contrast", "12%", 0.12),
    ("size", "×0.7", 0.7), ("size", "×0.5", 0.5), ("size", "×0.35", 0.35),
    ("dark mode", "inverted", 1.0),
    ("moiré/noise", "low", 1.0), ("moiré/noise", "high", 2.0),
)


@dataclass(frozen=True, slots=True)
class PhoneShot:
    """One generated frame and what it shows."""

    category: str
    level: str
    symbology: str
    code: str
    image: Image.Image


def symbol_image(code: str, symbology: str, scale: int = 4) -> Image.Image:
    """The code as a black-on-white symbol with quiet zones, ``scale`` pixels a module."""
    if symbology == "CODE128":
        return code128_image(code, scale, 36 * scale).convert("L")
    if symbology == "QRCODE":
        return qr_image(code, 2 * scale).convert("L")
    if symbology == "EAN13":
        modules = "0" * 9 + "".join(EAN13("20" + code).build()) + "0" * 9
        image = Image.new("L", (len(modules) * scale, 30 * scale), 255)
        draw = ImageDraw.Draw(image)
        for index, bit in enumerate(modules):
            if bit == "1":
                draw.rectangle((index * scale, 0, (index + 1) * scale - 1, image.height), 0)
        return image
    raise ValueError(symbology)


def phone_image(code: str, symbology: str, dark: bool = False) -> Image.Image:
    """A phone seen from the front at 2× size: bezel, screen, a header bar and the code."""
    width, height = 2 * SCREEN_WIDTH, 2 * SCREEN_WIDTH * 2
    screen = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(screen)
    draw.rectangle((0, 0, width, 90), fill=200)            # the app's title bar
    draw.rectangle((60, height - 160, width - 60, height - 120), fill=215)  # a button
    symbol = symbol_image(code, symbology, 4)
    fit = (0.8 if symbology != "QRCODE" else 0.55) * width / symbol.width
    symbol = symbol.resize((round(symbol.width * fit), round(symbol.height * fit)),
                           Image.Resampling.NEAREST)
    screen.paste(symbol, ((width - symbol.width) // 2, (height - symbol.height) // 2))
    if dark:
        screen = ImageOps.invert(screen)
    bezel = Image.new("L", (width + 40, height + 80), 25)
    bezel.paste(screen, (20, 40))
    return bezel


def _counter_background(rng: random.Random) -> Image.Image:
    shade = rng.randint(95, 150)
    return Image.new("L", FRAME, shade)


def _place(phone: Image.Image, scale: float, angle: float, rng: random.Random
           ) -> tuple[Image.Image, Image.Image]:
    """The frame with the phone placed, and the mask of the phone's pixels."""
    phone = phone.resize((max(8, round(phone.width * scale / 2)),
                          max(8, round(phone.height * scale / 2))), Image.Resampling.BILINEAR)
    mask = Image.new("L", phone.size, 255)
    phone = phone.rotate(angle, Image.Resampling.BILINEAR, expand=True, fillcolor=0)
    mask = mask.rotate(angle, Image.Resampling.BILINEAR, expand=True, fillcolor=0)
    frame = _counter_background(rng)
    x = (FRAME[0] - phone.width) // 2 + rng.randint(-150, 150)
    y = (FRAME[1] - phone.height) // 2 + rng.randint(-40, 40)
    frame.paste(phone, (x, y), mask)
    full_mask = Image.new("L", FRAME, 0)
    full_mask.paste(mask, (x, y))
    return frame, full_mask


def _glare(frame: Image.Image, strength: float, rng: random.Random) -> Image.Image:
    """A soft bright blob (a reflected lamp) over part of the code."""
    blob = Image.new("L", FRAME, 0)
    cx = FRAME[0] // 2 + rng.randint(-120, 120)
    cy = FRAME[1] // 2 + rng.randint(-60, 60)
    rx, ry = rng.randint(60, 110), rng.randint(30, 60)
    ImageDraw.Draw(blob).ellipse((cx - rx, cy - ry, cx + rx, cy + ry),
                                 fill=round(255 * strength))
    return ImageChops.add(frame, blob.filter(ImageFilter.GaussianBlur(25)))


def _contrast(frame: Image.Image, factor: float) -> Image.Image:
    """Squeeze the range towards a bright grey: a dimmed screen under shop lights."""
    floor = 150 * (1 - factor)
    return frame.point(lambda p: max(0, min(255, round(floor + factor * p))))


def _moire(frame: Image.Image, amount: float, rng: random.Random) -> Image.Image:
    """Diagonal interference stripes plus Gaussian sensor noise."""
    period = rng.uniform(5.0, 9.0)
    row = [round(128 + 20 * amount * math.sin(2 * math.pi * x / period))
           for x in range(FRAME[0] + FRAME[1])]
    stripes = Image.new("L", (len(row), 1))
    stripes.putdata(row)
    stripes = stripes.resize((len(row), FRAME[1]), Image.Resampling.NEAREST)
    stripes = stripes.transform(FRAME, Image.Transform.AFFINE, (1, 1, 0, 0, 1, 0))
    noise = Image.effect_noise(FRAME, 12 * amount)
    out = ImageChops.add(frame, stripes, 1.0, -128)
    return ImageChops.add(out, noise, 1.0, -128)


def shot(code: str, symbology: str, category: str, parameter: float,
         rng: random.Random, level: str = "-") -> PhoneShot:
    """One frame of ``code`` degraded by ``category`` at strength ``parameter``."""
    angle = rng.uniform(-6, 6)
    scale = 1.0
    if category == "rotation":
        angle = parameter + rng.uniform(-2, 2)
    elif category == "size":
        scale = parameter
    phone = phone_image(code, symbology, dark=category == "dark mode")
    frame, _mask = _place(phone, scale, angle, rng)
    if category == "blur":
        frame = frame.filter(ImageFilter.GaussianBlur(parameter))
    elif category == "glare":
        frame = _glare(frame, parameter, rng)
    elif category == "contrast":
        frame = _contrast(frame, parameter)
    elif category == "moiré/noise":
        frame = _moire(frame, parameter, rng)
    return PhoneShot(category, level, symbology, code, frame.convert("RGB"))


def member_codes(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [code_for_serial(rng.randrange(100_000_000, 1_000_000_000)) for _ in range(count)]


def degraded_set(per_cell: int = 5, seed: int = 20261123,
                 symbologies: tuple[str, ...] = SYMBOLOGIES) -> Iterator[PhoneShot]:
    """The fixed set: every grid cell × symbology, ``per_cell`` codes and placements each."""
    for index, (category, level, parameter) in enumerate(GRID):
        for symbology in symbologies:
            rng = random.Random(f"{seed}/{index}/{symbology}")
            for code in member_codes(per_cell, seed + index):
                yield shot(code, symbology, category, parameter, rng, level)
