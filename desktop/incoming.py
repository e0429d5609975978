"""Sales that arrive without typing: a POS link sale, a scanned e-invoice.

With a member on screen (and no form open) a POS sale is awarded at once and an e-invoice
opens the award form filled in (one Enter awards). Without one, the sale waits in a banner
over the counter until the cashier scans a card or types a phone, then goes on the same
way; Esc (with no form open) or signing out cancels it, and the POS hears so.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desktop import formatting
from desktop.flows import ActionFlows
from desktop.main_window import CounterPage
from desktop.messages import describe
from desktop.services.session import CounterSession
from loyalty.einvoice import EInvoice
from loyalty.errors import LoyaltyError
from loyalty.money import Money
from loyalty.poslink import AWARDED, CANCELLED, REFUSED, PosDesk, PosSale
from loyalty.store.panel import MemberPanel

log = logging.getLogger(__name__)


class IncomingSales(QObject):
    """The sale waiting for a member, and the POS link's deliveries on the UI thread.

    Signals:
        pos_arrived(object): a :class:`PosSale` posted (emitted on the server's thread,
            delivered queued on the UI thread).
    """

    pos_arrived = Signal(object)

    def __init__(self, page: CounterPage, session: CounterSession, flows: ActionFlows,
                 desk: PosDesk | None = None) -> None:
        super().__init__(page)
        self.page = page
        self.session = session
        self.flows = flows
        self.desk = desk
        self.waiting: PosSale | EInvoice | None = None
        if desk is not None:
            desk.arrived = self.pos_arrived.emit
            self.pos_arrived.connect(self._pos_sale)
        session.member_changed.connect(self._member_changed)
        session.signed_out.connect(self.cancel)
        flows.finished.connect(self._later)

    # --- arrivals ---------------------------------------------------------------------
    def invoice_scanned(self, text: str) -> None:
        try:
            invoice = self.session.read_invoice(text)
        except LoyaltyError as err:
            self.page.show_flash(describe(err), "error")
            return
        if self._member_ready():
            self.flows.open_invoice(invoice)
        else:
            self._wait(invoice)

    def _pos_sale(self, sale: PosSale) -> None:
        assert self.desk is not None
        if self.session.cashier is None:
            self.desk.decide(sale, REFUSED, reason="counter_locked",
                             message="The counter is locked: sign in, then send it again.")
            return
        if self.waiting is sale:
            return
        if self.waiting is not None or self.session.redeeming:
            self.desk.decide(sale, REFUSED, reason="counter_busy",
                             message="Another sale is waiting at the counter.")
            return
        if self._member_ready() and self.page.open_form_widget() is None:
            self._award(sale)
        else:
            self._wait(sale)

    def _member_ready(self) -> bool:
        member = self.session.member
        return member is not None and member.status != "erased"

    # --- waiting ----------------------------------------------------------------------
    def _wait(self, sale: PosSale | EInvoice) -> None:
        self.waiting = sale
        self.retranslate_ui()
        self.page.waiting.show()
        self.page.show_flash("")
        self.page.search.focus()

    def retranslate_ui(self) -> None:
        sale = self.waiting
        if sale is None:
            return
        tail = self.tr("Scan the member's card or type their phone. Esc cancels it.")
        if isinstance(sale, EInvoice):
            total = Money(sale.total_amount, self.session.service.ctx.currency)
            head = self.tr("E-invoice %1 (%2) waits for its member.").replace(
                "%1", sale.number).replace("%2", formatting.money(total))
        else:
            req = sale.request
            head = self.tr("POS sale %1 waits for its member.").replace(
                "%1", formatting.money(req.amount))
            if req.receipt_no:
                head += " " + self.tr("Receipt %1.").replace("%1", req.receipt_no)
            if req.items:
                head += " " + self.tr("%1 items.").replace("%1", str(len(req.items)))
        self.page.waiting.setText(f"{head} {tail}")

    def cancel(self) -> bool:
        """Drop the waiting sale (the POS hears "cancelled"); False when none waits."""
        sale, self.waiting = self.waiting, None
        self.page.waiting.hide()
        if isinstance(sale, PosSale) and self.desk is not None:
            self.desk.decide(sale, CANCELLED, reason="cancelled",
                             message="The cashier cancelled the sale at the counter.")
        return sale is not None

    def _member_changed(self, panel: MemberPanel | None) -> None:
        if panel is not None and self.waiting is not None:
            self._later()

    def _later(self) -> None:
        # After the controller has finished showing the member (it clears the flash).
        if self.waiting is not None:
            QTimer.singleShot(0, self._deliver)

    def _deliver(self) -> None:
        sale = self.waiting
        if sale is None or not self._member_ready() or self.page.open_form_widget() is not None:
            return
        self.waiting = None
        self.page.waiting.hide()
        if isinstance(sale, EInvoice):
            self.flows.open_invoice(sale)
        else:
            self._award(sale)

    def _award(self, sale: PosSale) -> None:
        assert self.desk is not None
        before = self.session.member
        req = sale.request
        try:
            change = self.session.award_sale(req.amount, req.receipt_no)
        except LoyaltyError as err:
            self.desk.decide(sale, REFUSED, reason=err.code, message=str(err))
            self.page.show_flash(describe(err), "error")
            return
        member = self.session.member
        self.desk.decide(sale, AWARDED, points=change.points, balance=change.balance,
                         entry_id=change.entry_id, member={
                             "member_code": member.member_code if member else None,
                             "name": member.name if member else None,
                             "tier": member.tier.code if member else None})
        log.info("POS sale awarded: %d points", change.points)
        self.flows.sale_awarded(before, change, req.amount, req.receipt_no)
