"""HTTP errors with a stable machine-readable ``reason`` (the body is ``ErrorBody``)."""

from __future__ import annotations


class ApiError(Exception):
    """An error answered to the client as ``{"reason", "message", ...}`` with ``status``."""

    def __init__(self, status: int, reason: str, message: str, *,
                 expected_seq: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message
        self.expected_seq = expected_seq


def not_found(what: str) -> ApiError:
    """A 404 naming what was not found (never echoing personal data)."""
    return ApiError(404, "not_found", f"No such {what}.")


def unauthorised(message: str = "A valid bearer token is required.",
                 reason: str = "unauthorised") -> ApiError:
    """A 401 for a missing, unknown or revoked credential."""
    return ApiError(401, reason, message)
