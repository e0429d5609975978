"""Sample pictures to scan: a Taiwan e-invoice proof (電子發票證明聯) and a mobile-carrier
barcode (手機條碼) as a phone shows it.

For the demo folder and the camera tests; the layout follows the Ministry of Finance's proof
(5.7 cm wide: title, period, number, date and random code, total, seller, the Code 39
barcode of period + number + random code, then the left and right QR codes side by side).
"""

from __future__ import annotations

from datetime import date

from barcode import Code39
from PIL import Image, ImageDraw

from loyalty.einvoice import ROC_OFFSET, parse_invoice_qr
from printing.fonts import cjk_font
from printing.symbols import qr_image

WIDTH = 456  # 57 mm at 8 dots/mm


def code39_image(data: str, module_dots: int, height: int) -> Image.Image:
    """A Code 39 symbol (no check character), black on white, with quiet zones."""
    modules = "".join(Code39(data, add_checksum=False).build())
    width = (len(modules) + 20) * module_dots
    image = Image.new("1", (width, height), 1)
    draw = ImageDraw.Draw(image)
    for index, bit in enumerate(modules):
        if bit == "1":
            x = (index + 10) * module_dots
            draw.rectangle((x, 0, x + module_dots - 1, height - 1), fill=0)
    return image


def _period(issued: date) -> str:
    first = issued.month - (1 - issued.month % 2)
    return f"{issued.year - ROC_OFFSET}年{first:02d}-{first + 1:02d}月"


def invoice_proof(left_code: str, seller_name: str, right_code: str = "**") -> Image.Image:
    """The proof as printed on a 57 mm receipt printer, from its left QR code's text."""
    inv = parse_invoice_qr(left_code)
    image = Image.new("L", (WIDTH, 780), 255)
    draw = ImageDraw.Draw(image)
    y = 16

    def line(text: str, size: int, gap: int = 8) -> None:
        nonlocal y
        font = cjk_font(size)
        width = draw.textlength(text, font=font)
        draw.text(((WIDTH - width) / 2, y), text, font=font, fill=0)
        y += size + gap

    line(seller_name, 30)
    line("電子發票證明聯", 38)
    line(_period(inv.issued_on), 34)
    line(f"{inv.number[:2]}-{inv.number[2:]}", 40, 14)
    font = cjk_font(20)
    draw.text((24, y), inv.issued_on.isoformat(), font=font, fill=0)
    y += 28
    draw.text((24, y), f"隨機碼 {inv.random_code}", font=font, fill=0)
    draw.text((250, y), f"總計 {inv.total_amount:f}", font=font, fill=0)
    y += 28
    draw.text((24, y), f"賣方 {inv.seller_tax_id}", font=font, fill=0)
    y += 36
    roc_month = inv.issued_on.month + inv.issued_on.month % 2
    bar = code39_image(f"{inv.issued_on.year - ROC_OFFSET}{roc_month:02d}{inv.number}"
                       f"{inv.random_code}", 1, 60)
    image.paste(bar.resize((WIDTH - 40, 60)), (20, y))
    y += 76
    for x, text in ((12, left_code), (WIDTH // 2 + 6, right_code)):
        qr = qr_image(text, 3)
        qr = qr.resize((WIDTH // 2 - 18, WIDTH // 2 - 18), Image.Resampling.NEAREST)
        image.paste(qr, (x, y))
    y += WIDTH // 2
    return image.crop((0, 0, WIDTH, y + 10)).convert("RGB")


def carrier_card(code: str) -> Image.Image:
    """A carrier barcode as the MOF app shows it: a Code 39 symbol with the code under it."""
    bar = code39_image(code, 3, 140)
    image = Image.new("L", (bar.width + 40, 230), 255)
    image.paste(bar, (20, 20))
    draw = ImageDraw.Draw(image)
    font = cjk_font(32)
    width = draw.textlength(code, font=font)
    draw.text(((image.width - width) / 2, 172), code, font=font, fill=0)
    return image.convert("RGB")
