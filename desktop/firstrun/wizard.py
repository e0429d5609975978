"""The first-run wizard: language, store, terminal, first manager, printer, summary.

Pages keep what was typed when the cashier goes back (no page resets its fields). Nothing
is written until Finish, which hands every answer to :meth:`SetupService.finish` in one
transaction; only a successful registration with central is kept on its own, as central
has already used the code.
"""

from __future__ import annotations

import html
import logging
from enum import IntEnum

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtWidgets import QWidget, QWizard

from desktop.firstrun import texts
from desktop.firstrun.language import LanguageSwitch
from desktop.firstrun.pages import LanguagePage, ManagerPage, StorePage, SummaryPage
from desktop.firstrun.printer_page import PrinterPage
from desktop.firstrun.terminal_page import TerminalPage
from desktop.tasks import TaskRunner
from loyalty.errors import LoyaltyError
from loyalty.store.engine import STORAGE_ERRORS
from sync.setup import CentralManager, SetupAnswers, SetupService, region

log = logging.getLogger(__name__)


class PageId(IntEnum):
    LANGUAGE = 0
    STORE = 1
    TERMINAL = 2
    MANAGER = 3
    PRINTER = 4
    SUMMARY = 5


class FirstRunWizard(QWizard):
    """Sets up an empty store (objectName ``FirstRunWizard``).

    Signals:
        setup_finished(object): the first manager (:class:`loyalty.store.cashiers.Cashier`),
            after everything was saved; the wizard then closes as accepted.
    """

    setup_finished = Signal(object)

    def __init__(self, service: SetupService, languages: LanguageSwitch, *,
                 standalone_block: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRunWizard")
        self.service = service
        self.languages = languages
        self.tasks = TaskRunner("setup", parent=self)
        self._central_manager: CentralManager | None = None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.language_page = LanguagePage(languages.language)
        self.store_page = StorePage()
        self.terminal_page = TerminalPage(service.registration(), standalone_block)
        self.manager_page = ManagerPage()
        self.printer_page = PrinterPage()
        self.summary_page = SummaryPage()
        for page_id, page in ((PageId.LANGUAGE, self.language_page),
                              (PageId.STORE, self.store_page),
                              (PageId.TERMINAL, self.terminal_page),
                              (PageId.MANAGER, self.manager_page),
                              (PageId.PRINTER, self.printer_page),
                              (PageId.SUMMARY, self.summary_page)):
            self.setPage(page_id, page)
        self.language_page.language_chosen.connect(self.languages.switch)
        self.retranslate_ui()

    def sizeHint(self) -> QSize:
        return QSize(760, 600)

    def answers(self) -> SetupAnswers:
        terminal = self.terminal_page
        return SetupAnswers(
            language=self.language_page.language, store=self.store_page.answers(),
            manager=self.manager_page.answers(), printer=self.printer_page.answers(),
            standalone_block=terminal.block.value() if terminal.standalone else None)

    def accept(self) -> None:
        """Finish: on a registered till the first manager is made at central first (on a
        worker thread), then everything is saved; or stay on the summary saying why."""
        if self.tasks.busy:
            return
        if self.terminal_page.registered is not None and self._central_manager is None:
            answers = self.answers().manager
            self.summary_page.message.show_text(texts.text("manager_at_central"), "info")
            self.tasks.run(lambda: self.service.central_manager(answers),
                           self._manager_made, self._manager_refused)
            return
        self._save()

    def _manager_made(self, central: object) -> None:
        assert isinstance(central, CentralManager)
        self._central_manager = central
        self._save()

    def _manager_refused(self, err: BaseException) -> None:
        self.summary_page.refuse(err)

    def _save(self) -> None:
        try:
            manager = self.service.finish(self.answers(), self._central_manager)
        except LoyaltyError as err:
            self.summary_page.refuse(err)
            return
        except STORAGE_ERRORS:
            log.exception("saving the set-up failed")
            self.summary_page.message.show_text(texts.text("storage"), "error")
            return
        self.setup_finished.emit(manager)
        super().accept()

    def reject(self) -> None:
        if self.tasks.busy:  # central is answering; Esc must not leave it half done
            return
        super().reject()

    def summary_html(self) -> str:
        """The answers as the summary page lists them."""
        answers = self.answers()
        where = region(answers.store.region)
        terminal = self.terminal_page
        if terminal.registered is not None:
            term = self.tr("registered with central as %1 (store %2)").replace(
                "%1", terminal.registered.terminal_id).replace("%2", terminal.registered.store_id)
        else:
            term = self.tr("standalone, member-code block %1").replace(
                "%1", str(terminal.block.value()))
        printer = answers.printer
        where_printer = {"none": self.tr("none"),
                         "network": f"{printer.host.strip()}:{printer.port}",
                         "file": printer.path.strip()}[printer.kind]
        rows = [
            (self.tr("Language"), "中文（台灣）" if answers.language == "zh_TW" else "English"),
            (self.tr("Store"), answers.store.name.strip()),
            (self.tr("Till name"), answers.store.terminal_name.strip() or self.tr("(none)")),
            (self.tr("Region"), self.store_page.region.currentText()),
            (self.tr("Currency"), where.currency.value),
            (self.tr("Time zone"), answers.store.tz),
            (self.tr("Terminal"), term),
            (self.tr("Manager"), answers.manager.name.strip()),
            (self.tr("Receipt printer"), where_printer),
        ]
        cells = "".join(f"<tr><td style='padding:4px 16px 4px 0'><b>{html.escape(k)}</b></td>"
                        f"<td style='padding:4px 0'>{html.escape(v)}</td></tr>" for k, v in rows)
        return f"<table>{cells}</table>"

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Regulars — set up this counter"))
        for which, label in ((QWizard.WizardButton.BackButton, self.tr("< Back")),
                             (QWizard.WizardButton.NextButton, self.tr("Next >")),
                             (QWizard.WizardButton.FinishButton, self.tr("Finish")),
                             (QWizard.WizardButton.CancelButton, self.tr("Cancel"))):
            self.setButtonText(which, label)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)  # QWizard relabels its buttons; ours then win
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()

