"""What the demo shows beyond members (no Qt): a file printer whose slips are also PNGs,
the chain's e-invoice seller id, and pictures to scan (e-invoice proofs, carrier barcodes).

:func:`ensure_extras` runs on every start, so a demo prepared by an older version gets them
too; it never replaces what the visitor changed (a printer set with F10 stays).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from loyalty.dates import utc_now
from loyalty.einvoice import SELLER_IDS_SETTING, make_invoice_qr
from loyalty.money import Currency, Money
from loyalty.store.context import TillContext
from loyalty.store.engine import StoreEngine
from loyalty.store.service import CounterService
from loyalty.store.settings import read_setting, write_settings
from printing import PrinterKind, PrinterProfile
from printing.einvoice_proof import carrier_card, invoice_proof
from printing.png_copies import PNG_DIR_SETTING
from printing.settings import PRINTER_KEY, PrinterSettings, save_printer_settings

CHAIN_TAX_ID = "53212539"  # 好日子生活百貨's seller tax id (統一編號, check digit valid)
OTHER_SHOP_TAX_ID = "04595257"  # a shop outside the chain: its invoices earn nothing
SLIPS, SCAN_ME = "slips", "scan-me"
LINKED_CARRIER = "/MEI+678"  # linked to 陳美玲 when the demo is built
NEW_CARRIER = "/NEW-001"  # nobody's yet: scan it with a member shown to link it


def ensure_extras(data_dir: Path, engine: StoreEngine, store_name: str, tz: ZoneInfo) -> None:
    """The file printer (unless a printer is set), the seller id, the pictures."""
    printer = read_setting(engine, PRINTER_KEY)
    first: dict[str, object] = {}
    if not read_setting(engine, SELLER_IDS_SETTING):
        first[SELLER_IDS_SETTING] = [CHAIN_TAX_ID]
    if not printer:
        first[PNG_DIR_SETTING] = SLIPS
    if first:
        write_settings(engine, first)
    if not printer:
        (data_dir / SLIPS).mkdir(exist_ok=True)
        profile = PrinterProfile(kind=PrinterKind.FILE, paper_mm=58,
                                 device=str(data_dir / SLIPS / "printer-output.bin"))
        save_printer_settings(engine, TillContext("S001", "S001-T01"),
                              PrinterSettings(profile), utc_now())
    _pictures(data_dir / SCAN_ME, store_name, datetime.now(tz).date())


def _pictures(folder: Path, store_name: str, today: date) -> None:
    if folder.exists():
        return
    folder.mkdir()
    rng = random.Random(5)
    for n, (days_ago, total, seller) in enumerate(
            ((0, 1280, CHAIN_TAX_ID), (1, 560, CHAIN_TAX_ID), (3, 3990, CHAIN_TAX_ID),
             (0, 800, OTHER_SHOP_TAX_ID)), 1):
        number = f"{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{rng.choice('ABCDEFGHJKLMN')}" \
                 f"{rng.randint(10_000_000, 99_999_999)}"
        left = make_invoice_qr(number, today - timedelta(days=days_ago), total, seller,
                               random_code=f"{rng.randint(0, 9999):04d}",
                               items=(("Milk", 1, 80),))
        shop = store_name if seller == CHAIN_TAX_ID else "Another shop"
        kind = "einvoice" if seller == CHAIN_TAX_ID else "einvoice-other-shop"
        invoice_proof(left, shop, "**").save(folder / f"{kind}-{n}-NT{total}.png")
    for code in (LINKED_CARRIER, NEW_CARRIER):
        name = code.strip("/").replace("+", "plus")
        carrier_card(code).save(folder / f"carrier-{name}.png")


def anonymous_sales(service: CounterService, clock_set: object, count: int,
                    seed: int = 11) -> None:
    """Non-member sales over the last two years (more of them lately), so the report's
    member share is not 100 %. ``clock_set``: the demo's movable clock (``.now``)."""
    rng = random.Random(seed)
    now = datetime.now(service.ctx.tz)
    for _ in range(count):
        days = int(rng.triangular(0, 730, 0))
        moment = now - timedelta(days=days, minutes=rng.randint(0, 600)) - timedelta(hours=1)
        clock_set.now = moment  # type: ignore[attr-defined]
        amount = Decimal(rng.choice((120, 180, 260, 390, 580, 990, 1280, 2400)))
        service.anonymous_sale(Money(amount, Currency.TWD), None)
