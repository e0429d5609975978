"""Who is acting, where: stamped on every ledger entry, outbox operation and audit row."""

from __future__ import annotations

from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from loyalty.money import Currency


@dataclass(frozen=True, slots=True)
class TillContext:
    """The terminal, its store's settings, and the signed-in cashier (if any)."""

    store_id: str
    terminal_id: str
    cashier_id: str | None = None
    cashier_role: str | None = None  # "cashier" / "manager"
    region: str = "TW"
    tz_name: str = "Asia/Taipei"
    currency: Currency = Currency.TWD

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    def signed_in(self, cashier_id: str, role: str) -> TillContext:
        return replace(self, cashier_id=cashier_id, cashier_role=role)
