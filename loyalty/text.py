"""Text people type: one validation per field, used at every door.

The counter's forms, the till's store, the wire (:mod:`sync.protocol`) and central all call
these functions, so what a till accepts central accepts, and the reverse. Phones live in
:mod:`loyalty.phone`.

**Member names** (:func:`clean_name`):

* normalised to NFC (a decomposed ``Zoé`` is stored, searched and printed as the composed one);
* whitespace of every kind (tabs, newlines, no-break and ideographic spaces, line separators)
  trimmed at the ends and collapsed to one space inside;
* **refused, not removed**, with a message naming the character: control characters (BEL,
  ESC, NUL…), format characters (zero-width space, soft hyphen, byte-order mark, word
  joiner), bidirectional overrides, embeddings, isolates and marks, private-use, surrogate,
  unassigned and non-characters. A character removed in silence would make the stored name
  differ from the one typed, and these are nearly always pasted from somewhere else; the
  cashier retypes the name. Two joiners are letters' business and stay: ZERO WIDTH JOINER and
  NON-JOINER between two visible characters (emoji sequences such as 👩‍👩‍👧, Persian and
  Indic spellings), and the tag characters of an emoji flag sequence (🏴 + tags + cancel tag);
* at least one visible character (letter, digit, punctuation or symbol): a name made only of
  zero-width or combining marks is refused as empty;
* at most :data:`NAME_MAX` characters, counted in Unicode code points after normalisation
  (𠮷 is one, although UTF-16 needs two units for it). Longer is refused with the count,
  never cut.

The wire is more forgiving for one reason: an outbox written by an older till may hold a
name that the rules above refuse, and refusing it at central would lose the member and every
point written against them. :func:`repair_name` removes the characters :func:`clean_name`
refuses and then applies it; a name left empty becomes unknown (``None``).

**Receipt numbers and referral codes** (:func:`clean_receipt_no`, :func:`clean_referral_code`):
NFKC (full-width ``Ｒ１２３`` is the receipt ``R123``), trimmed, printable characters only
(one ASCII space allowed inside), at most :data:`RECEIPT_MAX` / :data:`REFERRAL_MAX`
characters. :data:`RECEIPT_PATTERN` is the same rule for pydantic's (Rust) regex engine, so
the wire checks it without a Python call per ledger entry.
"""

from __future__ import annotations

import unicodedata

from loyalty.errors import InvalidInput

NAME_MAX = 40
"""The longest member name, in characters (Unicode code points)."""
RECEIPT_MAX = 40
"""The longest POS receipt number, in characters."""
REFERRAL_MAX = 40
"""The longest referral code, in characters."""

RECEIPT_PATTERN = r"^(?:[^\p{C}\p{Z}]| )*$"
"""Printable characters and ASCII spaces, as a regex for pydantic's Rust engine."""

_EXTRA_SPACE = frozenset("\t\n\v\f\r\x85")  # whitespace outside the Z categories
_ZWJ, _ZWNJ = "\u200d", "\u200c"
_BLACK_FLAG, _CANCEL_TAG = "\U0001f3f4", "\U000e007f"
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                  "\u2066\u2067\u2068\u2069")
_VISIBLE = ("L", "N", "P", "S")  # general category initials of characters that show


def _is_space(ch: str) -> bool:
    return ch in _EXTRA_SPACE or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _is_noncharacter(ch: str) -> bool:
    cp = ord(ch)
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def _is_tag(ch: str) -> bool:
    return 0xE0020 <= ord(ch) <= 0xE007F


def _refused_at(text: str) -> int | None:
    """Index of the first character :func:`clean_name` refuses in NFC ``text``, or None."""
    flag_tags = False
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if ch == _BLACK_FLAG:
            flag_tags = True
            continue
        if _is_tag(ch) and flag_tags:
            flag_tags = ch != _CANCEL_TAG
            continue
        flag_tags = False
        if ch in (_ZWJ, _ZWNJ) and _joins(text, index):
            continue
        if category in ("Cc", "Cf", "Cs", "Co", "Cn") or _is_noncharacter(ch):
            return index
    return None


