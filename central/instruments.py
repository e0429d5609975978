"""Instruments at central (``docs/programs.md``): apply pushed ``instrument.entry``
operations once each, issue what central issues (stamp rewards, referral rewards, birthday
gifts, head office's coupons), and render the feed's ``instrument.entry`` changes.

Central trusts no till. A pushed entry must name the pushing terminal; its program must
exist; its member must be central's; its units must be what the program says. A till may
sell a prepaid pass, add a stamp, redeem, refund and void; it may issue only what it can
derive — this year's birthday gift (the member's birthday month) and a stamp reward the card
has reached — never a coupon or a referral reward. What a till already gave offline is
applied even when it should not have been (a coupon used twice, cups over-redeemed, a second
gift after a merge, a limit passed) and recorded as a conflict, never silently doubled; a
second birthday gift of one account in a year is reversed by central at once.

Every writer here holds the write mutex alone (:mod:`central.feed`), so the reads here
cannot change before commit; the exceptions run beside pushes under narrow locks: an online
redemption (its entry id, and the instrument's conditional update) and a referral reward
(its referee).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from central.feed import REFEREE, FeedWriter, narrow_lock
from central.identity import resolve
from central.ledger_apply import ALREADY, APPLIED, EntryResult
from central.models import (
    Instrument,
    InstrumentCancellation,
    InstrumentConflict,
    InstrumentEntryRow,
    Member,
    Terminal,
)
from central.rules_store import current_version
from central.staff import store_day
from loyalty.ids import new_id
from loyalty.instruments import RewardState, refund_amount, reward_of_cycle, rewards_due
from loyalty.programs import (
    Program,
    birthday_instrument_id,
    derived_id,
    expire_entry_id,
    issue_entry_id,
    referral_instrument_id,
    stamp_card_id,
)
from loyalty.records import Change, FeedInstrumentEntry, InstrumentCancel, InstrumentEntry
from loyalty.rules import Rules

log = logging.getLogger(__name__)
# The newest rules, parsed once per version (read on every push with an earn).
_RULES: dict[tuple[str, int, datetime], Rules] = {}
CENTRAL = "central"
ENTRIES = InstrumentEntryRow.__table__
_FIELDS = tuple(InstrumentEntry.model_fields)


def _rejected(reason: str, message: str) -> EntryResult:
    return EntryResult("rejected", reason, message)


@dataclass(frozen=True, slots=True)
class Written:
    """An entry central wrote: the instrument's balance after it, and any conflict."""

    entry_id: str
    balance_after: int
    conflict: str | None


