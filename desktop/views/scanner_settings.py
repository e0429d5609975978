"""The barcode scanner's prefix and suffix on the manager's settings page (F10)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from desktop.scanner import ScannerSettings, parse_marker, show_marker

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
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Barcode scanner"))
        self.prefix_label.setText(self.tr("Prefix"))
        self.suffix_label.setText(self.tr("Suffix"))
        self.how.setText(self.tr(
            "Optional. Program the scanner (the prefix/suffix codes in its manual) to send "
            "one character before and/or after every code, and type it here (^B for "
            "Ctrl+B, STX; ^I for Tab). Then only codes carrying it count as scans, however "
            "fast someone types. Empty: scans are told apart by their speed."))

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
