"""Wiring the counter: sign-in and lock, search and scans, navigation and Esc.

The action forms' flows live in :mod:`desktop.flows`.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer

from desktop.flows import ActionFlows
from desktop.idle import IdleLock
from desktop.incoming import IncomingSales
from desktop.main_window import MainWindow
from desktop.messages import describe
from desktop.scanner import ScanInput
from desktop.services.receipts import NoReceiptPrinter, ReceiptPrinter
from desktop.services.session import CounterSession
from desktop.services.sync_status import SyncState, SyncStatus
from desktop.sync_panel import SyncPanel
from loyalty.carrier import carrier_hint
from loyalty.einvoice import looks_like_invoice
from loyalty.errors import LoyaltyError
from loyalty.member_qr import looks_like_member_qr
from loyalty.poslink import PosDesk
from loyalty.store.cashiers import Cashier
from loyalty.store.lookup import SearchKind, SearchResult
from loyalty.store.panel import MemberPanel
from loyalty.store.report.service import ReportService
from loyalty.voids import voidable

log = logging.getLogger(__name__)
FORM_ACTIONS = ("award", "redeem", "enroll", "sale", "void", "instruments")


def report_window_class() -> Any | None:
    """``desktop.report.ReportWindow`` when that package is installed, else None."""
    try:
        module = importlib.import_module("desktop.report")
    except ImportError:
        return None
    return getattr(module, "ReportWindow", None)


class CounterController(QObject):
    """Connects the window's views to the session, the scanner and the sync status."""

    def __init__(self, window: MainWindow, session: CounterSession, sync: SyncStatus,
                 scans: ScanInput, idle: IdleLock,
                 printer: ReceiptPrinter | None = None, pos_desk: PosDesk | None = None, *,
                 sync_panel: SyncPanel | None = None,
                 report_data: ReportService | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.page = window.counter
        self.session = session
        self.sync = sync
        self.idle = idle
        self.flows = ActionFlows(self.page, session, printer or NoReceiptPrinter())
        self.incoming = IncomingSales(self.page, session, self.flows, pos_desk)
        self.last_cashier: str | None = None
        self.report: Any = None
        self.report_data = report_data or ReportService(session.service)
        self.report_class = report_window_class()
        self._searched = ""  # what the result list on screen was searched with
        session.is_online = sync.is_online
        window.sign_in.sign_in_requested.connect(self.sign_in)
        window.sign_in.first_manager_requested.connect(self.create_first_manager)
        session.signed_in.connect(self._signed_in)
        session.signed_out.connect(self._signed_out)
        session.member_changed.connect(self._member_changed)
        session.recorded.connect(lambda _kind: sync.refresh_soon())
        self._synced_at = sync.state.last_sync
        sync.state_changed.connect(self._sync_changed)
        self.page.search.search_requested.connect(self.search)
        self.page.search.down_pressed.connect(self._into_results)
        self.page.results.member_chosen.connect(self.choose_member)
        self.page.results.back_requested.connect(self.back)
        self.flows.finished.connect(self._form_closed)
        scans.scan_received.connect(self.scan_received)
        window.action_requested.connect(self.action)
        window.back_requested.connect(self.back)
        self.sync_panel = sync_panel or SyncPanel(window, session, sync)
        idle.idle_timeout.connect(self.lock)

    def start(self) -> None:
        """Show the lock screen (or first-run set-up) and the sync status."""
        self.sync.start()
        self._show_lock_screen()

    # --- sign-in and lock -------------------------------------------------------------
    def _show_lock_screen(self) -> None:
        self.window.show_sign_in()
        if self.session.has_manager():
            self.window.sign_in.show_cashiers(self.session.staff(), self.last_cashier)
        else:
            self.window.sign_in.show_first_run()

    def sign_in(self, cashier_id: str, pin: str) -> None:
        try:
            self.session.sign_in(cashier_id, pin)
        except LoyaltyError as err:
            self.window.sign_in.show_error(describe(err))

    def create_first_manager(self, name: str, pin: str, pin_again: str) -> None:
        try:
            manager = self.session.create_first_manager(name, pin, pin_again)
        except LoyaltyError as err:
            self.window.sign_in.show_error(describe(err))
            return
        self.last_cashier = manager.id
        self.session.sign_in(manager.id, pin)

    def lock(self) -> None:
        self.flows.close()
        self.close_report()
        self.session.lock()

    def _signed_in(self, cashier: Cashier) -> None:
        self.last_cashier = cashier.id
        self.page.header.set_cashier(cashier)
        self.window.show_counter()
        self.page.search.set_text("")
        self.page.show_flash("")
        self._refresh_actions()
        self.idle.arm()
        self.page.search.focus()

    def _signed_out(self) -> None:
        self.close_report()  # member data never stays behind the lock screen
        self.idle.disarm()
        self.page.header.set_cashier(None)
        self.page.search.set_text("")
        self.page.show_flash("")
        self._show_lock_screen()
        # The PIN takes the keys at once, also when a page closing just now moved the focus.
        QTimer.singleShot(0, self._focus_lock_screen)

    def _focus_lock_screen(self) -> None:
        if self.session.cashier is None:
            self.window.activateWindow()
            self.window.sign_in.focus_default()

    # --- finding members --------------------------------------------------------------
    def scan_received(self, code: str) -> None:
        """Every scan (keyboard wedge or camera) looks the code up like a typed search. The
        member already on screen scanned again keeps the open form and what is typed in it;
        a code that finds nothing leaves the form open too."""
        if self.session.cashier is None:
            self.window.sign_in.show_error(self.tr("Sign in first, then scan."))
            return
        if looks_like_invoice(code):
            self.incoming.invoice_scanned(code)
            return
        if looks_like_member_qr(code):
            self.member_qr_scanned(code)
            return
        form_open = self.page.open_form_widget() is not None
        try:
            result = self.session.find(code)
        except LoyaltyError as err:
            self.page.show_flash(describe(err), "error")
            if not form_open:
                self.page.search.set_text(code)
                self.page.search.focus()
            return
        shown = self.session.member
        if form_open and shown is not None and [m.id for m in result.members] == [shown.id]:
            self.page.show_flash(self.tr("%1 is already on screen.").replace(
                "%1", shown.name), "info")
            return
        self.flows.close()
        # A carrier barcode is the customer's key to their invoices: never left on screen.
        carrier = result.kind is SearchKind.CARRIER
        self.page.search.set_text("" if carrier else code)
        self._searched = "" if carrier else code.strip()
        self.show_result(result)

    def member_qr_scanned(self, code: str) -> None:
        """The member's signed QR (from their phone): verified here, offline; the member is
        shown and proven for this sale. An open form of the same member stays open (a
        redemption waiting for proof goes on); another member's form closes."""
        try:
            member_id = self.session.verify_member_qr(code)
            shown = self.session.member
            if shown is not None and shown.id != member_id:
                self.flows.close()
            panel = self.session.prove_member(code)
        except LoyaltyError as err:
            self.flows.requote()
            self.page.show_flash(describe(err), "error")
            return
        if self.page.open_form_widget() is None:
            self.page.search.set_text("")  # the code is no search to leave on screen
            self.page.search.focus()
        self.flows.identity_proven(panel)

    def search(self, text: str) -> None:
        """Enter in the search box: open the highlighted result when the list shows what
        was searched; otherwise search."""
        results = self.page.results
        if (self.page.left.currentWidget() is results and results.currentItem() is not None
                and text.strip() == self._searched):
            results.choose_current()
            return
        self._searched = text.strip()
        try:
            result = self.session.find(text)
        except LoyaltyError as err:
            self.page.show_flash(describe(err), "error")
            self.page.search.focus()
            return
        self.show_result(result)

    def show_result(self, result: SearchResult) -> None:
        if result.kind is SearchKind.CARRIER:
            self.page.search.set_text("")
        typed = self.page.search.line.text().strip()
        self.flows.pending_phone = typed if result.kind is SearchKind.PHONE else ""
        if len(result.members) == 1:
            self.choose_member(result.members[0].id)
            return
        if not result.members and result.kind is SearchKind.CARRIER:
            self._carrier_unknown(result.query)
            return
        self.session.clear_member()
        if not result.members:
            text = self.tr("No member found for “%1”.").replace("%1", typed)
            if result.kind is SearchKind.PHONE:
                text += " " + self.tr("Press F4 to enroll this phone.")
            self.page.show_flash(text, "info")
            self.page.left.setCurrentWidget(self.page.panel)
        else:
            self.page.results.show_members(result.members)
            self.page.left.setCurrentWidget(self.page.results)
            self.page.show_flash(self.tr("%1 members match — press ↓ and Enter to choose.")
                                 .replace("%1", str(len(result.members))), "info")
        self.page.search.focus()

    def _carrier_unknown(self, code: str) -> None:
        """A carrier barcode nobody linked: with a member shown, offer to link it to them
        (their form stays open otherwise); else say how."""
        self.page.search.set_text("")
        if self.session.member is not None and self.session.member.status != "erased":
            self.flows.open_carrier(code)
            return
        self.page.show_flash(self.tr(
            "No member has linked carrier barcode %1. Find the member, then scan it again "
            "to link it.").replace("%1", carrier_hint(code)), "info")
        self.page.search.focus()

    def choose_member(self, member_id: str) -> None:
        try:
            self.session.show_member(member_id)
        except LoyaltyError as err:
            self.page.show_flash(describe(err), "error")
        else:
            self.page.show_flash("")
        self.page.search.focus()

    def _into_results(self) -> None:
        if self.page.left.currentWidget() is self.page.results:
            self.page.results.setFocus()

    def _member_changed(self, panel: MemberPanel | None) -> None:
        self.page.panel.show_panel(panel)
        self.page.left.setCurrentWidget(self.page.panel)
        self._refresh_actions()

    def _sync_changed(self, state: SyncState) -> None:
        """A sync round succeeded: the member on screen may have entries confirmed now."""
        if state.last_sync != self._synced_at:
            self._synced_at = state.last_sync
            try:
                self.session.refresh_member()
            except LoyaltyError as err:
                log.warning("member not refreshed after sync: %s", err)

    # --- actions and Esc --------------------------------------------------------------
    def action(self, name: str) -> None:
        if self.session.cashier is None:
            return
        if name == "lock":
            self.lock()
        elif name == "report":
            self.open_report()
        elif name in FORM_ACTIONS:
            self.flows.open(name)

    def open_report(self) -> None:
        """F9: the report as a page of the window, in place of the counter (F9 again, Esc
        or its Close button go back; a lock or sign-out closes it)."""
        cashier = self.session.cashier
        window_class = self.report_class
        if self.report is not None:
            self.close_report()
            return
        if cashier is None or not cashier.is_manager or window_class is None:
            self.page.show_flash(self.tr("The report is for managers."), "info")
            return
        self.report = window_class(self.session.service, cashier, data=self.report_data)
        self.report.close_requested.connect(self.close_report)
        self.window.show_page(self.report)
        self.window.set_actions_enabled({name: name in ("report", "lock")
                                         for name in (*FORM_ACTIONS, "report", "lock")})
        self.report.setFocus()

    def close_report(self) -> None:
        """Back from the report page to the counter (nothing happens when it is closed)."""
        report, self.report = self.report, None
        if report is None:
            return
        report.shut_down()
        self.window.remove_page(report)
        report.deleteLater()
        if self.session.cashier is not None:
            self.window.show_counter()
            self._refresh_actions()
            self.page.search.focus()

    def back(self) -> None:
        """Esc: leave the report page; close the form, else leave the result list, else
        clear the member."""
        if self.report is not None:
            self.report.back()
            return
        if self.page.open_form_widget() is not None:
            self.flows.close()
        elif self.page.left.currentWidget() is self.page.results:
            self.page.left.setCurrentWidget(self.page.panel)
        elif self.incoming.cancel():
            self.page.show_flash(self.tr("The waiting sale was cancelled."), "info")
            self.page.search.focus()
            return
        elif self.session.member is not None:
            self.session.clear_member()
            self.page.search.set_text("")
        self.page.show_flash("")
        self.page.search.focus()

    def _form_closed(self) -> None:
        self.page.search.focus()
        self._refresh_actions()

    def _refresh_actions(self) -> None:
        cashier = self.session.cashier
        member = self.session.member
        has_member = member is not None and member.status != "erased"
        self.window.set_actions_enabled({
            "award": has_member, "redeem": has_member, "enroll": True, "sale": True,
            "instruments": has_member,
            "void": has_member and member is not None and bool(voidable(member.history)),
            "report": cashier is not None and cashier.is_manager
            and self.report_class is not None,
            "lock": cashier is not None,
        })
