"""``regulars pos-sale``: :mod:`loyalty.poslink.client` on this PC's data folder (no Qt)."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from desktop.paths import app_paths
    from loyalty.poslink.client import main as client_main
    return client_main(argv, app_paths().data)
