"""What the manager's member report holds: plain frozen dataclasses, no Qt, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from loyalty.money import Money
from loyalty.report.instruments import InstrumentReport
from loyalty.report.periods import Period

NAPL_ORDER = ("N", "A", "P", "L")
NONE_STATUS = "-"  # not (yet) a customer of this store: no purchase here by that day


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` as a fraction with 4 decimals (``None`` when there is no whole)."""
    if whole == 0:
        return None
    return (part / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def change(current: Decimal | int, previous: Decimal | int) -> Decimal | None:
    """Relative change against the previous period (``None`` when it was zero)."""
    if previous == 0:
        return None
    return share(Decimal(current) - Decimal(previous), Decimal(previous))


@dataclass(frozen=True, slots=True)
class Activity:
    """What happened at this store in one period (voided sales count as never made)."""

    period: Period
    new_members: int  # joined here + online sign-ups who shopped here in the period
    new_here: int
    new_online: int
    buyers: int  # members with at least one purchase here
    visits: int  # member purchase days: one member buying twice in a day is one visit
    member_sales: Money
    other_sales: Money  # "no member" sales recorded at the counter
    points_issued: int  # earn + bonus + positive adjust, at this store
    points_redeemed: int  # as a positive number
    points_expired: int  # expired from members who joined here

    @property
    def total_sales(self) -> Money:
        return self.member_sales + self.other_sales

    @property
    def member_share(self) -> Decimal | None:
        return share(self.member_sales.amount, self.total_sales.amount)

    @property
    def sales_per_visit(self) -> Money | None:
        if self.visits == 0:
            return None
        return Money(self.member_sales.amount / self.visits, self.member_sales.currency)


@dataclass(frozen=True, slots=True)
class DayPoint:
    """One local day of the trend charts."""

    day: date
    new_members: int
    buyers: int
    member_sales: Decimal
    points_issued: int
    points_redeemed: int


@dataclass(frozen=True, slots=True)
class TopMember:
    """A member in the top-spenders table (the phone is always masked)."""

    member_id: str
    name: str
    phone_masked: str
    member_code: str
    tier: str
    visits: int
    sales: Money
    balance: int


@dataclass(frozen=True, slots=True)
class Napl:
    """NAPL counts at the end of the period and of the previous one, and the flows
    (``(from, to) -> members``; ``"-"`` means not yet a customer here)."""

    current: dict[str, int]
    previous: dict[str, int]
    flows: dict[tuple[str, str], int]

    def moved(self) -> dict[tuple[str, str], int]:
        """Only the members whose status changed."""
        return {k: v for k, v in self.flows.items() if k[0] != k[1] and v}


@dataclass(frozen=True, slots=True)
class Base:
    """The members who joined at this store, as they stand today."""

    members: int
    tier_mix: dict[str, int]  # tier code -> members, in the rules' order
    upgrades: int  # tier reached within the period, upwards
    downgrades: int
    liability_points: int  # outstanding points (members in debt count as zero)
    liability_value: Money  # their cash value as a discount
    expiring_soon: int  # points expiring within ``expiring_days`` of ``today``
    expiring_days: int
    expiring_members: int


@dataclass(frozen=True, slots=True)
class MemberReport:
    """The manager's member report for one store and a range of local days."""

    store_id: str
    today: date
    current: Activity
    previous: Activity
    series: tuple[DayPoint, ...]
    napl: Napl
    base: Base
    rfm: dict[str, int]  # segment -> members who bought in the period
    top_share: Decimal | None  # share of member sales brought by the top 20% of buyers
    top_buyers: int  # how many members are that top 20%
    top_members: tuple[TopMember, ...]
    pending_sync: int  # outbox operations waiting to reach central
    instruments: InstrumentReport | None = None  # programs (coupons, stamps, passes…)

    @property
    def period(self) -> Period:
        return self.current.period
