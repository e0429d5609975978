"""The counter's GUI-thread service: the signed-in cashier, the member on screen, and every
operation the views ask for, on top of :class:`loyalty.store.service.CounterService`.

Errors are :class:`loyalty.errors.LoyaltyError` (shown to the cashier by code); a storage
failure becomes one with code ``storage`` after being logged with its context.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, Signal

from desktop.tasks import TaskRunner
from loyalty.einvoice import EInvoice
from loyalty.errors import ApprovalRequired, InvalidInput, LoyaltyError
from loyalty.identity import MEMBER_QR
from loyalty.member_qr import verify
from loyalty.money import Money, parse_amount
from loyalty.phone import normalise_member_phone
from loyalty.redemption import OfflineApprovalRequired, RedeemQuote
from loyalty.rules import Rules
from loyalty.store import cashiers
from loyalty.store.engine import STORAGE_ERRORS
from loyalty.store.lookup import SearchResult
from loyalty.store.members import Birthday, Enrollment
from loyalty.store.panel import MemberPanel
from loyalty.store.points import PointsChange
from loyalty.store.service import CounterService
from loyalty.text import clean_name
from sync.client import CentralClient
from sync.redeem import Redemption, RedemptionDesk

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EnrollForm:
    phone: str
    name: str
    birthday: str = ""
    marketing_consent: bool | None = None
    referral_code: str = ""


def parse_birthday(text: str) -> Birthday | None:
    """``MM/DD``, ``MMDD`` or ``YYYY/MM/DD`` (``-`` or ``.`` too, full-width digits ok)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    parts = [p for p in re.split(r"[/\-. ]", cleaned) if p]
    if len(parts) == 1 and len(parts[0]) == 4:
        parts = [parts[0][:2], parts[0][2:]]
    if not all(p.isascii() and p.isdigit() for p in parts) or len(parts) not in (2, 3):
        raise InvalidInput("Type the birthday as MM/DD or YYYY/MM/DD.", code="birthday_format")
    numbers = [int(p) for p in parts]
    if len(numbers) == 3:
        return Birthday(month=numbers[1], day=numbers[2], year=numbers[0])
    return Birthday(month=numbers[0], day=numbers[1])


