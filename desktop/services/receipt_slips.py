"""From a completed counter operation to the slip's document (:mod:`printing` builds it).

The member is read again after the operation, so the slip shows the balance, the points
expiring soonest and the tier progress as they are now. Slips are in Traditional Chinese
whatever the screen's language: they go home with the customer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from desktop.services.instrument_slips import sale_lines, use_line
from desktop.services.receipts import Receipt
from loyalty.money import Currency, Money
from loyalty.rules import Rules
from loyalty.store.panel import MemberPanel
from printing import (
    AwardSlip,
    Document,
    MemberRef,
    RedemptionSlip,
    SaleRef,
    StoreInfo,
    WelcomeSlip,
    build_award,
    build_redemption,
    build_welcome,
)
from printing.pass_slips import build_instrument_use, build_prepaid_pass
from printing.slip_data import InstrumentUseSlip, PrepaidPassSlip

log = logging.getLogger(__name__)
NO_RECEIPT = "-"


def member_ref(panel: MemberPanel) -> MemberRef:
    """The member as a slip shows them (the phone is masked by the builders)."""
    return MemberRef(panel.name, panel.phone, panel.member_code, panel.tier.name_zh)


class SlipFactory:
    """Builds slip documents for :class:`Receipt` s.

    Args:
        store: header and footer.
        terminal: this terminal's id, printed on the slip.
        currency: the store's currency (NT$ or HK$).
        panel_of: reads a member as they are now (the store's panel).
        clock: the time printed on the slip (UTC; shown in the store's zone).
        rules: the rules in force (programs' names, the 禮券 issuer); without them no pass
            slip prints.
    """

    def __init__(self, store: StoreInfo, terminal: str, currency: Currency,
                 panel_of: Callable[[str], MemberPanel],
                 clock: Callable[[], datetime],
                 rules: Callable[[], Rules] | None = None) -> None:
        self.store = store
        self.terminal = terminal
        self.currency = currency
        self.panel_of = panel_of
        self.clock = clock
        self.rules = rules

    def document(self, receipt: Receipt) -> Document | None:
        """The slip for ``receipt``, or None for operations that print none (voids)."""
        if receipt.kind == "award" and receipt.change and receipt.sale:
            return self._award(receipt)
        if receipt.kind == "redeem" and receipt.change and receipt.discount:
            return self._redemption(receipt)
        if receipt.kind == "enroll" and receipt.enrollment:
            after = self.panel_of(receipt.enrollment.member_id)
            return build_welcome(WelcomeSlip(
                self.store, self._sale(receipt), member_ref(after),
                welcome_points=max(0, after.balance)))
        if receipt.instrument is not None and receipt.kind in ("instrument", "pass_refund"):
            return self._instrument_use(receipt)
        if receipt.kind == "pass_sale" and receipt.instrument is not None:
            return self._pass(receipt)
        log.debug("no slip for a %s", receipt.kind)
        return None

    def _instrument_use(self, receipt: Receipt) -> Document | None:
        change, before = receipt.instrument, receipt.instrument_before
        assert change is not None
        if before is None:
            log.warning("no slip for instrument %s: not on the panel", change.instrument_id)
            return None
        after = self.panel_of(change.member_id)
        return build_instrument_use(InstrumentUseSlip(
            self.store, self._sale(receipt), member_ref(after), use_line(change, before),
            offline=change.offline, approved_by=receipt.approved_by, refund=receipt.refund))

    def _pass(self, receipt: Receipt) -> Document | None:
        """The 禮券 (raises VoucherIssuerIncomplete when the chain's issuer is not set)."""
        change = receipt.instrument
        assert change is not None
        rules = self.rules() if self.rules is not None else None
        program = rules.program(change.program_id) if rules is not None else None
        if rules is None or program is None or change.serial is None:
            log.warning("no 禮券 for %s: program or serial unknown", change.instrument_id)
            return None
        after = self.panel_of(change.member_id)
        price = Money(change.amount if change.amount is not None
                      else program.price or Decimal(0), self.currency)
        return build_prepaid_pass(PrepaidPassSlip(
            self.store, self._sale(receipt), member_ref(after), rules.voucher_issuer,
            name=program.name_zh, item=program.reward_item or program.name_zh,
            count=change.units, serial=change.serial, price=price))

    def _sale(self, receipt: Receipt) -> SaleRef:
        return SaleRef(receipt.receipt_no or NO_RECEIPT, self.terminal,
                       receipt.cashier_name, self.clock())

    def _award(self, receipt: Receipt) -> Document:
        assert receipt.change is not None and receipt.sale is not None
        after = self.panel_of(receipt.change.member_id)
        to_next = after.spend_to_next
        return build_award(AwardSlip(
            store=self.store, sale=self._sale(receipt), member=member_ref(after),
            sale_amount=receipt.sale, points_earned=receipt.change.points,
            balance=receipt.change.balance, pending=receipt.change.pending,
            expiring_points=after.expiring_points, expiring_on=after.expiring_on,
            next_tier_name=after.next_tier.name_zh if after.next_tier else None,
            spend_to_next=None if to_next is None else Money(to_next, self.currency),
            show_code=True, instruments=sale_lines(
                receipt.change.instruments, after,
                self.rules() if self.rules is not None else None)))

    def _redemption(self, receipt: Receipt) -> Document:
        assert receipt.change is not None and receipt.discount is not None
        after = self.panel_of(receipt.change.member_id)
        return build_redemption(RedemptionSlip(
            store=self.store, sale=self._sale(receipt), member=member_ref(after),
            points_used=abs(receipt.change.points), value=receipt.discount,
            balance=receipt.change.balance, show_code=True))
