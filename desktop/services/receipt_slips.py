"""From a completed counter operation to the slip's document (:mod:`printing` builds it).

The member is read again after the operation, so the slip shows the balance, the points
expiring soonest and the tier progress as they are now. Slips are in Traditional Chinese
whatever the screen's language: they go home with the customer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from desktop.services.receipts import Receipt
from loyalty.money import Currency, Money
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
    """

    def __init__(self, store: StoreInfo, terminal: str, currency: Currency,
                 panel_of: Callable[[str], MemberPanel],
                 clock: Callable[[], datetime]) -> None:
        self.store = store
        self.terminal = terminal
        self.currency = currency
        self.panel_of = panel_of
        self.clock = clock

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
        log.debug("no slip for a %s", receipt.kind)
        return None

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
            show_code=True))

    def _redemption(self, receipt: Receipt) -> Document:
        assert receipt.change is not None and receipt.discount is not None
        after = self.panel_of(receipt.change.member_id)
        return build_redemption(RedemptionSlip(
            store=self.store, sale=self._sale(receipt), member=member_ref(after),
            points_used=abs(receipt.change.points), value=receipt.discount,
            balance=receipt.change.balance, show_code=True))
