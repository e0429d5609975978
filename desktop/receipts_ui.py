"""Slips at the counter: the printer's state in the status bar, Reprint (F7), the manager's
printer settings (F10) and the member card (F6).

:class:`ReceiptsController` wires :class:`~desktop.services.printer.PrinterService` (which
may be absent: no printing at all) to the window. It listens only to GUI-thread signals.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import replace

from PIL import Image
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.main_window import MainWindow
from desktop.membercard import CardData, MemberCardDialog, card_document
from desktop.messages import describe
from desktop.scanner import ScannerSettings
from desktop.services.printer import PrinterService, PrinterState
from desktop.services.printer_settings import (
    PrinterSettings,
    load_printer_settings,
    save_printer_settings,
    store_info,
    store_info_of,
)
from desktop.services.receipt_slips import SlipFactory
from desktop.services.session import CounterSession
from desktop.services.settings import CounterSettings
from desktop.views.printer_settings import PrinterSettingsDialog
from desktop.views.printer_status import (
    REPRINT_KEY,
    SETTINGS_KEY,
    PrinterStatusView,
    fault_advice,
    fault_reason,
)
from loyalty.einvoice import SELLER_IDS_SETTING
from loyalty.errors import LoyaltyError
from loyalty.store.panel import MemberPanel
from printing import JobEvent, JobStatus, PrinterError, build_award, render_preview
from printing.samples import award as sample_award
from printing.transport import fault_of

log = logging.getLogger(__name__)
CARD_KEY = "F6"
PROBLEM_COLOUR = "#b71c1c"  # the style sheet's error red


class ReceiptsController(QObject):
    """Printer status, reprint, printer settings and member card for one counter window."""

    def __init__(self, window: MainWindow, session: CounterSession,
                 settings: CounterSettings, printer: PrinterService | None) -> None:
        super().__init__(window)
        self.window = window
        self.page = window.counter
        self.session = session
        self.settings = settings
        self.printer = printer
        self.slip_settings = load_printer_settings(session.service.engine)
        self.scanner_settings = settings.scanner()
        # The running scanner takes a saved prefix/suffix at once (set by build_counter).
        self.scanner_saved: Callable[[ScannerSettings], None] = lambda _settings: None
        self.dialog: PrinterSettingsDialog | None = None
        self._flash_success = self._flash_shown = ""
        self.card: MemberCardDialog | None = None
        self.status = PrinterStatusView()
        window.status.addPermanentWidget(self.status)
        self.actions = {name: self._action(key, slot) for name, key, slot in (
            ("reprint", REPRINT_KEY, self.reprint), ("settings", SETTINGS_KEY,
                                                      self.open_settings),
            ("card", CARD_KEY, self.open_member_card))}
        self.status.reprint_requested.connect(self.reprint)
        self.status.settings_requested.connect(self.open_settings)
        self.page.panel.card_requested.connect(self.open_member_card)
        session.signed_in.connect(lambda _who: self._enable(True))
        session.signed_out.connect(lambda: self._enable(False))
        self._enable(session.cashier is not None)
        if printer is not None:
            printer.slips = self._slip_factory()
            printer.state_changed.connect(self._show_state)
            printer.job_changed.connect(self._job_changed)
            printer.test_finished.connect(self._test_finished)
            self._show_state(printer.state())
        else:
            self.status.show_state("none")

    def close(self) -> None:
        """The counter is closing: close the dialogs and the printer service."""
        for dialog in (self.dialog, self.card):
            if dialog is not None:
                dialog.reject()
        if self.printer is not None:
            self.printer.close()

    def _action(self, key: str, slot: object) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _enable(self, on: bool) -> None:
        manager = on and self.session.cashier is not None and self.session.cashier.is_manager
        for name, action in self.actions.items():
            action.setEnabled(manager if name == "settings" else on)
        self.status.set_active(on, manager)
        if not on:
            for dialog in (self.dialog, self.card):
                if dialog is not None:
                    dialog.reject()

    def _slip_factory(self) -> SlipFactory:
        service = self.session.service
        return SlipFactory(store_info(self.settings, self.slip_settings),
                           service.ctx.terminal_id, service.ctx.currency, self._panel_of,
                           service.now, service.rules)

    def _panel_of(self, member_id: str) -> MemberPanel:
        # The flows refresh the member on screen before handing over the slip: reuse that
        # panel (reading it again costs several milliseconds on the GUI thread).
        shown = self.session.member
        if shown is not None and shown.id == member_id:
            return shown
        return self.session.service.panel(member_id)

    def _back_to_counter(self) -> None:
        self.window.activateWindow()
        self.page.search.focus()

    # --- status and messages ----------------------------------------------------------
    def _show_state(self, state: PrinterState) -> None:
        self.status.show_state(state.phase, state.waiting, state.fault, state.cause)

    def _job_changed(self, event: JobEvent) -> None:
        if event.status is JobStatus.FAILED:
            fault = fault_of(event.message)
            if fault is None:  # a software error: logged, nothing resumes by itself
                text = self.tr("Slip not printed — %1. %2")
            else:
                text = self.tr("Slip not printed — %1. %2 It prints by itself when the "
                               "printer is ready; %3 prints it now.")
            text = (text.replace("%1", fault_reason(fault)).replace("%2", fault_advice(fault))
                    .replace("%3", REPRINT_KEY))
            self._flash_slip_problem(text)

    def _flash_slip_problem(self, problem: str) -> None:
        """Say the slip did not print. A success just said ("Awarded …") stays above it in
        its own colour: the cashier must not think the award failed and key it again."""
        flash = self.page.flash
        current = flash.text()
        if current and current == self._flash_shown:
            success = self._flash_success  # a second problem after the first: replace it
        elif current and flash.isVisible() and flash.property("tone") == "ok":
            success = current
        else:
            success = ""
        if not success:
            self._flash_success = self._flash_shown = ""
            self.page.show_flash(problem, "error")
            return
        shown = (f"{html.escape(success)}<br><span style='color:{PROBLEM_COLOUR}'>"
                 f"{html.escape(problem)}</span>")
        self._flash_success, self._flash_shown = success, shown
        self.page.show_flash(shown, "ok", rich=True)

    def _test_finished(self, error: PrinterError | None) -> None:
        if self.dialog is None:
            return
        self.dialog.show_test_result(
            None if error is None else f"{fault_reason(error.fault)}. "
                                       f"{fault_advice(error.fault)}")

    # --- F7 -----------------------------------------------------------------------------
    def reprint(self) -> None:
        if self.session.cashier is None:
            return
        if self.printer is None or self.printer.profile is None:
            self.page.show_flash(self.tr("No receipt printer is set up. A manager can choose "
                                         "one with %1.").replace("%1", SETTINGS_KEY), "info")
            return
        outcome = self.printer.reprint()
        texts = {"waiting": self.tr("Printing the waiting slips…"),
                 "copy": self.tr("Reprinting the last slip, marked COPY…"),
                 "nothing": self.tr("No slip has been printed yet.")}
        self.page.show_flash(texts[outcome], "info")
        self.page.search.focus()

    # --- F10 ----------------------------------------------------------------------------
    def open_settings(self) -> None:
        cashier = self.session.cashier
        if cashier is None:
            return
        if not cashier.is_manager:
            self.page.show_flash(self.tr("Printer settings are for managers."), "error")
            return
        self.slip_settings = load_printer_settings(self.session.service.engine)
        dialog = PrinterSettingsDialog(self.slip_settings, self.settings.text("region"),
                                       self.preview_maker(), parent=self.window)
        dialog.scanner.load(self.scanner_settings)
        dialog.scanner.load_sellers(sorted(self.session.service.seller_ids()))
        dialog.save_requested.connect(self.save_settings)
        dialog.test_requested.connect(self.test_print)
        dialog.finished.connect(lambda _result: self._back_to_counter())
        self.dialog = dialog
        dialog.open()

    def preview_maker(self) -> Callable[[PrinterSettings], Image.Image]:
        """Renders the award slip this counter prints, with a sample member, on the given
        settings. The result runs on the dialog's helper thread, so it holds plain values
        taken now and does only :mod:`printing` work."""
        sample = sample_award()
        cashier = self.session.cashier.name if self.session.cashier else ""
        sale = replace(sample.sale, terminal=self.session.service.ctx.terminal_id,
                       cashier=cashier)
        store_name, tz = self.settings.text("store_name"), self.settings.text("tz")

        def render(settings: PrinterSettings) -> Image.Image:
            store = replace(store_info_of(settings), name=store_name, tz=tz)
            assert settings.profile is not None
            return render_preview(build_award(replace(sample, store=store, sale=sale,
                                                      show_code=True)), settings.profile)
        return render

    def test_print(self, profile: object) -> None:
        if self.printer is not None:
            self.printer.start_test_print(profile)  # type: ignore[arg-type]
        elif self.dialog is not None:
            self.dialog.show_test_result(self.tr("printing is not available here"))

    def save_settings(self, new: PrinterSettings) -> None:
        service = self.session.service
        scanner = self.scanner_settings
        sellers = sorted(service.seller_ids())
        if self.dialog is not None:
            try:
                prefix, suffix = self.dialog.scanner.markers()
                sellers = self.dialog.scanner.seller_ids()
            except ValueError as err:
                self.dialog.message.show_text(str(err), "error")
                return
            scanner = replace(scanner, prefix=prefix, suffix=suffix)
        try:
            save_printer_settings(service.engine, service.ctx, new, service.now(),
                                  also={"scanner.prefix": scanner.prefix,
                                        "scanner.suffix": scanner.suffix,
                                        SELLER_IDS_SETTING: sellers})
        except Exception:
            log.exception("saving the printer settings failed")
            if self.dialog is not None:
                self.dialog.message.show_text(describe(LoyaltyError(
                    "The local store could not save this.", code="storage")), "error")
            return
        self.slip_settings = new
        self.scanner_settings = scanner
        self.scanner_saved(scanner)
        log.info("printer settings saved: %s",
                 new.profile.describe() if new.profile else "no printer")
        if self.printer is not None:
            self.printer.slips = self._slip_factory()
            self.printer.set_profile(new.profile)
        if self.dialog is not None:
            self.dialog.accept()
        self.page.show_flash(self.tr("Printer settings saved."), "ok")

    # --- F6 -----------------------------------------------------------------------------
    def open_member_card(self) -> None:
        member = self.session.member
        if self.session.cashier is None:
            return
        if member is None:
            self.page.show_flash(describe(LoyaltyError("", code="no_member")), "error")
            return
        store = store_info(self.settings, self.slip_settings)
        card = CardData(store.name, member.name, member.tier.name_zh, member.member_code)
        service = self.session.service
        cashier = self.session.cashier.name

        def slip() -> object:
            return card_document(card, member.phone, store, service.ctx.terminal_id,
                                 cashier, service.now())
        can_print = self.printer is not None and self.printer.profile is not None
        self.card = MemberCardDialog(card, slip,  # type: ignore[arg-type]
                                     self.printer if can_print else None, parent=self.window)
        self.card.finished.connect(lambda _result: self._back_to_counter())
        self.card.open()
