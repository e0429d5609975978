"""Printer settings: where the printer is, its paper, and how it prints Chinese."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from escpos.capabilities import get_profile

from printing.encoding import Charset
from printing.paper import Paper


class PrinterKind(StrEnum):
    """How the terminal reaches the printer."""

    NETWORK = "network"  # raw TCP, port 9100
    USB = "usb"
    SERIAL = "serial"
    FILE = "file"  # a device file such as /dev/usb/lp0, or a plain file for testing


class TextMode(StrEnum):
    """How Chinese text reaches paper.

    HYBRID: the printer's Chinese text mode (``FS &`` + Big5/HKSCS/GB18030 bytes); a line
    with a character the charset lacks is sent as a raster image of just that line.
    About 1-2 KB a slip; fast even on serial printers.

    RASTER: the whole slip as one image drawn with Noto Sans CJK. Prints on any printer,
    whatever its ROM font, about 20-30 KB a slip (slow on 9600 baud serial).
    """

    HYBRID = "hybrid"
    RASTER = "raster"


class FontRegion(StrEnum):
    """Glyph shapes for rastered text (Taiwan or Hong Kong forms)."""

    TC = "TC"
    HK = "HK"


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    """One printer's settings, as the settings screen edits them.

    Attributes:
        kind: network, usb, serial or file.
        host, port: network printers (port 9100 for raw ESC/POS).
        device: serial port (``/dev/ttyUSB0``, ``COM3``) or file path (``/dev/usb/lp0``).
        baudrate: serial printers.
        usb_vendor_id, usb_product_id: USB printers (e.g. 0x04B8 Epson).
        paper_mm: 58 or 80.
        text_mode: HYBRID (printer's Chinese mode, raster fallback) or RASTER.
        charset: the printer's Chinese mode: Big5 (Taiwan), Big5-HKSCS (Hong Kong), GB18030.
        font_region: TC or HK glyphs for rastered text.
        model: a python-escpos capability profile name (``TM-T88V``, ``TM-T20II``,
            ``RP-F10-80mm``, ``POS-5890``, ``default``…): decides native QR support,
            cut commands and, where known, the printable width.
        columns: overrides the Font A column count (e.g. 42 on a 512-dot 80 mm printer).
        timeout_s: connect/write timeout; a printer silent that long is reported.
        status_timeout_s: how long to wait for an answer to a status query (DLE EOT).
        require_status: the printer answers DLE EOT status queries (almost every network and
            serial ESC/POS printer does). Then silence is a fault ("the printer does not
            answer") and out of paper / cover open are detected before printing. Turn off
            for printers or adapters that never answer; faults are then detected only as
            connection errors.
        cut: cut the paper after each slip.
    """

    kind: PrinterKind = PrinterKind.NETWORK
    host: str = ""
    port: int = 9100
    device: str = ""
    baudrate: int = 9600
    usb_vendor_id: int = 0
    usb_product_id: int = 0
    paper_mm: int = 80
    text_mode: TextMode = TextMode.HYBRID
    charset: Charset = Charset.BIG5
    font_region: FontRegion = FontRegion.TC
    model: str = "default"
    columns: int | None = None
    timeout_s: float = 5.0
    status_timeout_s: float = 2.0
    require_status: bool = True
    cut: bool = True

    def __post_init__(self) -> None:
        if self.paper_mm not in (58, 80):
            raise ValueError("paper is 58 or 80 mm wide")
        if self.model not in model_names():
            raise ValueError(f"unknown printer model {self.model!r}")

    @property
    def paper(self) -> Paper:
        """Printable dots and columns: the model's figures when it is made for this paper
        width, the standard 384/576 dots otherwise; ``columns`` overrides."""
        paper = Paper.standard(self.paper_mm)
        data = get_profile(self.model).profile_data
        pixels = data.get("media", {}).get("width", {}).get("pixels")
        if isinstance(pixels, int) and (58 if pixels <= 432 else 80) == self.paper_mm:
            cols = data.get("fonts", {}).get("0", {}).get("columns")
            if isinstance(cols, int) and 16 <= cols <= pixels // 12:
                paper = Paper(self.paper_mm, pixels, cols)
        if self.columns is not None:
            paper = Paper(self.paper_mm, paper.dots, self.columns)
        return paper

    @property
    def native_qr(self) -> bool:
        """The model prints QR codes itself (``GS ( k``); otherwise they are rastered."""
        return bool(get_profile(self.model).supports("qrCode"))

    def describe(self) -> str:
        """Where the printer is, for messages: ``192.168.1.50:9100``, ``/dev/ttyUSB0``."""
        if self.kind is PrinterKind.NETWORK:
            return f"{self.host}:{self.port}"
        if self.kind is PrinterKind.USB:
            return f"USB {self.usb_vendor_id:04x}:{self.usb_product_id:04x}"
        return self.device

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for the settings store (enums as their values)."""
        out = dataclasses.asdict(self)
        return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in out.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PrinterProfile:
        """Inverse of :meth:`to_dict`; unknown keys are ignored (settings from newer versions)."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        for key, enum in (("kind", PrinterKind), ("text_mode", TextMode),
                          ("charset", Charset), ("font_region", FontRegion)):
            if key in values:
                values[key] = enum(values[key])
        return cls(**values)


def model_names() -> list[str]:
    """python-escpos capability profile names, for the settings screen's model list."""
    from escpos.capabilities import CAPABILITIES

    return sorted(CAPABILITIES["profiles"])
