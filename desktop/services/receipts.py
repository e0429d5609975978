"""The seam to receipt printing: flows call a :class:`ReceiptPrinter` after each success.

The default does nothing. The printing integration provides an implementation that builds
slips with :mod:`printing` (``build_award`` …) and submits them to its ``PrintQueue``; its
calls must return at once (the queue prints on its own thread).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from loyalty.money import Money
from loyalty.store.instruments import InstrumentChange, InstrumentView
from loyalty.store.members import Enrollment
from loyalty.store.panel import MemberPanel
from loyalty.store.points import PointsChange

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Receipt:
    """What a slip needs about one completed counter operation."""

    kind: str  # "award" | "redeem" | "enroll" | "void" | "instrument" | "pass_sale" | …
    member: MemberPanel | None  # the member as shown before the operation
    change: PointsChange | None = None
    enrollment: Enrollment | None = None
    sale: Money | None = None
    discount: Money | None = None
    receipt_no: str | None = None
    cashier_name: str = ""
    # instruments: the entry written ("instrument" use, "pass_sale", "pass_refund"), the
    # instrument as it was before, the money a refund paid back and who approved it
    instrument: InstrumentChange | None = None
    instrument_before: InstrumentView | None = None
    refund: Money | None = None
    approved_by: str | None = None


class ReceiptPrinter(Protocol):
    """Prints (or queues) a slip for a completed operation; never blocks, never raises
    for printer trouble (it reports that through its own status)."""

    def print_receipt(self, receipt: Receipt) -> None: ...


class NoReceiptPrinter:
    """No printer configured: slips are not printed."""

    def print_receipt(self, receipt: Receipt) -> None:
        log.debug("no printer: %s slip not printed", receipt.kind)
