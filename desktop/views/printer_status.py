"""The printer's corner of the status bar: its state in words, Reprint (F7), Printer (F10)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from printing import PrinterFault

from .common import set_tone

REPRINT_KEY = "F7"
SETTINGS_KEY = "F10"


def fault_reason(fault: PrinterFault | None) -> str:
    """Why a slip waits, in a few words: ``out of paper``."""
    tr = QCoreApplication.translate
    reasons = {
        PrinterFault.NOT_CONFIGURED: tr("PrinterStatus", "no printer set up"),
        PrinterFault.UNREACHABLE: tr("PrinterStatus", "printer off or unplugged"),
        PrinterFault.NO_ANSWER: tr("PrinterStatus", "printer not answering"),
        PrinterFault.DISCONNECTED: tr("PrinterStatus", "printer stopped mid-slip"),
        PrinterFault.PAPER_OUT: tr("PrinterStatus", "out of paper"),
        PrinterFault.COVER_OPEN: tr("PrinterStatus", "cover open"),
        PrinterFault.PRINTER_ERROR: tr("PrinterStatus", "printer error (jam or cutter)"),
        PrinterFault.OFFLINE: tr("PrinterStatus", "printer offline"),
    }
    return reasons.get(fault, tr("PrinterStatus", "software error")) if fault else \
        tr("PrinterStatus", "software error")


def fault_advice(fault: PrinterFault | None) -> str:
    """What the cashier does about it, as one sentence."""
    tr = QCoreApplication.translate
    advice = {
        PrinterFault.NOT_CONFIGURED: tr("PrinterStatus", "A manager can choose the printer "
                                                         "with F10."),
        PrinterFault.UNREACHABLE: tr("PrinterStatus", "Switch the printer on and check its "
                                                      "cable."),
        PrinterFault.NO_ANSWER: tr("PrinterStatus", "Switch the printer off and on."),
        PrinterFault.DISCONNECTED: tr("PrinterStatus", "Tear off the partial slip and check "
                                                       "the printer."),
        PrinterFault.PAPER_OUT: tr("PrinterStatus", "Load a new paper roll."),
        PrinterFault.COVER_OPEN: tr("PrinterStatus", "Close the printer's cover."),
        PrinterFault.PRINTER_ERROR: tr("PrinterStatus", "Clear the jam, then switch the "
                                                        "printer off and on."),
        PrinterFault.OFFLINE: tr("PrinterStatus", "Check the printer."),
    }
    if fault is None:
        return tr("PrinterStatus", "The error was logged; press F7 to try again.")
    return advice[fault]


class PrinterStatusView(QWidget):
    """``🖨 Slip waiting — out of paper  [F7 Reprint] [F10 Printer]``.

    Signals:
        reprint_requested(): the Reprint button (F7 is the window's shortcut).
        settings_requested(): the Printer button (F10).
    """

    reprint_requested = Signal()
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerStatus")
        self.label = QLabel()
        self.label.setObjectName("printerState")
        self.reprint = QPushButton()
        self.reprint.setObjectName("reprintButton")
        self.settings = QPushButton()
        self.settings.setObjectName("printerSettingsButton")
        for button in (self.reprint, self.settings):
            button.setProperty("role", "small")
        self.reprint.clicked.connect(self.reprint_requested)
        self.settings.clicked.connect(self.settings_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.reprint)
        layout.addWidget(self.settings)
        self._state: tuple[str, int, PrinterFault | None] = ("none", 0, None)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.settings.setText(self.tr("%1 Printer").replace("%1", SETTINGS_KEY))
        self.show_state(*self._state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_state(self, phase: str, waiting: int = 0,
                   fault: PrinterFault | None = None) -> None:
        """Show a :class:`~desktop.services.printer.PrinterState`'s fields."""
        self._state = (phase, waiting, fault)
        texts = {
            "none": (self.tr("🖨 No receipt printer"), "muted"),
            "ready": (self.tr("🖨 Printer ready"), "online"),
            "printing": (self.tr("🖨 Printing slip…"), "online"),
            "printed": (self.tr("🖨 Slip printed ✓"), "online"),
        }
        if phase == "waiting":
            text = (self.tr("🖨 %n slip(s) waiting — %1", "", waiting)
                    .replace("%1", fault_reason(fault)))
            tone = "offline"
        else:
            text, tone = texts.get(phase, texts["ready"])
        self.label.setText(text)
        set_tone(self.label, tone)
        self.reprint.setText(
            self.tr("%1 Print waiting slips").replace("%1", REPRINT_KEY) if phase == "waiting"
            else self.tr("%1 Reprint last slip").replace("%1", REPRINT_KEY))
        self.reprint.setEnabled(phase != "none")
