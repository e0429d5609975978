"""The import-linter contract for the pure domain names every module of ``loyalty`` outside
``loyalty.store`` (import-linter has no "package minus subpackage" form: a new module of the
domain must join the list, or the boundary would silently not hold for it)."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import loyalty

ROOT = Path(__file__).resolve().parents[2]


def test_the_pure_domain_contract_lists_every_module_outside_the_store() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    pure = next(c for c in contracts if c["name"] == "The pure domain does not use the store")
    domain = {f"loyalty.{m.name}" for m in pkgutil.iter_modules(loyalty.__path__)
              if m.name != "store"}
    assert set(pure["source_modules"]) == domain
    assert pure["forbidden_modules"] == ["loyalty.store"]
