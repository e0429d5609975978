"""The receipt document: a small, pure, paper-width-independent description of a slip.

A document is a list of blocks. Builders in :mod:`printing.slips` make one from domain data;
:mod:`printing.layout` lays it out for a paper width; renderers turn the layout into ESC/POS
bytes or an image. Documents serialise to JSON so print jobs survive restarts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class Align(StrEnum):
    """Horizontal placement of a text block."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph, wrapped to the paper width. ``double`` prints it double width and height."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    double: bool = False


@dataclass(frozen=True, slots=True)
class Pair:
    """A label on the left and a value flush right on the same line (next line if too long)."""

    label: str
    value: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """A separator line across the paper, drawn with a one-column character."""

    char: str = "-"

    def __post_init__(self) -> None:
        if len(self.char) != 1 or not self.char.isascii():
            raise ValueError("a rule is drawn with one ASCII character")


@dataclass(frozen=True, slots=True)
class Barcode:
    """A CODE128 barcode with its digits printed below."""

    data: str

    def __post_init__(self) -> None:
        if not self.data or not self.data.isascii() or not self.data.isprintable():
            raise ValueError("CODE128 data must be printable ASCII")


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR code (model 2, error correction M), centred."""

    data: str


@dataclass(frozen=True, slots=True)
class Feed:
    """Blank lines."""

    lines: int = 1


Block = Text | Pair | Rule | Barcode | QrCode | Feed
_BLOCK_TYPES: dict[str, type[Block]] = {
    cls.__name__.lower(): cls for cls in (Text, Pair, Rule, Barcode, QrCode, Feed)
}


@dataclass(frozen=True, slots=True)
class Document:
    """A slip to print.

    Attributes:
        kind: what the slip is (``award``, ``redemption``, ``welcome``, ``card``, ``summary``,
            ``test``); shown in the print queue and used to pick the last receipt.
        title: a short line for the cashier's job list, e.g. ``點數收據 R-000123``.
        blocks: the content, top to bottom.
        copy: a reprint; renderers mark it ``副本 COPY`` at the top and bottom.
    """

    kind: str
    title: str
    blocks: tuple[Block, ...]
    copy: bool = False

    def as_copy(self) -> Document:
        """The same slip marked as a copy (a reprint)."""
        return replace(self, copy=True)

    def to_json(self) -> str:
        """Serialise to JSON (stable key order, non-ASCII kept readable)."""
        return json.dumps(
            {
                "version": 1,
                "kind": self.kind,
                "title": self.title,
                "copy": self.copy,
                "blocks": [_block_to_dict(b) for b in self.blocks],
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Document:
        """Inverse of :meth:`to_json`.

        Raises:
            ValueError: the text is not a document this version understands.
        """
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != 1:
            raise ValueError("not a version 1 receipt document")
        blocks = tuple(_block_from_dict(b) for b in data["blocks"])
        return cls(str(data["kind"]), str(data["title"]), blocks, bool(data["copy"]))


def _block_to_dict(block: Block) -> dict[str, Any]:
    out: dict[str, Any] = {"type": type(block).__name__.lower()}
    for name in block.__slots__:
        value = getattr(block, name)
        out[name] = value.value if isinstance(value, StrEnum) else value
    return out


def _block_from_dict(data: dict[str, Any]) -> Block:
    fields = dict(data)
    cls = _BLOCK_TYPES.get(str(fields.pop("type", "")))
    if cls is None:
        raise ValueError(f"unknown block type in {data!r}")
    if cls is Text and "align" in fields:
        fields["align"] = Align(fields["align"])
    return cls(**fields)
