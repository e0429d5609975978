"""Chinese text modes of receipt printers, and which characters each can print.

Taiwanese printers print Traditional Chinese in their Big5 "Chinese mode" (``FS &``);
Hong Kong models often carry Big5-HKSCS; mainland models GB18030. python-escpos itself sends
hanzi as GB18030 without entering Chinese mode (garbage on a Big5 printer, upstream #638),
so we encode text ourselves. Whatever a charset cannot encode is rastered by the renderer:
a ``?`` on a slip is a defect.
"""

from __future__ import annotations

from enum import StrEnum


class Charset(StrEnum):
    """Double-byte character set of the printer's Chinese mode."""

    BIG5 = "big5"
    BIG5_HKSCS = "big5-hkscs"
    GB18030 = "gb18030"

    @property
    def codec(self) -> str:
        """Python codec name. Strict Big5 (not cp950): printer ROM fonts lack Microsoft's
        additions, so those characters are rastered rather than risked."""
        return {"big5": "big5", "big5-hkscs": "big5hkscs", "gb18030": "gb18030"}[self.value]


def printable_char(ch: str, charset: Charset) -> bool:
    """True when the printer's font in ``charset`` mode has a glyph for ``ch``.

    Control characters never are. For GB18030 only the one- and two-byte (GBK) range is
    trusted: printer fonts rarely carry the four-byte planes (e.g. 𠮷, most HKSCS additions).
    """
    if not ch.isprintable():
        return False
    if ch.isascii():
        return True
    try:
        encoded = ch.encode(charset.codec)
    except UnicodeEncodeError:
        return False
    return len(encoded) <= 2


def printable(text: str, charset: Charset) -> bool:
    """True when every character of ``text`` prints in ``charset`` mode."""
    return all(printable_char(ch, charset) for ch in text)


def encode(text: str, charset: Charset) -> bytes:
    """Bytes for ``text`` in the printer's Chinese mode.

    Raises:
        ValueError: a character is not printable in ``charset`` (raster that line instead).
    """
    bad = [ch for ch in text if not printable_char(ch, charset)]
    if bad:
        raise ValueError(f"not printable in {charset.value}: {''.join(bad)!r}")
    return text.encode(charset.codec)
