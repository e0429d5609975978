"""The console's two languages: a small catalogue keyed by message id.

Each id maps to its English and Traditional Chinese text in one tuple
(:mod:`central.console.messages`), so a message cannot exist in one language only, and a
test checks both carry the same ``{placeholders}``. Gettext catalogues (Babel) would add an
extract/compile step and a second toolchain next to the tills' Qt ``.ts`` files for a few
hundred strings that only this package uses; a dict is read by the same review, and an id
missing from it fails loudly (``KeyError``) in tests rather than showing an English
fallback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from central.console.messages import MESSAGES

LANGUAGES = ("en", "zh_TW")
_INDEX = {"en": 0, "zh_TW": 1}


def translator(lang: str) -> Callable[..., str]:
    """``t(id, **values)`` for ``lang``: the message with its placeholders filled."""
    index = _INDEX.get(lang, 0)

    def t(message_id: str, **values: Any) -> str:
        text = MESSAGES[message_id][index]
        return text.format(**values) if values else text

    return t


def negotiate(accept_language: str | None) -> str:
    """The language for a browser's ``Accept-Language``: Chinese of any region → zh_TW
    (the console has no Simplified Chinese), otherwise English."""
    best, best_q = "zh_TW", -1.0
    for part in (accept_language or "").split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        lang = "zh_TW" if tag.lower().startswith("zh") else "en" if tag else ""
        if lang and weight > best_q:
            best, best_q = lang, weight
    return best if best_q >= 0 else "zh_TW"
