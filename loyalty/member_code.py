"""Member codes: short numeric codes with a Damm check digit, minted from reserved blocks.

A code is 9 digits of serial number plus one Damm check digit (10 digits). The Damm
algorithm catches every single mistyped digit and every swap of two adjacent digits.
Serials start at 100,000,000, so a code never starts with 0 and can never be taken for a
Taiwanese mobile number typed without its country code (09xx-xxx-xxx, also 10 digits).
Each terminal mints from a block of serials reserved for it when it registers, so two
terminals offline at the same time can never mint the same code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from loyalty.errors import InvalidMemberCode

CODE_LENGTH = 10
SERIAL_DIGITS = CODE_LENGTH - 1
DEFAULT_BLOCK_SIZE = 100_000
FIRST_SERIAL = 10 ** (SERIAL_DIGITS - 1)

_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_digit(digits: str) -> int:
    """The Damm check digit of a string of decimal digits."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return interim


def code_for_serial(serial: int) -> str:
    """The 10-digit member code for a serial number."""
    if not FIRST_SERIAL <= serial < 10**SERIAL_DIGITS:
        raise ValueError(f"serial {serial} out of range")
    body = f"{serial:0{SERIAL_DIGITS}d}"
    return body + str(damm_digit(body))


def is_valid_code(text: str) -> bool:
    """True when ``text`` is 10 digits whose Damm check passes."""
    return (len(text) == CODE_LENGTH and text.isascii() and text.isdigit()
            and text[0] != "0" and damm_digit(text) == 0)


def parse_member_code(text: str) -> str:
    """Validate a typed or scanned member code and return it.

    Raises:
        InvalidMemberCode: the length is wrong or the check digit does not match
            (a mistyped digit or a misread scan).
    """
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("-", "")
    if not cleaned.isdigit() or len(cleaned) != CODE_LENGTH or cleaned[0] == "0":
        raise InvalidMemberCode(
            f"A member code has {CODE_LENGTH} digits and does not start with 0; "
            f"“{text}” is not one.",
            code="code_length",
        )
    if damm_digit(cleaned) != 0:
        raise InvalidMemberCode(
            f"“{text}” fails its check digit: a digit was mistyped or misread.",
            code="code_check_digit",
        )
    return cleaned


def looks_like_member_code(text: str) -> bool:
    """Ten digits, whatever the check digit says (to route input to code lookup)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    return cleaned.isdigit() and len(cleaned) == CODE_LENGTH and cleaned[0] != "0"


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A half-open range of serials ``[start, end)`` reserved for one terminal."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not FIRST_SERIAL <= self.start < self.end <= 10**SERIAL_DIGITS:
            raise ValueError(f"bad code block [{self.start}, {self.end})")

    @classmethod
    def numbered(cls, index: int, size: int = DEFAULT_BLOCK_SIZE) -> CodeBlock:
        """Block number ``index`` (0-based) of ``size`` serials.

        By convention central mints online sign-ups from block 0 and gives each terminal
        its own block from 1 up when it registers.
        """
        start = FIRST_SERIAL + index * size
        return cls(start, start + size)

    def code_at(self, offset: int) -> str:
        """The code for the ``offset``-th serial of the block (0-based)."""
        serial = self.start + offset
        if serial >= self.end:
            raise OverflowError("member code block exhausted; sync to get a new block")
        return code_for_serial(serial)

    def __len__(self) -> int:
        return self.end - self.start
