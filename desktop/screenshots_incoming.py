"""Render the screens of sales that arrive without typing, offscreen, in both languages:

    python -m desktop.screenshots_incoming --out docs/screenshots

``einvoice_award_<W>x<H>_<lang>.png`` (an e-invoice scanned, the award form filled, one Enter
to go), ``pos_waiting_…`` (a POS link sale waiting for its member), ``carrier_link_…``
(linking a mobile-carrier barcode with consent), at 1024×768 and 1366×768; and
``einvoice_proof.png`` / ``carrier_card.png``, the demo's pictures to scan.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop import i18n
from desktop.app import build_counter
from desktop.screenshots import _Clock, _fill, _store, cli, styled_app
from loyalty.einvoice import SELLER_IDS_SETTING, make_invoice_qr
from loyalty.money import Currency, Money
from loyalty.poslink import PosDesk, PosSaleRequest
from loyalty.store.settings import write_settings
from printing.einvoice_proof import carrier_card, invoice_proof

SIZES = ((1024, 768), (1366, 768))
SELLER = "53212539"


def render(out: Path, language: str) -> list[Path]:
    app = styled_app()
    translators = i18n.install_translators(app, language)
    saved: list[Path] = []
    clock = _Clock()
    left = make_invoice_qr("AB12345678", date(2026, 11, 22), 2480, SELLER,
                           items=(("Milk", 2, 80),))
    with tempfile.TemporaryDirectory() as tmp:
        engine, cashier_id, _ = _store(Path(tmp) / "store.db")
        write_settings(engine, {SELLER_IDS_SETTING: [SELLER]})
        desk = PosDesk(Currency.TWD)
        counter = build_counter(engine, clock=clock, pos_desk=desk)
        window = counter.window
        window.show()
        counter.session.sign_in(cashier_id, "1357")
        ids = _fill(counter, clock)
        ctl = counter.controller
        for width, height in SIZES:
            window.resize(width, height)

            def shot(name: str, size: str = f"{width}x{height}") -> None:
                app.processEvents()
                path = out / f"{name}_{size}_{language}.png"
                window.grab().save(str(path))
                saved.append(path)

            ctl.choose_member(ids["陳美玲"])
            counter.scans.submit(left, "camera")
            shot("einvoice_award")
            ctl.back()
            ctl.back()  # the member off the screen
            ctl.incoming.pos_arrived.emit(desk.submit(PosSaleRequest(
                Money(Decimal(1280), Currency.TWD), "R-0001")))
            shot("pos_waiting")
            ctl.back()  # cancelled
            ctl.choose_member(ids["林志明"])
            counter.scans.submit("/NEW-001", "camera")
            page = window.counter
            page.carrier.consent.setChecked(True)
            shot("carrier_link")
            ctl.back()
            ctl.back()
        counter.close()
        engine.dispose()
    i18n.remove_translators(app, translators)
    if language == i18n.LANGUAGES[0]:
        proof = out / "einvoice_proof.png"
        invoice_proof(left, "好日子生活百貨", "**:牛奶:2:80").save(proof)
        card = out / "carrier_card.png"
        carrier_card("/NEW-001").save(card)
        saved += [proof, card]
    return saved


def main(argv: Sequence[str] | None = None) -> int:
    return cli("python -m desktop.screenshots_incoming", render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
