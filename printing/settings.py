"""The receipt printer's settings and the slip's header and footer, in the store's settings.

Keys (JSON values in the store's ``settings`` table, next to the counter's own settings):

* ``printer``: a :meth:`printing.PrinterProfile.to_dict` dict, or ``{}`` for no printer;
* ``store_address``, ``store_phone``: printed under the store's name;
* ``receipt_footer``: lines printed at the end of every slip.

A manager saves them (audited as ``settings.printer``) from the printer settings screen.
Qt-free: the counter's screen only edits a :class:`PrinterSettings`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from loyalty.store.context import TillContext
from loyalty.store.journal import audit
from loyalty.store.keyvalue import get_setting, put_setting
from printing.profile import PrinterProfile
from printing.slip_data import StoreInfo

log = logging.getLogger(__name__)

PRINTER_KEY = "printer"
SLIP_KEYS = ("store_address", "store_phone", "receipt_footer")
DEFAULT_FOOTER = "謝謝光臨，歡迎再來！"


@dataclass(frozen=True, slots=True)
class PrinterSettings:
    """What the printer settings screen edits. ``profile`` None: no printer."""

    profile: PrinterProfile | None
    address: str = ""
    phone: str = ""
    footer: str = DEFAULT_FOOTER

    def values(self) -> dict[str, object]:
        """The settings rows to write."""
        return {PRINTER_KEY: self.profile.to_dict() if self.profile else {},
                "store_address": self.address, "store_phone": self.phone,
                "receipt_footer": self.footer}


def load_printer_settings(engine: Engine) -> PrinterSettings:
    """Read the printer settings; a stored profile that no longer loads counts as none."""
    with engine.connect() as conn:
        raw = get_setting(conn, PRINTER_KEY, {})
        address, phone, footer = (get_setting(conn, key, None) for key in SLIP_KEYS)
    profile = None
    if isinstance(raw, dict) and raw:
        try:
            profile = PrinterProfile.from_dict(_plain(raw))
        except (TypeError, ValueError):
            log.exception("the stored printer settings do not load; printing is off")
    return PrinterSettings(profile, str(address or ""), str(phone or ""),
                           DEFAULT_FOOTER if footer is None else str(footer))


def _plain(raw: dict[Any, Any]) -> dict[str, Any]:
    return {str(key): value for key, value in raw.items()}


def store_info_of(printer: PrinterSettings) -> StoreInfo:
    """The header and footer lines the printer settings hold (the name comes from the
    store's own settings)."""
    footer = tuple(line.strip() for line in printer.footer.splitlines() if line.strip())
    return StoreInfo(name="", address=printer.address, phone=printer.phone, footer=footer)


def save_printer_settings(engine: Engine, ctx: TillContext, new: PrinterSettings,
                          now: datetime, also: Mapping[str, object] | None = None) -> None:
    """Write the settings (and the counter's settings in ``also``, edited on the same
    screen) with their audit row, in one transaction: all saved or none."""
    with engine.begin() as conn:
        for key, value in {**new.values(), **(also or {})}.items():
            put_setting(conn, key, value)
        audit(conn, ctx, "settings.printer", None, now,
              printer=new.profile.describe() if new.profile else "none",
              kind=new.profile.kind.value if new.profile else "none")
