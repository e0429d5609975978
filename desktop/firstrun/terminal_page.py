"""Set-up: register this terminal with central by enrollment code, or run it standalone.

Registration is a network call: it runs on the wizard's task runner while a busy bar shows
and the wizard's buttons wait; the answer comes back on the GUI thread. On success the
wizard moves on; on failure the page says why and nothing was saved.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QSpinBox,
    QWidget,
    QWizard,
)

from desktop.firstrun.base import SetupPage
from sync.setup import MAX_STANDALONE_BLOCK, SetupError, check_block, check_central
from sync.state import TerminalIdentity

log = logging.getLogger(__name__)
_BUTTONS = (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CancelButton)


class TerminalPage(SetupPage):
    """Register with central (URL + one-time code) or standalone (a member-code block)."""

    def __init__(self, registered: TerminalIdentity | None, standalone_block: int = 1) -> None:
        super().__init__()
        self.registered = registered
        self.busy = False
        self.register_choice = QRadioButton()
        self.register_choice.setObjectName("registerChoice")
        self.standalone_choice = QRadioButton()
        self.standalone_choice.setObjectName("standaloneChoice")
        group = QButtonGroup(self)
        group.addButton(self.register_choice)
        group.addButton(self.standalone_choice)
        self.register_box = QWidget()
        form = QFormLayout(self.register_box)
        self.url = QLineEdit()
        self.url.setObjectName("centralUrl")
        self.url.setInputMethodHints(Qt.InputMethodHint.ImhUrlCharactersOnly)
        self.code = QLineEdit()
        self.code.setObjectName("enrollmentCode")
        self.code.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.url_label, self.code_label = QLabel(), QLabel()
        form.addRow(self.url_label, self.url)
        form.addRow(self.code_label, self.code)
        self.standalone_box = QWidget()
        block_form = QFormLayout(self.standalone_box)
        self.block = QSpinBox()
        self.block.setObjectName("codeBlock")
        self.block.setRange(1, MAX_STANDALONE_BLOCK)
        self.block.setMinimumHeight(44)
        self.block.setValue(max(1, min(standalone_block, MAX_STANDALONE_BLOCK)))
        self.block_label, self.block_hint = QLabel(), QLabel()
        self.block_hint.setWordWrap(True)
        self.block_hint.setProperty("tone", "muted")
        block_form.addRow(self.block_label, self.block)
        block_form.addRow(self.block_hint)
        self.progress = QProgressBar()
        self.progress.setObjectName("busy")
        self.progress.setRange(0, 0)  # busy: no known end
        self.progress.setTextVisible(False)
        self.progress.hide()
        for widget in (self.register_choice, self.register_box, self.standalone_choice,
                       self.standalone_box, self.progress):
            self.body.addWidget(widget)
        self.register_choice.setChecked(True)
        self.register_choice.toggled.connect(self._choice_changed)
        self.finish_layout()
        self._choice_changed()

    @property
    def standalone(self) -> bool:
        return self.standalone_choice.isChecked() and self.registered is None

    def _choice_changed(self) -> None:
        done = self.registered is not None
        self.register_box.setEnabled(self.register_choice.isChecked() and not done
                                     and not self.busy)
        self.standalone_box.setEnabled(self.standalone_choice.isChecked() and not done
                                       and not self.busy)
        self.register_choice.setEnabled(not done and not self.busy)
        self.standalone_choice.setEnabled(not done and not self.busy)

    # --- Next --------------------------------------------------------------------------------
    def validatePage(self) -> bool:
        if self.busy:
            return False
        if self.registered is not None:
            return True
        try:
            if self.standalone_choice.isChecked():
                check_block(self.block.value())
                self.message.show_text("")
                return True
            url, code = check_central(self.url.text(), self.code.text())
        except SetupError as err:
            return self.refuse(err)
        self._start_registration(url, code)
        return False  # the wizard moves on when central has answered

    def _start_registration(self, url: str, code: str) -> None:
        wizard = self.setup_wizard()
        self._set_busy(True)
        self.message.show_text(self.tr("Registering with central…"), "info")
        till = wizard.store_page.till.text().strip() or None  # head office sees this name
        wizard.tasks.run(lambda: wizard.service.register(url, code, till), self._registered,
                         self._refused)

    def _registered(self, ident: object) -> None:
        assert isinstance(ident, TerminalIdentity)
        self.registered = ident
        self._set_busy(False)
        self.retranslate_ui()
        self.setup_wizard().next()

    def _refused(self, err: BaseException) -> None:
        self._set_busy(False)
        self.refuse(err)
        (self.code if getattr(err, "code", "") == "register_code" else self.url).setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self._choice_changed()
        wizard = self.wizard()
        if wizard is not None:
            for which in _BUTTONS:
                wizard.button(which).setEnabled(not busy)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("This terminal"))
        self.setSubTitle(self.tr("Register it with your chain's central service to share "
                                 "members with every store, or run it on its own."))
        self.register_choice.setText(self.tr("Register with central (enrollment code from "
                                             "head office)"))
        self.standalone_choice.setText(self.tr("Standalone: this counter only, register "
                                               "later"))
        self.url_label.setText(self.tr("Central's address"))
        self.url.setPlaceholderText("https://central.example.com")
        self.code_label.setText(self.tr("Enrollment code"))
        self.code.setPlaceholderText("ABCD-EFGH-JKLM-NPQR")
        self.block_label.setText(self.tr("Member-code block"))
        self.block_hint.setText(self.tr("New members get codes from this block. Give each "
                                        "standalone counter of the chain its own number."))
        if self.registered is not None:
            self.message.show_text(self.tr("Registered as terminal %1 of store %2.")
                                   .replace("%1", self.registered.terminal_id)
                                   .replace("%2", self.registered.store_id), "ok")
