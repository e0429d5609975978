"""Deciding a redemption before it is written: value, limits, and whether a manager must
approve (over the rules' threshold, or beyond the offline floor limits of
:func:`loyalty.offline.check_floor`); and running the online authorisation off the UI thread.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QThread, Signal, Slot

from loyalty.errors import ApprovalRequired, RedemptionRefused
from loyalty.money import Money, parse_amount
from loyalty.offline import OfflineUsage, check_floor
from loyalty.rules import Rules
from sync.redeem import OfflineApprovalRequired, Redemption


@dataclass(frozen=True, slots=True)
class RedeemQuote:
    """A checked redemption: what it is worth and whether it needs a manager."""

    points: int
    value: Money
    sale: Money | None
    max_points: int
    offline: bool
    approval: ApprovalRequired | None  # why a manager must approve, or None


def parse_points(text: str) -> int:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not cleaned:
        raise RedemptionRefused("Enter the points to redeem.", code="redeem_empty")
    if not cleaned.isascii() or not cleaned.isdigit():
        raise RedemptionRefused("Type the points as a whole number.", code="redeem_not_number")
    return int(cleaned)


def quote(rules: Rules, balance: int, points_text: str, sale_text: str, *,
          usage: OfflineUsage | None, now: datetime) -> RedeemQuote:
    """Check a redemption as typed (``usage`` None: online, central authorises it).

    Raises :class:`RedemptionRefused` for what no approval can allow (over the balance,
    under the minimum …)."""
    points = parse_points(points_text)
    sale = parse_amount(sale_text, rules.currency) if sale_text.strip() else None
    rules.check_redemption(points, balance, sale)
    approval: ApprovalRequired | None = None
    if rules.needs_approval(points):
        approval = ApprovalRequired(
            f"Redeeming over {rules.approval_redeem_points} points needs a manager's approval.")
    elif usage is not None:
        decision = check_floor(rules.offline, points, usage, now)
        if not decision.allowed:
            approval = OfflineApprovalRequired(decision)
    return RedeemQuote(points, rules.redemption_value(points), sale,
                       rules.max_redeemable(balance, sale), usage is not None, approval)


class _RedeemWorker(QObject):
    """Runs one job at a time on the runner's thread (never touches a widget)."""

    done = Signal(int, object, object)

    @Slot(int, object)
    def run(self, token: int, job: Callable[[], Redemption]) -> None:
        try:
            result = job()
        except Exception as exc:  # handed back to the GUI thread, which decides
            self.done.emit(token, None, exc)
        else:
            self.done.emit(token, result, None)


class RedemptionRunner(QObject):
    """Asks central off the UI thread: the one-shot bridge for online redemptions.

    The authorisation is a network request (seconds when central is slow or gone), so it runs
    on a dedicated thread; the outcome comes back on the GUI thread.

    Signals:
        finished(int, object, object): the job's token, its :class:`Redemption` (or None) and
            the exception it raised (or None).
    """

    finished = Signal(int, object, object)
    _submit = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._next = 0
        self._thread = QThread()
        self._thread.setObjectName("redeem")
        self._worker = _RedeemWorker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.done.connect(self.finished)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def submit(self, job: Callable[[], Redemption]) -> int:
        """Queue ``job``; returns the token its outcome will carry."""
        self._next += 1
        self._submit.emit(self._next, job)
        return self._next

    def stop(self) -> None:
        """Let a running job finish, then end the thread."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
