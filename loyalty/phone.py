"""Phone identity: normalise what cashiers type to E.164, and mask it for display."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from loyalty.errors import InvalidPhone

MARKET_REGIONS = ("TW", "HK")
"""The markets a store can be set up in (a number without ``+`` is read in the store's)."""
DEFAULT_MEMBER_REGIONS: tuple[str, ...] = ("TW", "HK")
"""Where a member's mobile may be from unless the chain's rules say otherwise."""
ANY_REGION = "*"
"""In a chain's ``member_phone_regions``: mobiles of every region are accepted."""

_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_ALLOWED = re.compile(r"^\+?[0-9 ()\-.]+$")
# After NFKC: "ext. 12", "x12", "#12", "轉12", "分機 12", a dial pause (",", ";") and digits.
_EXTENSION = re.compile(r"(?:e?xt?\.?|extension|#|轉|分機|內線|,|;)\s*[0-9]+\s*$", re.IGNORECASE)
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                       "\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad")


def _separators_to_spaces(text: str) -> str:
    """Every Unicode dash (and the minus sign) becomes ``-``, every space variant a space;
    invisible marks pasted with a number (bidi marks from phone contacts, zero-width
    spaces, soft hyphens) go."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _INVISIBLE:
            continue
        if category == "Pd" or ch == "\u2212":
            out.append("-")
        elif category in ("Zs", "Zl", "Zp") or ch in "\t\n\r\v\f\x85":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def normalise_phone(text: str, region: str = "TW", *, mobile_only: bool = True) -> str:
    """Return the E.164 form of a phone number typed at the counter.

    Accepts every Unicode dash and space as a separator (``0912–345–678``, no-break and
    ideographic spaces), brackets, dots, a leading ``+`` and full-width digits (Chinese input
    methods type them). Numbers without ``+`` are read in ``region``. Members are identified
    by mobile numbers, so by default fixed lines are refused, and so are extensions. Any
    region's number is accepted here (lookups); enrollment narrows it with
    :func:`normalise_member_phone`.

    Raises:
        InvalidPhone: with a specific reason (empty, letters, extension, too short/long,
            not a mobile).
    """
    cleaned = _separators_to_spaces(unicodedata.normalize("NFKC", text)).strip()
    if not cleaned:
        raise InvalidPhone("Enter a phone number.", code="phone_empty")
    extension = _EXTENSION.search(cleaned)
    if extension is not None and _ALLOWED.match(cleaned[:extension.start()].strip() or "x"):
        raise InvalidPhone(f"“{text}” has an extension ({extension.group().strip()}); members "
                           "join with a mobile number, which has none.", code="phone_extension")
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


def normalise_member_phone(text: str, region: str = "TW",
                           accepted: Collection[str] = DEFAULT_MEMBER_REGIONS) -> str:
    """:func:`normalise_phone` for a member's identity: a mobile of a region the chain
    accepts (``accepted``: region codes, or :data:`ANY_REGION`; the chain's rules document
    sets it as ``member_phone_regions``, Taiwan and Hong Kong by default).

    Raises:
        InvalidPhone: as :func:`normalise_phone`, or ``phone_region``.
    """
    e164 = normalise_phone(text, region)
    check_member_region(e164, accepted, typed=text)
    return e164


def check_member_region(e164: str, accepted: Collection[str], *, typed: str | None = None
                        ) -> None:
    """Raise ``phone_region`` unless the valid number ``e164`` is from an accepted region."""
    if ANY_REGION in accepted:
        return
    where = phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or "?"
    if where not in accepted:
        names = " and ".join(_REGION_NAMES.get(r, r) for r in accepted) or "no region"
        raise InvalidPhone(f"“{typed or e164}” is a number from {_REGION_NAMES.get(where, where)}; "
                           f"this chain takes members with mobiles from {names}.",
                           code="phone_region")


def check_member_e164(e164: str, accepted: Collection[str]) -> str:
    """``e164`` as a pushed enrollment or sign-up carries it: canonical E.164 of a valid
    mobile of an accepted region (the same rules as :func:`normalise_member_phone`).

    Raises:
        InvalidPhone: not canonical (``phone_not_e164``), or as :func:`normalise_member_phone`.
    """
    if not e164.startswith("+") or normalise_phone(e164) != e164:
        raise InvalidPhone(f"“{e164}” is not a phone number in E.164 form.", code="phone_not_e164")
    check_member_region(e164, accepted)
    return e164


def check_region_codes(codes: Collection[str]) -> tuple[str, ...]:
    """The ``member_phone_regions`` of a rules document, checked.

    Raises:
        ValueError: empty, or a code that is neither a phone region nor ``*``.
    """
    out = tuple(str(code) for code in codes)
    unknown = [c for c in out if c != ANY_REGION and c not in phonenumbers.SUPPORTED_REGIONS]
    if not out or unknown:
        raise ValueError(f"member_phone_regions must name phone regions or '*': {unknown}")
    return out


_REGION_NAMES = {"TW": "Taiwan", "HK": "Hong Kong", "MO": "Macau", "CN": "mainland China",
                 "US": "the United States", "CA": "Canada", "JP": "Japan", "SG": "Singapore",
                 "MY": "Malaysia", "KR": "South Korea", "GB": "the United Kingdom"}


def _region_name(number: phonenumbers.PhoneNumber, default: str) -> str:
    region = phonenumbers.region_code_for_number(number) or default
    return _REGION_NAMES.get(region, region)


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
