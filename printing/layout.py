"""Lay a :class:`~printing.document.Document` out for one paper width.

Every renderer consumes the same rows, so the preview, the raster slip and the text slip
line up column for column. Text rows are padded to exact display widths here (CJK counted
double), so alignment never depends on the printer's justification commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from printing.document import Align, Barcode, Block, Document, Feed, Pair, QrCode, Rule, Text
from printing.paper import Paper
from printing.text_width import display_width, pad, wrap

COPY_MARK = "** 副本 COPY **"


@dataclass(frozen=True, slots=True)
class TextRow:
    """One printed line. ``scale`` 2 is double width and height: half as many columns."""

    text: str
    bold: bool = False
    scale: int = 1


@dataclass(frozen=True, slots=True)
class BarcodeRow:
    """A CODE128 barcode, centred, human-readable digits below."""

    data: str


@dataclass(frozen=True, slots=True)
class QrRow:
    """A QR code, centred."""

    data: str


Row = TextRow | BarcodeRow | QrRow


def layout(document: Document, paper: Paper) -> list[Row]:
    """Rows for ``paper``; a copy gets the copy mark at the top and bottom."""
    rows: list[Row] = []
    mark = Text(COPY_MARK, Align.CENTER, bold=True)
    blocks: tuple[Block, ...] = document.blocks
    if document.copy:
        blocks = (mark, *blocks, Rule("="), mark)
    for block in blocks:
        rows.extend(_rows_for(block, paper.columns))
    return rows


def _rows_for(block: Block, columns: int) -> list[Row]:
    match block:
        case Text(text=text, align=align, bold=bold, double=double):
            scale = 2 if double else 1
            width = columns // scale
            return [
                TextRow(pad(line, width, align.value).rstrip(), bold, scale)
                for line in wrap(text, width)
            ]
        case Pair():
            return [TextRow(line, block.bold) for line in _pair_lines(block, columns)]
        case Rule(char=char):
            return [TextRow(char * columns)]
        case Barcode(data=data):
            return [BarcodeRow(data)]
        case QrCode(data=data):
            return [QrRow(data)]
        case Feed(lines=lines):
            return [TextRow("") for _ in range(lines)]
    raise TypeError(f"unknown block {block!r}")


def _pair_lines(pair: Pair, columns: int) -> list[str]:
    label_w, value_w = display_width(pair.label), display_width(pair.value)
    if label_w + 1 + value_w <= columns:
        return [pair.label + " " * (columns - label_w - value_w) + pair.value]
    lines = wrap(pair.label, columns)
    lines.extend(pad(line, columns, "right") for line in wrap(pair.value, columns))
    return lines
