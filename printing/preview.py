"""On-screen and PNG previews: the slip drawn exactly as the raster renderer prints it."""

from __future__ import annotations

import io

from PIL import Image

from printing.document import Document
from printing.layout import layout
from printing.paper import Paper
from printing.profile import FontRegion, PrinterProfile
from printing.raster import render_rows

MARGIN = 16  # dots of paper shown around the printable area


def render_preview(document: Document, paper: Paper | PrinterProfile | int = 80,
                   region: FontRegion = FontRegion.TC) -> Image.Image:
    """The slip as a grayscale image: printable width plus a paper margin.

    ``paper`` is a :class:`Paper`, a profile (its paper and glyph region) or 58/80 (mm).
    One image pixel is one printer dot (203 dpi): scale for the screen as you like.
    """
    if isinstance(paper, PrinterProfile):
        region = paper.font_region
        paper = paper.paper
    elif isinstance(paper, int):
        paper = Paper.standard(paper)
    body = render_rows(layout(document, paper), paper, region).convert("L")
    image = Image.new("L", (body.width + 2 * MARGIN, body.height + 2 * MARGIN), 255)
    image.paste(body, (MARGIN, MARGIN))
    return image


def render_preview_png(document: Document, width_mm: int = 80,
                       region: FontRegion = FontRegion.TC) -> bytes:
    """PNG bytes of :func:`render_preview` (for ``QPixmap.loadFromData``)."""
    out = io.BytesIO()
    render_preview(document, width_mm, region).save(out, format="PNG", optimize=True)
    return out.getvalue()
