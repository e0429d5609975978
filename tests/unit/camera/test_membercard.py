"""The member card carries the code as CODE128 and QR, readable by the camera's decoder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from desktop.camera.decode import decode_frame
from desktop.membercard import CARD_PX, CardData, card_document, render_card, save_card
from loyalty.member_code import code_for_serial
from printing.document import Barcode, QrCode
from printing.slip_data import StoreInfo

CARD = CardData("好鄰居", "陳美玲", "金卡", code_for_serial(234_567_890))


def test_card_image_has_both_symbols_with_the_code() -> None:
    image = render_card(CARD)
    assert image.size == CARD_PX
    result = decode_frame(image)
    assert result.codes == (CARD.code,)
    assert {s.symbology for s in result.symbols} == {"CODE128", "QRCODE"}


def test_png_and_pdf_are_written(tmp_path: Path) -> None:
    png = save_card(CARD, tmp_path / "card.png")
    assert decode_frame(Image.open(png)).codes == (CARD.code,)
    pdf = save_card(CARD, tmp_path / "card.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_card_slip_document_carries_the_code() -> None:
    doc = card_document(CARD, "+886912345678", StoreInfo("好鄰居"), "S001-T01", "李小華",
                        datetime(2026, 11, 23, 4, tzinfo=UTC))
    assert Barcode(CARD.code) in doc.blocks
    assert QrCode(CARD.code) in doc.blocks
    assert not any("912345678" in str(block) for block in doc.blocks)
