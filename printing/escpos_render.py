"""Render a document to ESC/POS bytes with python-escpos.

Commands python-escpos writes well (initialise, styles, native QR, raster images, cut) are
issued through its ``Dummy`` printer; Chinese text and CODE128 are written by us:

* text: python-escpos encodes hanzi as GB18030 without entering Chinese mode, and turns
  characters outside its code pages into ``?``. We enter Chinese mode once (``FS &``) and
  write each line in the profile's charset; a line with a character the charset lacks is
  rastered (``GS v 0``) on the same column grid instead.
* sizes use ``GS !`` (applies to hanzi too), not ``ESC !`` (ASCII only on Chinese models).
* CODE128 goes out as ``GS k 73`` with code set C for even-length digit strings (compact,
  and the same symbol as the preview draws); python-escpos's ``barcode()`` writes to stdout.
"""

from __future__ import annotations

from escpos.printer import Dummy

from printing.document import Document
from printing.encoding import encode, printable
from printing.layout import BarcodeRow, QrRow, Row, TextRow, layout
from printing.profile import PrinterProfile, TextMode
from printing.raster import render_row, render_rows
from printing.symbols import barcode_module_dots, qr_module_dots

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
ENTER_CHINESE = FS + b"&"
LEAVE_CHINESE = FS + b"."
ALIGN_LEFT, ALIGN_CENTER = ESC + b"a\x00", ESC + b"a\x01"


def render_escpos(document: Document, profile: PrinterProfile) -> bytes:
    """The bytes of one slip for ``profile``'s printer, from initialise to cut."""
    printer = _dummy(profile)
    paper = profile.paper
    rows = layout(document, paper)
    printer.hw("INIT")
    if profile.text_mode is TextMode.RASTER:
        _raster_rows(printer, rows, profile)
    else:
        printer._raw(ENTER_CHINESE)
        for row in rows:
            _hybrid_row(printer, row, profile)
        printer._raw(LEAVE_CHINESE)
    if profile.cut:
        printer.cut()
    else:
        printer.print_and_feed(4)
    return bytes(printer.output)


def _dummy(profile: PrinterProfile) -> Dummy:
    printer = Dummy(profile=profile.model)
    # python-escpos checks image width against the profile's media width and prints a
    # warning to stdout when it is "Unknown"; give it our paper's real width instead.
    data = dict(printer.profile.profile_data)
    data["media"] = {**data.get("media", {}), "width": {"mm": profile.paper_mm,
                                                        "pixels": profile.paper.dots}}
    printer.profile.profile_data = data
    return printer


def _raster_rows(printer: Dummy, rows: list[Row], profile: PrinterProfile) -> None:
    """The whole slip as images; native QR/barcodes are kept only as images here too, so
    the slip prints identically on printers without 2D-code support."""
    image = render_rows(rows, profile.paper, profile.font_region)
    printer.image(image, impl="bitImageRaster", fragment_height=512)


def _hybrid_row(printer: Dummy, row: Row, profile: PrinterProfile) -> None:
    if isinstance(row, TextRow):
        if printable(row.text, profile.charset):
            _text_row(printer, row, profile)
        else:
            printer.image(render_row(row, profile.paper, profile.font_region),
                          impl="bitImageRaster")
    elif isinstance(row, BarcodeRow):
        _code128(printer, row.data, barcode_module_dots(profile.paper.dots, row.data))
    elif isinstance(row, QrRow):
        if profile.native_qr:
            printer._raw(ALIGN_CENTER)
            printer.qr(row.data, size=qr_module_dots(profile.paper.dots), native=True,
                       ec=_QR_EC_M)
            printer._raw(ALIGN_LEFT)
        else:
            printer.image(render_row(row, profile.paper, profile.font_region),
                          impl="bitImageRaster")


def _text_row(printer: Dummy, row: TextRow, profile: PrinterProfile) -> None:
    if row.bold:
        printer.set(bold=True)
    if row.scale != 1:
        printer.set(custom_size=True, width=row.scale, height=row.scale)
    printer._raw(encode(row.text, profile.charset) + b"\n")
    if row.scale != 1:
        printer.set(custom_size=True, width=1, height=1)
    if row.bold:
        printer.set(bold=False)


def _code128(printer: Dummy, data: str, module: int) -> None:
    if data.isdigit() and len(data) % 2 == 0:
        payload = b"{C" + bytes(int(data[i:i + 2]) for i in range(0, len(data), 2))
    else:
        payload = b"{B" + data.replace("{", "{{").encode("ascii")
    printer._raw(
        ALIGN_CENTER
        + GS + b"h" + bytes([80])  # height in dots
        + GS + b"w" + bytes([module])
        + GS + b"H\x02"  # digits below
        + GS + b"k\x49" + bytes([len(payload)]) + payload
        + b"\n" + ALIGN_LEFT
    )


_QR_EC_M = 1  # escpos.constants.QR_ECLEVEL_M
