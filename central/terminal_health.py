"""What central notices about a terminal without refusing it: when it was last heard from, a
clock that disagrees with central's, and offline redemptions beyond the chain's floor limits.

Clock. A terminal stamps its operations with its own clock. An operation cannot be created
after central received it, so ``created_at - received_at`` is a lower bound of the terminal's
clock offset: a positive excess proves the clock runs ahead. A terminal that sends its clock
in the optional ``X-Terminal-Time`` header (ISO-8601) is measured exactly, behind or ahead.
Beyond ``tolerance`` the terminal is flagged; sync goes on (ordering that matters is central's
feed sequence).

Offline floor limits (DESIGN.md "Offline"). Central keeps one contact row per online stretch
of a terminal (its first contact ``started_at`` and its latest ``at``, moved forward while
the terminal keeps talking). A redemption inside a stretch fell in a gap shorter than
:data:`~loyalty.offline.CONTACT_GAP`; one after a stretch fell in the offline period that
began when the stretch ended. The period's start is placed so that central's window is never
longer than the terminal's own (:func:`loyalty.offline.usage_since`): the terminal's budget B,
the per-member count U, the per-sale limit L and the hours T since the sync are then checked
as the terminal checks them (:func:`loyalty.offline.check_floor`), against the rules version
the entry names, and central records no breach the terminal did not commit. A redemption
beyond them without the approval of a manager central knows is recorded in
``offline_breaches`` and held for head office (:mod:`central.entry_checks`): the customer has
the goods, but the points move only when a person approves.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from central.models import LedgerEntryRow, OfflineBreach, RulesVersion, Terminal, TerminalContact
from central.rules_store import current_rules
from loyalty.offline import CONTACT_GAP, FloorDecision, OfflineUsage, check_floor
from loyalty.rules import Rules
from sync.protocol import LedgerEntry

log = logging.getLogger(__name__)
MAX_SKEW_S = 2**31 - 1  # what is stored of a wildly wrong clock
SKEW_FLAG_FOR = timedelta(hours=24)
"""How long a measured skew keeps a terminal flagged without a newer measurement."""


@dataclass(frozen=True, slots=True)
class TillReport:
    """What a till says about itself with a push (headers; each may be missing)."""

    queue: int | None = None
    """Operations waiting in its outbox, this batch included."""
    version: str | None = None
    rules: int | None = None
    """The newest rules version it holds."""


def note_report(terminal: Terminal, report: TillReport | None, at: datetime) -> None:
    """Keep what the till reported (a till that sends nothing keeps its last report)."""
    if report is None or report == TillReport():
        return
    terminal.reported_queue, terminal.reported_version = report.queue, report.version
    terminal.reported_rules, terminal.reported_at = report.rules, at


def clock_skewed(terminal: Terminal, tolerance_s: int, at: datetime) -> bool:
    """Is this terminal flagged for a clock that disagrees with central's?"""
    return (terminal.clock_skew_s is not None and terminal.clock_checked_at is not None
            and abs(terminal.clock_skew_s) > tolerance_s
            and at - terminal.clock_checked_at <= SKEW_FLAG_FOR)


def note_clock(terminal: Terminal, received_at: datetime, created: Sequence[datetime],
               reported: datetime | None, tolerance_s: int) -> None:
    """Record the terminal's clock offset when this contact tells something about it."""
    if reported is not None:
        skew = _skew(reported, received_at)
    elif created and (bound := round((max(created) - received_at).total_seconds())) > 0:
        skew = min(MAX_SKEW_S, bound)  # at least this far ahead
    else:
        return
    if abs(skew) > tolerance_s and not clock_skewed(terminal, tolerance_s, received_at):
        log.warning("terminal %s clock is %+d s off central's", terminal.id, skew)
    terminal.clock_skew_s, terminal.clock_checked_at = skew, received_at


