"""The printer's corner of the status bar: its state in words, Reprint (F7), Printer (F10)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.messages import QT_TRANSLATE_NOOP
from printing import PrinterFault

from .common import ElidingLabel, keep_width, set_tone

REPRINT_KEY = "F7"
SETTINGS_KEY = "F10"


_CONTEXT = "PrinterStatus"
# fault → (why, in a few words; what the cashier does about it)
_FAULTS = {
    PrinterFault.NOT_CONFIGURED: (QT_TRANSLATE_NOOP("PrinterStatus", "no printer set up"),
                                  QT_TRANSLATE_NOOP("PrinterStatus", "A manager can choose "
                                                    "the printer with F10.")),
    PrinterFault.UNREACHABLE: (QT_TRANSLATE_NOOP("PrinterStatus", "printer off or unplugged"),
                               QT_TRANSLATE_NOOP("PrinterStatus", "Switch the printer on and "
                                                 "check its cable.")),
    PrinterFault.NO_ANSWER: (QT_TRANSLATE_NOOP("PrinterStatus", "printer not answering"),
                             QT_TRANSLATE_NOOP("PrinterStatus", "Switch the printer off "
                                               "and on.")),
    PrinterFault.DISCONNECTED: (QT_TRANSLATE_NOOP("PrinterStatus", "printer stopped mid-slip"),
                                QT_TRANSLATE_NOOP("PrinterStatus", "Tear off the partial slip "
                                                  "and check the printer.")),
    PrinterFault.PAPER_OUT: (QT_TRANSLATE_NOOP("PrinterStatus", "out of paper"),
                             QT_TRANSLATE_NOOP("PrinterStatus", "Load a new paper roll.")),
    PrinterFault.COVER_OPEN: (QT_TRANSLATE_NOOP("PrinterStatus", "cover open"),
                              QT_TRANSLATE_NOOP("PrinterStatus", "Close the printer's cover.")),
    PrinterFault.PRINTER_ERROR: (QT_TRANSLATE_NOOP("PrinterStatus", "printer error (jam or "
                                                   "cutter)"),
                                 QT_TRANSLATE_NOOP("PrinterStatus", "Clear the jam, then "
                                                   "switch the printer off and on.")),
    PrinterFault.OFFLINE: (QT_TRANSLATE_NOOP("PrinterStatus", "printer offline"),
                           QT_TRANSLATE_NOOP("PrinterStatus", "Check the printer.")),
}
# causes other than the printer's (see desktop.services.printer.PrinterState)
_CAUSES = {
    "software": (QT_TRANSLATE_NOOP("PrinterStatus", "software error"),
                 QT_TRANSLATE_NOOP("PrinterStatus", "The error was logged; press F7 to try "
                                                    "again.")),
    "closed": (QT_TRANSLATE_NOOP("PrinterStatus", "not printed before the counter closed"),
               QT_TRANSLATE_NOOP("PrinterStatus", "Press F7 if the customer still needs it.")),
}


def _texts(fault: PrinterFault | None, cause: str) -> tuple[str, str]:
    return _FAULTS[fault] if fault else _CAUSES.get(cause, _CAUSES["software"])


def fault_reason(fault: PrinterFault | None, cause: str = "software") -> str:
    """Why a slip waits, in a few words: ``out of paper``."""
    return QCoreApplication.translate(_CONTEXT, _texts(fault, cause)[0])


def fault_advice(fault: PrinterFault | None, cause: str = "software") -> str:
    """What the cashier does about it, as one sentence."""
    return QCoreApplication.translate(_CONTEXT, _texts(fault, cause)[1])


class PrinterStatusView(QWidget):
    """``Slip waiting — out of paper  [F7 Reprint] [F10 Printer]``.

    Signals:
        reprint_requested(): the Reprint button (F7 is the window's shortcut).
        settings_requested(): the Printer button (F10).
    """

    reprint_requested = Signal()
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerStatus")
        self.label = ElidingLabel()  # gives way before the buttons on a narrow screen
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
        self._state: tuple[str, int, PrinterFault | None, str] = ("none", 0, None, "")
        self._active = False
        self._manager = False
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.settings.setText(self.tr("%1 Printer").replace("%1", SETTINGS_KEY))
        self.show_state(*self._state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_state(self, phase: str, waiting: int = 0, fault: PrinterFault | None = None,
                   cause: str = "") -> None:
        """Show a :class:`~desktop.services.printer.PrinterState`'s fields."""
        self._state = (phase, waiting, fault, cause)
        texts = {
            "none": (self.tr("No receipt printer"), "muted"),
            "ready": (self.tr("Printer ready"), "online"),
            "printing": (self.tr("Printing slip…"), "online"),
            "printed": (self.tr("Slip printed ✓"), "online"),
        }
        if phase == "waiting":
            text = (self.tr("Slip waiting — %1") if waiting == 1 else
                    self.tr("%2 slips waiting — %1").replace("%2", str(waiting)))
            text = text.replace("%1", fault_reason(fault, cause))
            tone = "offline"
        else:
            text, tone = texts.get(phase, texts["ready"])
        self.label.setText(text)
        set_tone(self.label, tone)
        self.reprint.setText(
            self.tr("%1 Print waiting slips").replace("%1", REPRINT_KEY) if phase == "waiting"
            else self.tr("%1 Reprint last slip").replace("%1", REPRINT_KEY))
        self.reprint.setEnabled(self._active and phase != "none")
        self.settings.setEnabled(self._active and self._manager)
        for button in (self.reprint, self.settings):
            keep_width(button)  # the label gives way on a narrow screen, not the buttons

    def set_active(self, on: bool, manager: bool = False) -> None:
        """Someone is signed in: the buttons work (not on the lock screen); the printer
        settings only for a manager."""
        self._active, self._manager = on, on and manager
        self.show_state(*self._state)
