"""The F11 flows: use one of the member's vouchers, gifts or passes after a confirmation;
sell a prepaid pass (its 禮券 prints); refund a pass's rest with a manager's approval.

Who the member is may need proving first (a signed QR or a manager):
:func:`desktop.flows.instrument_identity_gate` is the one place that decides.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QObject

from desktop import formatting, instrument_text
from desktop.main_window import CounterPage
from desktop.messages import describe
from desktop.services.instrument_session import InstrumentCounter, InstrumentUse
from desktop.services.receipts import Receipt
from desktop.services.session import CounterSession
from desktop.views.confirm import ConfirmDialog
from loyalty.errors import ApprovalRequired, LoyaltyError
from loyalty.money import Money, format_money
from loyalty.programs import Program
from loyalty.store.instruments import InstrumentChange, InstrumentView
from loyalty.store.panel import MemberPanel
from sync.instrument_redeem import InstrumentRedemption

log = logging.getLogger(__name__)
Done = Callable[[str, Receipt | None], None]
Gate = Callable[[CounterSession, MemberPanel, InstrumentView], str | None]


class InstrumentFlows(QObject):
    """Carries out what the instruments form and the pass sale form ask for.

    Args:
        done: closes the form, says the text, prints the receipt (``ActionFlows._done``).
        gate: the identity check before a use (``instrument_identity_gate``).
    """

    def __init__(self, page: CounterPage, session: CounterSession, done: Done,
                 gate: Gate) -> None:
        super().__init__(page)
        self.page = page
        self.session = session
        self.counter = InstrumentCounter(session, self)
        self.done = done
        self.gate = gate
        self.dialog: ConfirmDialog | None = None
        view = page.instruments
        view.use_requested.connect(self.use)
        view.refund_requested.connect(self.refund)
        view.sell_requested.connect(self.open_sale)
        page.pass_sale.sell_requested.connect(self.sell)
        self.counter.used.connect(self._used)
        self.counter.use_failed.connect(self._use_failed)
        self.counter.recovered.connect(self._recovered)

    def _cashier_name(self) -> str:
        return self.session.cashier.name if self.session.cashier else ""

    def open(self) -> None:
        """F11: the member's usable instruments."""
        self.page.open_form(self.page.instruments)
        self.page.instruments.start(instrument_text.usable(self.counter.views()),
                                    self.session.managers_first())

    def close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None

    def _confirm(self, title: str, text: str, yes: str, then: Callable[[], None]) -> None:
        self.close_dialog()
        dialog = ConfirmDialog(title, text, yes, self.page.window())
        dialog.accepted.connect(then)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: ConfirmDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # --- using one -----------------------------------------------------------------------
    def use(self, instrument_id: str, units_text: str, receipt_no: str) -> None:
        form = self.page.instruments
        member = self.session.member
        try:
            view = self.counter.view(instrument_id)
            units = self.counter.units(view, units_text)
            approved_by = self._identity(member, view)
        except ApprovalRequired as err:
            form.ask_approval(str(err))
            form.show_error(self.tr("A manager must approve: enter their PIN."))
            return
        except LoyaltyError as err:
            form.show_error(describe(err))
            return
        assert member is not None
        use = InstrumentUse(view, units, receipt_no.strip() or None, approved_by)
        after = view.remaining - units
        text = (self.tr("Use %1 of “%2” for %3? %4 left after this.")
                .replace("%1", formatting.number(units))
                .replace("%2", instrument_text.name(view)).replace("%3", member.name)
                .replace("%4", formatting.number(after)))
        self._confirm(self.tr("Use a voucher"), text, self.tr("Use"),
                      lambda: self._start_use(use))

    def _identity(self, member: MemberPanel | None, view: InstrumentView) -> str | None:
        """The manager who vouched for the member, when the gate asks for one; else None."""
        if member is None:
            raise LoyaltyError("Find the member first.", code="no_member")
        reason = self.gate(self.session, member, view)
        if reason is None:
            return None
        form = self.page.instruments
        return self.session._approve(form.approval.approver_id(),
                                     form.approval.entered_pin(), "instrument",
                                     ApprovalRequired(reason, code="identity_required"))

    def _start_use(self, use: InstrumentUse) -> None:
        try:
            self.counter.request_use(use)
        except LoyaltyError as err:
            self.page.instruments.show_error(describe(err))
            return
        if self.counter.busy:
            self.page.instruments.set_waiting(True)

    def _used(self, change: InstrumentChange, use: InstrumentUse) -> None:
        self.page.instruments.set_waiting(False)
        view = use.view
        text = (self.tr("Used %1 of “%2”. %3 left.")
                .replace("%1", formatting.number(use.units))
                .replace("%2", instrument_text.name(view))
                .replace("%3", formatting.number(change.remaining)))
        if change.offline and self.session.redemptions.client is not None:
            text += " " + self.tr("(offline: head office confirms it later)")
        self.done(text, Receipt("instrument", self.session.member, receipt_no=use.receipt_no,
                                cashier_name=self._cashier_name(), instrument=change,
                                instrument_before=view,
                                approved_by=self._name_of(use.approved_by)))

    def _use_failed(self, err: LoyaltyError) -> None:
        form = self.page.instruments
        form.set_waiting(False)
        form.show_error(describe(err))

    def _recovered(self, stood: list[InstrumentRedemption]) -> None:
        """Central approved these before the counter stopped mid-exchange: they stand."""
        self.page.show_flash(self.tr(
            "Recorded after the stop: %1 voucher use(s) central had approved. Check the "
            "member's vouchers if the customer did not get them.")
            .replace("%1", formatting.number(len(stood))), "info")

    def abandon(self) -> bool:
        """Esc while central is asked: the use is cancelled (False: none waiting)."""
        return self.counter.abandon()

    # --- selling a pass -------------------------------------------------------------------
    def open_sale(self) -> None:
        passes = self.counter.passes_on_sale()
        shown = [(p, self.tr("%1 — %2, %3 cups")
                  .replace("%1", p.name_zh if formatting.is_chinese() else p.name_en)
                  .replace("%2", format_money(self._price(p)))
                  .replace("%3", formatting.number(p.units))) for p in passes]
        self.page.open_form(self.page.pass_sale)
        self.page.pass_sale.start(shown)

    def _price(self, program: Program) -> Money:
        return Money(program.price or Decimal(0), self.session.service.ctx.currency)

    def sell(self, program_id: str, receipt_no: str) -> None:
        try:
            change = self.counter.sell_pass(program_id, receipt_no)
        except LoyaltyError as err:
            self.page.pass_sale.show_error(describe(err))
            return
        program = self.session.rules().program(program_id)
        name = (program.name_zh if formatting.is_chinese() else program.name_en) \
            if program else program_id
        self.done(self.tr("Sold “%1” (%2 cups), serial %3. The 禮券 is printing.")
                  .replace("%1", name).replace("%2", formatting.number(change.units))
                  .replace("%3", change.serial or ""),
                  Receipt("pass_sale", self.session.member, receipt_no=receipt_no or None,
                          cashier_name=self._cashier_name(), instrument=change))

    # --- refunding a pass's rest ----------------------------------------------------------
    def refund(self, instrument_id: str, approver_id: object, pin: str) -> None:
        form = self.page.instruments
        cashier = self.session.cashier
        try:
            view = self.counter.view(instrument_id)
            value = self.counter.refund_value(instrument_id)
        except LoyaltyError as err:
            form.show_error(describe(err))
            return
        what = (self.tr("Refund the %1 unused cups of “%2”: pay back %3.")
                .replace("%1", formatting.number(view.remaining))
                .replace("%2", instrument_text.name(view))
                .replace("%3", formatting.money(value)))
        manager = cashier is not None and cashier.is_manager
        if not manager and (not approver_id or not pin):
            form.ask_approval(what)
            form.show_error(self.tr("A manager must approve a refund: enter their PIN."))
            return

        def go() -> None:
            try:
                change = self.counter.refund(instrument_id,
                                             str(approver_id) if approver_id else None, pin)
            except LoyaltyError as err:
                form.show_error(describe(err))
                return
            approver = self._staff_name(change, approver_id)
            self.done(self.tr("Refunded %1 cups of “%2”: pay back %3.")
                      .replace("%1", formatting.number(-change.units))
                      .replace("%2", instrument_text.name(view))
                      .replace("%3", formatting.money(value)),
                      Receipt("pass_refund", self.session.member,
                              cashier_name=self._cashier_name(), instrument=change,
                              instrument_before=view, refund=value, approved_by=approver))

        self._confirm(self.tr("Refund a pass"), what + " " + self.tr("This cannot be undone."),
                      self.tr("Refund"), go)

    def _staff_name(self, _change: InstrumentChange, approver_id: object) -> str | None:
        cashier = self.session.cashier
        if cashier is not None and cashier.is_manager:
            return cashier.name
        return self._name_of(approver_id)

    def _name_of(self, staff_id: object) -> str | None:
        """The approving manager's name, as slips print it."""
        if not staff_id:
            return None
        return next((c.name for c in self.session.staff() if c.id == staff_id), None)
