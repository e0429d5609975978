"""The programs part of central's reports (issue #20): instruments per program and store, the
stamp and referral funnels, the prepaid liability per store and chain, the conflicts.

Every figure is a grouped query (``GROUP BY`` store, program, kind) over an index range of
``instrument_entries.occurred_at`` or over ``instruments``; Python only folds the few rows that
come back (:func:`loyalty.report.instruments.build`). Each store's days are its own (its time
zone): stores are queried by zone, one query per zone (a Taiwanese chain has one).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, aliased

from central.models import Instrument, InstrumentConflict, InstrumentEntryRow, Member
from central.zones import day_value, local_day, store_zones
from loyalty.dates import local_day_bounds
from loyalty.programs import Program
from loyalty.report.instruments import (
    Conflict,
    Holding,
    InstrumentReport,
    Movement,
    build,
    referral_reward_ids,
    stamp_reward_ids,
)
from loyalty.report.periods import Period
from loyalty.rules import Rules

E = InstrumentEntryRow
CONFLICTS_SHOWN = 200
CHUNK = 500  # ids per IN (...) list


def zone_groups(session: Session, store_id: str | None) -> dict[str, tuple[ZoneInfo, list[str]]]:
    """Zone name → (zone, its stores and channels), or only ``store_id``'s."""
    groups: dict[str, tuple[ZoneInfo, list[str]]] = {}
    for sid, tz in sorted(store_zones(session).items()):
        if store_id is None or sid == store_id:
            groups.setdefault(tz.key, (tz, []))[1].append(sid)
    return groups


def _bounds(tz: ZoneInfo, first: date, last: date) -> tuple[Any, Any]:
    return local_day_bounds(first, tz)[0], local_day_bounds(last, tz)[1]


def movements(session: Session, first: date, last: date,
              groups: dict[str, tuple[ZoneInfo, list[str]]]) -> list[Movement]:
    """Entries per store, program and kind; a reverse under the kind it undoes. Two queries:
    the entries themselves, then the (few) reverses joined to what they undo by id — one
    join over the range would have the planner hash the whole table."""
    undone = aliased(InstrumentEntryRow)
    out: list[Movement] = []
    for tz, stores in groups.values():
        start, end = _bounds(tz, first, last)
        period = (E.store_id.in_(stores), E.occurred_at >= start, E.occurred_at < end)
        rows = session.execute(
            select(E.store_id, E.program_id, E.kind, func.count(), func.sum(E.units),
                   func.sum(func.coalesce(E.amount, 0)))
            .where(E.kind != "reverse", *period).group_by(E.store_id, E.program_id, E.kind))
        out.extend(Movement(r[0], r[1], r[2], int(r[3]), int(r[4]), Decimal(r[5] or 0))
                   for r in rows)
        reverses = session.execute(
            select(E.store_id, E.program_id, undone.kind, func.count(), func.sum(E.units),
                   func.sum(func.coalesce(undone.amount, 0)))
            .join(undone, undone.id == E.ref_entry_id)
            .where(E.kind == "reverse", *period)
            .group_by(E.store_id, E.program_id, undone.kind))
        out.extend(Movement(r[0], r[1], r[2], -int(r[3]), int(r[4]), -Decimal(r[5] or 0))
                   for r in reverses)
    return out


def held_units(programs: tuple[Program, ...]) -> Any:
    """What an instrument holds now: its remaining units, except a stamp card's stamps
    towards the next reward (its balance counts every stamp ever earned)."""
    cards = [p for p in programs if p.kind == "stamp_card"]
    if not cards:
        return Instrument.remaining
    return case(*((Instrument.program_id == p.program_id, Instrument.remaining % p.units)
                  for p in cards), else_=Instrument.remaining)


def holdings(session: Session, today: date, store_id: str | None,
             programs: tuple[Program, ...]) -> list[Holding]:
    """Instruments outstanding now (something left, not expired) by issuing store and
    program."""
    I = Instrument  # noqa: E741 (the table, as in SQL)
    held = held_units(programs).label("held")
    inner = select(I.store_id, I.program_id, held).where(
        I.remaining > 0, or_(I.expires_on.is_(None), I.expires_on >= today))
    if store_id is not None:
        inner = inner.where(I.store_id == store_id)
    sub = inner.subquery()
    rows = session.execute(
        select(sub.c.store_id, sub.c.program_id, func.count(), func.sum(sub.c.held))
        .where(sub.c.held > 0).group_by(sub.c.store_id, sub.c.program_id))
    return [Holding(r[0], r[1], int(r[2]), int(r[3])) for r in rows]


