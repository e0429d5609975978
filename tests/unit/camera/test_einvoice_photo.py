"""The camera reads an e-invoice proof printed on a receipt printer and photographed at the
counter, and a carrier barcode on a phone: the codes come out whole, as a scanner types."""

from __future__ import annotations

import random
from datetime import date

import pytest

from desktop.camera.decode import ALL_PASSES, decode_frame
from loyalty.einvoice import make_invoice_qr, parse_invoice_qr
from printing.einvoice_proof import carrier_card, invoice_proof
from tests.helpers.receipt_photo import photographed

LEFT = make_invoice_qr("AB12345678", date(2026, 12, 5), 1260, "53212539",
                       items=(("鮮奶", 2, 80), ("吐司", 1, 1100)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_photographed_invoice_proof_gives_its_left_code(seed: int) -> None:
    photo = photographed(invoice_proof(LEFT, "好日子生活百貨", "**:牛奶:1:30"),
                         random.Random(seed), scale=1.3)
    result = decode_frame(photo, ALL_PASSES)
    # zbar guesses the items' text encoding (it may read UTF-8 Chinese as Shift JIS); the
    # fixed head the counter uses is ASCII and comes out exact.
    assert [code[:77] for code in result.codes] == [LEFT[:77]]
    assert parse_invoice_qr(result.codes[0]).total_amount == 1260
    assert not any(code.startswith("**") for code in result.codes)  # the right code is not


def test_a_carrier_barcode_on_a_phone_is_read_whole() -> None:
    photo = photographed(carrier_card("/ABC+123"), random.Random(4), scale=1.0)
    assert decode_frame(photo, ALL_PASSES).codes == ("/ABC+123",)