def _joins(text: str, index: int) -> bool:
    """A joiner between two characters that are neither spaces nor other joiners."""
    if index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return not any(_is_space(c) or c in (_ZWJ, _ZWNJ) for c in (before, after))


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name and unicodedata.category(ch) == "Cc":
        name = _CONTROL_NAMES.get(ord(ch), "CONTROL")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x1B: "ESCAPE",
                  0x7F: "DELETE"}


def _collapse(text: str) -> str:
    words: list[str] = []
    word: list[str] = []
    for ch in text:
        if _is_space(ch):
            if word:
                words.append("".join(word))
                word = []
        else:
            word.append(ch)
    if word:
        words.append("".join(word))
    return " ".join(words)


def clean_name(text: str) -> str:
    """A member's name as stored and sent: see the module's rules.

    Raises:
        InvalidInput: ``name_empty``, ``name_bidi_control``, ``name_bad_character``,
            ``name_unknown_character`` (unassigned in this Python's Unicode database: an
            emoji newer than it, say) or ``name_too_long``, with a sentence naming it.
    """
    name = _collapse(unicodedata.normalize("NFC", text))
    bad = _refused_at(name)
    if bad is not None:
        ch = name[bad]
        where = f"after “{name[:bad]}”" if bad else "at the start"
        if unicodedata.category(ch) == "Cn" and not _is_noncharacter(ch):
            raise InvalidInput(
                f"The name contains a character this system does not know yet "
                f"({_describe(ch)}) {where}, perhaps a newer emoji: type the name without it.",
                code="name_unknown_character")
        if ch in _BIDI:
            raise InvalidInput(
                f"The name contains a direction control character ({_describe(ch)}) {where}, "
                "which reorders the letters on screen: type the name instead of pasting it.",
                code="name_bidi_control")
        raise InvalidInput(
            f"The name contains an invisible or control character ({_describe(ch)}) {where}: "
            "type the name again without it.", code="name_bad_character")
    if not any(unicodedata.category(ch)[0] in _VISIBLE for ch in name):
        raise InvalidInput("Enter the member's name.", code="name_empty")
    length = name_length(name)
    if length > NAME_MAX:
        raise InvalidInput(f"A name has at most {NAME_MAX} characters; this one has {length}.",
                           code="name_too_long")
    return name


def name_length(text: str) -> int:
    """How many characters :func:`clean_name` counts in ``text`` (code points, after NFC and
    collapsing whitespace): what the counter's form shows as it is typed."""
    return len(_collapse(unicodedata.normalize("NFC", text)))


def repair_name(text: str) -> str | None:
    """A name from the wire: the characters :func:`clean_name` refuses are removed (an older
    till may have queued them), then it applies; a name left with nothing visible is None.

    Raises:
        InvalidInput: ``name_too_long`` (no till ever sent one: it is refused, not cut).
    """
    name = _collapse(unicodedata.normalize("NFC", text))
    while (bad := _refused_at(name)) is not None:
        name = _collapse(name[:bad] + name[bad + 1:])
    if not any(unicodedata.category(ch)[0] in _VISIBLE for ch in name):
        return None
    return clean_name(name)


def _clean_code(text: str | None, limit: int, code: str, what: str) -> str | None:
    if text is None:
        return None
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    if len(value) > limit or not value.isprintable():
        raise InvalidInput(f"That {what} is not valid: at most {limit} letters, digits or "
                           "symbols.", code=code)
    return value


def clean_receipt_no(text: str | None) -> str | None:
    """A POS receipt number as typed or scanned; blank is None.

    Raises:
        InvalidInput: ``receipt_invalid``.
    """
    return _clean_code(text, RECEIPT_MAX, "receipt_invalid", "receipt number")


def clean_referral_code(text: str | None) -> str | None:
    """A referral code as typed; blank is None.

    Raises:
        InvalidInput: ``referral_invalid``.
    """
    return _clean_code(text, REFERRAL_MAX, "referral_invalid", "referral code")


def repair_referral_code(text: str) -> str | None:
    """A referral code from the wire: characters :func:`clean_referral_code` refuses as
    unprintable are removed (an older till did not check them), then it applies.

    Raises:
        InvalidInput: ``referral_invalid`` (too long: refused, not cut).
    """
    value = unicodedata.normalize("NFKC", text)
    return clean_referral_code("".join(ch for ch in value if ch.isprintable()))
