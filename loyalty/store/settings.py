"""The store's ``settings`` table as engine-level calls, each its own transaction.

For callers that hold only the store (the counter app's settings, the camera's device
choice); code already inside a transaction uses :mod:`loyalty.store.keyvalue`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from loyalty.store.keyvalue import get_setting, put_setting


def read_settings(engine: Engine, defaults: Mapping[str, object]) -> dict[str, object]:
    """Every key of ``defaults`` with its stored value, or the default when unset."""
    with engine.connect() as conn:
        return {key: get_setting(conn, key, default) for key, default in defaults.items()}


def read_setting(engine: Engine, key: str, default: Any = None) -> Any:
    with engine.connect() as conn:
        return get_setting(conn, key, default)


def write_settings(engine: Engine, values: Mapping[str, object]) -> None:
    """Write ``values`` in one transaction."""
    with engine.begin() as conn:
        for key, value in values.items():
            put_setting(conn, key, value)
