"""Lines of text as a PDF of A4 pages, drawn with Pillow and the slips' CJK font: readable in
any viewer and right for Chinese names, without a PDF library that embeds CJK fonts."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from printing.fonts import cjk_font

PAGE = (1240, 1754)  # A4 at 150 dpi
MARGIN = 90
LINE = 30

Line = tuple[bool, str]
"""``(heading?, text)``: a heading is drawn larger."""


def render_lines(lines: Sequence[Line], title: str) -> bytes:
    """``lines`` top to bottom, as many pages as they need."""
    per_page = (PAGE[1] - 2 * MARGIN) // LINE
    font, bold = cjk_font(20), cjk_font(26)
    pages = []
    for start in range(0, max(1, len(lines)), per_page):
        page = Image.new("L", PAGE, 255)
        draw = ImageDraw.Draw(page)
        y = MARGIN
        for heading, text in lines[start:start + per_page]:
            draw.text((MARGIN, y), text, fill=0, font=bold if heading else font)
            y += LINE
        pages.append(page.convert("RGB"))
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=150,
                  title=title)
    return out.getvalue()
