"""The barcode scanner's prefix and suffix on the manager's settings page (F10)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from desktop.scanner import ScannerSettings, parse_marker, show_marker
from loyalty.einvoice import valid_tax_id

from .common import field_label


class ScannerSettingsBox(QGroupBox):
    """Prefix and suffix characters (empty: scans are told from typing by their speed),
    with how to program the scanner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scannerSettings")
        self.prefix, self.suffix = QLineEdit(), QLineEdit()
        self.prefix.setObjectName("scannerPrefix")
        self.suffix.setObjectName("scannerSuffix")
        for field in (self.prefix, self.suffix):
            field.setMaxLength(2)
            field.setPlaceholderText("^B")
        self.prefix_label, self.suffix_label = field_label(self.prefix), field_label(
            self.suffix)
        self.sellers = QLineEdit()  # the chain's e-invoice seller tax ids
        self.sellers.setObjectName("einvoiceSellers")
        self.sellers.setPlaceholderText("53212539, 12345675")
        self.sellers_label = field_label(self.sellers)
        self.how = QLabel()
        self.how.setWordWrap(True)
        self.how.setProperty("tone", "muted")
        grid = QGridLayout(self)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.prefix_label, 0, 0)
        grid.addWidget(self.prefix, 0, 1)
        grid.addWidget(self.suffix_label, 0, 2)
        grid.addWidget(self.suffix, 0, 3)
        grid.addWidget(self.how, 1, 0, 1, 4)
        grid.addWidget(self.sellers_label, 2, 0, 1, 2)
        grid.addWidget(self.sellers, 2, 2, 1, 2)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Barcode scanner"))
        self.prefix_label.setText(self.tr("Prefix"))
        self.suffix_label.setText(self.tr("Suffix"))
        self.sellers_label.setText(self.tr("E-invoice seller tax ids (only these earn)"))
        self.how.setText(self.tr(
            "Optional. Program the scanner (the prefix/suffix codes in its manual) to send "
            "one character before and/or after every code, and type it here (^B for "
            "Ctrl+B, STX; ^I for Tab). Then only codes carrying it count as scans, however "
            "fast someone types. Empty: scans are told apart by their speed."))

    def load_sellers(self, ids: list[str]) -> None:
        self.sellers.setText(", ".join(ids))

    def seller_ids(self) -> list[str]:
        """The e-invoice seller tax ids typed (commas or spaces between).

        Raises:
            ValueError: one fails the tax id check (its message names it).
        """
        typed = [t for t in re.split(r"[,\s、，]+", self.sellers.text().strip()) if t]
        for tax_id in typed:
            if not valid_tax_id(tax_id):
                raise ValueError(self.tr("%1 is not a valid tax id (統一編號).").replace(
                    "%1", tax_id))
        return sorted(set(typed))

    def load(self, settings: ScannerSettings) -> None:
        self.prefix.setText(show_marker(settings.prefix))
        self.suffix.setText(show_marker(settings.suffix))

    def markers(self) -> tuple[str, str]:
        """The prefix and suffix as characters.

        Raises:
            ValueError: a field holds more than one character (its message says which).
        """
        out = []
        for field, name in ((self.prefix, self.tr("prefix")), (self.suffix, self.tr("suffix"))):
            try:
                out.append(parse_marker(field.text()))
            except ValueError:
                raise ValueError(self.tr("The scanner's %1 is one character, or ^ and a "
                                         "letter.").replace("%1", name)) from None
        return out[0], out[1]
