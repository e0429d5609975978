"""The action forms' flows: award, redeem, enroll, void, the no-member sale and (through
:mod:`desktop.instrument_flows`) the member's vouchers, gifts and passes.

Each handler calls the session, shows the cashier what happened (translated by error code),
hands a completed operation to the receipt printer, and closes its form.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop import formatting, instrument_text
from desktop.instrument_flows import InstrumentFlows
from desktop.main_window import CounterPage
from desktop.messages import describe
from desktop.services.receipts import Receipt, ReceiptPrinter
from desktop.services.session import CounterSession, EnrollForm
from loyalty.carrier import carrier_hint
from loyalty.einvoice import DuplicateInvoice, EInvoice
from loyalty.errors import ApprovalRequired, DuplicatePhone, LoyaltyError
from loyalty.identity import IdentityProofRequired, proof_needed
from loyalty.money import Money
from loyalty.redemption import RedeemQuote
from loyalty.store.instruments import InstrumentChange, InstrumentView
from loyalty.store.panel import MemberPanel
from loyalty.store.points import PointsChange
from loyalty.text import clean_name
from sync.redeem import Redemption

log = logging.getLogger(__name__)


def instrument_identity_gate(session: CounterSession, member: MemberPanel,
                             instrument: InstrumentView) -> str | None:
    """Identity before an instrument is used (issue #20, point 5): None lets the use go
    ahead; a reason means a phone number alone is not enough, and the cashier must scan the
    member's signed QR (``loyalty/member_qr.py``) or a manager must approve — the reason is
    shown over the approval box and the approving manager goes on the entry.

    This is the one place the chain's policy (``member_qr.proof_for_instruments`` in the
    rules, decided by :func:`loyalty.identity.proof_needed`) is applied at the counter; a
    member proven by their QR code for this sale goes ahead.
    """
    if not proof_needed(session.rules(), 0, instrument=True, proven_by=session.proven_by):
        return None
    return QCoreApplication.translate(
        "ActionFlows", "A phone number is not enough: scan the member's QR code, "
                       "or a manager approves.")


class ActionFlows(QObject):
    """Opens the action forms and carries out what they request.

    Signals:
        finished(): the open form closed (done or backed out).
    """

    finished = Signal()

    def __init__(self, page: CounterPage, session: CounterSession,
                 printer: ReceiptPrinter) -> None:
        super().__init__(page)
        self.page = page
        self.session = session
        self.printer = printer
        self.pending_phone = ""  # a phone searched and not found: enrollment starts with it
        self.invoice: EInvoice | None = None  # the e-invoice the award form shows
        page.award.amount_edited.connect(self.award_preview)
        page.award.award_requested.connect(self.award)
        page.redeem.edited.connect(self.redeem_preview)
        page.redeem.redeem_requested.connect(self.redeem)
        session.redeemed.connect(self._redeemed)
        session.redeem_failed.connect(self._redeem_failed)
        session.redemptions_recovered.connect(self._recovered)
        self._redeem_before: MemberPanel | None = None
        page.enroll.enroll_requested.connect(self.enroll)
        page.void.void_requested.connect(self.void)
        page.sale.sale_requested.connect(self.sale)
        page.carrier.link_requested.connect(self.link_carrier)
        self.carrier_code = ""  # the scanned carrier barcode the link form asks about
        self.instruments = InstrumentFlows(page, session, self._done,
                                           instrument_identity_gate)
        for form in (page.award, page.redeem, page.enroll, page.void, page.sale,
                     page.carrier, page.instruments, page.pass_sale):
            form.cancelled.connect(self.close)

    def open(self, name: str) -> None:
        if self.session.redeeming or self.instruments.counter.busy:  # central is answering
            return
        member = self.session.member
        page = self.page
        if name in ("award", "redeem", "void", "instruments") and member is None:
            page.show_flash(describe(LoyaltyError("", code="no_member")), "error")
            return
        page.show_flash("")
        if name == "award":
            page.open_form(page.award)
            page.award.start()
        elif name == "redeem":
            page.open_form(page.redeem)
            page.redeem.start(self.session.managers_first(), self._limits_text())
        elif name == "enroll":
            page.open_form(page.enroll)
            page.enroll.start(self.pending_phone)
        elif name == "void" and member is not None:
            cashier = self.session.cashier
            page.open_form(page.void)
            page.void.start(member.history, self.session.managers_first(),
                            needs_manager=cashier is None or not cashier.is_manager)
        elif name == "sale":
            page.open_form(page.sale)
            page.sale.start()
        elif name == "instruments":
            self.instruments.open()

    def close(self) -> None:
        if self.session.redeeming:  # the answer decides what the cashier sees next
            if self.session.abandon_redeem():
                self.page.redeem.set_abandoning()
            return
        if self.instruments.counter.busy:
            if self.instruments.abandon():
                self.page.instruments.message.show_text(
                    self.tr("Cancelling the redemption…"), "info")
            return
        self.instruments.close_dialog()
        self.invoice = None
        if self.page.open_form_widget() is not None:
            self.page.open_form(None)
            self.finished.emit()

    def _done(self, text: str, receipt: Receipt | None = None) -> None:
        self.close()
        self.page.show_flash(text, "ok")
        if receipt is not None:
            try:
                self.printer.print_receipt(receipt)
            except Exception:  # a printer seam must never undo a recorded operation
                log.exception("receipt printer failed for %s", receipt.kind)

    # --- award ------------------------------------------------------------------------
    def award_preview(self, amount_text: str) -> None:
        try:
            earned = self.session.award_preview(amount_text)
        except LoyaltyError:
            self.page.award.set_preview("")
            return
        member = self.session.member
        text = self.tr("Earns +%1 points").replace("%1", formatting.number(earned))
        if member is not None and member.is_birthday_month:
            text += " " + self.tr("(birthday month bonus)")
        self.page.award.set_preview(text)

    def open_invoice(self, invoice: EInvoice) -> None:
        """An e-invoice scanned with a member shown: the award form filled from it; one
        Enter awards."""
        page = self.page
        page.show_flash("")
        page.open_form(page.award)
        amount = f"{invoice.total_amount:f}"
        page.award.start_filled(amount, invoice.number, self.tr(
            "E-invoice %1 of %2, total %3: Enter awards.")
            .replace("%1", invoice.number).replace("%2", formatting.day(invoice.issued_on))
            .replace("%3", formatting.money(Money(invoice.total_amount,
                                                  self.session.service.ctx.currency))))
        self.invoice = invoice
        self.award_preview(amount)

    def award(self, amount_text: str, receipt_no: str) -> None:
        before = self.session.member
        invoice = self.invoice
        try:
            sale = self.session.parse_sale(amount_text)
            if invoice is not None:
                change = self.session.award_invoice(invoice)
            else:
                change = self.session.award(amount_text, receipt_no)
        except DuplicateInvoice as err:
            self.page.award.show_error(self.duplicate_invoice(err))
            return
        except LoyaltyError as err:
            self.page.award.show_error(describe(err))
            return
        self._done(self.tr("Awarded +%1 points for %2. Balance %3.")
                   .replace("%1", formatting.number(change.points))
                   .replace("%2", formatting.money(sale))
                   .replace("%3", formatting.number(change.balance))
                   + self.instrument_news(change.instruments),
                   Receipt("award", before, change=change, sale=sale,
                           receipt_no=receipt_no.strip() or None,
                           cashier_name=self._cashier_name()))

    def sale_awarded(self, before: MemberPanel | None, change: PointsChange, sale: Money,
                     receipt_no: str | None) -> None:
        """A sale that arrived whole (the POS link) was awarded: said and its slip printed."""
        self._done(self.tr("POS sale: awarded +%1 points for %2. Balance %3.")
                   .replace("%1", formatting.number(change.points))
                   .replace("%2", formatting.money(sale))
                   .replace("%3", formatting.number(change.balance))
                   + self.instrument_news(change.instruments),
                   Receipt("award", before, change=change, sale=sale, receipt_no=receipt_no,
                           cashier_name=self._cashier_name()))

    def instrument_news(self, changes: tuple[InstrumentChange, ...]) -> str:
        """What a sale did to the member's instruments, for the line over the counter:
        `` Stamps 3/10 on 咖啡集點卡. New: 集點兌換 中杯拿鐵.`` (empty when nothing)."""
        member = self.session.member
        views = {v.instrument_id: v for v in (member.instruments if member else ())}
        rules = self.session.rules()
        text = ""
        for change in changes:
            program = rules.program(change.program_id)
            view = views.get(change.instrument_id)
            name = (view and instrument_text.name(view)) or (program and (
                program.name_zh if formatting.is_chinese() else program.name_en)) \
                or change.program_id
            if change.kind == "stamp":
                per_card = program.units if program else 0
                text += " " + self.tr("Stamps %1/%2 on %3.").replace(
                    "%1", str(change.stamps_now or 0)).replace("%2", str(per_card)) \
                    .replace("%3", name)
            elif change.kind == "issue":
                text += " " + self.tr("New: %1.").replace("%1", name)
        return text

    def duplicate_invoice(self, err: DuplicateInvoice) -> str:
        """When and where (store, till) the invoice earned, in local time."""
        tz = self.session.service.ctx.tz
        when = (formatting.moment(err.earned_at, tz) if isinstance(err.earned_at, datetime)
                else str(err.earned_at))
        here = self.session.service.ctx
        where = (self.tr("this till") if err.terminal_id == here.terminal_id
                 else self.tr("this store, till %1").replace("%1", err.terminal_id)
                 if err.store_id == here.store_id
                 else self.tr("store %1, till %2").replace("%1", err.store_id)
                 .replace("%2", err.terminal_id))
        return (self.tr("Invoice %1 already earned points on %2 at %3.")
                .replace("%1", err.number).replace("%2", when).replace("%3", where))

    # --- redeem -----------------------------------------------------------------------
    def _limits_text(self) -> str:
        member = self.session.member
        rules = self.session.rules()
        if member is None:
            return ""
        text = self.tr("Balance %1 · minimum %2 · up to %3 per sale, in steps of %4") \
            .replace("%1", formatting.number(member.balance)) \
            .replace("%2", formatting.number(rules.redeem_min_points)) \
            .replace("%3", formatting.number(min(member.balance, rules.redeem_max_points))) \
            .replace("%4", formatting.number(rules.redeem_points_unit))
        if not self.session.is_online():
            text += "\n" + self.tr("Offline: up to %1 points without a manager.").replace(
                "%1", formatting.number(rules.offline.max_points_per_sale))
        if self.session.proven_by is not None:
            text += "\n" + self.tr("Identity proven by the member's QR code.")
        elif rules.member_qr.proof_above_points is not None:
            text += "\n" + self.tr("Over %1 points: scan the member's QR code, or a manager "
                                   "approves.").replace(
                "%1", formatting.number(rules.member_qr.proof_above_points))
        return text

    def identity_proven(self, member: MemberPanel) -> None:
        """A scanned member QR proved ``member`` for this sale: said, and an open redemption
        quoted again (the proof may be all it waited for)."""
        self.page.show_flash(self.tr("Member QR code verified: %1 is proven for this sale.")
                             .replace("%1", member.name), "ok")
        self.requote()

    def requote(self) -> None:
        """Quote the open redemption again (a scan's keystrokes went through its fields and
        were taken back; a proof may have arrived)."""
        view = self.page.redeem
        if self.page.open_form_widget() is view and not self.session.redeeming:
            view.limits.setText(self._limits_text())
            view.message.clear_text()  # what the scan's keystrokes made it say
            self.redeem_preview(view.points.text(), view.sale.text())

    def redeem_preview(self, points_text: str, sale_text: str) -> None:
        view = self.page.redeem
        try:
            quote = self.session.redeem_quote(points_text, sale_text)
        except LoyaltyError as err:
            view.set_value("")
            view.clear_approval()
            if err.code != "redeem_empty":
                view.show_error(describe(err))
            return
        view.set_value(self.tr("%1 points = %2 off").replace("%1", formatting.number(
            quote.points)).replace("%2", formatting.money(quote.value)))
        if quote.approval is not None:
            view.ask_approval(describe(quote.approval), focus=False)
        else:
            view.clear_approval()

    def redeem(self, points_text: str, sale_text: str, approver_id: object, pin: str) -> None:
        self._redeem_before = self.session.member
        try:
            self.session.request_redeem(points_text, sale_text,
                                        str(approver_id) if approver_id else None, pin)
        except LoyaltyError as err:
            self._redeem_failed(err)
            return
        if self.session.redeeming:  # central is asked off the UI thread
            self.page.redeem.set_waiting(True)

    def _redeem_failed(self, err: LoyaltyError) -> None:
        view = self.page.redeem
        view.set_waiting(False)
        if isinstance(err, IdentityProofRequired):
            view.ask_approval(describe(err))
            view.show_error(self.tr("Scan the member's QR code, or a manager enters their "
                                    "PIN."))
        elif isinstance(err, ApprovalRequired):
            view.ask_approval(describe(err))
            view.show_error(self.tr("A manager must approve: enter their PIN."))
        else:
            view.show_error(describe(err))

    def _redeemed(self, change: PointsChange, quote: RedeemQuote) -> None:
        self.page.redeem.set_waiting(False)
        self._done(self.tr("Redeemed %1 points = %2 off. Balance %3.")
                   .replace("%1", formatting.number(quote.points))
                   .replace("%2", formatting.money(quote.value))
                   .replace("%3", formatting.number(change.balance)),
                   Receipt("redeem", self._redeem_before, change=change, sale=quote.sale,
                           discount=quote.value, cashier_name=self._cashier_name()))

    def _recovered(self, stood: list[Redemption]) -> None:
        """Central approved these before the counter stopped mid-redemption: they stand, so
        the cashier is told and their slips print."""
        for result in stood:
            before = self.session.service.panel(result.change.member_id)
            value = self.session.rules().redemption_value(-result.change.points)
            receipt = Receipt("redeem", before, change=result.change, sale=result.sale,
                              discount=value, cashier_name=self._cashier_name())
            try:
                self.printer.print_receipt(receipt)
            except Exception:  # a printer seam must never undo a recorded operation
                log.exception("receipt printer failed for a recovered redemption")
        total = sum(-r.change.points for r in stood)
        self.page.show_flash(self.tr(
            "Recorded after the stop: %1 redemption(s) central had approved (%2 points). "
            "Slips are printing; void one if the customer did not get the discount.")
            .replace("%1", formatting.number(len(stood)))
            .replace("%2", formatting.number(total)), "info")

    # --- mobile-carrier barcode -----------------------------------------------------------
    def open_carrier(self, code: str) -> None:
        """A carrier barcode nobody linked, scanned with a member shown: ask to link it."""
        member = self.session.member
        if member is None:
            return
        self.carrier_code = code
        self.page.show_flash("")
        self.page.open_form(self.page.carrier)
        self.page.carrier.start(carrier_hint(code), member.name)

    def link_carrier(self, consent: bool) -> None:
        try:
            hint = self.session.link_carrier(self.carrier_code, consent=consent)
        except LoyaltyError as err:
            self.page.carrier.show_error(describe(err))
            return
        name = self.session.member.name if self.session.member else ""
        self.carrier_code = ""
        self._done(self.tr("Carrier barcode %1 linked to %2: scanning it finds them.")
                   .replace("%1", hint).replace("%2", name))

    # --- enroll -----------------------------------------------------------------------
    def enroll(self, form: EnrollForm) -> None:
        try:
            enrollment = self.session.enroll(form)
        except DuplicatePhone as err:
            self.close()
            self.session.show_member(err.member_id)
            self.page.show_flash(describe(err), "info")
            return
        except LoyaltyError as err:
            self.page.enroll.show_error(describe(err))
            return
        self.pending_phone = ""
        self._done(self.tr("Welcome, %1! Member code %2.")
                   .replace("%1", clean_name(form.name))
                   .replace("%2", enrollment.member_code),
                   Receipt("enroll", self.session.member, enrollment=enrollment,
                           cashier_name=self._cashier_name()))

    # --- void -------------------------------------------------------------------------
    def void(self, entry_id: str, reason: str, approver_id: object, pin: str) -> None:
        view = self.page.void
        before = self.session.member
        if not entry_id:
            view.show_error(describe(LoyaltyError("", code="void_none")))
            return
        try:
            change = self.session.void(entry_id, reason,
                                       str(approver_id) if approver_id else None, pin)
        except ApprovalRequired:
            view.approval.ask(self.tr("A manager must approve a void."))
            view.show_error(describe(LoyaltyError("", code="approver_missing")))
            return
        except LoyaltyError as err:
            view.show_error(describe(err))
            view.approval.pin.clear()
            return
        self._done(self.tr("Voided: %1 points reversed. Balance %2.")
                   .replace("%1", formatting.signed_points(change.points))
                   .replace("%2", formatting.number(change.balance)),
                   Receipt("void", before, change=change, cashier_name=self._cashier_name()))

    # --- no-member sale ---------------------------------------------------------------
    def sale(self, amount_text: str, receipt_no: str) -> None:
        try:
            sale = self.session.anonymous_sale(amount_text, receipt_no)
        except LoyaltyError as err:
            self.page.sale.show_error(describe(err))
            return
        self._done(self.tr("Sale of %1 recorded without a member.")
                   .replace("%1", formatting.money(sale)))

    def _cashier_name(self) -> str:
        return self.session.cashier.name if self.session.cashier else ""
