"""The counter's operations, each one transaction: what the desktop and tools call.

A headless facade over the store functions (the desktop wraps it; tests and benchmarks use
it directly). Methods return change summaries; errors are :mod:`loyalty.errors` exceptions
with messages a cashier can read, raised after the transaction rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

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
from loyalty.store import carriers, cashiers, lookup, members, points, sale_instruments
from loyalty.store import instruments as instrument_ops
from loyalty.store.context import TillContext
from loyalty.store.counter_extras import create_first_manager
from loyalty.store.engine import lookup_engine, reader
from loyalty.store.instruments import InstrumentChange, InstrumentView
from loyalty.store.journal import OutboxBatch, audit, pending_count
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
        """Points for a sale, and what it does to the member's instruments (a stamp on
        each running card it qualifies for, the reward at the card's ``n * units``-th stamp,
        this year's birthday gift at the first sale in the birthday month): in
        ``PointsChange.instruments``."""
        now = self.now()
        with self.engine.begin() as conn, OutboxBatch(conn, now) as ops:
            rules = current_rules(conn)
            change, member = points.award_sale(conn, self.ctx, rules, member_id, sale, now,
                                               receipt_no=receipt_no,
                                               invoice_date=invoice_date, ops=ops)
            extra = sale_instruments.after_award(conn, self.ctx, rules, member, sale, now,
                                                 receipt_no=receipt_no,
                                                 sale_entry_id=change.entry_id, ops=ops)
        return replace(change, instruments=extra) if extra else change

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
        """Reverse an entry; a voided sale's stamps (and an unused reward they caused)
        come back in ``PointsChange.instruments``."""
        now = self.now()
        with self.engine.begin() as conn:
            rules = current_rules(conn)
            change = points.void_entry(conn, self.ctx, rules, entry_id, now,
                                       manager_id=manager_id, reason=reason)
            extra = sale_instruments.void_sale(conn, self.ctx, rules, entry_id, now,
                                               manager_id=manager_id)
            return replace(change, instruments=extra) if extra else change

    # --- instruments: coupons, gifts, stamp cards, prepaid passes (docs/programs.md) -------
    def instruments(self, member_id: str) -> list[InstrumentView]:
        """The member's instruments worth showing (also on :class:`MemberPanel`)."""
        today = self.now().astimezone(self.ctx.tz).date()
        with self.read_engine.connect() as conn:
            return list(instrument_ops.list_instruments(
                conn, current_rules(conn), members.resolve_id(conn, member_id), today))

    def redeem_instrument(self, instrument_id: str, units: int = 1, *,
                          receipt_no: str | None = None, approved_by: str | None = None,
                          ) -> InstrumentChange:
        """Use an instrument here without asking central (offline, or a standalone till):
        refused (:class:`loyalty.instruments.InstrumentRefused`) beyond the program's offline
        policy or what this till last saw. Online, use :mod:`sync.instrument_redeem`."""
        with self.engine.begin() as conn:
            return instrument_ops.redeem(conn, self.ctx, current_rules(conn), instrument_id,
                                         units, self.now(), receipt_no=receipt_no,
                                         approved_by=approved_by, offline=True)

    def sell_pass(self, member_id: str, program_id: str, *, receipt_no: str | None = None,
                  cashier_id: str | None = None) -> InstrumentChange:
        """Sell a prepaid pass (serial in the change, for the slip)."""
        ctx = replace(self.ctx, cashier_id=cashier_id) if cashier_id else self.ctx
        with self.engine.begin() as conn:
            return instrument_ops.sell_pass(conn, ctx, current_rules(conn), member_id,
                                            program_id, self.now(), receipt_no=receipt_no)

    def refund_pass(self, instrument_id: str, *, manager_id: str) -> InstrumentChange:
        """Refund a pass's unused cups (``amount`` = cups × the refund unit price)."""
        with self.engine.begin() as conn:
            return instrument_ops.refund_pass(conn, self.ctx, current_rules(conn),
                                              instrument_id, self.now(), manager_id=manager_id)

    def pass_refund_amount(self, instrument_id: str) -> Decimal:
        """What refunding the pass now would pay back (for the confirmation)."""
        from loyalty.instruments import refund_amount
        with self.read_engine.connect() as conn:
            rules = current_rules(conn)
            view = instrument_ops.instrument_row(conn, instrument_id)
            program = rules.program(view.program_id)
            if program is None:
                raise NotPermitted("Head office no longer runs this program.")
            return refund_amount(program, int(view.remaining))

    def anonymous_sale(self, sale: Money, receipt_no: str | None = None) -> str:
        with self.engine.begin() as conn:
            return points.record_anonymous_sale(conn, self.ctx, sale, self.now(), receipt_no)
