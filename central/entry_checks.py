"""What central re-derives before a terminal's ledger entry may move a balance.

A till is not trusted. Every pushed entry is checked against what central knows itself —
the rules version the entry names, the member's tier and birthday, the sale, the entries it
claims to undo, the authorisations central issued, the terminal's limits for the day — with
the same rule functions the till uses (:mod:`loyalty.rules`). An entry that fails is not
refused and not applied: it is **held** (:class:`~central.models.HeldEntry`) with its
reasons for head office to approve or reject, and the terminal is told.

What is checked, by kind:

* ``earn``: a sale in the chain's currency, more than zero and at most the chain's
  ``max_sale_amount``; at most ``max_earn_points``; and no more points than the rules give
  for that sale and member (tier, or a higher one the member's 12-month spend reached, or any
  tier when the member's tier changed after the sale; the birthday multiplier in the member's
  birthday month, in the store's time zone);
* ``redeem``: online ones must be the entry central authorised (its id is in the ledger);
  offline ones within the floor limits of their offline period
  (:func:`central.terminal_health.floor_decisions`), or beyond them with the approval of a
  manager central knows;
* ``reverse``: only of an entry of the terminal's own store, of a kind that can be voided,
  with exactly the opposite points, only once, and approved by a manager central knows;
* ``adjust``: approved by a manager central knows;
* ``bonus``, ``expire``: never from a terminal (central's jobs and head office write them);
* any ``approved_by``: a staff id that is a manager of the entry's store, active on the
  entry's store-local day (:mod:`central.staff`);
* per terminal and day of the entry (the store's local day it happened on, so a till back
  after a week offline is judged day by day): points issued, points redeemed, redemptions
  and points adjusted under the chain's daily limits (enrollments and other stores'
  profile changes are counted here too, see :meth:`EntryScreen.admit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from central.db import in_values
from central.models import LedgerEntryRow, Member, RulesVersion, Store, Terminal, TerminalDay
from central.rules_store import current_rules
from central.staff import APPROVAL_MESSAGES, Approvers
from central.terminal_health import floor_decisions
from loyalty.money import Currency, Money
from loyalty.offline import FloorDecision
from loyalty.rules import Rules
from loyalty.voids import voidable_kind
from sync.protocol import LedgerEntry

TERMINAL_KINDS = frozenset({"earn", "redeem", "reverse", "adjust"})

MESSAGES = {
    "kind_not_for_terminals": "Terminals do not write this kind of entry.",
    "unknown_rules_version": "Central has no such rules version.",
    "earn_without_sale": "An earn needs a sale in the chain's currency.",
    "sale_not_positive": "The sale amount must be more than zero.",
    "sale_over_limit": "The sale is over the chain's limit for one sale.",
    "earn_over_limit": "More points than one sale may earn.",
    "earn_not_by_rules": "More points than the rules give for this sale and member.",
    "redeem_not_authorised": "An online redemption central never authorised.",
    "reverse_unknown_entry": "It undoes an entry central does not hold.",
    "reverse_other_store": "It undoes another store's entry.",
    "reverse_not_voidable": "That kind of entry cannot be voided.",
    "reverse_mismatch": "It does not give back exactly what the entry moved.",
    "already_reversed": "That entry was already voided.",
    "daily_points_issued": "The terminal's points issued today are over the chain's limit.",
    "daily_points_redeemed": "The terminal's points redeemed today are over the limit.",
    "daily_redemptions": "The terminal's redemptions today are over the chain's limit.",
    "daily_points_adjusted": "The terminal's points adjusted today are over the limit.",
    "offline_floor": "An offline redemption beyond the floor limits central gave this "
                     "terminal.",
    "member_held": "The member's enrollment is held for head office.",
    **APPROVAL_MESSAGES,
}
_ISSUED, _REDEEMED, _REDEMPTIONS, _ADJUSTED, _ENROLLMENTS, _OTHER_EDITS = range(6)
_DAY_COLUMNS = ("points_issued", "points_redeemed", "redemptions", "points_adjusted",
                "enrollments", "other_store_edits")
CAP_MESSAGES = {
    "daily_enrollments": "The terminal's enrollments today are over the chain's limit; "
                         "held for head office.",
    "daily_other_store_edits": "The terminal's changes to other stores' members today are "
                               "over the chain's limit; held for head office.",
}


@dataclass(frozen=True, slots=True)
class Hold:
    """Why an entry is held: stable reason codes and one sentence for people."""

    reasons: tuple[str, ...]

    @property
    def message(self) -> str:
        return " ".join(MESSAGES.get(r) or CAP_MESSAGES[r] for r in self.reasons)


@dataclass(frozen=True, slots=True)
class _MemberFacts:
    tier: str
    tier_since: date | None
    birthday_month: int | None


@dataclass(frozen=True, slots=True)
class _Undone:
    id: str
    kind: str
    points: int
    store_id: str
    reversed: bool


class EntryScreen:
    """The checks for one push of one terminal; :meth:`screen` a run of entries, then
    :meth:`save_totals` once before commit."""

    def __init__(self, session: Session, terminal: Terminal) -> None:
        self.session, self.terminal = session, terminal
        self.current = current_rules(session)
        self.limits = self.current.terminal_limits
        store = session.get(Store, terminal.store_id) if terminal.store_id else None
        self.tz = ZoneInfo(store.timezone if store else "Asia/Taipei")
        self.days: dict[date, list[int]] = {}  # day → the counts of _DAY_COLUMNS
        self.approvers = Approvers(session)
        self.breaches: list[tuple[LedgerEntry, FloorDecision, datetime | None]] = []
        """Offline redemptions beyond the floor limits no known manager approved."""
        self._spend: dict[str, Decimal] = {}  # member → 12-month spend in the ledger
        self._pushed: dict[str, Decimal] = {}  # member → sales this push passed so far
        self._dirty: set[date] = set()
        self._rules: dict[int, Rules | None] = {self.current.version: self.current}

    # --- the checks ---------------------------------------------------------------------------
    def screen(self, entries: Sequence[LedgerEntry]) -> list[Hold | None]:
        """A :class:`Hold` for each entry that must wait for a person, else None (in order;
        what passes counts towards the terminal's day)."""
        members = self._members({e.member_id for e in entries if e.kind == "earn"})
        undone = self._undone({e.ref_entry_id for e in entries
                               if e.kind == "reverse" and e.ref_entry_id})
        # A redemption central authorised online may come back as the till's offline
        # fallback under the same id: the ledger answers it (already applied or a conflict).
        authorised = self._known({e.entry_id for e in entries if e.kind == "redeem"})
        self._load_days({self._day(e) for e in entries})
        self.approvers.load(e.approved_by for e in entries)
        offline = [e for e in entries
                   if e.kind == "redeem" and e.offline and e.entry_id not in authorised]
        floors = dict(zip([e.entry_id for e in offline],
                          floor_decisions(self.session, self.terminal, offline), strict=True))
        out: list[Hold | None] = []
        for e in entries:
            reasons = self._reasons(e, members, undone, authorised)
            if not reasons:
                reasons = self._approval(e, floors.get(e.entry_id))
            if reasons:
                out.append(Hold(tuple(reasons)))
                continue
            out.append(None)
            self._count(e)
            if voidable_kind(e.kind):  # a reverse later in the batch may undo it
                undone.setdefault(e.entry_id, _Undone(e.entry_id, e.kind, e.points,
                                                      e.store_id, False))
            if e.kind == "reverse" and e.ref_entry_id in undone:
                ref = undone[e.ref_entry_id]
                undone[e.ref_entry_id] = _Undone(ref.id, ref.kind, ref.points, ref.store_id,
                                                 True)
        return out

    def _reasons(self, e: LedgerEntry, members: dict[str, _MemberFacts],
                 undone: dict[str, _Undone], authorised: set[str]) -> list[str]:
        if e.kind not in TERMINAL_KINDS:
            return ["kind_not_for_terminals"]
        if e.kind == "earn":
            return self._earn(e, members.get(e.member_id))
        if e.kind == "reverse":
            return self._reverse(e, undone.get(e.ref_entry_id or ""))
        if e.kind == "redeem" and e.entry_id in authorised:
            return []  # central's own authorisation, already counted
        if e.kind == "adjust":
            return self._adjust(e)
        return self._redeem(e, authorised)

    def _adjust(self, e: LedgerEntry) -> list[str]:
        if self.days[self._day(e)][_ADJUSTED] + abs(e.points) > self.limits.daily_points_adjusted:
            return ["daily_points_adjusted"]
        return []

    def _approval(self, e: LedgerEntry,
                  floor: tuple[FloorDecision, datetime | None] | None) -> list[str]:
        """The approval an entry needs, or names, checked against central's staff."""
        if e.kind == "redeem" and (not e.offline or floor is None):
            return []  # authorised online: central checked it then
        needed = e.kind in ("reverse", "adjust")
        if floor is not None and not floor[0].allowed:
            problem = self.approvers.problem(e.approved_by, e.store_id, self._day(e))
            if problem is not None:
                self.breaches.append((e, floor[0], floor[1]))
                return ["offline_floor"] + ([] if problem == "approval_missing" else [problem])
            return []
        if not needed and not e.approved_by:
            return []
        problem = self.approvers.problem(e.approved_by, e.store_id, self._day(e))
        return [problem] if problem else []

    def _earn(self, e: LedgerEntry, member: _MemberFacts | None) -> list[str]:
        rules = self._rules_for(e.rules_version)
        if rules is None:
            return ["unknown_rules_version"]
        if e.sale_amount is None or e.currency != rules.currency.value:
            return ["earn_without_sale"]
        reasons = []
        if e.sale_amount <= 0:
            reasons.append("sale_not_positive")
        elif e.sale_amount > self.limits.max_sale_amount:
            reasons.append("sale_over_limit")
        if e.points > self.limits.max_earn_points:
            reasons.append("earn_over_limit")
        if not reasons and member is not None and e.points > self._most_earned(e, rules,
                                                                               member):
            reasons.append("earn_not_by_rules")
        if not reasons and (self.days[self._day(e)][_ISSUED] + e.points
                            > self.limits.daily_points_issued):
            reasons.append("daily_points_issued")
        return reasons

    def _most_earned(self, e: LedgerEntry, rules: Rules, member: _MemberFacts) -> int:
        """The most points the rules give for this sale and member (the till may have
        upgraded the member on the spot; an offline till may not know of a downgrade)."""
        assert e.sale_amount is not None
        local = e.occurred_at.astimezone(self.tz).date()
        birthday = member.birthday_month == local.month
        sale = Money(Decimal(e.sale_amount), Currency(rules.currency.value))
        stored = rules.earn_points(sale, member.tier, birthday_month=birthday)
        if e.points <= stored:
            return stored
        if member.tier_since is not None and member.tier_since >= local:
            tiers = [t.code for t in rules.tiers]  # the tier changed after the sale
        else:
            spend = (self._spend_12m(e.member_id, e.occurred_at)
                     + self._pushed.get(e.member_id, Decimal(0)) + Decimal(e.sale_amount))
            tiers = [member.tier, rules.tier_for_spend(spend).code]
        return max(rules.earn_points(sale, t, birthday_month=birthday) for t in tiers)

    def _reverse(self, e: LedgerEntry, ref: _Undone | None) -> list[str]:
        if ref is None:
            return ["reverse_unknown_entry"]
        reasons = []
        if ref.store_id != self.terminal.store_id:
            reasons.append("reverse_other_store")
        if not voidable_kind(ref.kind):
            reasons.append("reverse_not_voidable")
        if e.points != -ref.points:
            reasons.append("reverse_mismatch")
        if ref.reversed:
            reasons.append("already_reversed")
        return reasons

    def _redeem(self, e: LedgerEntry, authorised: set[str]) -> list[str]:
        if not e.offline and e.entry_id not in authorised:
            return ["redeem_not_authorised"]
        reasons = []
        totals = self.days[self._day(e)]
        redeemed, redemptions = totals[_REDEEMED], totals[_REDEMPTIONS]
        if redeemed - e.points > self.limits.daily_points_redeemed:
            reasons.append("daily_points_redeemed")
        if redemptions + 1 > self.limits.daily_redemptions:
            reasons.append("daily_redemptions")
        return reasons

    def _day(self, e: LedgerEntry) -> date:
        return e.occurred_at.astimezone(self.tz).date()

    def _count(self, e: LedgerEntry) -> None:
        if e.kind == "earn" and e.sale_amount is not None:
            self._pushed[e.member_id] = (self._pushed.get(e.member_id, Decimal(0))
                                         + Decimal(e.sale_amount))
        day = self._day(e)
        totals = self.days[day]
        if e.kind == "earn":
            totals[_ISSUED] += e.points
        elif e.kind == "redeem":
            totals[_REDEEMED] -= e.points
            totals[_REDEMPTIONS] += 1
        elif e.kind == "adjust":
            totals[_ADJUSTED] += abs(e.points)
        else:
            return
        self._dirty.add(day)

    def admit(self, what: str, at: datetime) -> Hold | None:
        """Count one enrollment (``what="enrollments"``) or one profile change of another
        store's member (``"other_store_edits"``) on ``at``'s store-local day (central's
        receipt time: a till's own stamp could spread them over days that never were); a
        :class:`Hold` when it is beyond the chain's daily limit (then not counted)."""
        column = _ENROLLMENTS if what == "enrollments" else _OTHER_EDITS
        limit = (self.limits.daily_enrollments if what == "enrollments"
                 else self.limits.daily_other_store_edits)
        day = at.astimezone(self.tz).date()
        self._load_days({day})
        if self.days[day][column] + 1 > limit:
            return Hold((f"daily_{what}",))
        self.days[day][column] += 1
        self._dirty.add(day)
        return None

    def _load_days(self, days: set[date]) -> None:
        wanted = days - self.days.keys()
        if not wanted:
            return
        for day in wanted:
            self.days[day] = [0] * len(_DAY_COLUMNS)
        for row in self.session.scalars(select(TerminalDay).where(
                TerminalDay.terminal_id == self.terminal.id, TerminalDay.day.in_(wanted))):
            self.days[row.day] = [getattr(row, c) for c in _DAY_COLUMNS]

    # --- what central knows -------------------------------------------------------------------
    def _rules_for(self, version: int) -> Rules | None:
        if version not in self._rules:
            row = self.session.get(RulesVersion, version)
            self._rules[version] = None if row is None else Rules.from_document(row.document)
        return self._rules[version]

    def _members(self, ids: set[str]) -> dict[str, _MemberFacts]:
        if not ids:
            return {}
        out = {}
        for mid, tier, since, month in self.session.execute(
                select(Member.id, Member.tier, Member.tier_since, Member.birthday_month)
                .where(in_values(self.session, Member.id, ids))):
            out[mid] = _MemberFacts(tier, since, month)
        return out

    def _undone(self, ids: set[str | None]) -> dict[str, _Undone]:
        wanted = {i for i in ids if i}
        if not wanted:
            return {}
        L = LedgerEntryRow
        reversed_ids = set(self.session.scalars(select(L.ref_entry_id).where(
            L.kind == "reverse", in_values(self.session, L.ref_entry_id, wanted))))
        return {row.id: _Undone(row.id, row.kind, row.points, row.store_id,
                                row.id in reversed_ids)
                for row in self.session.execute(
                    select(L.id, L.kind, L.points, L.store_id)
                    .where(in_values(self.session, L.id, wanted)))}

    def _known(self, ids: set[str]) -> set[str]:
        if not ids:
            return set()
        return set(self.session.scalars(select(LedgerEntryRow.id).where(
            in_values(self.session, LedgerEntryRow.id, ids))))

    def _spend_12m(self, member_id: str, at: datetime) -> Decimal:
        """Central's 12-month spend for the member (read once per member and push: the
        window's start moves little within one push)."""
        if member_id in self._spend:
            return self._spend[member_id]
        L = LedgerEntryRow
        total = self.session.scalar(select(func.coalesce(func.sum(L.sale_amount), 0)).where(
            L.member_id == member_id, L.kind.in_(("earn", "reverse")),
            L.occurred_at > at - timedelta(days=366), L.occurred_at <= at))
        self._spend[member_id] = Decimal(total or 0)
        return self._spend[member_id]

    # --- the day's totals ---------------------------------------------------------------------
    def save_totals(self) -> None:
        """Write what passed to the terminal's day (one statement; in the push's
        transaction)."""
        if not self._dirty:
            return
        values: list[dict[str, Any]] = [
            {"terminal_id": self.terminal.id, "day": day} | dict(zip(_DAY_COLUMNS, totals,
                                                                     strict=True))
            for day in sorted(self._dirty) for totals in (self.days[day],)]
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = insert(TerminalDay).values(values)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=["terminal_id", "day"],
            set_={k: stmt.excluded[k] for k in _DAY_COLUMNS}))
        self._dirty = set()
