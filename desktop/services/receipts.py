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
from loyalty.store.members import Enrollment
from loyalty.store.panel import MemberPanel
from loyalty.store.points import PointsChange

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Receipt:
    """What a slip needs about one completed counter operation."""

    kind: str  # "award" | "redeem" | "enroll" | "void"
    member: MemberPanel | None  # the member as shown before the operation
    change: PointsChange | None = None
    enrollment: Enrollment | None = None
    sale: Money | None = None
    discount: Money | None = None
    receipt_no: str | None = None
    cashier_name: str = ""


class ReceiptPrinter(Protocol):
    """Prints (or queues) a slip for a completed operation; never blocks, never raises
    for printer trouble (it reports that through its own status)."""

    def print_receipt(self, receipt: Receipt) -> None: ...


class NoReceiptPrinter:
    """No printer configured: slips are not printed."""

    def print_receipt(self, receipt: Receipt) -> None:
        log.debug("no printer: %s slip not printed", receipt.kind)