def note_contact(session: Session, terminal_id: str, at: datetime,
                 known_last: datetime | None = None) -> None:
    """Central heard from the terminal at ``at``: extend its online stretch or open one
    (the caller sets ``terminals.last_contact_at``).

    ``known_last``: the terminal's ``last_contact_at`` before this contact, which is where its
    latest stretch ends; a stretch still open is then moved in one statement, without asking
    for its end first (what every push of a backlog does).
    """
    if known_last is not None and timedelta(0) <= at - known_last <= CONTACT_GAP:
        moved = session.execute(update(TerminalContact).where(
            TerminalContact.terminal_id == terminal_id, TerminalContact.at == known_last)
            .values(at=at))
        if moved.rowcount == 1:  # type: ignore[attr-defined]
            return
    last = session.scalar(select(func.max(TerminalContact.at))
                          .where(TerminalContact.terminal_id == terminal_id))
    if last is not None and at - last <= CONTACT_GAP:
        if at > last:
            session.execute(update(TerminalContact).where(
                TerminalContact.terminal_id == terminal_id, TerminalContact.at == last)
                .values(at=at))
    else:
        session.add(TerminalContact(terminal_id=terminal_id, at=at, started_at=at))


def needs_touch(session: Session, terminal_id: str, at: datetime,
                reported: datetime | None = None) -> bool:
    """Should a read note this contact (:func:`touch`)? When the last one noted is old
    enough, or the terminal's clock (``reported``) moved by more than a second against the
    offset last noted: a till pulling every 30 s writes about once a minute, not per pull."""
    last, skew = session.execute(select(Terminal.last_contact_at, Terminal.clock_skew_s)
                                 .where(Terminal.id == terminal_id)).one_or_none() or (None, None)
    if last is None or at - last > CONTACT_GAP / 2:
        return True
    return reported is not None and (skew is None or abs(_skew(reported, at) - skew) > 1)


def _skew(reported: datetime, received_at: datetime) -> int:
    skew = round((reported - received_at).total_seconds())
    return max(-MAX_SKEW_S, min(MAX_SKEW_S, skew))


def touch(session: Session, terminal_id: str, at: datetime, reported: datetime | None,
          tolerance_s: int) -> None:
    """A pull or another read: note the contact (at most twice a minute) and the clock."""
    terminal = session.get(Terminal, terminal_id)
    if terminal is None:
        return
    if reported is not None:
        note_clock(terminal, at, (), reported, tolerance_s)
    if terminal.last_contact_at is None or at - terminal.last_contact_at > CONTACT_GAP / 2:
        terminal.last_contact_at = at
        note_contact(session, terminal_id, at)


def floor_decisions(session: Session, terminal: Terminal, redeems: Sequence[LedgerEntry]
                    ) -> list[tuple[FloorDecision, datetime | None]]:
    """Each offline redemption of ``redeems`` (in push order, not yet in the ledger) checked
    against the floor limits of its offline period, as the terminal checked it: what the
    ledger holds of the terminal's offline redemptions and the earlier ones of this run count
    towards the period's budget and the member's count. Each with where its period began."""
    if not redeems:
        return []
    skew = timedelta(seconds=terminal.clock_skew_s or 0)
    starts = _period_starts(session, terminal.id, [_central(e.occurred_at, skew)
                                                   for e in redeems])
    earliest = min([s for s in starts if s is not None]
                   + [_central(e.occurred_at, skew) for e in redeems])
    history = [_Used(h.id, h.member_id, h.points, h.occurred_at)
               for h in _offline_redeems(session, terminal.id, earliest)]
    batch = {e.entry_id for e in redeems}
    history = [h for h in history if h.id not in batch]
    history += [_Used(e.entry_id, e.member_id, e.points, e.occurred_at) for e in redeems]
    rules = _RulesByVersion(session)
    out = []
    for entry, start in zip(redeems, starts, strict=True):
        at = _central(entry.occurred_at, skew)
        earlier = [h for h in history if h.id != entry.entry_id
                   and (start is None or _central(h.occurred_at, skew) >= start)
                   and (h.occurred_at, h.id) < (entry.occurred_at, entry.entry_id)]
        usage = OfflineUsage(start, sum(1 for h in earlier if h.member_id == entry.member_id),
                             sum(-h.points for h in earlier))
        out.append((check_floor(rules.get(entry.rules_version).offline, -entry.points, usage,
                                at), start))
    return out


