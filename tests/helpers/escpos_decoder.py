"""Decode the ESC/POS bytes Regulars emits, so tests can assert what reaches paper.

Understands: ESC @, ESC a/E/!/d/t/3/2, GS !/h/w/H/V, GS k (m >= 65), GS ( k (QR),
GS v 0 (raster → PIL image), FS & / FS . (Chinese mode), DLE EOT, LF and text. Text is
decoded as ASCII outside Chinese mode and in ``charset`` inside it. Unknown commands raise,
so a test never passes over bytes it did not understand.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from PIL import Image


@dataclass
class Line:
    """A printed text line and the style it was printed in."""

    text: str
    bold: bool = False
    scale: int = 1
    align: int = 0


@dataclass
class BarcodeCmd:
    kind: int
    data: str
    module: int
    height: int


@dataclass
class QrCmd:
    data: str
    size: int
    ec: int


@dataclass
class Raster:
    image: Image.Image


@dataclass
class Cut:
    partial: bool


Item = Line | BarcodeCmd | QrCmd | Raster | Cut


@dataclass
class Decoded:
    """Everything a slip's bytes asked the printer to do, in order."""

    items: list[Item] = field(default_factory=list)
    chinese_mode_entered: bool = False
    status_queries: list[int] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [i for i in self.items if isinstance(i, Line)]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def rasters(self) -> list[Image.Image]:
        return [i.image for i in self.items if isinstance(i, Raster)]

    @property
    def barcodes(self) -> list[BarcodeCmd]:
        return [i for i in self.items if isinstance(i, BarcodeCmd)]

    @property
    def qrs(self) -> list[QrCmd]:
        return [i for i in self.items if isinstance(i, QrCmd)]

    @property
    def cuts(self) -> list[Cut]:
        return [i for i in self.items if isinstance(i, Cut)]

    def stacked_raster(self) -> Image.Image:
        """All raster images stacked top to bottom (a fragmented image made whole)."""
        images = self.rasters
        width = max(im.width for im in images)
        out = Image.new("1", (width, sum(im.height for im in images)), 1)
        y = 0
        for im in images:
            out.paste(im, (0, y))
            y += im.height
        return out