class CounterSession(QObject):
    """Who is signed in, which member is on screen, and the counter's operations.

    Signals:
        signed_in(object): a :class:`~loyalty.store.cashiers.Cashier` signed in.
        signed_out(): the counter was locked or signed out.
        member_changed(object): the :class:`MemberPanel` on screen, or None.
        recorded(str): a change was written locally (``award``, ``redeem``, ``enroll``,
            ``void``, ``sale``): the outbox grew.
        redeemed(object, object): a redemption was written (authorised by central when it
            could be reached): its :class:`PointsChange` and :class:`RedeemQuote`.
        redeem_failed(object): the :class:`LoyaltyError` that stopped a started redemption
            (declined by central, beyond the offline floor limits, abandoned, the store
            failed).
        redemptions_recovered(object): a list of :class:`~sync.redeem.Redemption` central had
            approved before the counter last stopped mid-redemption, now recorded here.
    """

    signed_in = Signal(object)
    signed_out = Signal()
    member_changed = Signal(object)
    recorded = Signal(str)
    redeemed = Signal(object, object)
    redeem_failed = Signal(object)
    redemptions_recovered = Signal(object)

    def __init__(self, service: CounterService, parent: QObject | None = None, *,
                 redemptions: RedemptionDesk | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.cashier: cashiers.Cashier | None = None
        self.member: MemberPanel | None = None
        self.is_online: Callable[[], bool] = lambda: False
        # Standalone until use_central gives it central's client.
        self.redemptions = redemptions or RedemptionDesk(service, None)
        self._runner: TaskRunner | None = None  # central's answers, off the UI thread
        self._in_flight: tuple[str, RedeemQuote] | None = None
        self._abandon: threading.Event | None = None
        self._unreachable: Callable[[], None] = lambda: None
        # (member id, scanned text): the member's signed QR proved them for this sale.
        self._proof: tuple[str, str] | None = None
        self.stop_hooks: list[Callable[[], None]] = []  # other workers ended with ours
        # told the central client use_central is given (the instruments' desk)
        self.central_hooks: list[Callable[[CentralClient | None], None]] = []

    # --- staff -----------------------------------------------------------------------
    def staff(self) -> list[cashiers.Cashier]:
        return self.service.staff()

    def managers_first(self) -> list[cashiers.Cashier]:
        return sorted(self.staff(), key=lambda c: (not c.is_manager, c.name))

    def has_manager(self) -> bool:
        return self.service.has_manager()

    def create_first_manager(self, name: str, pin: str, pin_again: str) -> cashiers.Cashier:
        if pin != pin_again:
            raise InvalidInput("The two PINs differ.", code="pin_mismatch")
        with self._storage("create manager"):
            return self.service.create_first_manager(name, pin)

    def sign_in(self, cashier_id: str, pin: str) -> cashiers.Cashier:
        with self._storage("sign in"):
            cashier = self.service.sign_in(cashier_id, pin)
        self.cashier = cashier
        log.info("signed in: %s (%s)", cashier.id, cashier.role)
        self.signed_in.emit(cashier)
        return cashier

    def lock(self) -> None:
        """Sign out (audited) and clear the member from the screen."""
        if self.cashier is None:
            return
        with self._storage("sign out"):
            self.service.sign_out()
        self.cashier = None
        self.clear_member()
        self.signed_out.emit()

    # --- members ---------------------------------------------------------------------
    def rules(self) -> Rules:
        return self.service.rules()

    def find(self, text: str) -> SearchResult:
        return self.service.find(text)

    def show_member(self, member_id: str) -> MemberPanel:
        panel = self.service.panel(member_id)
        if self._proof is not None and self._proof[0] != panel.id:
            self._proof = None  # another member: the proof was theirs
        self.member = panel
        self.member_changed.emit(panel)
        return panel

    def refresh_member(self) -> None:
        """Read the member on screen again (a sync round confirmed their pending entries);
        ``member_changed`` only when something changed."""
        if self.member is None:
            return
        panel = self.service.panel(self.member.id)
        if panel != self.member:
            self.member = panel
            self.member_changed.emit(panel)

    def clear_member(self) -> None:
        self._proof = None
        if self.member is not None:
            self.member = None
            self.member_changed.emit(None)

    # --- identity (loyalty.identity) -------------------------------------------------------
    def verify_member_qr(self, text: str) -> str:
        """The member id a scanned member QR proves now, checked offline with the keys the
        rules carry (raises :class:`loyalty.member_qr.MemberQrError` saying why not)."""
        return verify(text, self.rules().member_qr, self.service.now())

    def prove_member(self, text: str) -> MemberPanel:
        """Show the member a scanned QR proves and count them proven for this sale (until
        another member is shown, the counter locks, or a redemption is done)."""
        member_id = self.verify_member_qr(text)
        with self._storage("member QR"):
            panel = self.show_member(member_id)
        self._proof = (panel.id, text.strip())
        log.info("member %s proven by their QR code", panel.id)
        return panel

    @property
    def proven_by(self) -> str | None:
        """:data:`~loyalty.identity.MEMBER_QR` when the member on screen was proven."""
        return MEMBER_QR if self._proof_text() else None

    def _proof_text(self) -> str | None:
        if self._proof is None or self.member is None or self._proof[0] != self.member.id:
            return None
        return self._proof[1]

    def _require_member(self) -> MemberPanel:
        if self.member is None:
            raise LoyaltyError("Find the member first.", code="no_member")
        return self.member

    def enroll(self, form: EnrollForm) -> Enrollment:
        """Enroll; a phone already held raises DuplicatePhone (the caller shows them)."""
        # Checked in the order of the form, so the first message is about the first field.
        normalise_member_phone(form.phone, self.service.ctx.region,
                               self.rules().member_phone_regions)
        clean_name(form.name)
        birthday = parse_birthday(form.birthday)
        if form.marketing_consent is None:
            raise InvalidInput("Ask about marketing consent.", code="consent_missing")
        with self._storage("enroll"):
            try:
                enrollment = self.service.enroll(
                    phone=form.phone, name=form.name, birthday=birthday,
                    marketing_consent=form.marketing_consent,
                    referral_code=form.referral_code)
            except RuntimeError as err:
                if "member-code block" not in str(err):
                    raise
                raise LoyaltyError(str(err), code="no_code_block") from err
        self.recorded.emit("enroll")
        self.show_member(enrollment.member_id)
        return enrollment

    # --- points ----------------------------------------------------------------------
    def parse_sale(self, text: str) -> Money:
        return parse_amount(text, self.service.ctx.currency)

    def award_preview(self, amount_text: str) -> int:
        member = self._require_member()
        sale = self.parse_sale(amount_text)
        return self.rules().earn_points(sale, member.tier.code,
                                        birthday_month=member.is_birthday_month)

    def award(self, amount_text: str, receipt_no: str) -> PointsChange:
        member = self._require_member()
        sale = self.parse_sale(amount_text)
        with self._storage("award"):
            change = self.service.award(member.id, sale, receipt_no.strip() or None)
        self.recorded.emit("award")
        self.show_member(member.id)
        return change

    def award_sale(self, sale: Money, receipt_no: str | None) -> PointsChange:
        """Award a sale that arrived whole (the POS link) to the member on screen."""
        member = self._require_member()
        with self._storage("award"):
            change = self.service.award(member.id, sale, receipt_no)
        self.recorded.emit("award")
        self.show_member(member.id)
        return change

    def link_carrier(self, code: str, *, consent: bool) -> str:
        """Link a mobile-carrier barcode to the member on screen; returns its hint."""
        member = self._require_member()
        with self._storage("link carrier"):
            return self.service.link_carrier(member.id, code, consent=consent)

    def read_invoice(self, text: str) -> EInvoice:
        """A scanned e-invoice code, checked (form, date, the chain's seller)."""
        with self._storage("read invoice"):
            return self.service.read_invoice(text)

    def award_invoice(self, invoice: EInvoice) -> PointsChange:
        member = self._require_member()
        with self._storage("award invoice"):
            change = self.service.award_invoice(member.id, invoice)
        self.recorded.emit("award")
        self.show_member(member.id)
        return change

    def redeem_quote(self, points_text: str, sale_text: str) -> RedeemQuote:
        member = self._require_member()
        return self.redemptions.quote(member.id, member.balance, points_text, sale_text,
                                      online=self.is_online(), proven_by=self.proven_by)

    @property
    def redeeming(self) -> bool:
        """A redemption is waiting for central's answer."""
        return self._in_flight is not None

    def use_central(self, client: CentralClient | None,
                    unreachable: Callable[[], None] = lambda: None) -> None:
        """Registered with central: redemptions ask it first, off the UI thread (``None``:
        standalone, the offline floor limits always apply). ``unreachable`` is called when
        a redemption could not reach central (the status then says offline, so the next
        quote applies the floor limits)."""
        self.redemptions.client = client
        self._unreachable = unreachable
        for hook in self.central_hooks:
            hook(client)
        if client is not None and self._runner is None:
            self._runner = TaskRunner("redeem", self)
        if client is not None and self._runner is not None:
            # Exchanges a stopped counter left open: ended before the next redemption.
            self._runner.run(self.redemptions.resolve_open, self._recovered,
                             lambda error: log.error("open redemptions not resolved",
                                                     exc_info=error))

    def _recovered(self, stood: list[Redemption]) -> None:
        if stood:
            for result in stood:
                log.info("redemption %s recovered after a stop", result.change.entry_id)
            self.recorded.emit("redeem")
            self.redemptions_recovered.emit(stood)

    def abandon_redeem(self) -> bool:
        """The cashier stops waiting for central: the redemption is cancelled there (unless
        it was already written here, which the answer then says). False: none waiting."""
        if self._abandon is None or self._in_flight is None:
            return False
        self._abandon.set()
        return True

    def stop(self) -> None:
        """End the redemption threads (after the job each runs, if any)."""
        if self._runner is not None:
            self._runner.shut_down(wait=True)
        for stop in self.stop_hooks:
            stop()

    def request_redeem(self, points_text: str, sale_text: str, approver_id: str | None,
                       pin: str) -> None:
        """Check and start a redemption of the member on screen.

        What is wrong with the request itself (input, limits, a missing or wrong approval)
        raises here. The outcome arrives as ``redeemed`` or ``redeem_failed``: at once on a
        standalone counter, when central has answered on a registered one.
        """
        if self._in_flight is not None:
            raise LoyaltyError("Central is still answering the last redemption.",
                               code="redeem_busy")
        member = self._require_member()
        checked = self.redeem_quote(points_text, sale_text)
        approved_by = None
        if checked.approval is not None:
            approved_by = self._approve(approver_id, pin, "redeem", checked.approval)
        self._abandon = threading.Event()
        job = partial(self.redemptions.redeem, member.id, checked.points, sale=checked.sale,
                      approved_by=approved_by, abandoned=self._abandon,
                      member_qr=self._proof_text())
        if self._runner is None or self.redemptions.client is None:
            try:
                with self._storage("redeem"):
                    result = job()
            except LoyaltyError as err:
                self.redeem_failed.emit(err)
                return
            self._redeemed(member.id, checked, result)
            return
        self._in_flight = (member.id, checked)
        self._runner.run(job, lambda result: self._redeem_answered(result, None),
                         lambda error: self._redeem_answered(None, error))

    def _redeem_answered(self, result: Redemption | None, error: BaseException | None
                         ) -> None:
        if self._in_flight is None:
            return
        member_id, checked = self._in_flight
        self._in_flight = None
        if isinstance(error, OfflineApprovalRequired) or (result is not None
                                                          and not result.online):
            self._unreachable()
        if result is not None:
            self._redeemed(member_id, checked, result)
            return
        if isinstance(error, STORAGE_ERRORS):
            log.error("store failure during redeem", exc_info=error)
            error = LoyaltyError("The local store could not save this.", code="storage")
        elif not isinstance(error, LoyaltyError):
            log.error("redemption failed", exc_info=error)
            error = LoyaltyError(str(error), code="redeem_failed")
        self.redeem_failed.emit(error)

    def _redeemed(self, member_id: str, checked: RedeemQuote, result: Redemption) -> None:
        self._proof = None  # the sale it proved them for is done
        self.recorded.emit("redeem")
        if self.member is not None and self.member.id == member_id:
            self.show_member(member_id)
        self.redeemed.emit(result.change, checked)

    def void(self, entry_id: str, reason: str, approver_id: str | None,
             pin: str) -> PointsChange:
        member = self._require_member()
        if not reason.strip():
            raise InvalidInput("Give a reason for the void.", code="void_reason")
        if self.cashier is not None and self.cashier.is_manager:
            manager_id = self.cashier.id
        else:
            manager_id = self._approve(approver_id, pin, "void",
                                       ApprovalRequired("A manager must approve a void."))
        with self._storage("void"):
            change = self.service.void(entry_id, manager_id=manager_id, reason=reason)
        self.recorded.emit("void")
        self.show_member(member.id)
        return change

    def anonymous_sale(self, amount_text: str, receipt_no: str) -> Money:
        sale = self.parse_sale(amount_text)
        with self._storage("anonymous sale"):
            self.service.anonymous_sale(sale, receipt_no.strip() or None)
        self.recorded.emit("sale")
        return sale

    def _approve(self, approver_id: str | None, pin: str, purpose: str,
                 why: ApprovalRequired) -> str:
        if not approver_id or not pin:
            raise why
        with self._storage("approval"):
            return self.service.verify_manager(approver_id, pin, purpose).id

    @contextmanager
    def _storage(self, action: str) -> Iterator[None]:
        try:
            yield
        except STORAGE_ERRORS as err:
            log.exception("store failure during %s", action)
            raise LoyaltyError("The local store could not save this.", code="storage") from err

