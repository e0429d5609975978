"""The programs part of the reports (issue #20): instruments issued, redeemed, expired and
outstanding per program and store, the stamp-card and referral funnels, the prepaid liability
and the conflicts — pure: the till's and central's queries hand over grouped rows (a few per
program and store, whatever the number of ledger entries) and :func:`build` makes the figures.

Definitions (the same on the till and at central):

- Period figures count the instrument entries that *occurred* in the period's local days. A
  ``reverse`` counts against the kind of the entry it undoes (a voided stamp lowers
  "stamps", a reversed redemption lowers "redeemed"), in the period the reverse occurred.
- ``issued`` is instruments issued (issue entries), ``issued_units`` what they held (cups of
  a pass); ``redeemed``, ``expired``, ``refunded`` are units, positive.
- Outstanding is the state now: instruments with something left that have not expired,
  counted for the store that issued them (sold the pass, gave the gift).
- Prepaid liability: the cups outstanding × the program's price per cup (``price / units``),
  per store and for the chain; the chain's is the sum of the stores' rounded figures.
- Stamp funnel of a stamp-card program: cards stamped in the period → stamps → rewards of
  those cards issued in the period → rewards of those cards redeemed in the period. A reward
  is known by its derived id (``stamp_reward_instrument_id``), so coupons of the same reward
  program issued otherwise are not counted as the card's.
- Referral funnel (central): sign-ups in the period that named a referrer → of them, those
  whose referrer was rewarded (the reward ``referral_instrument_id(program, referee)``) →
  rewards used (a self-referral is refused at enrollment, so it never gets this far).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from loyalty.money import Currency, Money
from loyalty.programs import Program, referral_instrument_id, stamp_reward_instrument_id
from loyalty.report.periods import Period

CONFLICT_REASONS = ("used_twice", "over_redeemed", "duplicate_gift", "limit_exceeded",
                    "self_referral", "after_expiry")


@dataclass(frozen=True, slots=True)
class Movement:
    """Input: period entries of one store and program, by kind (a reverse already folded into
    the kind it undoes). ``entries`` is net of reversed entries; ``units`` signed as in the
    ledger; ``amount`` the money on them (a pass's price on issue, paid back on refund)."""

    store_id: str
    program_id: str
    kind: str
    entries: int
    units: int
    amount: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Holding:
    """Input: instruments of one program issued at one store that are outstanding now."""

    store_id: str
    program_id: str
    instruments: int
    units: int


@dataclass(frozen=True, slots=True)
class Conflict:
    """One entry central found in conflict (the entry stands; the manager looks at it)."""

    occurred_at: datetime
    store_id: str
    terminal_id: str
    program_id: str
    instrument_id: str
    reason: str
    resolved: bool = False
    entry_id: str = ""  # central: the conflict's id (head office resolves it by it)
    decision: str | None = None  # central: head office's decision, once resolved
    resolved_by: str | None = None


@dataclass(frozen=True, slots=True)
class ProgramLine:
    """One program at one store in the period (``store_id`` ``""``: every store)."""

    program_id: str
    kind: str
    name_zh: str
    name_en: str
    store_id: str
    issued: int = 0
    issued_units: int = 0
    stamps: int = 0
    redeemed: int = 0
    expired: int = 0
    refunded: int = 0
    sold_amount: Decimal = Decimal(0)
    refund_amount: Decimal = Decimal(0)
    outstanding: int = 0  # instruments
    outstanding_units: int = 0

    def name(self, lang: str) -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    def plus(self, other: ProgramLine) -> ProgramLine:
        """The two lines added up (a program over stores)."""
        return ProgramLine(
            self.program_id, self.kind, self.name_zh, self.name_en, "",
            self.issued + other.issued, self.issued_units + other.issued_units,
            self.stamps + other.stamps, self.redeemed + other.redeemed,
            self.expired + other.expired, self.refunded + other.refunded,
            self.sold_amount + other.sold_amount, self.refund_amount + other.refund_amount,
            self.outstanding + other.outstanding,
            self.outstanding_units + other.outstanding_units)


@dataclass(frozen=True, slots=True)
class StampFunnel:
    program_id: str
    name_zh: str
    name_en: str
    cards_stamped: int
    stamps: int
    rewards_issued: int
    rewards_redeemed: int

    def steps(self) -> tuple[tuple[str, int], ...]:
        return (("cards_stamped", self.cards_stamped), ("stamps", self.stamps),
                ("rewards_issued", self.rewards_issued),
                ("rewards_redeemed", self.rewards_redeemed))


@dataclass(frozen=True, slots=True)
class ReferralFunnel:
    program_id: str
    name_zh: str
    name_en: str
    referred: int  # sign-ups in the period that named a referrer
    rewarded: int
    rewards_redeemed: int

    def steps(self) -> tuple[tuple[str, int], ...]:
        return (("referred", self.referred), ("rewarded", self.rewarded),
                ("rewards_redeemed", self.rewards_redeemed))


@dataclass(frozen=True, slots=True)
class LiabilityLine:
    """Prepaid cups outstanding of one pass program at one store, and what they are worth."""

    store_id: str
    program_id: str
    name_zh: str
    name_en: str
    cups: int
    unit_price: Money
    value: Money


@dataclass(frozen=True, slots=True)
class InstrumentReport:
    """The programs section of a report for one store (till) or the chain (central)."""

    period: Period
    currency: Currency
    lines: tuple[ProgramLine, ...]  # per program and store, programs' order then store
    programs: tuple[ProgramLine, ...]  # per program, every store of the report
    stamp_funnels: tuple[StampFunnel, ...]
    referral_funnels: tuple[ReferralFunnel, ...]
    liability: tuple[LiabilityLine, ...]
    conflicts: tuple[Conflict, ...]  # newest first
    conflict_counts: dict[str, int] = field(default_factory=dict)  # reason -> in the period
    open_conflicts: int | None = None  # not resolved yet, whenever (None: not known here)

    @property
    def liability_total(self) -> Money:
        return sum((line.value for line in self.liability), Money(Decimal(0), self.currency))

    @property
    def liability_cups(self) -> int:
        return sum(line.cups for line in self.liability)

    def liability_by_store(self) -> dict[str, Money]:
        out: dict[str, Money] = {}
        for line in self.liability:
            out[line.store_id] = out.get(line.store_id, Money(Decimal(0), self.currency)) \
                + line.value
        return dict(sorted(out.items()))

    def total(self, figure: str) -> int:
        """A figure summed over every program (``issued``, ``redeemed`` …)."""
        return sum(int(getattr(p, figure)) for p in self.programs)

    @property
    def is_empty(self) -> bool:
        return not self.lines and not self.conflicts


def _line(program: Program | None, program_id: str, store_id: str) -> ProgramLine:
    if program is None:  # a program no longer in the rules: its entries still count
        return ProgramLine(program_id, "", program_id, program_id, store_id)
    return ProgramLine(program_id, program.kind, program.name_zh, program.name_en, store_id)


def _apply(line: ProgramLine, m: Movement) -> ProgramLine:
    if m.kind == "issue":
        return replace(line, issued=line.issued + m.entries,
                       issued_units=line.issued_units + m.units,
                       sold_amount=line.sold_amount + m.amount)
    if m.kind == "stamp":
        return replace(line, stamps=line.stamps + m.units)
    if m.kind == "redeem":
        return replace(line, redeemed=line.redeemed - m.units)
    if m.kind == "expire":
        return replace(line, expired=line.expired - m.units)
    if m.kind == "refund":
        return replace(line, refunded=line.refunded - m.units,
                       refund_amount=line.refund_amount + m.amount)
    return line


def _order(programs: Sequence[Program]) -> dict[str, int]:
    return {p.program_id: i for i, p in enumerate(programs)}


def build(period: Period, currency: Currency, programs: Sequence[Program],
          movements: Iterable[Movement], holdings: Iterable[Holding], *,
          cards_stamped: dict[str, int] | None = None,
          stamp_rewards: dict[str, tuple[int, int]] | None = None,
          referrals: dict[str, tuple[int, int, int]] | None = None,
          conflicts: Sequence[Conflict] = (), conflict_counts: dict[str, int] | None = None,
          open_conflicts: int | None = None) -> InstrumentReport:
    """The programs section from grouped rows. ``cards_stamped``: stamp program → distinct
    cards stamped in the period; ``stamp_rewards``: stamp program → (its cards' rewards
    issued, units of them redeemed) in the period; ``referrals``: referral program →
    (referred sign-ups, rewarded, rewards used) — ``None`` where that is not known;
    ``conflict_counts``: reason → conflicts in the period."""
    by_id = {p.program_id: p for p in programs}
    order = _order(programs)
    lines: dict[tuple[str, str], ProgramLine] = {}

    def get(program_id: str, store_id: str) -> ProgramLine:
        key = (program_id, store_id)
        if key not in lines:
            lines[key] = _line(by_id.get(program_id), program_id, store_id)
        return lines[key]

    for m in movements:
        lines[(m.program_id, m.store_id)] = _apply(get(m.program_id, m.store_id), m)
    held = list(holdings)
    for h in held:
        line = get(h.program_id, h.store_id)
        lines[(h.program_id, h.store_id)] = replace(
            line, outstanding=line.outstanding + h.instruments,
            outstanding_units=line.outstanding_units + h.units)
    ranked = sorted(lines.values(),
                    key=lambda x: (order.get(x.program_id, len(order)), x.program_id,
                                   x.store_id))
    per_program: dict[str, ProgramLine] = {}
    for line in ranked:
        before = per_program.get(line.program_id)
        per_program[line.program_id] = (
            line.plus(_line(by_id.get(line.program_id), line.program_id, ""))
            if before is None else before.plus(line))
    return InstrumentReport(
        period=period, currency=currency, lines=tuple(ranked),
        programs=tuple(per_program.values()),
        stamp_funnels=_stamp_funnels(programs, per_program, cards_stamped or {},
                                     stamp_rewards or {}),
        referral_funnels=_referral_funnels(programs, referrals),
        liability=_liability(by_id, order, held, currency),
        conflicts=tuple(sorted(conflicts, key=lambda c: c.occurred_at, reverse=True)),
        conflict_counts={r: (conflict_counts or {}).get(r, 0) for r in CONFLICT_REASONS
                         if (conflict_counts or {}).get(r, 0)},
        open_conflicts=open_conflicts)


def _empty(program_id: str) -> ProgramLine:
    return ProgramLine(program_id, "", program_id, program_id, "")


def _stamp_funnels(programs: Sequence[Program], per_program: dict[str, ProgramLine],
                   cards: dict[str, int], rewards: dict[str, tuple[int, int]]
                   ) -> tuple[StampFunnel, ...]:
    out = []
    for p in programs:
        if p.kind != "stamp_card":
            continue
        own = per_program.get(p.program_id, _empty(p.program_id))
        issued, redeemed = rewards.get(p.program_id, (0, 0))
        if not own.stamps and not issued and not redeemed and not cards.get(p.program_id):
            continue
        out.append(StampFunnel(p.program_id, p.name_zh, p.name_en, cards.get(p.program_id, 0),
                               own.stamps, issued, redeemed))
    return tuple(out)


def _referral_funnels(programs: Sequence[Program],
                      referrals: dict[str, tuple[int, int, int]] | None
                      ) -> tuple[ReferralFunnel, ...]:
    if referrals is None:
        return ()
    out = []
    for p in programs:
        if p.kind != "referral":
            continue
        referred, rewarded, used = referrals.get(p.program_id, (0, 0, 0))
        if not referred and not rewarded and not used:
            continue
        out.append(ReferralFunnel(p.program_id, p.name_zh, p.name_en, referred, rewarded,
                                  used))
    return tuple(out)


def stamp_reward_ids(cards: Iterable[tuple[str, int, int]], units: int) -> set[str]:
    """The rewards cards may have reached since a moment: ``(card id, stamps ever earned,
    stamps given since)`` → the ids of the rewards between the two balances, with the
    issues again of a completion whose reward a void took back (up to
    :data:`REISSUES_COUNTED` issues of one completion; a superset: callers intersect with
    the rewards actually issued)."""
    return {stamp_reward_instrument_id(card, cycle, issue) for card, balance, since in cards
            for cycle in range(max(balance - since, 0) // units + 1, balance // units + 1)
            for issue in range(1, REISSUES_COUNTED + 1)}


REISSUES_COUNTED = 4
"""Issues of one completion's reward a report recognises (the first, and three after voids)."""


def referral_reward_ids(program_id: str, referees: Iterable[str]) -> dict[str, str]:
    """Reward id → referee, for a referral program's referees."""
    return {referral_instrument_id(program_id, r): r for r in referees}


def unit_price(program: Program, currency: Currency) -> Money | None:
    """A pass's price per cup (``price / units``), or ``None`` for any other program."""
    if program.kind != "prepaid_pass" or program.price is None:
        return None
    return Money(program.price / program.units, currency)


def _liability(by_id: dict[str, Program], order: dict[str, int], held: Sequence[Holding],
               currency: Currency) -> tuple[LiabilityLine, ...]:
    out = []
    for h in held:
        program = by_id.get(h.program_id)
        if program is None or program.kind != "prepaid_pass" or program.price is None \
                or h.units <= 0:
            continue
        exact = program.price * h.units / program.units
        price = unit_price(program, currency)
        assert price is not None
        out.append(LiabilityLine(h.store_id, h.program_id, program.name_zh, program.name_en,
                                 h.units, price, Money(exact, currency)))
    out.sort(key=lambda x: (x.store_id, order.get(x.program_id, 0)))
    return tuple(out)
