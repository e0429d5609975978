"""Set-up: the receipt printer (none, network or a device file) and a test slip."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from desktop.firstrun.base import SetupPage
from printing.testprint import test_print
from sync.setup import PrinterAnswers, SetupError, check_printer


class PrinterPage(SetupPage):
    """Where slips print. "Print test slip" prints on a worker thread and says how it went."""

    def __init__(self) -> None:
        super().__init__()
        self.none_choice, self.network_choice = QRadioButton(), QRadioButton()
        self.file_choice = QRadioButton()
        group = QButtonGroup(self)
        for button, name in ((self.none_choice, "printerNone"),
                             (self.network_choice, "printerNetwork"),
                             (self.file_choice, "printerFile")):
            button.setObjectName(name)
            group.addButton(button)
        choices = QHBoxLayout()
        for button in (self.none_choice, self.network_choice, self.file_choice):
            choices.addWidget(button)
        choices.addStretch(1)
        self.body.addLayout(choices)
        self.details = QWidget()
        form = QFormLayout(self.details)
        self.host = QLineEdit()
        self.host.setObjectName("printerHost")
        self.host.setPlaceholderText("192.168.1.50")
        self.port = QSpinBox()
        self.port.setObjectName("printerPort")
        self.port.setRange(1, 65535)
        self.port.setValue(9100)
        self.port.setMinimumHeight(44)  # as tall as the line edits beside it
        self.path = QLineEdit()
        self.path.setObjectName("printerPath")
        self.path.setPlaceholderText("/dev/usb/lp0")
        self.paper = QComboBox()
        self.paper.setObjectName("paper")
        self.paper.addItem("80 mm", 80)
        self.paper.addItem("58 mm", 58)
        self.host_label, self.port_label = QLabel(), QLabel()
        self.path_label, self.paper_label = QLabel(), QLabel()
        form.addRow(self.host_label, self.host)
        form.addRow(self.port_label, self.port)
        form.addRow(self.path_label, self.path)
        form.addRow(self.paper_label, self.paper)
        self.body.addWidget(self.details)
        self.test_button = QPushButton()
        self.test_button.setObjectName("testPrint")
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.none_choice.setChecked(True)
        group.buttonToggled.connect(self._kind_changed)
        self.test_button.clicked.connect(self.print_test)
        self.finish_layout()
        self._kind_changed()

    @property
    def kind(self) -> str:
        if self.network_choice.isChecked():
            return "network"
        return "file" if self.file_choice.isChecked() else "none"

    def answers(self) -> PrinterAnswers:
        return PrinterAnswers(self.kind, self.host.text(), self.port.value(), self.path.text(),
                              int(self.paper.currentData()))

    def _kind_changed(self) -> None:
        kind = self.kind
        for widget, shown in ((self.host, kind == "network"), (self.host_label, kind == "network"),
                              (self.port, kind == "network"), (self.port_label, kind == "network"),
                              (self.path, kind == "file"), (self.path_label, kind == "file")):
            widget.setVisible(shown)
        self.details.setVisible(kind != "none")
        self.test_button.setEnabled(kind != "none")
        self.message.show_text("")

    def print_test(self) -> None:
        wizard = self.setup_wizard()
        if wizard.tasks.busy:
            return
        try:
            profile = check_printer(self.answers(), wizard.store_page.region_code)
        except SetupError as err:
            self.refuse(err)
            return
        if profile is None:
            return
        self.test_button.setEnabled(False)
        self.message.show_text(self.tr("Printing a test slip…"), "info")
        wizard.tasks.run(lambda: test_print(profile), self._printed, self._failed)

    def _printed(self, sent: object) -> None:
        self.test_button.setEnabled(True)
        self.message.show_text(self.tr("Test slip sent (%1 bytes). Check that it printed, "
                                       "Chinese characters included.").replace("%1", str(sent)),
                               "ok")

    def _failed(self, err: BaseException) -> None:
        self.test_button.setEnabled(self.kind != "none")
        self.refuse(err)

    def validatePage(self) -> bool:
        try:
            check_printer(self.answers(), self.setup_wizard().store_page.region_code)
        except SetupError as err:
            return self.refuse(err)
        return True

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Receipt printer"))
        self.setSubTitle(self.tr("Choose how this counter reaches its receipt printer and "
                                 "print a test slip. You can also set it up later."))
        self.none_choice.setText(self.tr("No printer"))
        self.network_choice.setText(self.tr("Network printer"))
        self.file_choice.setText(self.tr("Device or file"))
        self.host_label.setText(self.tr("Address"))
        self.port_label.setText(self.tr("Port"))
        self.path_label.setText(self.tr("Device or file"))
        self.paper_label.setText(self.tr("Paper width"))
        self.test_button.setText(self.tr("Print test slip"))
