"""The printer settings dialog on its own: each kind of printer, bad input said at the field,
the encoding choices, and the preview following the paper width."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.services.printer_settings import PrinterSettings
from desktop.views.printer_settings import PrinterSettingsDialog
from printing import (
    Charset,
    FontRegion,
    PrinterKind,
    PrinterProfile,
    TextMode,
    build_award,
    render_preview,
)
from printing.samples import award

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen


def preview(settings: PrinterSettings) -> Image.Image:
    assert settings.profile is not None
    return render_preview(build_award(award()), settings.profile)


@pytest.fixture
def dialog(qtbot: QtBot, qapp: QApplication) -> Iterator[PrinterSettingsDialog]:
    translators = i18n.install_translators(qapp, "en")
    current = PrinterSettings(PrinterProfile(host="192.168.1.50", paper_mm=58), "Addr", "",
                              "Thanks")
    widget = PrinterSettingsDialog(current, "HK", preview)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    i18n.remove_translators(qapp, translators)


def choose(dialog: PrinterSettingsDialog, kind: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))


def test_it_shows_the_saved_printer_and_only_that_kind_of_address(
        dialog: PrinterSettingsDialog) -> None:
    assert dialog.kind.currentData() == "network"
    assert (dialog.host.text(), dialog.port.text()) == ("192.168.1.50", "9100")
    assert dialog.host.isVisible() and not dialog.vendor.isVisible()
    choose(dialog, "usb")
    assert dialog.vendor.isVisible() and not dialog.host.isVisible()
    choose(dialog, "none")
    assert not dialog.vendor.isVisible() and not dialog.paper.isEnabled()
    assert dialog.settings().profile is None


def test_each_kind_of_printer_becomes_a_profile(dialog: PrinterSettingsDialog) -> None:
    choose(dialog, "usb")
    dialog.vendor.setText("04B8")
    dialog.product.setText("0x0e15")
    profile = dialog.settings().profile
    assert profile is not None and profile.kind is PrinterKind.USB
    assert (profile.usb_vendor_id, profile.usb_product_id) == (0x04B8, 0x0E15)
    assert profile.font_region is FontRegion.HK  # a Hong Kong store's glyphs
    choose(dialog, "serial")
    dialog.serial_port.setText("COM3")
    dialog.baud.setCurrentIndex(dialog.baud.findData(38400))
    profile = dialog.settings().profile
    assert profile is not None and (profile.kind, profile.device, profile.baudrate) == (
        PrinterKind.SERIAL, "COM3", 38400)
    choose(dialog, "file")
    dialog.file_path.setText("/dev/usb/lp0")
    dialog.encoding.setCurrentIndex(3)  # text as an image
    dialog.paper.setCurrentIndex(dialog.paper.findData(80))
    profile = dialog.settings().profile
    assert profile is not None and (profile.kind, profile.device) == (PrinterKind.FILE,
                                                                       "/dev/usb/lp0")
    assert (profile.text_mode, profile.paper_mm) == (TextMode.RASTER, 80)
    dialog.encoding.setCurrentIndex(1)
    profile = dialog.settings().profile
    assert profile is not None
    assert (profile.text_mode, profile.charset) == (TextMode.HYBRID, Charset.BIG5_HKSCS)


@pytest.mark.parametrize(("kind", "field", "text", "message"), [
    ("network", "host", "", "Type the printer's address, e.g. 192.168.1.50."),
    ("network", "port", "70000", "The port is a number from 1 to 65535 (usually 9100)."),
    ("usb", "vendor", "zz", "USB ids are 4 hex digits, e.g. 04b8 and 0e15."),
    ("serial", "serial_port", "", "Type the port or device, e.g. /dev/ttyUSB0 or COM3."),
    ("file", "file_path", " ", "Type the port or device, e.g. /dev/ttyUSB0 or COM3."),
])
def test_bad_input_is_said_at_its_field_and_nothing_is_saved(
        qtbot: QtBot, dialog: PrinterSettingsDialog, kind: str, field: str, text: str,
        message: str) -> None:
    choose(dialog, kind)
    dialog.product.setText("0e15")
    getattr(dialog, field).setText(text)
    saved: list[object] = []
    dialog.save_requested.connect(saved.append)
    dialog.request_save()
    assert dialog.message.text() == message
    assert QApplication.focusWidget() is getattr(dialog, field) or not dialog.isActiveWindow()
    assert saved == []


def test_the_preview_is_the_slip_on_the_chosen_paper(qtbot: QtBot,
                                                      dialog: PrinterSettingsDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.preview.pixmap().isNull(), timeout=10_000)
    narrow = dialog.preview.pixmap().width()
    dialog.paper.setCurrentIndex(dialog.paper.findData(80))
    qtbot.waitUntil(lambda: dialog.preview.pixmap().width() > narrow, timeout=10_000)
    wide = dialog.preview.pixmap().width()
    # one printer dot per pixel, scaled: 384 + margins at 58 mm, 576 + margins at 80 mm
    assert round(wide / narrow, 2) == round((576 + 32) / (384 + 32), 2)
