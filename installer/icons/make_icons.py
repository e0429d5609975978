"""Draw the app icon (a member card with a star) as PNG sizes and a Windows .ico.

    .venv/bin/python installer/icons/make_icons.py     # writes regulars.png and regulars.ico here

The outputs are committed; run this only to change the design.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).parent
TEAL, CARD, GOLD, INK = (16, 94, 99), (250, 247, 240), (232, 170, 36), (16, 94, 99)


def star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return points


def draw(size: int = 1024) -> Image.Image:
    s = size / 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((8 * s, 8 * s, 248 * s, 248 * s), radius=48 * s, fill=TEAL)
    d.rounded_rectangle((36 * s, 64 * s, 220 * s, 192 * s), radius=16 * s, fill=CARD)
    d.rectangle((36 * s, 84 * s, 220 * s, 104 * s), fill=INK)  # the card's stripe
    d.polygon(star(86 * s, 148 * s, 30 * s, 12 * s), fill=GOLD)
    for row, width in ((132, 84), (152, 64), (172, 76)):
        d.rounded_rectangle((128 * s, (row - 5) * s, (128 + width) * s, (row + 5) * s),
                            radius=5 * s, fill=(180, 196, 196))
    return image


def main() -> None:
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "regulars.png")
    big.save(HERE / "regulars.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64),
                                           (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
