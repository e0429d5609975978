"""Display width of text on a receipt printer: CJK characters take two columns.

Receipt printers in Chinese mode print every double-byte character (hanzi, full-width
punctuation, most symbols) two columns wide and ASCII one column wide. We follow Unicode's
East Asian Width: Wide and Fullwidth count 2; Ambiguous counts 2 from U+2000 up (dashes,
ellipsis, ※, €: double-byte in Big5/GB18030) and 1 below (accented Latin); combining marks
count 0, as do format characters and emoji modifiers.
"""

from __future__ import annotations

import unicodedata

NO_LINE_START = frozenset("。，、．！？：；」』）】〕》〉…")
# Marks drawn on the character before (variation selectors), format characters (the joiners
# of emoji sequences, the tags of flag sequences) and emoji skin-tone modifiers (a
# monochrome slip cannot show a tone) take no room.
_ZERO_WIDTH = frozenset(("Mn", "Me", "Cf"))
_MODIFIERS = frozenset(chr(cp) for cp in range(0x1F3FB, 0x1F400))


def char_width(ch: str) -> int:
    """Columns one character takes on paper (0, 1 or 2)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in _ZERO_WIDTH or ch in _MODIFIERS:
        return 0
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F"):
        return 2
    if eaw == "A" and ord(ch) >= 0x2000:
        return 2
    return 1


def display_width(text: str) -> int:
    """Columns ``text`` takes on paper."""
    return sum(char_width(ch) for ch in text)


def split_at_width(text: str, width: int) -> tuple[str, str]:
    """Split ``text`` so the head fits in ``width`` columns (never splitting a character)."""
    used = 0
    for index, ch in enumerate(text):
        w = char_width(ch)
        if used + w > width:
            return text[:index], text[index:]
        used += w
    return text, ""


def wrap(text: str, width: int) -> list[str]:
    """Wrap ``text`` to lines of at most ``width`` columns.

    Latin words break at spaces; CJK runs (no spaces) break between any two characters.
    An empty text gives one empty line, so a blank line stays a blank line.
    """
    if width < 2:
        raise ValueError("width must be at least 2 columns")
    lines: list[str] = []
    rest = text.strip()
    while display_width(rest) > width:
        head, tail = split_at_width(rest, width)
        space = head.rfind(" ")
        # Break at the last space only when the word after it is Latin (CJK has no spaces).
        if space > 0 and tail and tail[0] != " " and char_width(tail[0]) == 1:
            head, tail = head[:space], head[space + 1:] + tail
        elif tail and tail[0] in NO_LINE_START and len(head) > 1:
            # Closing punctuation may not start a line: carry the last character with it.
            head, tail = head[:-1], head[-1] + tail
        lines.append(head.rstrip())
        rest = tail.lstrip()
    lines.append(rest)
    return lines


def pad(text: str, width: int, align: str = "left") -> str:
    """Pad ``text`` with spaces to exactly ``width`` columns (text must fit)."""
    gap = width - display_width(text)
    if gap < 0:
        raise ValueError(f"{text!r} is wider than {width} columns")
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap
