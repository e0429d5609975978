"""Redaction of personal data and secrets from log text: one definition for every log line.

The counter, the headless sync engine and central log through :class:`RedactingFormatter`
(or, where a handler's formatter cannot be replaced, :class:`RedactingFilter`), so a message,
its exception text and its traceback are all redacted after formatting — a traceback quotes
source lines, reprs and exception messages that no call site controls.

What is masked:

* **Phone numbers** in any region and format: a ``+`` or ``00`` prefix or not, digits
  grouped by spaces, dashes, dots or brackets, full-width digits and punctuation (Chinese
  input methods type them), percent-encoded in a URL (printable runs are decoded first).
  A run of digits with separators or a leading ``+`` and 7–15 digits is a phone; a bare run
  needs 8–15 (a Hong Kong number has 8; bare 7-digit runs are counts far more often than
  phones). The last three digits stay, so support can still match
  a complaint ("…678"). Dates, times, IPv4 addresses and UUIDs are left alone; longer digit
  runs are masked whole.
* **Values of personal or secret fields** however they are written (``name=…``,
  ``'phone': '…'``, ``"token":"…"``, ``pin: …``, pydantic's ``input_value=…``), the
  parameters SQLAlchemy prints with a failed statement, ``Bearer`` credentials, central's
  tokens (``rt_…``, ``ra_…``, ``ro_…``) and enrollment codes (``ABCD-EFGH-JKLM-NPQR``).

* **Chinese, Japanese and Korean text**, whole: the app logs in English, so such text in a
  log line is somebody's data — a member's or a cashier's name, an address, a slip footer.

Not masked: a name in Latin letters outside any field (``member 'Chan Tai Man' refused``) —
no pattern tells it from other words; code logs ids, never names.
"""

from __future__ import annotations

import logging
import re
import traceback
from urllib.parse import unquote

MASK = "***"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_KEYS = (
    # secrets
    r"pin|pins|pin_hash|password|passwd|secret|token|access_token|admin_token|web_token|"
    r"authorization|api_key|apikey|cookie|enrollment_code|code_hash|token_hash|"
    # personal data
    r"name|names|full_name|first_name|last_name|given_name|family_name|surname|member_name|"
    r"display_name|nickname|phone|phones|phone_number|mobile|tel|msisdn|e164|email|"
    r"birthday|birth_year|birthday_month|birthday_day|dob|input_value"
)
# key, optionally quoted, then = or : and a value (quoted string or a bare token).
_FIELD = re.compile(
    r"(?P<key>(?<![\w])(?P<q>['\"]?)(?i:" + _KEYS + r")(?P=q))"
    r"(?P<sep>\s*[=:：]\s*)"
    r"(?P<value>'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|“[^”\n]*”|(?i:bearer\s+)?[^\s,;&)}\]]+)")
_CJK = re.compile("[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
                  "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]+")
_SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")
_BEARER = re.compile(r"(?i)\b(bearer)(\s+)[A-Za-z0-9._~+/=-]+")
_TOKEN = re.compile(r"(?<![A-Za-z0-9])r[ato]_[A-Za-z0-9_-]{16,}")
_CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_ENROLLMENT = re.compile(rf"(?<![A-Za-z0-9])[{_CODE_CHARS}]{{4}}(?:[- ]?[{_CODE_CHARS}]{{4}}){{3}}"
                         r"(?![A-Za-z0-9])")

# Between two digits: up to three of these, or one "+" (a space in a query string).
_SEP = r"(?:[ \t\u00a0\u3000.\uff0e\-\u2010-\u2015\u2212\uff0d()\uff08\uff09]{0,3}|\+)"
_NUMBERS = re.compile(
    # Left alone (tried first at each position): ISO dates and times, day-first dates,
    # clock times, IPv4 addresses with a port, UUIDs.
    r"(?P<keep>"
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?!\d)"
    r"|\d{4}/\d{1,2}/\d{1,2}(?!\d)"
    r"|\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"|\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?!\d)"
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r")"
    r"|(?P<phone>(?<!\d)(?:[+\uff0b][ \u3000]?|[(\uff08])?"
    r"\d(?:" + _SEP + r"\d)*+)(?!\d)")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _decoded(match: re.Match[str]) -> str:
    """A URL's percent-encoded run as text (full-width digits arrive so), when printable."""
    try:
        text = unquote(match.group(0), errors="strict")
    except UnicodeDecodeError:
        return match.group(0)
    return text if text.isprintable() else match.group(0)


def _digits(text: str) -> list[str]:
    return [ch for ch in text if ch.isdecimal()]


def _phone(match: re.Match[str]) -> str:
    text = match.group("phone")
    if text is None:
        return match.group(0)
    digits = _digits(text)
    plain = text.isdecimal()
    prefixed = text[0] in "+\uff0b"
    if len(digits) > 15:
        return MASK
    if len(digits) < 7 or (plain and len(digits) < 8):
        return text
    if not plain and not prefixed and _only_one_dot(text):
        return text  # 0.123456789: a number, not a phone
    return f"{MASK}-{''.join(digits[-3:])}"


def _only_one_dot(text: str) -> bool:
    separators = [ch for ch in text if not ch.isdecimal()]
    return separators in (["."], ["\uff0e"])


def _field(match: re.Match[str]) -> str:
    return f"{match.group('key')}{match.group('sep')}{MASK}"


def redact(text: str) -> str:
    """``text`` with phones, personal fields and secrets masked (idempotent)."""
    text = _PERCENT.sub(_decoded, text)
    text = _SQL_PARAMETERS.sub(f"[parameters: {MASK}]", text)
    text = _FIELD.sub(_field, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _TOKEN.sub(MASK, text)
    text = _ENROLLMENT.sub(MASK, text)
    text = _CJK.sub(MASK, text)
    return _NUMBERS.sub(_phone, text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output — message, exception and stack — is redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class RedactingFilter(logging.Filter):
    """Redacts a record in place: its message, exception text and stack.

    For handlers whose formatter cannot be a :class:`RedactingFormatter`. It renders the
    message (``args`` become None) and caches the redacted traceback in ``exc_text``, which
    formatters print instead of formatting ``exc_info`` again.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