class InstrumentDesk:
    """Instrument writes inside one transaction (a push, an online redemption, a job)."""

    def __init__(self, session: Session, feed: FeedWriter, received_at: datetime) -> None:
        self.session, self.feed, self.received_at = session, feed, received_at
        self._rules: Rules | None = None

    @property
    def rules(self) -> Rules:
        if self._rules is None:
            row = current_version(self.session)
            key = (str(self.session.get_bind().engine.url), row.version, row.created_at)
            cached = _RULES.get(key)
            if cached is None:
                cached = Rules.from_document(row.document)
                if len(_RULES) > 8:
                    _RULES.clear()
                _RULES[key] = cached
            self._rules = cached
        return self._rules

    def has(self, kind: str) -> bool:
        """Does any program of ``kind`` exist (no work for a chain without one)?"""
        return any(p.kind == kind for p in self.rules.programs)

    # --- pushed entries ------------------------------------------------------------------
    def apply_pushed(self, terminal: Terminal, entry: InstrumentEntry, op_id: str | None,
                     seq: int | None) -> EntryResult:
        """Apply one pushed ``instrument.entry`` (idempotent by entry id)."""
        self.feed.lock()
        if entry.terminal_id != terminal.id or entry.store_id != (terminal.store_id or ""):
            return _rejected("wrong_terminal",
                             "An entry must name the pushing terminal and its store.")
        existing = self.session.get(InstrumentEntryRow, entry.entry_id)
        if existing is not None:
            return ALREADY if _same(existing, entry) else _rejected(
                "entry_id_conflict", "This entry id is already used differently.")
        if self.session.get(InstrumentCancellation, entry.entry_id) is not None:
            return _rejected("cancelled", "This redemption was cancelled at the counter.")
        program = self.rules.program(entry.program_id)
        if program is None:
            return _rejected("unknown_program", "Central runs no such program.")
        account = resolve(self.session, entry.member_id)
        if account is None or account.status not in ("active", "review"):
            return _rejected("unknown_member", "Central has no active member with this id.")
        day = store_day(self.session, entry.store_id, entry.occurred_at)
        check = {"issue": self._issue, "stamp": self._stamp, "redeem": self._redeem,
                 "reverse": self._reverse, "refund": self._refund}.get(entry.kind)
        if check is None:
            return _rejected("not_permitted", "Only central expires instruments.")
        verdict = check(terminal, entry, program, account, day)
        if isinstance(verdict, EntryResult):
            return verdict
        expired = None
        if entry.kind == "redeem" and verdict is not None:
            expired = self._unexpire(entry, account, program, day)
            if expired is not None:
                verdict = check(terminal, entry, program, account, day)
                if isinstance(verdict, EntryResult):  # pragma: no cover - checked above
                    return verdict
        written = self.write(entry, account, program, conflict=verdict, op_id=op_id, seq=seq)
        if expired is not None:
            self._expire_again(expired, account, program)
        self._after(entry, program, account, written, day)
        return APPLIED

    def _unexpire(self, entry: InstrumentEntry, account: Member, program: Program,
                  day: date) -> InstrumentEntryRow | None:
        """A redemption made offline by the instrument's last day that reaches central after
        the expiry job: the expiry is reversed first (it took what the member had used), and
        what is left expires again after the redemption. Returns the reversed expiry."""
        held = self.session.get_one(Instrument, entry.instrument_id)
        if held.expires_on is None or day > held.expires_on:
            return None
        last = self.session.scalar(select(InstrumentEntryRow).where(
            InstrumentEntryRow.instrument_id == held.id, InstrumentEntryRow.kind == "expire")
            .order_by(InstrumentEntryRow.feed_seq.desc()).limit(1))
        if last is None or self._reversed(last.id):
            return None
        self.write(InstrumentEntry(
            entry_id=derived_id("unexpire", last.id), instrument_id=held.id,
            program_id=held.program_id, member_id=held.member_id, kind="reverse",
            units=-last.units, store_id=last.store_id, terminal_id=CENTRAL,
            occurred_at=self.received_at, ref_entry_id=last.id), account, program)
        return last

    def _expire_again(self, last: InstrumentEntryRow, account: Member,
                      program: Program) -> None:
        held = self.session.get_one(Instrument, last.instrument_id)
        if held.remaining <= 0:
            return
        n = int(self.session.scalar(select(func.count()).select_from(InstrumentEntryRow).where(
            InstrumentEntryRow.instrument_id == held.id,
            InstrumentEntryRow.kind == "expire")) or 0)
        self.write(InstrumentEntry(
            entry_id=expire_entry_id(held.id, n + 1), instrument_id=held.id,
            program_id=held.program_id, member_id=held.member_id, kind="expire",
            units=-held.remaining, store_id=last.store_id, terminal_id=CENTRAL,
            occurred_at=last.occurred_at, expires_on=held.expires_on), account, program)

    def _issue(self, terminal: Terminal, e: InstrumentEntry, program: Program, account: Member,
               day: date) -> EntryResult | str | None:
        if e.entry_id != issue_entry_id(e.instrument_id):
            return _rejected("invalid_entry", "An issue's entry id derives from its instrument.")
        if e.units != program.units:
            return _rejected("invalid_units", f"This program issues {program.units}.")
        if self.session.get(Instrument, e.instrument_id) is not None:
            return _rejected("instrument_exists", "This instrument exists already.")
        if self._stamp_reward(e, program):
            return self._limits(program, account)
        if program.kind == "birthday_gift":
            member = self.session.get(Member, e.member_id) or account
            if e.instrument_id != birthday_instrument_id(program.program_id, e.member_id,
                                                         day.year) \
                    or member.birthday_month != day.month or not program.running_on(day):
                return _rejected("not_permitted", "This is not the member's birthday gift.")
            if self._gift_this_year(account.id, program.program_id, day.year):
                return "duplicate_gift"
            return self._limits(program, account)
        if program.kind == "prepaid_pass":
            if e.amount != program.price or e.currency != self.rules.currency.value \
                    or e.serial is None:
                return _rejected("invalid_entry", "A pass sells at the program's price, with "
                                                  "its serial.")
            if not program.running_on(day) or not program.eligible(account.tier, e.store_id):
                return _rejected("not_eligible", "This program does not sell here now.")
            if self.session.scalar(select(Instrument.id).where(
                    Instrument.serial == e.serial)) is not None:
                return _rejected("invalid_entry", "This serial is already used.")
            return self._limits(program, account)
        return _rejected("not_permitted", "Only head office issues these.")

    def _stamp_reward(self, e: InstrumentEntry, program: Program) -> bool:
        """Is this the reward of a stamp card the member's card has reached?"""
        for card_program in self.rules.programs:
            if card_program.kind != "stamp_card" \
                    or card_program.reward_program != program.program_id:
                continue
            card_id = stamp_card_id(card_program.program_id, e.member_id)
            card = self.session.get(Instrument, card_id)
            if card is None:
                continue
            for cycle in rewards_due(card.remaining, card_program.units):
                if reward_of_cycle(card_id, cycle, self._reward_state)[0] == e.instrument_id:
                    return True
        return False

    def _reward_state(self, reward_id: str) -> RewardState:
        """A stamp reward here: not issued, reversed (a void took it back), or held."""
        held = self.session.get(Instrument, reward_id)
        if held is None:
            return "absent"
        return "taken_back" if held.status == "reversed" else "held"

    def _gift_this_year(self, account_id: str, program_id: str, year: int) -> bool:
        rows = self.session.scalars(select(Instrument).where(
            Instrument.account_id == account_id, Instrument.program_id == program_id,
            Instrument.status == "active"))
        return any(r.issued_at.year == year for r in rows)

    def _limits(self, program: Program, account: Member) -> str | None:
        """Beyond a limit: applied (the till gave it) and recorded ``limit_exceeded``."""
        if program.per_member_limit is not None and self._held(
                program.program_id, account.id) >= program.per_member_limit:
            return "limit_exceeded"
        if program.global_limit is not None and self._held(
                program.program_id, None) >= program.global_limit:
            return "limit_exceeded"
        return None

    def _held(self, program_id: str, account_id: str | None) -> int:
        query = select(func.count()).select_from(Instrument).where(
            Instrument.program_id == program_id)
        if account_id is not None:
            query = query.where(Instrument.account_id == account_id)
        return int(self.session.scalar(query) or 0)

    def _stamp(self, terminal: Terminal, e: InstrumentEntry, program: Program,
               account: Member, day: date) -> EntryResult | str | None:
        if program.kind != "stamp_card" or e.units != 1 \
                or e.instrument_id != stamp_card_id(program.program_id, e.member_id):
            return _rejected("invalid_entry", "A stamp is one, on the member's card.")
        if not program.running_on(day) or not program.eligible(account.tier, e.store_id) \
                or e.amount is None or e.amount < program.stamp_min_sale:
            return _rejected("not_eligible", "This sale earns no stamp on this card.")
        return None

    def _redeem(self, terminal: Terminal, e: InstrumentEntry, program: Program,
                account: Member, day: date) -> EntryResult | str | None:
        held = self._holding(e, account)
        if isinstance(held, EntryResult):
            return held
        wanted = -e.units
        if wanted < 1 or wanted > max(held.units_issued, 1):
            return _rejected("invalid_units", "Not a number of units this instrument holds.")
        if held.expires_on is not None and day > held.expires_on:
            # No till offers it then (loyalty.instruments.check_usable): a wrong clock or a
            # hostile till. What was given is a fact; head office decides who bears it.
            return "after_expiry"
        if held.remaining >= wanted and held.status == "active":
            return None
        return "used_twice" if held.units_issued == 1 else "over_redeemed"

    def _holding(self, e: InstrumentEntry, account: Member) -> Instrument | EntryResult:
        held = self.session.get(Instrument, e.instrument_id)
        if held is None:
            return _rejected("unknown_instrument", "Central holds no such instrument.")
        if held.program_id != e.program_id or held.kind == "stamp_card":
            return _rejected("invalid_entry", "This instrument is not of that program.")
        holder = resolve(self.session, held.account_id)
        if holder is None or holder.id != account.id:
            return _rejected("not_holder", "This instrument belongs to another member.")
        return held

    def _refund(self, terminal: Terminal, e: InstrumentEntry, program: Program,
                account: Member, day: date) -> EntryResult | str | None:
        held = self._holding(e, account)
        if isinstance(held, EntryResult):
            return held
        cups = -e.units
        if program.kind != "prepaid_pass" or cups < 1 or cups > held.units_issued \
                or not e.approved_by:
            return _rejected("invalid_entry", "Only a pass's unused cups are refunded, by a "
                                              "manager.")
        if e.amount != refund_amount(program, cups):
            return _rejected("invalid_entry", "The refund is not at the chain's price rule.")
        return None if held.remaining >= cups and held.status == "active" else "over_redeemed"

    def _reverse(self, terminal: Terminal, e: InstrumentEntry, program: Program,
                 account: Member, day: date) -> EntryResult | str | None:
        ref = None if e.ref_entry_id is None else self.session.get(InstrumentEntryRow,
                                                                   e.ref_entry_id)
        if ref is None or ref.instrument_id != e.instrument_id or ref.units != -e.units \
                or ref.kind not in ("issue", "stamp", "redeem"):
            return _rejected("invalid_entry", "A reverse undoes an entry of its instrument.")
        if self._reversed(ref.id):
            return _rejected("invalid_entry", "That entry was already reversed.")
        held = self.session.get_one(Instrument, e.instrument_id)
        if ref.kind == "issue" and held.remaining < ref.units:
            return _rejected("instrument_used", "A used instrument cannot be taken back.")
        if ref.kind != "issue" and ref.store_id != terminal.store_id:
            return _rejected("not_permitted", "Only the store that wrote it can reverse it.")
        return None

    def _reversed(self, entry_id: str) -> bool:
        return self.session.scalar(select(InstrumentEntryRow.id).where(
            InstrumentEntryRow.ref_entry_id == entry_id,
            InstrumentEntryRow.kind == "reverse")) is not None

    # --- writing ------------------------------------------------------------------------------
    def write(self, entry: InstrumentEntry, account: Member, program: Program, *,
              conflict: str | None = None, op_id: str | None = None,
              seq: int | None = None) -> Written:
        """Append the entry, move the instrument (created at its issue or first stamp) and
        record a conflict; the caller holds the write mutex (and the instrument's row)."""
        held = self.session.get(Instrument, entry.instrument_id)
        if held is None:
            held = Instrument(
                id=entry.instrument_id, program_id=entry.program_id,
                member_id=entry.member_id, account_id=account.id, kind=program.kind,
                units_issued=entry.units if entry.kind == "issue" else 0, remaining=0,
                serial=entry.serial, issued_at=entry.occurred_at, expires_on=entry.expires_on,
                store_id=entry.store_id, status="active")
            self.session.add(held)
        held.remaining += entry.units
        if entry.kind == "refund":
            held.status = "refunded"
        elif entry.kind == "reverse" and held.units_issued and held.remaining <= 0 \
                and self._reverses_issue(entry):
            held.status = "reversed"
        row = entry.model_dump(exclude={"entry_id"}) | {
            "id": entry.entry_id, "account_id": account.id, "received_at": self.received_at,
            "balance_after": held.remaining, "conflict": conflict,
            "feed_seq": self.feed.allocate(1), "op_id": op_id, "terminal_seq": seq}
        self.session.flush()
        self.session.execute(insert(InstrumentEntryRow), [row])
        if conflict is not None:
            self.session.add(InstrumentConflict(
                entry_id=entry.entry_id, instrument_id=entry.instrument_id, reason=conflict,
                store_id=entry.store_id, terminal_id=entry.terminal_id,
                occurred_at=entry.occurred_at))
            log.warning("instrument %s: entry %s applied with conflict %s",
                        entry.instrument_id, entry.entry_id, conflict)
        return Written(entry.entry_id, held.remaining, conflict)

    def _reverses_issue(self, entry: InstrumentEntry) -> bool:
        ref = self.session.get(InstrumentEntryRow, entry.ref_entry_id or "")
        return ref is not None and ref.kind == "issue"

    def _after(self, entry: InstrumentEntry, program: Program, account: Member,
               written: Written, day: date) -> None:
        """What central does next: reverse a duplicate gift; issue a card's rewards."""
        if written.conflict == "duplicate_gift":
            self.write(InstrumentEntry(
                entry_id=new_id(), instrument_id=entry.instrument_id,
                program_id=entry.program_id, member_id=entry.member_id, kind="reverse",
                units=-entry.units, store_id=entry.store_id, terminal_id=CENTRAL,
                occurred_at=self.received_at, ref_entry_id=entry.entry_id), account, program)
        elif entry.kind == "stamp":
            self.issue_stamp_rewards(program, entry.member_id, account, entry.store_id, day)

    def issue_stamp_rewards(self, card_program: Program, member_id: str, account: Member,
                            store_id: str, day: date) -> list[str]:
        """Issue every reward the card has reached and nobody issued yet (a reward a void
        took back is issued again, as the next issue of that completion)."""
        card = self.session.get(Instrument, stamp_card_id(card_program.program_id, member_id))
        reward = self.rules.program(card_program.reward_program or "")
        if card is None or reward is None:
            return []
        issued = []
        for cycle in rewards_due(card.remaining, card_program.units):
            reward_id, state = reward_of_cycle(card.id, cycle, self._reward_state)
            if state == "absent":
                self.issue(reward, reward_id, member_id, account, store_id, day)
                issued.append(reward_id)
        return issued

    def issue(self, program: Program, instrument_id: str, member_id: str, account: Member,
              store_id: str, day: date, *, conflict: str | None = None) -> Written:
        """Central issues ``instrument_id`` (derived or new) of ``program`` to a member."""
        self.feed.lock()
        expires = (None if program.valid_days is None
                   else day + timedelta(days=program.valid_days))
        if program.kind == "birthday_gift" and expires is None:
            expires = _month_end(day)
        entry = InstrumentEntry(
            entry_id=issue_entry_id(instrument_id), instrument_id=instrument_id,
            program_id=program.program_id, member_id=member_id, kind="issue",
            units=program.units, store_id=store_id, terminal_id=CENTRAL,
            occurred_at=self.received_at, expires_on=expires)
        return self.write(entry, account, program, conflict=conflict)

    # --- referrals ------------------------------------------------------------------------
    def referrals(self, earns: list[Any]) -> int:
        """Reward referrers for referees' qualifying earns (``LedgerEntry`` of kind earn);
        once per referee and program, never to the referee themself."""
        programs = [p for p in self.rules.programs if p.kind == "referral"]
        if not programs:
            return 0
        issued = 0
        referred = set(self.session.scalars(select(Member.id).where(
            Member.id.in_({e.member_id for e in earns}), Member.referral_code.is_not(None))))
        for earn in earns:
            if earn.kind != "earn" or earn.sale_amount is None \
                    or earn.member_id not in referred:
                continue
            referee = resolve(self.session, earn.member_id)
            if referee is None or not referee.referral_code:
                continue
            # A push beside this one may pay the same referee: checked, then issued.
            narrow_lock(self.session, REFEREE, [referee.id])
            day = store_day(self.session, earn.store_id, earn.occurred_at)
            for program in programs:
                if not program.running_on(day) or earn.sale_amount < program.referral_min_sale:
                    continue
                reward_id = referral_instrument_id(program.program_id, referee.id)
                if self.session.get(Instrument, reward_id) is not None:
                    continue
                referrer = find_referrer(self.session, referee.referral_code)
                reward = self.rules.program(program.reward_program or "")
                if referrer is None or reward is None:
                    continue
                if referrer.id == referee.id or (referrer.phone and
                                                 referrer.phone == referee.phone):
                    log.info("self-referral of %s ignored", referee.id)
                    continue
                self.issue(reward, reward_id, referrer.id, referrer, earn.store_id, day)
                issued += 1
        return issued