def cards_stamped(session: Session, first: date, last: date,
                  groups: dict[str, tuple[ZoneInfo, list[str]]]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for tz, stores in groups.values():
        start, end = _bounds(tz, first, last)
        for program_id, n in session.execute(
                select(E.program_id, func.count(func.distinct(E.instrument_id)))
                .where(E.kind == "stamp", E.store_id.in_(stores), E.occurred_at >= start,
                       E.occurred_at < end).group_by(E.program_id)):
            out[program_id] += int(n)
    return dict(out)


def stamp_rewards(session: Session, first: date, last: date,
                  groups: dict[str, tuple[ZoneInfo, list[str]]], programs: tuple[Program, ...]
                  ) -> dict[str, tuple[int, int]]:
    """Per stamp-card program: rewards of the cards stamped in the range issued in the range,
    and units of them redeemed in the range (rewards known by their derived ids; only cards
    that reached a reward and the reward program's entries of the range are read)."""
    out: dict[str, list[int]] = {}
    for p in programs:
        if p.kind != "stamp_card" or not p.reward_program:
            continue
        counts = out.setdefault(p.program_id, [0, 0])
        for tz, stores in groups.values():
            start, end = _bounds(tz, first, last)
            period = (E.store_id.in_(stores), E.occurred_at >= start, E.occurred_at < end)
            # Cards stamped since the range began that crossed a reward since (stamps after
            # the range only widen the candidates; the issues of the range decide).
            given = (select(E.instrument_id, func.sum(E.units).label("given"))
                     .where(E.kind == "stamp", E.program_id == p.program_id,
                            E.store_id.in_(stores), E.occurred_at >= start)
                     .group_by(E.instrument_id).subquery())
            left = Instrument.remaining - given.c.given
            before = case((left > 0, left), else_=0)
            cards = session.execute(
                select(given.c.instrument_id, Instrument.remaining, given.c.given)
                .join(Instrument, Instrument.id == given.c.instrument_id)
                .where(Instrument.remaining / p.units > before / p.units))
            rewards = stamp_reward_ids(((c[0], int(c[1]), int(c[2])) for c in cards), p.units)
            if not rewards:
                continue
            for instrument_id, kind, units in session.execute(
                    select(E.instrument_id, E.kind, func.sum(E.units))
                    .where(E.program_id == p.reward_program, E.kind.in_(("issue", "redeem")),
                           *period).group_by(E.instrument_id, E.kind)):
                if instrument_id in rewards:
                    counts[0 if kind == "issue" else 1] += 1 if kind == "issue" else -int(units)
    return {k: (v[0], v[1]) for k, v in out.items()}


def referrals(session: Session, first: date, last: date,
              groups: dict[str, tuple[ZoneInfo, list[str]]], programs: tuple[Program, ...]
              ) -> dict[str, tuple[int, int, int]]:
    """Per referral program: sign-ups in the range that named a referrer (a code names no
    program: each referral program counts them), how many of them got their referrer the
    reward, and how many of those rewards were used — the rewards found by their derived
    ids, a few hundred at a time."""
    referral_programs = [p for p in programs if p.kind == "referral"]
    if not referral_programs:
        return {}
    referees: list[str] = []
    for tz, stores in groups.values():
        start, end = _bounds(tz, first, last)
        referees.extend(session.scalars(select(Member.id).where(
            Member.origin.in_(stores), Member.enrolled_at >= start, Member.enrolled_at < end,
            Member.referral_code.is_not(None), Member.status != "merged")))
    out: dict[str, tuple[int, int, int]] = {}
    for p in referral_programs:
        ids = list(referral_reward_ids(p.program_id, referees))
        rewarded = used = 0
        for at in range(0, len(ids), CHUNK):
            for issued, remaining in session.execute(
                    select(Instrument.units_issued, Instrument.remaining)
                    .where(Instrument.id.in_(ids[at:at + CHUNK]))):
                rewarded += 1
                used += int(remaining < issued)
        out[p.program_id] = (len(referees), rewarded, used)
    return out


def conflicts(session: Session, first: date, last: date,
              groups: dict[str, tuple[ZoneInfo, list[str]]], store_id: str | None
              ) -> tuple[list[Conflict], dict[str, int], int]:
    """The range's conflicts (the latest :data:`CONFLICTS_SHOWN`), how many per reason, and
    how many are still open whenever they occurred."""
    C = InstrumentConflict
    found: list[Conflict] = []
    counts: dict[str, int] = defaultdict(int)
    for tz, stores in groups.values():
        start, end = _bounds(tz, first, last)
        where = (C.store_id.in_(stores), C.occurred_at >= start, C.occurred_at < end)
        for reason, n in session.execute(select(C.reason, func.count()).where(*where)
                                         .group_by(C.reason)):
            counts[reason] += int(n)
        rows = session.execute(
            select(C.occurred_at, C.store_id, C.terminal_id, E.program_id, C.instrument_id,
                   C.reason, C.resolved_at.is_not(None), C.entry_id, C.decision,
                   C.resolved_by)
            .join(E, E.id == C.entry_id).where(*where)
            .order_by(C.occurred_at.desc()).limit(CONFLICTS_SHOWN))
        found.extend(Conflict(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8],
                              r[9]) for r in rows)
    open_query = select(func.count()).select_from(C).where(C.resolved_at.is_(None))
    if store_id is not None:
        open_query = open_query.where(C.store_id == store_id)
    found.sort(key=lambda c: c.occurred_at, reverse=True)
    return found[:CONFLICTS_SHOWN], dict(counts), int(session.scalar(open_query) or 0)


