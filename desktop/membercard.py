"""Member cards: a wallet-size card as PNG or PDF, or a card slip through ``printing``.

The card is drawn with Pillow at 300 dpi on the ID-1 size (85.6 × 54 mm): store name,
member name and tier, and the member code as CODE128 (for USB scanners) and as a QR code
(for the counter's camera, which reads QR from further away and at any angle). Phones are
never printed on the card. :class:`MemberCardDialog` offers save and print from the counter.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageDraw, ImageFont
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views.files import ask_save_path
from printing.document import Document
from printing.fonts import FontMissing, cjk_font
from printing.slip_data import MemberCardSlip, MemberRef, SaleRef, StoreInfo
from printing.slips import build_member_card
from printing.symbols import code128_image, qr_image

log = logging.getLogger(__name__)
DPI = 300
CARD_MM = (85.6, 54.0)
CARD_PX = (round(CARD_MM[0] / 25.4 * DPI), round(CARD_MM[1] / 25.4 * DPI))
BAND = (28, 74, 120)


@dataclass(frozen=True, slots=True)
class CardData:
    """What a card shows."""

    store_name: str
    member_name: str
    tier_name: str
    code: str


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: int) -> Font:
    try:
        return cjk_font(size)
    except FontMissing:
        log.warning("no CJK font: the card's names are drawn with Pillow's default font")
        return ImageFont.load_default(size)


def render_card(card: CardData) -> Image.Image:
    """The card as an RGB image, :data:`CARD_PX` pixels at :data:`DPI`."""
    width, height = CARD_PX
    image = Image.new("RGB", CARD_PX, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 110), fill=BAND)
    draw.text((40, 55), card.store_name, font=_font(54), fill="white", anchor="lm")
    draw.text((40, 160), card.member_name, font=_font(60), fill="black", anchor="lm")
    draw.text((40, 230), card.tier_name, font=_font(40), fill=(90, 90, 90), anchor="lm")
    qr = qr_image(card.code, 10).convert("RGB")
    image.paste(qr, (width - qr.width - 30, height - qr.height - 30))
    bars = code128_image(card.code, 5, 150).convert("RGB")
    bars_x = max(10, (width - qr.width - 30 - bars.width) // 2)
    image.paste(bars, (bars_x, height - 250))
    draw.text((bars_x + bars.width // 2, height - 60), _spaced(card.code),
              font=_font(44), fill="black", anchor="mm")
    return image


def _spaced(code: str) -> str:
    """``1234 5678 90``: easier to read out and to type."""
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


def save_card(card: CardData, path: Path) -> Path:
    """Save the card as PNG or PDF (by ``path``'s suffix); return ``path``."""
    image = render_card(card)
    if path.suffix.lower() == ".pdf":
        image.save(path, "PDF", resolution=float(DPI))
    else:
        image.save(path, "PNG", dpi=(DPI, DPI))
    log.info("member card saved as %s", path.suffix.lower() or "png")
    return path


def card_document(card: CardData, phone_e164: str, store: StoreInfo, terminal: str,
                  cashier: str, at: datetime) -> Document:
    """The card as a printing document (``printing.build_member_card``) for the queue."""
    member = MemberRef(card.member_name, phone_e164, card.code, card.tier_name)
    return build_member_card(MemberCardSlip(store, SaleRef("", terminal, cashier, at),
                                            member))


class SlipQueue(Protocol):
    """The part of ``printing.print_queue.PrintQueue`` the dialog uses."""

    def submit(self, document: Document) -> str: ...


class MemberCardDialog(QDialog):
    """Preview of the card with *Save PNG*, *Save PDF* and (with a queue) *Print slip*.

    ``ask_path(suffix)`` returns where to save, or None when the cashier cancels; the
    default opens a file dialog (tests pass their own, so nothing modal blocks them).
    """

    def __init__(self, card: CardData, slip: Callable[[], Document] | None = None,
                 queue: SlipQueue | None = None,
                 ask_path: Callable[[str], Path | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.slip = slip
        self.queue = queue
        self.ask_path = ask_path or self._ask_path
        self.saved: list[Path] = []
        self.preview = QLabel()
        image = render_card(card).resize((CARD_PX[0] // 2, CARD_PX[1] // 2))
        pixmap = QPixmap()
        pixmap.loadFromData(_png_bytes(image), "PNG")
        self.preview.setPixmap(pixmap)
        self.message = QLabel()
        self.save_png = QPushButton(self.tr("Save PNG…"))
        self.save_pdf = QPushButton(self.tr("Save PDF…"))
        self.print_slip = QPushButton(self.tr("Print card slip"))
        self.print_slip.setEnabled(queue is not None and slip is not None)
        self.save_png.clicked.connect(lambda: self.save(".png"))
        self.save_pdf.clicked.connect(lambda: self.save(".pdf"))
        self.print_slip.clicked.connect(self.print_card)
        buttons = QHBoxLayout()
        for button in (self.save_png, self.save_pdf, self.print_slip):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setWindowTitle(self.tr("Member card"))

    def _ask_path(self, suffix: str) -> Path | None:
        return ask_save_path(self, self.tr("Save member card"),
                             f"member-card-{self.card.code}{suffix}", f"*{suffix}")

    def save(self, suffix: str) -> Path | None:
        path = self.ask_path(suffix)
        if path is None:
            return None
        try:
            save_card(self.card, path.with_suffix(suffix))
        except OSError as err:
            self.message.setText(self.tr("Could not save the card: %1").replace("%1", str(err)))
            return None
        self.saved.append(path.with_suffix(suffix))
        self.message.setText(self.tr("Saved %1").replace("%1", path.with_suffix(suffix).name))
        return path.with_suffix(suffix)

    def print_card(self) -> None:
        if self.queue is None or self.slip is None:
            return
        self.queue.submit(self.slip())
        self.message.setText(self.tr("The card slip is printing."))


def _png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