def find_referrer(session: Session, code: str) -> Member | None:
    """The canonical member a referral code names: an E.164 phone of an active member, or
    a member code."""
    text = code.strip()
    member = None
    if text.startswith("+"):
        member = session.scalar(select(Member).where(Member.phone == text,
                                                     Member.status == "active"))
    if member is None:
        member = session.scalar(select(Member).where(Member.member_code == text.upper()))
    return None if member is None else resolve(session, member.id)


def _month_end(day: date) -> date:
    following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return following - timedelta(days=1)


def _same(row: InstrumentEntryRow, entry: InstrumentEntry) -> bool:
    """The same entry again (an issue of a derived id may come from another writer)."""
    if row.kind == "issue" and entry.kind == "issue":
        return row.instrument_id == entry.instrument_id
    return (row.instrument_id == entry.instrument_id and row.kind == entry.kind
            and row.units == entry.units and row.terminal_id == entry.terminal_id)


# --- cancellation of an online redemption ------------------------------------------------
def cancel(session: Session, feed: FeedWriter, terminal: Terminal, req: InstrumentCancel,
           received_at: datetime) -> EntryResult:
    """Cancel one of ``terminal``'s online instrument redemptions (idempotent): reversed if
    central had approved it; its id refused from now on either way."""
    feed.lock()
    if session.get(InstrumentCancellation, req.entry_id) is not None:
        return ALREADY
    existing = session.get(InstrumentEntryRow, req.entry_id)
    reversed_by = None
    if existing is not None:
        if existing.kind != "redeem" or existing.terminal_id != terminal.id \
                or existing.instrument_id != req.instrument_id:
            return _rejected("not_cancellable",
                             "Only this terminal's own online redemption can be cancelled.")
        reversed_by = session.scalar(select(InstrumentEntryRow.id).where(
            InstrumentEntryRow.ref_entry_id == existing.id,
            InstrumentEntryRow.kind == "reverse"))
        if reversed_by is None:
            desk = InstrumentDesk(session, feed, received_at)
            account = resolve(session, existing.account_id)
            program = desk.rules.program(existing.program_id)
            if account is None or program is None:
                return _rejected("not_cancellable", "The instrument's program is gone.")
            desk.write(InstrumentEntry(
                entry_id=req.reverse_entry_id, instrument_id=existing.instrument_id,
                program_id=existing.program_id, member_id=existing.member_id,
                kind="reverse", units=-existing.units, store_id=existing.store_id,
                terminal_id=terminal.id, cashier_id=req.cashier_id,
                occurred_at=req.occurred_at, ref_entry_id=existing.id), account, program)
            reversed_by = req.reverse_entry_id
    session.add(InstrumentCancellation(
        entry_id=req.entry_id, instrument_id=req.instrument_id, terminal_id=terminal.id,
        reason=req.reason or "cancelled", reversed_by=reversed_by, cancelled_at=received_at))
    return APPLIED


# --- the feed ----------------------------------------------------------------------------
_FEED = tuple(FeedInstrumentEntry.model_fields)


def feed_record(row: Any) -> FeedInstrumentEntry:
    """An instrument entry row as the feed carries it (typed, not validated again)."""
    values = {f: getattr(row, "id" if f == "entry_id" else f) for f in _FEED}
    return FeedInstrumentEntry.model_construct(**values)


def feed_changes(session: Session, after: int, upto: int,
                 limit: int | None = None) -> list[Change]:
    """The ``instrument.entry`` changes in ``(after, upto]`` (the first ``limit``)."""
    query = select(ENTRIES).where(ENTRIES.c.feed_seq > after, ENTRIES.c.feed_seq <= upto)
    if limit is not None:
        query = query.order_by(ENTRIES.c.feed_seq).limit(limit)
    rows = session.execute(query)
    return [Change.model_construct(seq=row.feed_seq, kind="instrument.entry",
                                   data=feed_record(row)) for row in rows]