@dataclass(frozen=True, slots=True)
class _Used:
    id: str
    member_id: str
    points: int
    occurred_at: datetime


def record_offline_breaches(session: Session, terminal: Terminal,
                            breaches: Sequence[tuple[LedgerEntry, FloorDecision,
                                                     datetime | None]],
                            received_at: datetime) -> int:
    """Record offline redemptions beyond the floor limits that no manager known to central
    approved (they are held, see :mod:`central.entry_checks`). Returns how many."""
    rows = [{"entry_id": entry.entry_id, "terminal_id": terminal.id,
             "store_id": entry.store_id, "member_id": entry.member_id,
             "points": -entry.points, "reasons": ",".join(decision.reasons),
             "period_start": start, "occurred_at": entry.occurred_at,
             "recorded_at": received_at} for entry, decision, start in breaches]
    if rows:
        dialect_insert = (pg_insert if session.get_bind().dialect.name == "postgresql"
                          else sqlite_insert)
        session.execute(dialect_insert(OfflineBreach).values(rows).on_conflict_do_nothing())
        log.warning("terminal %s: %d offline redemptions beyond the floor limits",
                    terminal.id, len(rows))
    return len(rows)


def _central(stamp: datetime, skew: timedelta) -> datetime:
    """A terminal's time stamp on central's clock (as stamped when that cannot be)."""
    try:
        return stamp - skew
    except OverflowError:
        return stamp


def _period_starts(session: Session, terminal_id: str, moments: Sequence[datetime]
                   ) -> list[datetime | None]:
    """Where each moment's offline period began, on central's clock (None: central had
    never heard from the terminal before it)."""
    stretches = sorted(
        (started or at, at) for started, at in session.execute(
            select(TerminalContact.started_at, TerminalContact.at).where(
                TerminalContact.terminal_id == terminal_id,
                func.coalesce(TerminalContact.started_at, TerminalContact.at) <= max(moments))))
    return [period_start(stretches, moment) for moment in moments]


def period_start(stretches: Sequence[tuple[datetime, datetime]], moment: datetime
                 ) -> datetime | None:
    """The start of the offline period ``moment`` fell in, given the terminal's contact
    stretches ``(first, last)`` in order (None: no contact before it).

    Central knows the terminal's last successful sync only to :data:`CONTACT_GAP` (a read is
    noted at most every half of it, and the sync ends after its last request), and the
    terminal counts from :func:`~loyalty.offline.usage_since` — at least ``CONTACT_GAP``
    back. The start returned is the latest moment that is never later than where the
    terminal began counting: within ``CONTACT_GAP`` of a contact, that contact (or
    ``CONTACT_GAP`` back inside a stretch); after a long silence, the stretch's end plus
    ``CONTACT_GAP``."""
    before = [s for s in stretches if s[0] <= moment]
    if not before:
        return None
    first, last = before[-1]
    if moment <= last:
        return max(first, moment - CONTACT_GAP)
    return min(last + CONTACT_GAP, max(last, moment - CONTACT_GAP))


def _offline_redeems(session: Session, terminal_id: str, since: datetime
                     ) -> list[LedgerEntryRow]:
    # A day of slack: the terminal's own stamps are compared after correcting its skew.
    return list(session.scalars(select(LedgerEntryRow).where(
        LedgerEntryRow.terminal_id == terminal_id, LedgerEntryRow.kind == "redeem",
        LedgerEntryRow.offline.is_(True),
        LedgerEntryRow.occurred_at >= _central(since, timedelta(days=1)))))


class _RulesByVersion:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[int, Rules] = {}

    def get(self, version: int) -> Rules:
        if version not in self.cache:
            row = self.session.get(RulesVersion, version)
            self.cache[version] = (Rules.from_document(row.document) if row is not None
                                   else current_rules(self.session))
        return self.cache[version]
