"""Plain inputs for slips. The desktop maps domain objects to these; nothing here is Qt.

Times are aware datetimes in UTC; slips print them in the store's time zone. Money is
:class:`loyalty.money.Money` (Decimal). Phones are E.164 and are masked on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from loyalty.money import Money
from loyalty.vouchers import VoucherIssuer


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """The store's header and footer, from settings."""

    name: str
    address: str = ""
    phone: str = ""
    footer: tuple[str, ...] = ()
    tz: str = "Asia/Taipei"


@dataclass(frozen=True, slots=True)
class SaleRef:
    """Who printed it, where and when."""

    receipt_no: str
    terminal: str
    cashier: str
    at: datetime


@dataclass(frozen=True, slots=True)
class MemberRef:
    """The member as the slip shows them (phone masked when printed)."""

    name: str
    phone_e164: str
    code: str
    tier_name: str


@dataclass(frozen=True, slots=True)
class InstrumentLine:
    """One of the member's instruments (coupon, gift, stamp card, referral reward, prepaid
    pass) as a slip shows it.

    ``used``: units given on this slip's operation (0: not used now). ``left``: what is left
    after it (cups of a pass, uses of a coupon); None: not shown. ``stamps``/``per_card``: a
    stamp card's stamps now and the stamps that complete it. ``issued``: it was issued by
    this operation (the 10th stamp's reward, a birthday gift). ``kind`` is the program's.
    """

    name: str
    kind: str
    used: int = 0
    left: int | None = None
    stamps: int | None = None
    per_card: int | None = None
    issued: bool = False
    expires_on: date | None = None
    serial: str = ""


@dataclass(frozen=True, slots=True)
class AwardSlip:
    """Points earned on a sale.

    ``pending`` is the part of ``balance`` not yet confirmed by central (offline earns).
    ``expiring_points``/``expiring_on``: the soonest points to expire, if any.
    ``next_tier_name``/``spend_to_next``: progress to the next tier, if there is one.
    ``show_code``: end with the member code as a barcode and a QR code (scan next time).
    """

    store: StoreInfo
    sale: SaleRef
    member: MemberRef
    sale_amount: Money
    points_earned: int
    balance: int
    pending: int = 0
    expiring_points: int = 0
    expiring_on: date | None = None
    next_tier_name: str | None = None
    spend_to_next: Money | None = None
    show_code: bool = False
    instruments: tuple[InstrumentLine, ...] = ()
    copy: bool = False


@dataclass(frozen=True, slots=True)
class RedemptionSlip:
    """Points spent for a discount. ``approved_by`` names the manager when one approved;
    ``show_code`` adds the member code as a barcode and a QR code."""

    store: StoreInfo
    sale: SaleRef
    member: MemberRef
    points_used: int
    value: Money
    balance: int
    offline: bool = False
    approved_by: str | None = None
    show_code: bool = False
    instruments: tuple[InstrumentLine, ...] = ()
    copy: bool = False


@dataclass(frozen=True, slots=True)
class WelcomeSlip:
    """A new member's slip: their code as CODE128 and QR to scan next time."""

    store: StoreInfo
    sale: SaleRef
    member: MemberRef
    welcome_points: int = 0
    copy: bool = False


@dataclass(frozen=True, slots=True)
class MemberCardSlip:
    """A paper member card (lost card, or on request)."""

    store: StoreInfo
    sale: SaleRef
    member: MemberRef
    copy: bool = False


@dataclass(frozen=True, slots=True)
class DailySummarySlip:
    """The manager's end-of-day figures for one store and terminal."""

    store: StoreInfo
    sale: SaleRef
    business_date: date
    new_members: int
    members_bought: int
    member_sales: Money
    total_sales: Money
    points_issued: int
    points_redeemed: int
    points_expired: int
    expiring_soon: int
    liability_points: int
    liability_value: Money
    tier_mix: tuple[tuple[str, int], ...] = field(default=())
    napl: tuple[tuple[str, int], ...] = field(default=())
    copy: bool = False


@dataclass(frozen=True, slots=True)
class InstrumentUseSlip:
    """An instrument used at the counter on its own (a coupon, a gift, cups of a pass), or a
    pass's unused cups refunded (``refund``: the money paid back; ``approved_by`` the
    manager)."""

    store: StoreInfo
    sale: SaleRef
    member: MemberRef
    instrument: InstrumentLine
    offline: bool = False
    approved_by: str | None = None
    refund: Money | None = None
    copy: bool = False


@dataclass(frozen=True, slots=True)
class PrepaidPassSlip:
    """A prepaid pass sold (寄杯): the 禮券 the customer keeps. ``item`` is what it gives
    ("中杯拿鐵"), ``count`` how many, ``price`` what it sold for; no expiry date is ever
    printed. The issuer's fields are the chain's (:class:`loyalty.vouchers.VoucherIssuer`)."""

    store: StoreInfo
    sale: SaleRef
    member: MemberRef
    issuer: VoucherIssuer
    name: str
    item: str
    count: int
    serial: str
    price: Money
    copy: bool = False
