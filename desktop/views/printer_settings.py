"""The manager's printer settings: where the printer is, its paper, how it prints Chinese,
the slip's header and footer, a test slip, and a preview of the slip as it will print."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import replace

from PIL import Image
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.printer_settings import PrinterSettings
from printing import Charset, FontRegion, PrinterKind, PrinterProfile, TextMode, model_names

from .common import KeyButton, MessageLine, digits_field, field_label
from .scanner_settings import ScannerSettingsBox

NONE = "none"
KINDS = (NONE, PrinterKind.NETWORK.value, PrinterKind.USB.value, PrinterKind.SERIAL.value,
         PrinterKind.FILE.value)
# (text mode, charset) choices, in the order the combo lists them
ENCODINGS = ((TextMode.HYBRID, Charset.BIG5), (TextMode.HYBRID, Charset.BIG5_HKSCS),
             (TextMode.HYBRID, Charset.GB18030), (TextMode.RASTER, Charset.BIG5))
BAUDS = (9600, 19200, 38400, 57600, 115200)
PREVIEW_SCALE = 0.6
PREVIEW_DELAY_MS = 150


class FieldError(ValueError):
    """A field's value is wrong; ``field`` is the widget to focus."""

    def __init__(self, field: QWidget, message: str) -> None:
        super().__init__(message)
        self.field = field


def _hex_id(text: str) -> int:
    value = int(text.strip().lower().removeprefix("0x"), 16)
    if not 0 < value <= 0xFFFF:
        raise ValueError(text)
    return value


