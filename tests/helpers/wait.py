"""``wait_until``: the one polling loop of the tests (for what has no Qt signal to wait on:
another thread, another process, a socket)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(condition: Callable[[], T], timeout: float = 5.0, *, interval: float = 0.02,
               message: str | Callable[[], str] = "", raise_on_timeout: bool = True) -> T:
    """Call ``condition`` until it returns something true, and return that.

    After ``timeout`` seconds: raise :class:`AssertionError` with ``message`` (a callable
    is called then, to say what was seen), or with ``raise_on_timeout=False`` return the
    last (false) value. An exception from ``condition`` ends the wait at once."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            break
        time.sleep(interval)
    if not value and raise_on_timeout:
        text = message() if callable(message) else message
        raise AssertionError(text or f"not true within {timeout} s: {condition!r}")
    return value
