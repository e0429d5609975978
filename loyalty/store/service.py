"""The counter's operations, each one transaction: what the desktop and tools call.

A headless facade over the store functions (the desktop wraps it; tests and benchmarks use
it directly). Methods return change summaries; errors are :mod:`loyalty.errors` exceptions
with messages a cashier can read, raised after the transaction rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import Engine

from loyalty.dates import utc_now
from loyalty.einvoice import (
    SELLER_IDS_SETTING,
    EInvoice,
    check_seller,
    parse_invoice_qr,
    parse_seller_ids,
)
from loyalty.errors import NotPermitted
from loyalty.hlc import HybridClock
from loyalty.money import Money
from loyalty.rules import Rules
from loyalty.store import carriers, cashiers, lookup, members, points
from loyalty.store.context import TillContext
from loyalty.store.counter_extras import create_first_manager
from loyalty.store.engine import lookup_engine, reader
from loyalty.store.journal import audit, pending_count
from loyalty.store.keyvalue import get_setting
from loyalty.store.panel import MemberPanel, member_panel
from loyalty.store.rulebook import current_rules


class CounterService:
    """Counter operations on one store file for one terminal."""

    def __init__(self, engine: Engine, ctx: TillContext,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.read_engine = reader(engine)
        self.ctx = ctx
        self.now = clock
        self.hlc = HybridClock(ctx.terminal_id)
        # The UI thread's long-lived lookup connection (one statement, one snapshot).
        self._lookups = lookup_engine(engine).connect()

    def close(self) -> None:
        self._lookups.close()

    # --- reading --------------------------------------------------------------------------
    def rules(self) -> Rules:
        with self.read_engine.connect() as conn:
            return current_rules(conn)

    def find(self, query: str) -> lookup.SearchResult:
        return lookup.find_members(self._lookups, query, self.ctx.region)

    def panel(self, member_id: str) -> MemberPanel:
        now = self.now()
        with self.read_engine.connect() as conn:  # several reads, one consistent snapshot
            return member_panel(conn, current_rules(conn), member_id, now, self.ctx.tz)

    def pending_operations(self) -> int:
        with self.read_engine.connect() as conn:
            return pending_count(conn)

    # --- cashiers ---------------------------------------------------------------------------
    def staff(self) -> list[cashiers.Cashier]:
        """Everyone who may sign in at this counter."""
        with self.read_engine.connect() as conn:
            return cashiers.list_cashiers(conn)

    def has_manager(self) -> bool:
        with self.read_engine.connect() as conn:
            return cashiers.has_manager(conn)

    def create_first_manager(self, name: str, pin: str) -> cashiers.Cashier:
        """The store's first manager (audited); refused once any manager exists."""
        return create_first_manager(self.engine, self.ctx, name, pin, self.now())

    def sign_in(self, cashier_id: str, pin: str) -> cashiers.Cashier:
        now = self.now()
        with self.engine.begin() as conn:
            result = cashiers.authenticate(conn, cashier_id, pin, now)
            role = result.cashier.role if result.cashier is not None else ""
            audit(conn, self.ctx.signed_in(cashier_id, role),
                  "auth.sign_in" if role else "auth.failed", cashier_id, now)
        cashier = result.unwrap()
        self.ctx = self.ctx.signed_in(cashier.id, cashier.role)
        return cashier

    def verify_manager(self, cashier_id: str, pin: str, purpose: str) -> cashiers.Cashier:
        """A manager's PIN approving something on this screen; audited either way."""
        now = self.now()
        with self.engine.begin() as conn:
            result = cashiers.authenticate(conn, cashier_id, pin, now)
            approved = result.cashier is not None and result.cashier.is_manager
            audit(conn, self.ctx, "approval.granted" if approved else "approval.refused",
                  cashier_id, now, purpose=purpose)
        cashier = result.unwrap()
        if not cashier.is_manager:
            raise NotPermitted("Only a manager can approve this.")
        return cashier

    def sign_out(self) -> None:
        with self.engine.begin() as conn:
            audit(conn, self.ctx, "auth.sign_out", self.ctx.cashier_id, self.now())
        self.ctx = replace(self.ctx, cashier_id=None, cashier_role=None)

    # --- members and points ---------------------------------------------------------------
    def enroll(self, **fields: object) -> members.Enrollment:
        with self.engine.begin() as conn:
            return members.enroll_member(conn, self.ctx, self.hlc, now=self.now(),
                                         **fields)  # type: ignore[arg-type]

    def award(self, member_id: str, sale: Money, receipt_no: str | None = None, *,
              invoice_date: date | None = None) -> points.PointsChange:
        with self.engine.begin() as conn:
            return points.award_points(conn, self.ctx, current_rules(conn), member_id, sale,
                                       self.now(), receipt_no=receipt_no,
                                       invoice_date=invoice_date)

    def seller_ids(self) -> frozenset[str]:
        """The chain's e-invoice seller tax ids (setting ``einvoice.seller_ids``)."""
        with self.read_engine.connect() as conn:
            return parse_seller_ids(get_setting(conn, SELLER_IDS_SETTING, []))

    def read_invoice(self, text: str) -> EInvoice:
        """A scanned e-invoice left QR code, checked: well formed, not dated after today
        (store time) and issued by one of the chain's sellers (setting
        ``einvoice.seller_ids``, read each time so a change applies at once)."""
        invoice = parse_invoice_qr(text, self.now().astimezone(self.ctx.tz).date())
        check_seller(invoice, self.seller_ids())
        return invoice

    def award_invoice(self, member_id: str, invoice: EInvoice) -> points.PointsChange:
        """Award an e-invoice's total; its number is the receipt number, and it earns once
        chain-wide (:class:`loyalty.einvoice.DuplicateInvoice` says when and where)."""
        sale = Money(invoice.total_amount, self.ctx.currency)
        return self.award(member_id, sale, invoice.number, invoice_date=invoice.issued_on)

    def link_carrier(self, member_id: str, code: str, *, consent: bool) -> str:
        """Link a mobile-carrier barcode to the member (with the customer's consent);
        returns the hint the screen may show."""
        with self.engine.begin() as conn:
            return carriers.link_carrier(conn, self.ctx, member_id, code, self.now(),
                                         consent=consent)

    def redeem(self, member_id: str, amount: int, *, sale: Money | None = None,
               approved_by: str | None = None, offline: bool = False,
               entry_id: str | None = None, proven_by: str | None = None
               ) -> points.PointsChange:
        with self.engine.begin() as conn:
            return points.redeem_points(conn, self.ctx, current_rules(conn), member_id, amount,
                                        self.now(), sale=sale, approved_by=approved_by,
                                        offline=offline, entry_id=entry_id,
                                        proven_by=proven_by)

    def void(self, entry_id: str, *, manager_id: str, reason: str) -> points.PointsChange:
        with self.engine.begin() as conn:
            return points.void_entry(conn, self.ctx, current_rules(conn), entry_id, self.now(),
                                     manager_id=manager_id, reason=reason)

    def anonymous_sale(self, sale: Money, receipt_no: str | None = None) -> str:
        with self.engine.begin() as conn:
            return points.record_anonymous_sale(conn, self.ctx, sale, self.now(), receipt_no)