def paper_columns(text: str) -> int:
    """Columns a decoded line takes on paper, counted independently of ``printing``:
    wide and full-width characters (hanzi, full-width punctuation) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def decode(data: bytes, charset: str = "big5") -> Decoded:
    """Decode ``data``; ``charset`` is a Python codec for Chinese-mode text."""
    return _Decoder(data, charset).run()


class _Decoder:
    def __init__(self, data: bytes, charset: str) -> None:
        self.data, self.charset, self.pos = data, charset, 0
        self.out = Decoded()
        self.chinese = False
        self.bold, self.scale, self.align = False, 1, 0
        self.text = bytearray()
        self.bc_height, self.bc_module = 162, 3
        self.qr_size, self.qr_ec, self.qr_data = 3, 0, b""

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos:self.pos + n]
        if len(chunk) != n:
            raise ValueError(f"truncated command at byte {self.pos}")
        self.pos += n
        return chunk

    def flush(self, force: bool = False) -> None:
        if self.text or force:
            codec = self.charset if self.chinese else "ascii"
            text = bytes(self.text).decode(codec)  # strict: undecodable bytes fail the test
            self.out.items.append(Line(text, self.bold, self.scale, self.align))
            self.text.clear()

    def run(self) -> Decoded:
        while self.pos < len(self.data):
            b = self.take(1)[0]
            if b == 0x0A:
                self.flush(force=True)
            elif b == 0x1B:
                self.esc(self.take(1))
            elif b == 0x1D:
                self.gs(self.take(1))
            elif b == 0x1C:
                self.fs(self.take(1))
            elif b == 0x10:
                if self.take(1) != b"\x04":
                    raise ValueError("unknown DLE command")
                self.out.status_queries.append(self.take(1)[0])
            elif b < 0x20:
                raise ValueError(f"unexpected control byte {b:#x} at {self.pos - 1}")
            else:
                if b >= 0x80 and not self.chinese:
                    raise ValueError("non-ASCII byte outside Chinese mode (would print garbage)")
                self.text.append(b)
                if b >= 0x80:
                    self.text.append(self.take(1)[0])  # second byte of a double-byte char
        self.flush()
        return self.out

    def esc(self, cmd: bytes) -> None:
        self.flush()
        if cmd == b"@":
            self.bold, self.scale, self.align, self.chinese = False, 1, 0, False
        elif cmd == b"a":
            self.align = self.take(1)[0] % 48
        elif cmd == b"E":
            self.bold = bool(self.take(1)[0] & 1)
        elif cmd == b"!":
            self.take(1)
        elif cmd == b"d":
            for _ in range(self.take(1)[0]):
                self.out.items.append(Line("", self.bold, self.scale, self.align))
        elif cmd in (b"t", b"3"):
            self.take(1)
        elif cmd == b"2":
            pass
        else:
            raise ValueError(f"unknown ESC {cmd!r}")

    def gs(self, cmd: bytes) -> None:
        self.flush()
        if cmd == b"!":
            n = self.take(1)[0]
            self.scale = (n & 0x0F) + 1
            if (n >> 4) + 1 != self.scale:
                raise ValueError("unequal width and height scaling")
        elif cmd == b"h":
            self.bc_height = self.take(1)[0]
        elif cmd == b"w":
            self.bc_module = self.take(1)[0]
        elif cmd == b"H":
            self.take(1)
        elif cmd == b"V":
            m = self.take(1)[0]
            if m in (65, 66):
                self.take(1)
            self.out.items.append(Cut(partial=m in (1, 49, 66)))
        elif cmd == b"k":
            self.barcode()
        elif cmd == b"(":
            self.gs_paren()
        elif cmd == b"v":
            self.raster()
        else:
            raise ValueError(f"unknown GS {cmd!r}")

    def fs(self, cmd: bytes) -> None:
        self.flush()
        if cmd == b"&":
            self.chinese = True
            self.out.chinese_mode_entered = True
        elif cmd == b".":
            self.chinese = False
        else:
            raise ValueError(f"unknown FS {cmd!r}")

    def barcode(self) -> None:
        m = self.take(1)[0]
        if m < 65:
            raise ValueError("only function B barcodes (GS k m n d1..dn) are emitted")
        raw = self.take(self.take(1)[0])
        if m == 73:  # CODE128: {A/{B/{C code set switches
            data, code_set, i = [], "B", 0
            while i < len(raw):
                if raw[i:i + 1] == b"{" and raw[i + 1:i + 2] in (b"A", b"B", b"C"):
                    code_set = chr(raw[i + 1])
                    i += 2
                    continue
                if raw[i:i + 2] == b"{{":
                    data.append("{")
                    i += 2
                    continue
                data.append(f"{raw[i]:02d}" if code_set == "C" else chr(raw[i]))
                i += 1
            text = "".join(data)
        else:
            text = raw.decode("ascii")
        self.out.items.append(BarcodeCmd(m, text, self.bc_module, self.bc_height))

    def gs_paren(self) -> None:
        if self.take(1) != b"k":
            raise ValueError("only GS ( k is emitted")
        lo, hi = self.take(2)
        body = self.take(lo + hi * 256)
        cn, fn, rest = body[0], body[1], body[2:]
        if cn != 49:
            raise ValueError("only QR (cn=49) is emitted")
        if fn == 67:
            self.qr_size = rest[0]
        elif fn == 69:
            self.qr_ec = rest[0] - 48
        elif fn == 80:
            self.qr_data = rest[1:]
        elif fn == 81:
            self.out.items.append(QrCmd(self.qr_data.decode("utf-8"), self.qr_size, self.qr_ec))

    def raster(self) -> None:
        if self.take(1) != b"0":
            raise ValueError("only GS v 0 is emitted")
        self.take(1)  # density
        xl, xh, yl, yh = self.take(4)
        width_bytes, height = xl + xh * 256, yl + yh * 256
        bits = self.take(width_bytes * height)
        # ESC/POS raster: 1 = black dot. PIL mode "1" from raw: 1 = white, so invert.
        image = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in bits))
        self.out.items.append(Raster(image))
