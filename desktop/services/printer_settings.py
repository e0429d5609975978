"""The slip's header and footer from the counter's settings; the printer settings themselves
(and their storage) are :mod:`printing.settings`."""

from __future__ import annotations

from dataclasses import replace

from desktop.services.settings import CounterSettings
from printing import StoreInfo
from printing.settings import (
    DEFAULT_FOOTER,
    PRINTER_KEY,
    SLIP_KEYS,
    PrinterSettings,
    load_printer_settings,
    save_printer_settings,
    store_info_of,
)

__all__ = ["DEFAULT_FOOTER", "PRINTER_KEY", "SLIP_KEYS", "PrinterSettings",
           "load_printer_settings", "save_printer_settings", "store_info", "store_info_of"]


def store_info(settings: CounterSettings, printer: PrinterSettings) -> StoreInfo:
    """The slip's header and footer."""
    return replace(store_info_of(printer), name=settings.text("store_name"),
                   tz=settings.text("tz"))