class PrinterSettingsDialog(QDialog):
    """Edit the printer settings. Nothing is saved until *Save*.

    ``preview_of(settings)`` renders the slip (the same document the printer gets, laid
    out for the chosen paper) as a grayscale image; it runs on a helper thread, as drawing
    a slip takes a good part of a second on a slow till.

    Signals:
        save_requested(object): valid :class:`PrinterSettings` to save.
        test_requested(object): print the test slip on this :class:`PrinterProfile`.
        preview_shown(): the preview shows the settings as typed.
    """

    save_requested = Signal(object)
    test_requested = Signal(object)
    preview_shown = Signal()
    _rendered = Signal(int, object)  # generation, grayscale PIL image (from the helper)

    def __init__(self, current: PrinterSettings, region: str,
                 preview_of: Callable[[PrinterSettings], Image.Image],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerSettings")
        self.region = FontRegion.HK if region == "HK" else FontRegion.TC
        self.preview_of = preview_of
        self._generation = 0
        self._rendered.connect(self._show_preview, Qt.ConnectionType.QueuedConnection)
        self._build()
        self.retranslate_ui()
        self.load(current)
        self._preview_timer = QTimer(self)  # typing re-renders once it pauses
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        for signal in (self.kind.currentIndexChanged, self.paper.currentIndexChanged,
                       self.encoding.currentIndexChanged, self.address.textChanged,
                       self.phone.textChanged, self.footer.textChanged):
            signal.connect(self._preview_timer.start)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.refresh_preview()

    # --- building ---------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.kind = QComboBox()
        self.kind.setObjectName("printerKind")
        self.host, self.port = QLineEdit(), digits_field(5)
        self.host.setObjectName("printerHost")
        self.port.setObjectName("printerPort")
        self.vendor, self.product = QLineEdit(), QLineEdit()
        self.vendor.setObjectName("usbVendor")
        self.product.setObjectName("usbProduct")
        self.serial_port, self.baud = QLineEdit(), QComboBox()
        self.serial_port.setObjectName("serialPort")
        for baud in BAUDS:
            self.baud.addItem(str(baud), baud)
        self.file_path = QLineEdit()
        self.file_path.setObjectName("printerFile")
        # the rows saying where the printer is, by kind (only the chosen kind's show)
        self.where: dict[str, tuple[QWidget, ...]] = {
            NONE: (), PrinterKind.NETWORK.value: (self.host, self.port),
            PrinterKind.USB.value: (self.vendor, self.product),
            PrinterKind.SERIAL.value: (self.serial_port, self.baud),
            PrinterKind.FILE.value: (self.file_path,)}
        self.where_labels = [field_label(field) for fields in self.where.values()
                             for field in fields]
        self.paper = QComboBox()
        self.paper.setObjectName("paperWidth")
        self.encoding = QComboBox()
        self.encoding.setObjectName("printerEncoding")
        self.model = QComboBox()
        self.model.setObjectName("printerModel")
        self.model.addItems(model_names())
        self.address, self.phone = QLineEdit(), QLineEdit()
        self.address.setObjectName("storeAddress")
        self.phone.setObjectName("storePhone")
        self.footer = QPlainTextEdit()
        self.footer.setObjectName("slipFooter")
        self.footer.setTabChangesFocus(True)
        self.footer.setFixedHeight(80)
        self.message = MessageLine()
        self.test_button = KeyButton("F5")
        self.test_button.setObjectName("testPrint")
        self.save_button = KeyButton("Enter", "primary")
        self.save_button.setObjectName("savePrinter")
        self.cancel_button = KeyButton("Esc")
        self.preview = QLabel()
        self.preview.setObjectName("slipPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_title = QLabel()
        self.preview_title.setObjectName("fieldLabel")
        self.scanner = ScannerSettingsBox()
        self._lay_out()
        self.test_button.clicked.connect(self.request_test)
        self.save_button.clicked.connect(self.request_save)
        self.cancel_button.clicked.connect(self.reject)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.labels = [field_label(w) for w in (self.kind, self.paper, self.encoding,
                                                  self.model, self.address, self.phone,
                                                  self.footer)]
        form.addRow(self.labels[0], self.kind)
        fields = [field for fields in self.where.values() for field in fields]
        for label, field in zip(self.where_labels, fields, strict=True):
            form.addRow(label, field)
        self.form = form
        for label, widget in zip(self.labels[1:], (self.paper, self.encoding, self.model,
                                                    self.address, self.phone, self.footer),
                                 strict=True):
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addLayout(form)
        left.addWidget(self.scanner)
        left.addWidget(self.message)
        left.addStretch(1)
        left.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(int(608 * PREVIEW_SCALE) + 24)
        right = QVBoxLayout()
        right.addWidget(self.preview_title)
        right.addWidget(scroll, 1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        outer.setSpacing(18)
        outer.addLayout(left, 3)
        outer.addLayout(right, 2)
        self.resize(1000, 720)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Receipt printer"))
        self.title.setText(self.tr("Receipt printer"))
        kinds = (self.tr("None (no slips)"), self.tr("Network (LAN, port 9100)"),
                 self.tr("USB"), self.tr("Serial port"), self.tr("File or device"))
        encodings = (self.tr("Printer's Chinese mode: Big5 (Taiwan)"),
                     self.tr("Printer's Chinese mode: Big5-HKSCS (Hong Kong)"),
                     self.tr("Printer's Chinese mode: GB18030"),
                     self.tr("Print text as an image (any printer, slower)"))
        self._fill(self.kind, zip(KINDS, kinds, strict=True))
        self._fill(self.paper, ((58, self.tr("58 mm")), (80, self.tr("80 mm"))))
        self._fill(self.encoding, enumerate(encodings))
        texts = (self.tr("Address"), self.tr("Port"), self.tr("Vendor ID (hex)"),
                 self.tr("Product ID (hex)"), self.tr("Serial port"), self.tr("Speed (baud)"),
                 self.tr("File or device path"))
        for label, text in zip(self.where_labels, texts, strict=True):
            label.setText(text)
        self.host.setPlaceholderText("192.168.1.50")
        self.serial_port.setPlaceholderText("/dev/ttyUSB0 · COM3")
        self.file_path.setPlaceholderText("/dev/usb/lp0")
        for label, text in zip(self.labels, (
                self.tr("Printer"), self.tr("Paper"), self.tr("Chinese text"),
                self.tr("Model"), self.tr("Store address"), self.tr("Store phone"),
                self.tr("Slip footer")), strict=True):
            label.setText(text)
        self.test_button.set_label(self.tr("Print test slip"))
        self.save_button.set_label(self.tr("Save"))
        self.cancel_button.set_label(self.tr("Cancel"))
        self.preview_title.setText(self.tr("The slip as it will print"))

    @staticmethod
    def _fill(combo: QComboBox, items: object) -> None:
        current = combo.currentIndex()
        combo.blockSignals(True)
        combo.clear()
        for data, text in items:  # type: ignore[attr-defined]
            combo.addItem(text, data)
        combo.setCurrentIndex(max(current, 0))
        combo.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.request_save()
        elif event.key() == Qt.Key.Key_F5:
            self.request_test()
        else:
            super().keyPressEvent(event)

    # --- values -------------------------------------------------------------------------
    def load(self, current: PrinterSettings) -> None:
        """Show ``current`` in the fields."""
        p = current.profile or PrinterProfile()
        self.kind.setCurrentIndex(KINDS.index(p.kind.value) if current.profile else 0)
        self.host.setText(p.host)
        self.port.setText(str(p.port))
        self.vendor.setText(f"{p.usb_vendor_id:04x}" if p.usb_vendor_id else "")
        self.product.setText(f"{p.usb_product_id:04x}" if p.usb_product_id else "")
        self.serial_port.setText(p.device if p.kind is PrinterKind.SERIAL else "")
        self.baud.setCurrentIndex(max(self.baud.findData(p.baudrate), 0))
        self.file_path.setText(p.device if p.kind is PrinterKind.FILE else "")
        self.paper.setCurrentIndex(self.paper.findData(p.paper_mm))
        choice = (p.text_mode, p.charset if p.text_mode is TextMode.HYBRID else Charset.BIG5)
        self.encoding.setCurrentIndex(ENCODINGS.index(choice))
        self.model.setCurrentText(p.model)
        self.address.setText(current.address)
        self.phone.setText(current.phone)
        self.footer.setPlainText(current.footer)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        for name, fields in self.where.items():
            for field in fields:
                self.form.setRowVisible(field, name == kind)
        on = kind != NONE
        for widget in (self.paper, self.encoding, self.model, self.test_button):
            widget.setEnabled(on)

    def settings(self) -> PrinterSettings:
        """The settings as typed.

        Raises:
            FieldError: a field is wrong (its message names the problem).
        """
        return PrinterSettings(self._profile(), self.address.text().strip(),
                               self.phone.text().strip(), self.footer.toPlainText().strip())

    def _profile(self) -> PrinterProfile | None:
        kind = str(self.kind.currentData())
        if kind == NONE:
            return None
        mode, charset = ENCODINGS[int(self.encoding.currentData())]
        base = PrinterProfile(paper_mm=int(self.paper.currentData()), text_mode=mode,
                              charset=charset, font_region=self.region,
                              model=self.model.currentText())
        if kind == PrinterKind.NETWORK:
            host = self.host.text().strip()
            if not host or " " in host:
                raise FieldError(self.host, self.tr("Type the printer's address, "
                                                    "e.g. 192.168.1.50."))
            port = int(self.port.text() or 0)
            if not 0 < port < 65536:
                raise FieldError(self.port, self.tr("The port is a number from 1 to 65535 "
                                                    "(usually 9100)."))
            return replace(base, kind=PrinterKind.NETWORK, host=host, port=port)
        if kind == PrinterKind.USB:
            ids = []
            for field in (self.vendor, self.product):
                try:
                    ids.append(_hex_id(field.text()))
                except ValueError:
                    raise FieldError(field, self.tr("USB ids are 4 hex digits, e.g. 04b8 "
                                                    "and 0e15.")) from None
            return replace(base, kind=PrinterKind.USB, usb_vendor_id=ids[0],
                           usb_product_id=ids[1])
        field = self.serial_port if kind == PrinterKind.SERIAL else self.file_path
        device = field.text().strip()
        if not device:
            raise FieldError(field, self.tr("Type the port or device, e.g. /dev/ttyUSB0 "
                                            "or COM3."))
        return replace(base, kind=PrinterKind(kind), device=device,
                       baudrate=int(self.baud.currentData()))

    def _checked(self) -> PrinterSettings | None:
        try:
            settings = self.settings()
        except FieldError as err:
            self.message.show_text(str(err), "error")
            err.field.setFocus()
            return None
        self.message.clear_text()
        return settings

    # --- actions ------------------------------------------------------------------------
    def request_save(self) -> None:
        settings = self._checked()
        if settings is not None:
            self.save_requested.emit(settings)

    def request_test(self) -> None:
        settings = self._checked()
        if settings is None:
            return
        if settings.profile is None:
            self.message.show_text(self.tr("Choose a printer first."), "error")
            return
        self.test_button.setEnabled(False)
        self.message.show_text(self.tr("Printing the test slip…"), "info")
        self.test_requested.emit(settings.profile)

    def show_test_result(self, error: str | None) -> None:
        """The test slip printed (``error`` None) or the reason it did not."""
        self.test_button.setEnabled(self.kind.currentData() != NONE)
        if error is None:
            self.message.show_text(self.tr("The test slip printed. If its Chinese text and "
                                           "codes are clear, save."), "ok")
        else:
            self.message.show_text(self.tr("The test slip did not print: %1")
                                   .replace("%1", error), "error")

    def refresh_preview(self) -> None:
        """Render the slip for the settings as typed (a wrong address does not matter)."""
        try:
            settings = self.settings()
        except FieldError:
            settings = PrinterSettings(None, self.address.text().strip(),
                                       self.phone.text().strip(),
                                       self.footer.toPlainText().strip())
        if settings.profile is None:  # no printer: still show the slip on the chosen paper
            settings = PrinterSettings(
                PrinterProfile(paper_mm=int(self.paper.currentData() or 80),
                               font_region=self.region),
                settings.address, settings.phone, settings.footer)
        self._generation += 1
        generation = self._generation

        def render() -> None:
            image = self.preview_of(settings).convert("L")
            # The dialog may have been deleted meanwhile (PySide then raises one or the other).
            with contextlib.suppress(RuntimeError, TypeError):
                self._rendered.emit(generation, image)
        threading.Thread(target=render, name="slip-preview", daemon=True).start()

    def _show_preview(self, generation: int, image: Image.Image) -> None:
        if generation != self._generation:
            return  # the settings changed again meanwhile; a newer preview is coming
        data = image.tobytes()
        qimage = QImage(data, image.width, image.height, image.width,
                        QImage.Format.Format_Grayscale8).copy()
        pixmap = QPixmap.fromImage(qimage)
        self.preview.setPixmap(pixmap.scaledToWidth(
            int(pixmap.width() * PREVIEW_SCALE), Qt.TransformationMode.SmoothTransformation))
        self.preview_shown.emit()