def program_report(session: Session, first: date, last: date, store_id: str | None,
                   rules: Rules, today: date, tz_name: str) -> InstrumentReport:
    """The programs section for ``first``–``last`` (each store's own days), one store or
    every store and channel; outstanding and liability as they stand ``today``."""
    groups = zone_groups(session, store_id)
    found, counts, still_open = conflicts(session, first, last, groups, store_id)
    return build(Period(first, last, tz_name), rules.currency, rules.programs,
                 movements(session, first, last, groups),
                 holdings(session, today, store_id, rules.programs),
                 cards_stamped=cards_stamped(session, first, last, groups),
                 stamp_rewards=stamp_rewards(session, first, last, groups, rules.programs),
                 referrals=referrals(session, first, last, groups, rules.programs),
                 conflicts=found, conflict_counts=counts, open_conflicts=still_open)


def daily_counts(session: Session, day: date, zones: dict[str, ZoneInfo]
                 ) -> dict[str, tuple[int, int, int]]:
    """Per store, for ``/v1/reports/daily``: instruments issued, units redeemed (net of
    reverses) and conflicts recorded on its day — two grouped queries per zone."""
    by_zone: dict[str, tuple[ZoneInfo, list[str]]] = {}
    for sid, tz in zones.items():
        by_zone.setdefault(tz.key, (tz, []))[1].append(sid)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for issued_redeemed in movements(session, day, day, by_zone):
        if issued_redeemed.kind == "issue":
            out[issued_redeemed.store_id][0] += issued_redeemed.entries
        elif issued_redeemed.kind == "redeem":
            out[issued_redeemed.store_id][1] -= issued_redeemed.units
    C = InstrumentConflict
    for tz, stores in by_zone.values():
        start, end = _bounds(tz, day, day)
        for sid, n in session.execute(
                select(C.store_id, func.count()).where(
                    C.store_id.in_(stores), C.occurred_at >= start, C.occurred_at < end)
                .group_by(C.store_id)):
            out[sid][2] += int(n)
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def daily_counts_range(session: Session, first: date, last: date, zones: dict[str, ZoneInfo]
                       ) -> dict[tuple[date, str], tuple[int, int, int]]:
    """:func:`daily_counts` for every local day of ``first``–``last`` at once, per (day,
    store) with any: three grouped queries per zone (entries, reverses by what they undo,
    conflicts) by local day, instead of three per zone and day."""
    by_zone: dict[str, tuple[ZoneInfo, list[str]]] = {}
    for sid, tz in zones.items():
        by_zone.setdefault(tz.key, (tz, []))[1].append(sid)
    dialect = session.get_bind().dialect.name
    undone = aliased(InstrumentEntryRow)
    C = InstrumentConflict
    out: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0, 0])

    def add(key: tuple[Any, str], kind: str, entries: int, units: int) -> None:
        if kind == "issue":
            out[(day_value(key[0]), key[1])][0] += entries
        elif kind == "redeem":
            out[(day_value(key[0]), key[1])][1] -= units

    for tz, stores in by_zone.values():
        start, end = _bounds(tz, first, last)
        day = local_day(E.occurred_at, tz, first, last, dialect).label("d")
        period = (E.store_id.in_(stores), E.occurred_at >= start, E.occurred_at < end)
        for d, sid, kind, n, units in session.execute(
                select(day, E.store_id, E.kind, func.count(), func.sum(E.units))
                .where(E.kind.in_(("issue", "redeem")), *period)
                .group_by(day, E.store_id, E.kind)):
            add((d, sid), kind, int(n), int(units))
        # A reverse counts on its own day under the kind it undoes (as movements does).
        for d, sid, kind, n, units in session.execute(
                select(day, E.store_id, undone.kind, func.count(), func.sum(E.units))
                .join(undone, undone.id == E.ref_entry_id)
                .where(E.kind == "reverse", *period)
                .group_by(day, E.store_id, undone.kind)):
            add((d, sid), kind, -int(n), int(units))
        c_day = local_day(C.occurred_at, tz, first, last, dialect).label("d")
        for d, sid, n in session.execute(
                select(c_day, C.store_id, func.count()).where(
                    C.store_id.in_(stores), C.occurred_at >= start, C.occurred_at < end)
                .group_by(c_day, C.store_id)):
            out[(day_value(d), sid)][2] += int(n)
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


__all__ = ["daily_counts", "daily_counts_range", "holdings", "movements", "program_report"]
