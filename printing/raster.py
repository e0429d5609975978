"""Draw laid-out rows as a 1-bit image the width of the paper (raster slips and previews).

Characters are placed on the printer's column grid (12 dots a column, 24 for a CJK
character), not by the font's advance widths, so a rastered line lines up exactly with the
printer's own text lines above and below it.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from printing.layout import BarcodeRow, QrRow, Row, TextRow
from printing.paper import CELL_HEIGHT, LINE_HEIGHT, Paper
from printing.profile import FontRegion
from printing.symbols import barcode_module_dots, code128_image, qr_image, qr_module_dots
from printing.text_width import char_width

BARCODE_HEIGHT = 80  # dots, about 10 mm
SYMBOL_MARGIN = 8  # dots above and below a barcode or QR code


def render_rows(rows: list[Row], paper: Paper, region: FontRegion = FontRegion.TC) -> Image.Image:
    """All rows stacked into one image ``paper.dots`` wide."""
    parts = [render_row(row, paper, region) for row in rows]
    height = sum(part.height for part in parts)
    image = Image.new("1", (paper.dots, max(height, 1)), 1)
    y = 0
    for part in parts:
        image.paste(part, (0, y))
        y += part.height
    return image


def render_row(row: Row, paper: Paper, region: FontRegion = FontRegion.TC) -> Image.Image:
    """One row as an image ``paper.dots`` wide."""
    if isinstance(row, TextRow):
        return render_text_row(row, paper, region)
    if isinstance(row, BarcodeRow):
        return _barcode_row(row, paper, region)
    return _qr_row(row, paper)


def render_text_row(row: TextRow, paper: Paper, region: FontRegion = FontRegion.TC) -> Image.Image:
    """A text line on the column grid; ``scale`` 2 doubles cells and glyphs.

    Each character comes from the first font of :func:`~printing.fonts.font_chain` that has
    it (the CJK font, then the fallbacks: emoji, rare ideographs, other scripts), shrunk to
    its cells when wider; one that no font has is drawn as its code point in a box.
    """
    from printing.fonts import face_font, face_for  # deferred: only rastering needs fonts

    cell = paper.cell_width * row.scale
    glyph_px = CELL_HEIGHT * row.scale
    image = Image.new("L", (paper.dots, LINE_HEIGHT * row.scale), 255)
    draw = ImageDraw.Draw(image)
    # CJK glyphs fill an em box from 0.88 em above the baseline to 0.12 em below it;
    # centre that box in the line so descenders (commas, 號) are not clipped.
    baseline = ((LINE_HEIGHT - CELL_HEIGHT) // 2 + round(CELL_HEIGHT * 0.88)) * row.scale
    column = 0
    for ch in row.text:
        width = char_width(ch)
        if width and not ch.isspace():
            x = column * cell
            face = face_for(ch, region)
            if face is None:
                _code_box(draw, ch, x, width * cell, LINE_HEIGHT * row.scale)
            else:
                font = face_font(face, glyph_px)
                advance = font.getlength(ch)
                if advance > width * cell:  # a wide emoji or symbol: shrink it to its cells
                    font = face_font(face, max(8, int(glyph_px * width * cell / advance)))
                    advance = font.getlength(ch)
                # Centre glyphs whose advance differs from their cells (e.g. € in a mono font).
                offset = (width * cell - advance) / 2
                for dx in (0, 1) if row.bold else (0,):
                    draw.text((x + offset + dx, baseline), ch, font=font, fill=0, anchor="ls")
        column += width
    return image.point(lambda v: 255 if v >= 160 else 0).convert("1")


def _code_box(draw: ImageDraw.ImageDraw, ch: str, x: int, width: int, height: int) -> None:
    """A character no font has: its hex code in a box (as browsers draw one), never blank."""
    draw.rectangle((x + 1, 2, x + width - 2, height - 3), outline=0)
    digits = f"{ord(ch):X}"
    half = (len(digits) + 1) // 2
    for line, part in enumerate((digits[:half], digits[half:])):
        draw.text((x + width / 2, 4 + line * (height - 8) / 2), part, fill=0, anchor="ma",
                  font_size=max(6, (height - 8) // 2))


def _barcode_row(row: BarcodeRow, paper: Paper, region: FontRegion) -> Image.Image:
    symbol = code128_image(row.data, barcode_module_dots(paper.dots, row.data), BARCODE_HEIGHT)
    digits = render_text_row(TextRow(_centre(row.data, paper.columns)), paper, region)
    image = Image.new("1", (paper.dots, SYMBOL_MARGIN * 2 + symbol.height + digits.height), 1)
    image.paste(symbol, ((paper.dots - symbol.width) // 2, SYMBOL_MARGIN))
    image.paste(digits, (0, SYMBOL_MARGIN + symbol.height + SYMBOL_MARGIN))
    return image


def _qr_row(row: QrRow, paper: Paper) -> Image.Image:
    symbol = qr_image(row.data, qr_module_dots(paper.dots))
    image = Image.new("1", (paper.dots, symbol.height + 2 * SYMBOL_MARGIN), 1)
    image.paste(symbol, ((paper.dots - symbol.width) // 2, SYMBOL_MARGIN))
    return image


def _centre(text: str, columns: int) -> str:
    return " " * ((columns - len(text)) // 2) + text
