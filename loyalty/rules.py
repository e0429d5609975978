"""The loyalty rules document (versioned, from central) and the arithmetic it defines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from importlib import resources
from typing import Any

from loyalty.dates import add_months, end_of_month
from loyalty.errors import RedemptionRefused
from loyalty.member_qr import MemberQrRules
from loyalty.money import Currency, Money, floor_money
from loyalty.phone import DEFAULT_MEMBER_REGIONS, check_region_codes
from loyalty.programs import Program, read_programs
from loyalty.vouchers import VoucherIssuer


@dataclass(frozen=True, slots=True)
class Tier:
    """A membership tier reached by rolling 12-month qualifying spend."""

    code: str
    name_zh: str
    name_en: str
    threshold: Decimal
    earn_rate: Decimal  # points per currency unit, rounded down per sale


@dataclass(frozen=True, slots=True)
class OfflineLimits:
    """Floor limits for redeeming while central cannot be reached (see DESIGN.md)."""

    enabled: bool
    max_points_per_sale: int  # L
    max_redemptions_per_member: int  # U, per terminal per offline period
    max_hours_since_sync: int  # T
    terminal_budget_points: int  # B, granted at each sync


@dataclass(frozen=True, slots=True)
class TerminalLimits:
    """What central lets one terminal do before a person must look (issue: a till is not
    trusted). Beyond these, central holds the entry for head office instead of applying it.
    Head office changes them in the rules document (``terminal_limits``)."""

    max_sale_amount: Decimal = Decimal("300000")  # one sale, in the chain's currency
    max_earn_points: int = 50_000  # one earn entry
    daily_points_issued: int = 500_000  # earned by one terminal's sales in a day
    daily_points_redeemed: int = 200_000  # redeemed at one terminal in a day
    daily_redemptions: int = 1_000  # redemptions at one terminal in a day
    daily_points_adjusted: int = 50_000  # adjusted at one terminal in a day, both signs
    daily_enrollments: int = 500  # members enrolled at one terminal in a day
    daily_other_store_edits: int = 200  # profile changes of other stores' members, a day

    @classmethod
    def from_document(cls, doc: dict[str, Any] | None) -> TerminalLimits:
        d = cls()
        doc = doc or {}
        return cls(
            max_sale_amount=Decimal(str(doc.get("max_sale_amount", d.max_sale_amount))),
            max_earn_points=int(doc.get("max_earn_points", d.max_earn_points)),
            daily_points_issued=int(doc.get("daily_points_issued", d.daily_points_issued)),
            daily_points_redeemed=int(doc.get("daily_points_redeemed",
                                              d.daily_points_redeemed)),
            daily_redemptions=int(doc.get("daily_redemptions", d.daily_redemptions)),
            daily_points_adjusted=int(doc.get("daily_points_adjusted",
                                              d.daily_points_adjusted)),
            daily_enrollments=int(doc.get("daily_enrollments", d.daily_enrollments)),
            daily_other_store_edits=int(doc.get("daily_other_store_edits",
                                                d.daily_other_store_edits)))

    def to_document(self) -> dict[str, Any]:
        return {"max_sale_amount": str(self.max_sale_amount),
                "max_earn_points": self.max_earn_points,
                "daily_points_issued": self.daily_points_issued,
                "daily_points_redeemed": self.daily_points_redeemed,
                "daily_redemptions": self.daily_redemptions,
                "daily_points_adjusted": self.daily_points_adjusted,
                "daily_enrollments": self.daily_enrollments,
                "daily_other_store_edits": self.daily_other_store_edits}


@dataclass(frozen=True, slots=True)
class Rules:
    """One version of a chain's loyalty rules."""

    version: int
    currency: Currency
    tiers: tuple[Tier, ...]
    birthday_multiplier: Decimal
    redeem_points_unit: int  # points are redeemed in multiples of this
    redeem_unit_value: Decimal  # what one unit is worth, in currency
    redeem_min_points: int
    redeem_max_points: int
    redeem_max_share: Decimal  # at most this share of the sale may be paid with points
    expiry_months: int  # earned points expire at the end of the Nth month after earning
    tier_term_months: int  # a tier is held at least this long before a downgrade
    approval_redeem_points: int  # a redemption above this needs a manager
    offline: OfflineLimits
    napl_window_months: int = 3
    expiring_soon_days: int = 30
    # Where members' mobiles may be from: region codes, or "*" for any (loyalty.phone).
    member_phone_regions: tuple[str, ...] = DEFAULT_MEMBER_REGIONS
    terminal_limits: TerminalLimits = TerminalLimits()
    programs: tuple[Program, ...] = ()  # coupons, gifts, stamp cards… (loyalty.programs)
    # Central's member-QR public keys and when a phone alone is not enough (loyalty.identity).
    member_qr: MemberQrRules = field(default_factory=MemberQrRules)
    voucher_issuer: VoucherIssuer = field(default_factory=VoucherIssuer)  # on 禮券 slips
    extra: dict[str, Any] = field(default_factory=dict)

    # --- tiers -------------------------------------------------------------------------
    def tier(self, code: str) -> Tier:
        for tier in self.tiers:
            if tier.code == code:
                return tier
        return self.tiers[0]

    def tier_for_spend(self, spend: Decimal) -> Tier:
        """The highest tier whose threshold ``spend`` reaches."""
        reached = self.tiers[0]
        for tier in self.tiers:
            if spend >= tier.threshold:
                reached = tier
        return reached

    def next_tier(self, code: str) -> Tier | None:
        codes = [t.code for t in self.tiers]
        index = codes.index(code) if code in codes else 0
        return self.tiers[index + 1] if index + 1 < len(self.tiers) else None

    # --- earning -----------------------------------------------------------------------
    def earn_points(self, amount: Money, tier_code: str, *, birthday_month: bool = False) -> int:
        """Points a sale earns: amount × tier rate (× birthday multiplier), rounded down."""
        self._check_currency(amount)
        if amount.amount <= 0:
            return 0
        points = amount.amount * self.tier(tier_code).earn_rate
        if birthday_month:
            points *= self.birthday_multiplier
        return int(points.to_integral_value(rounding=ROUND_DOWN))

    def expires_on(self, earned_on: date) -> date:
        """The last day on which points earned on ``earned_on`` can still be used."""
        return end_of_month(earned_on, self.expiry_months)

    # --- redeeming ---------------------------------------------------------------------
    def redemption_value(self, points: int) -> Money:
        """What ``points`` are worth as a discount, rounded down to the counter digits."""
        value = Decimal(points) / self.redeem_points_unit * self.redeem_unit_value
        return Money(floor_money(value, self.currency), self.currency)

    def max_redeemable(self, balance: int, sale: Money | None) -> int:
        """The most points one sale may use given the balance, per-sale cap and sale share."""
        cap = min(balance, self.redeem_max_points)
        if sale is not None:
            self._check_currency(sale)
            share = sale.amount * self.redeem_max_share
            units_by_sale = int((share / self.redeem_unit_value).to_integral_value(ROUND_DOWN))
            cap = min(cap, units_by_sale * self.redeem_points_unit)
        return max(0, cap - cap % self.redeem_points_unit)

    def check_redemption(self, points: int, balance: int, sale: Money | None) -> None:
        """Raise :class:`RedemptionRefused` with the reason a cashier can act on."""
        unit = self.redeem_points_unit
        if points <= 0:
            raise RedemptionRefused("Enter the points to redeem.", code="redeem_empty")
        if points % unit:
            raise RedemptionRefused(f"Points are redeemed in steps of {unit}.",
                                    code="redeem_step")
        if points < self.redeem_min_points:
            raise RedemptionRefused(f"The minimum redemption is {self.redeem_min_points} points.",
                                    code="redeem_below_min")
        if points > balance:
            raise RedemptionRefused(f"The member has only {balance} points.",
                                    code="redeem_over_balance")
        if points > self.redeem_max_points:
            raise RedemptionRefused(f"At most {self.redeem_max_points} points per sale.",
                                    code="redeem_over_max")
        if sale is not None and points > self.max_redeemable(points, sale):
            share = int(self.redeem_max_share * 100)
            raise RedemptionRefused(f"Points can pay at most {share}% of this sale.",
                                    code="redeem_over_share")

    def needs_approval(self, points: int) -> bool:
        return points > self.approval_redeem_points

    # --- tiers over time ----------------------------------------------------------------
    def evaluate_tier(self, current: str, tier_since: date, spend_12m: Decimal,
                      today: date) -> tuple[str, str | None]:
        """Return ``(tier_code, change)`` where change is ``upgrade``/``downgrade``/None.

        Upgrades happen as soon as the rolling spend reaches a higher threshold. A downgrade
        waits until the tier has been held ``tier_term_months``, then drops to the tier the
        spend still qualifies for.
        """
        qualified = self.tier_for_spend(spend_12m)
        order = [t.code for t in self.tiers]
        cur_index = order.index(current) if current in order else 0
        new_index = order.index(qualified.code)
        if new_index > cur_index:
            return qualified.code, "upgrade"
        if new_index < cur_index and today >= add_months(tier_since, self.tier_term_months):
            return qualified.code, "downgrade"
        return order[cur_index], None

    def _check_currency(self, amount: Money) -> None:
        if amount.currency is not self.currency:
            raise ValueError(f"rules are in {self.currency.value}, got {amount.currency.value}")

    # --- the document ------------------------------------------------------------------
    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Rules:
        """Build from the JSON document central serves (``GET /v1/rules``)."""
        offline = doc["offline_redemption"]
        return cls(
            version=int(doc["version"]),
            currency=Currency(doc["currency"]),
            tiers=tuple(
                Tier(t["code"], t["name_zh"], t["name_en"], Decimal(str(t["threshold"])),
                     Decimal(str(t["earn_rate"])))
                for t in sorted(doc["tiers"], key=lambda t: Decimal(str(t["threshold"])))
            ),
            birthday_multiplier=Decimal(str(doc["birthday_multiplier"])),
            redeem_points_unit=int(doc["redemption"]["points_unit"]),
            redeem_unit_value=Decimal(str(doc["redemption"]["unit_value"])),
            redeem_min_points=int(doc["redemption"]["min_points"]),
            redeem_max_points=int(doc["redemption"]["max_points_per_sale"]),
            redeem_max_share=Decimal(str(doc["redemption"]["max_share_of_sale"])),
            expiry_months=int(doc["expiry_months"]),
            tier_term_months=int(doc["tier_term_months"]),
            approval_redeem_points=int(doc["manager_approval"]["redeem_points_over"]),
            offline=OfflineLimits(
                enabled=bool(offline["enabled"]),
                max_points_per_sale=int(offline["max_points_per_sale"]),
                max_redemptions_per_member=int(offline["max_redemptions_per_member"]),
                max_hours_since_sync=int(offline["max_hours_since_sync"]),
                terminal_budget_points=int(offline["terminal_budget_points"]),
            ),
            napl_window_months=int(doc.get("napl_window_months", 3)),
            expiring_soon_days=int(doc.get("expiring_soon_days", 30)),
            member_phone_regions=check_region_codes(
                doc.get("member_phone_regions", DEFAULT_MEMBER_REGIONS)),
            terminal_limits=TerminalLimits.from_document(doc.get("terminal_limits")),
            programs=read_programs(doc.get("programs")),
            member_qr=MemberQrRules.from_document(doc.get("member_qr")),
            voucher_issuer=VoucherIssuer.from_document(doc.get("voucher_issuer")),
        )

    def to_document(self) -> dict[str, Any]:
        """The JSON-able document; ``Rules.from_document(r.to_document()) == r``."""
        doc: dict[str, Any] = {
            "version": self.version,
            "currency": self.currency.value,
            "tiers": [
                {"code": t.code, "name_zh": t.name_zh, "name_en": t.name_en,
                 "threshold": str(t.threshold), "earn_rate": str(t.earn_rate)}
                for t in self.tiers
            ],
            "birthday_multiplier": str(self.birthday_multiplier),
            "redemption": {
                "points_unit": self.redeem_points_unit,
                "unit_value": str(self.redeem_unit_value),
                "min_points": self.redeem_min_points,
                "max_points_per_sale": self.redeem_max_points,
                "max_share_of_sale": str(self.redeem_max_share),
            },
            "expiry_months": self.expiry_months,
            "tier_term_months": self.tier_term_months,
            "manager_approval": {"redeem_points_over": self.approval_redeem_points},
            "offline_redemption": {
                "enabled": self.offline.enabled,
                "max_points_per_sale": self.offline.max_points_per_sale,
                "max_redemptions_per_member": self.offline.max_redemptions_per_member,
                "max_hours_since_sync": self.offline.max_hours_since_sync,
                "terminal_budget_points": self.offline.terminal_budget_points,
            },
            "napl_window_months": self.napl_window_months,
            "expiring_soon_days": self.expiring_soon_days,
            "member_phone_regions": list(self.member_phone_regions),
            "terminal_limits": self.terminal_limits.to_document(),
        }
        if self.programs:
            doc["programs"] = [p.to_document() for p in self.programs]
        if not self.member_qr.is_default:
            doc["member_qr"] = self.member_qr.to_document()
        if self.voucher_issuer != VoucherIssuer():
            doc["voucher_issuer"] = self.voucher_issuer.to_document()
        return doc

    def program(self, program_id: str) -> Program | None:
        """The program ``program_id``, if these rules define it."""
        return next((p for p in self.programs if p.program_id == program_id), None)


def default_rules(market: str = "TW") -> Rules:
    """The shipped default rules for a Taiwanese (``TW``) or Hong Kong (``HK``) chain."""
    name = {"TW": "default_rules_tw.json", "HK": "default_rules_hk.json"}[market]
    text = resources.files("loyalty").joinpath(name).read_text(encoding="utf-8")
    return Rules.from_document(json.loads(text))
