"""Loyalty programs beyond points, as head office defines them in the rules document
(``"programs"``), and the identifiers that make an instrument's issue idempotent.

A program issues **instruments** to members — a coupon, a birthday gift, a stamp card, a
referral reward, a prepaid pass (寄杯, 禮券) — each with its own append-only ledger of units
(:class:`loyalty.records.InstrumentEntry`); an instrument's balance is the sum of its entries.

Issues that two places may both make (central's birthday job and an offline till, the 10th
stamp seen by two tills, a referral synced twice) use ids derived from what they are for
(:func:`birthday_instrument_id` …), so the second is the same entry and is applied once.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal, get_args

ProgramKind = Literal["coupon", "birthday_gift", "stamp_card", "referral", "prepaid_pass"]
PROGRAM_KINDS: tuple[str, ...] = get_args(ProgramKind)
OfflineMode = Literal["never", "per_terminal"]
PROGRAM_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"
_PROGRAM_ID = re.compile(PROGRAM_ID_PATTERN)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # names are printed on slips and shown as text

# Fixed forever: the instrument ids already issued depend on it.
_NAMESPACE = uuid.UUID("6f1c2a52-9d43-4c55-8a0e-5b1e7f0c2d91")


class ProgramError(ValueError):
    """A program head office cannot define; ``reason`` names what is wrong (the console
    shows it in the reader's language, the API in the message)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class OfflinePolicy:
    """How an instrument of the program may be redeemed while central cannot be reached:
    ``never``, or ``per_terminal`` — at most ``max_per_terminal`` redemptions of the
    program's instruments per terminal per offline period (prepaid cups are further bound by
    the cups the till last saw)."""

    mode: OfflineMode = "never"
    max_per_terminal: int = 0

    def to_document(self) -> dict[str, Any]:
        return {"mode": self.mode, "max_per_terminal": self.max_per_terminal}


@dataclass(frozen=True, slots=True)
class Program:
    """One program of the chain. Amounts are in the rules' currency.

    ``units`` is what one instrument holds when issued: 1 for a coupon, a gift or a referral
    reward; the cups of a prepaid pass; for a stamp card, the stamps that complete it (the
    card's balance counts stamps; reward ``n`` is issued when it reaches ``n * units``).
    """

    program_id: str
    kind: ProgramKind
    name_zh: str
    name_en: str
    units: int = 1
    valid_from: date | None = None
    valid_until: date | None = None
    tiers: tuple[str, ...] = ()  # empty: every tier
    stores: tuple[str, ...] = ()  # empty: every store
    segments: tuple[str, ...] = ()  # named segments head office issues to (coupons)
    per_member_limit: int | None = None  # instruments one member may hold over the program
    global_limit: int | None = None  # instruments issued chain-wide
    offline: OfflinePolicy = OfflinePolicy()
    reward_value: Decimal | None = None  # the discount a coupon, gift or reward gives
    reward_item: str = ""  # or the item it gives ("中杯拿鐵"), printed on the slip
    reward_program: str | None = None  # stamp card, referral: the program of the reward
    stamp_min_sale: Decimal = Decimal("0")  # stamp card: a sale of at least this stamps
    referral_min_sale: Decimal = Decimal("0")  # referral: the referee's qualifying purchase
    price: Decimal | None = None  # prepaid pass: what it sells for
    refund_unit_price: Decimal | None = None  # prepaid pass: refunded per unused unit
    valid_days: int | None = None  # an issued instrument's life; None: no expiry
    active: bool = True

    def __post_init__(self) -> None:
        pid = self.program_id
        if not _PROGRAM_ID.match(pid):
            raise ProgramError("program_id", f"program id {pid!r} is not [a-z0-9_-], 1-40")
        if self.kind not in PROGRAM_KINDS:
            raise ProgramError("kind", f"program kind {self.kind!r} is not one of "
                                       f"{PROGRAM_KINDS}")
        if not 1 <= self.units <= 1000:
            raise ProgramError("units", f"program {pid}: units must be 1-1000")
        if self.kind == "prepaid_pass" and (self.price is None or self.price <= 0):
            raise ProgramError("price", f"program {pid}: a prepaid pass needs a price")
        if self.kind in ("stamp_card", "referral") and not self.reward_program:
            raise ProgramError("reward_program", f"program {pid}: a {self.kind} needs "
                                                 "reward_program")
        if self.offline.mode not in ("never", "per_terminal") or self.offline.max_per_terminal < 0:
            raise ProgramError("offline", f"program {pid}: offline policy is not valid")
        texts = (self.name_zh, self.name_en, self.reward_item, *self.tiers, *self.stores,
                 *self.segments)
        if any(_CONTROL.search(t) for t in texts) or not self.name_zh.strip() \
                or not self.name_en.strip():
            raise ProgramError("names", f"program {pid}: names must be printable text")
        for amount in (self.reward_value, self.price, self.refund_unit_price,
                       self.stamp_min_sale, self.referral_min_sale):
            if amount is not None and amount < 0:
                raise ProgramError("amounts", f"program {pid}: amounts cannot be negative")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ProgramError("validity", f"program {pid}: valid_until is before valid_from")
        if any(n is not None and n < 0 for n in (self.per_member_limit, self.global_limit)):
            raise ProgramError("limits", f"program {pid}: limits cannot be negative")
        if self.valid_days is not None and self.valid_days < 1:
            raise ProgramError("valid_days", f"program {pid}: valid_days must be 1 or more")

    def running_on(self, day: date) -> bool:
        """Whether the program is active and ``day`` is within its validity."""
        return (self.active and (self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))

    def eligible(self, tier: str, store_id: str) -> bool:
        """Whether a member of ``tier`` may use it at ``store_id``."""
        return ((not self.tiers or tier in self.tiers)
                and (not self.stores or store_id in self.stores))

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Program:
        """Read one entry of the rules document's ``"programs"`` (raises ``ValueError``,
        ``KeyError`` or ``TypeError`` on a bad one)."""
        def money(key: str) -> Decimal | None:
            value = doc.get(key)
            return None if value is None else Decimal(str(value))

        def day(key: str) -> date | None:
            value = doc.get(key)
            return None if value is None else date.fromisoformat(str(value))

        def optional_int(key: str) -> int | None:
            value = doc.get(key)
            return None if value is None else int(value)

        offline = doc.get("offline") or {}
        return cls(
            program_id=str(doc["program_id"]), kind=doc["kind"],
            name_zh=str(doc["name_zh"])[:60], name_en=str(doc["name_en"])[:60],
            units=int(doc.get("units", 1)),
            valid_from=day("valid_from"), valid_until=day("valid_until"),
            tiers=tuple(str(t) for t in doc.get("tiers", ())),
            stores=tuple(str(s) for s in doc.get("stores", ())),
            segments=tuple(str(s) for s in doc.get("segments", ())),
            per_member_limit=optional_int("per_member_limit"),
            global_limit=optional_int("global_limit"),
            offline=OfflinePolicy(offline.get("mode", "never"),
                                  int(offline.get("max_per_terminal", 0))),
            reward_value=money("reward_value"), reward_item=str(doc.get("reward_item", ""))[:60],
            reward_program=doc.get("reward_program"),
            stamp_min_sale=money("stamp_min_sale") or Decimal("0"),
            referral_min_sale=money("referral_min_sale") or Decimal("0"),
            price=money("price"), refund_unit_price=money("refund_unit_price"),
            valid_days=optional_int("valid_days"), active=bool(doc.get("active", True)))

    def to_document(self) -> dict[str, Any]:
        """The JSON-able entry; ``Program.from_document(p.to_document()) == p``."""
        def text(value: object) -> str | None:
            return None if value is None else str(value)

        return {
            "program_id": self.program_id, "kind": self.kind,
            "name_zh": self.name_zh, "name_en": self.name_en, "units": self.units,
            "valid_from": text(self.valid_from), "valid_until": text(self.valid_until),
            "tiers": list(self.tiers), "stores": list(self.stores),
            "segments": list(self.segments),
            "per_member_limit": self.per_member_limit, "global_limit": self.global_limit,
            "offline": self.offline.to_document(),
            "reward_value": text(self.reward_value), "reward_item": self.reward_item,
            "reward_program": self.reward_program,
            "stamp_min_sale": str(self.stamp_min_sale),
            "referral_min_sale": str(self.referral_min_sale),
            "price": text(self.price), "refund_unit_price": text(self.refund_unit_price),
            "valid_days": self.valid_days, "active": self.active,
        }


def read_programs(docs: list[dict[str, Any]] | None) -> tuple[Program, ...]:
    """The rules document's ``"programs"``; ids must be unique and rewards must name a
    program of the list."""
    programs = tuple(Program.from_document(d) for d in docs or ())
    ids = [p.program_id for p in programs]
    if len(set(ids)) != len(ids):
        raise ValueError("program ids must be unique")
    for program in programs:
        if program.reward_program is not None and program.reward_program not in ids:
            raise ValueError(f"program {program.program_id}: reward program "
                             f"{program.reward_program!r} is not defined")
    return programs


def derived_id(*parts: object) -> str:
    """A stable UUID for what ``parts`` name (the same everywhere, for ever)."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)))


def birthday_instrument_id(program_id: str, member_id: str, year: int) -> str:
    """The birthday gift of ``member_id`` for ``year``: central's job and an offline till
    issue the same instrument."""
    return derived_id("birthday", program_id, member_id, year)


def stamp_reward_instrument_id(card_id: str, cycle: int, issue: int = 1) -> str:
    """The reward of stamp card ``card_id``'s ``cycle``-th completion (1, 2, …).

    ``issue`` > 1: the reward of that completion issued again after a void took the stamp
    that completed the card and the ``issue - 1``-th reward with it, unused, and the member
    completed the card again (:func:`loyalty.instruments.reward_to_issue`). The first issue
    keeps the id it always had."""
    if issue < 1:
        raise ValueError("a reward's issue counts from 1")
    if issue == 1:
        return derived_id("stamp-reward", card_id, cycle)
    return derived_id("stamp-reward", card_id, cycle, "issue", issue)


def stamp_card_id(program_id: str, member_id: str) -> str:
    """A member's stamp card of a program (one per member; it fills up again after a reward)."""
    return derived_id("stamp-card", program_id, member_id)


def referral_instrument_id(program_id: str, referee_id: str) -> str:
    """The referrer's reward for ``referee_id``: one per referee, however often it syncs."""
    return derived_id("referral", program_id, referee_id)


def expire_entry_id(instrument_id: str, n: int) -> str:
    """The ``n``-th (1, 2, …) expiry of ``instrument_id``: two job workers, or a rerun, write
    the same entry id, so central holds it once."""
    return derived_id("expire", instrument_id, n)


def issue_entry_id(instrument_id: str) -> str:
    """The entry that issues ``instrument_id`` (an issue is one entry, wherever it is made)."""
    return derived_id("issue", instrument_id)
