"""The error responses every route documents (all carry ``ErrorBody``)."""

from __future__ import annotations

from typing import Any

from sync.protocol import ErrorBody

_CODES = (400, 401, 403, 404, 409, 410, 413, 415, 422)
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in _CODES}
