"""Counter settings kept in the store's ``settings`` table, with their defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

from desktop.scanner import ScannerSettings
from loyalty.money import Currency
from loyalty.store.context import TillContext
from loyalty.store.engine import StoreEngine
from loyalty.store.settings import read_settings, write_settings
from sync.registration import terminal_identity


def _default_pos_port() -> int:
    """``REGULARS_POS_LINK_PORT`` (a machine-wide default; the store's setting wins), else
    8765. Two counters on one machine (a training till, the tests' parallel workers) would
    otherwise both want 8765."""
    value = os.environ.get("REGULARS_POS_LINK_PORT", "")
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 65536 \
        else 8765


DEFAULTS: dict[str, object] = {
    "store_id": "S001",
    "terminal_id": "S001-T01",
    "store_name": "Regulars",
    "terminal_name": "",  # what the header calls this terminal ("" → "Till 1" or the like)
    "region": "TW",
    "tz": "Asia/Taipei",
    "currency": "TWD",
    "language": "zh_TW",
    "lock.idle_minutes": 5,
    "scanner.min_length": 6,
    "scanner.max_gap_ms": 50,
    "scanner.enabled": True,
    "scanner.prefix": "",  # one character the scanner sends before each code ("" = none)
    "scanner.suffix": "",  # … and after it
    "einvoice.seller_ids": [],  # the chain's seller tax ids: only their e-invoices earn
    "pos_link.enabled": True,  # the loopback endpoint a POS posts sales to
    "pos_link.port": _default_pos_port(),
}


@dataclass(frozen=True, slots=True)
class CounterSettings:
    """What the counter app reads from settings at start."""

    values: dict[str, object]

    def get(self, key: str) -> object:
        return self.values.get(key, DEFAULTS.get(key))

    def text(self, key: str) -> str:
        return str(self.get(key))

    def number(self, key: str) -> float:
        value = self.get(key)
        return float(value) if isinstance(value, int | float | str) else 0.0

    def counter(self) -> TillContext:
        return TillContext(store_id=self.text("store_id"), terminal_id=self.text("terminal_id"),
                       region=self.text("region"), tz_name=self.text("tz"),
                       currency=Currency(self.text("currency")))

    def scanner(self) -> ScannerSettings:
        return ScannerSettings(min_length=int(self.number("scanner.min_length")),
                               max_gap_ms=self.number("scanner.max_gap_ms"),
                               enabled=bool(self.get("scanner.enabled")),
                               prefix=self.text("scanner.prefix"),
                               suffix=self.text("scanner.suffix"))

    @property
    def idle_lock_ms(self) -> int:
        return int(self.number("lock.idle_minutes") * 60_000)


def load_settings(engine: StoreEngine) -> CounterSettings:
    """The settings; a terminal registered with central is who central registered it as
    (its entries must name that terminal and store, or central refuses them)."""
    values = read_settings(engine, DEFAULTS)
    ident = terminal_identity(engine)
    if ident is not None:
        values.update(store_id=ident.store_id, terminal_id=ident.terminal_id)
    return CounterSettings(values)


def save_settings(engine: StoreEngine, values: dict[str, object]) -> None:
    write_settings(engine, values)
