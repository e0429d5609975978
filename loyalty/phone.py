"""Phone identity: normalise what cashiers type to E.164, and mask it for display."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from loyalty.errors import InvalidPhone

SUPPORTED_REGIONS = ("TW", "HK")
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_ALLOWED = re.compile(r"^\+?[0-9 ()\-.]+$")


def normalise_phone(text: str, region: str = "TW", *, mobile_only: bool = True) -> str:
    """Return the E.164 form of a phone number typed at the counter.

    Accepts spaces, dashes, brackets, a leading ``+`` and full-width digits (Chinese input
    methods type them). Numbers without ``+`` are read in ``region``. Members are identified
    by mobile numbers, so by default fixed lines are refused.

    Raises:
        InvalidPhone: with a specific reason (empty, letters, too short/long, not a mobile).
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        raise InvalidPhone("Enter a phone number.", code="phone_empty")
    if not _ALLOWED.match(cleaned):
        raise InvalidPhone(
            f"“{text}” contains characters that are not part of a phone number.",
            code="phone_bad_characters",
        )
    try:
        number = phonenumbers.parse(cleaned, region)
    except NumberParseException:
        raise InvalidPhone(f"“{text}” is not a phone number.", code="phone_unparseable") from None
    if not phonenumbers.is_valid_number(number):
        digits = re.sub(r"\D", "", cleaned)
        reason = "too short" if len(digits) < 8 else "not a valid number"
        raise InvalidPhone(f"“{text}” is {reason} for {_region_name(number, region)}.",
                           code="phone_invalid")
    if mobile_only and phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidPhone(f"“{text}” is not a mobile number; members join with a mobile.",
                           code="phone_not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _region_name(number: phonenumbers.PhoneNumber, default: str) -> str:
    region = phonenumbers.region_code_for_number(number) or default
    return {"TW": "Taiwan", "HK": "Hong Kong"}.get(region, region)


def national_format(e164: str) -> str:
    """``+886912345678`` → ``0912-345-678``; ``+85291234567`` → ``9123 4567``."""
    number = phonenumbers.parse(e164)
    if number.country_code == 886:
        national = "0" + str(number.national_number)
        if len(national) == 10:
            return f"{national[:4]}-{national[4:7]}-{national[7:]}"
        return national
    if number.country_code == 852:
        national = str(number.national_number)
        return f"{national[:4]} {national[4:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_phone(e164: str) -> str:
    """Masked national form for screens and paper: ``0912-***-678``, ``9123 **67``.

    Keeps the prefix a member recognises and the last three digits, hides the middle.
    """
    national = national_format(e164)
    if national.startswith("09") and len(national) == 12:
        return f"{national[:4]}-***-{national[9:]}"
    digits = [c for c in national if c.isdigit()]
    keep_head, keep_tail = 4, 2
    out: list[str] = []
    seen = 0
    for ch in national:
        if ch.isdigit():
            hidden = keep_head <= seen < len(digits) - keep_tail
            out.append("*" if hidden else ch)
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


def phone_digits_reversed(e164: str) -> str:
    """Digits of the national number reversed: indexes "last N digits" lookups as a prefix."""
    return re.sub(r"\D", "", e164)[::-1]


def parse_last_digits(text: str) -> str | None:
    """If ``text`` is 3 or 4 digits (what a customer says aloud), return them; else None."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned.isdigit() and 3 <= len(cleaned) <= 4:
        return cleaned
    return None
