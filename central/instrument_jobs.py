"""The instrument jobs.

* Birthday gifts: each running birthday-gift program gives its gift to every active member
  whose birthday month it is, once per member per year (the instrument id derives from
  program, member and year, so an offline till issuing the same gift at the member's first
  visit writes the same entry; and a merged account already holding this year's gift is
  skipped).
* Expiry: an instrument (coupon, gift, reward, pass) with something left after its
  ``expires_on`` gets an ``expire`` entry for what remains, dated the local midnight that
  ended its last day at the store that issued it (so the programs report counts it there).
  Stamp cards never expire here (their balance counts stamps, not something to use).

Both are safe to run again for the same day, and from two workers at once: every writer
holds the feed lock and re-reads under it, and the entry ids derive from what they record.
"""

from __future__ import annotations

import logging
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Engine, func, select
from sqlalchemy.orm import Session

from central.clock import now
from central.db import run_transaction
from central.feed import FeedWriter
from central.identity import resolve
from central.instruments import CENTRAL, InstrumentDesk
from central.models import Instrument, InstrumentEntryRow, Member
from central.rules_store import current_rules
from central.zones import store_zones
from loyalty.dates import local_day_bounds
from loyalty.programs import Program, birthday_instrument_id, expire_entry_id
from loyalty.records import InstrumentEntry

log = logging.getLogger(__name__)
CHUNK = 500


def run_birthday_gifts(engine: Engine, day: date) -> int:
    """Issue this month's birthday gifts; returns how many were issued now."""
    with Session(engine) as session:
        programs = [p for p in current_rules(session).programs
                    if p.kind == "birthday_gift" and p.running_on(day)]
        if not programs:
            return 0
        ids = list(session.scalars(select(Member.id).where(
            Member.birthday_month == day.month, Member.status == "active",
            Member.canonical_id.is_(None)).order_by(Member.id)))
    issued = 0
    for k in range(0, len(ids), CHUNK):
        chunk = ids[k:k + CHUNK]
        issued += run_transaction(engine, lambda s, c=chunk: _gift_chunk(  # type: ignore[misc]
            s, c, programs, day))
    return issued


def _gift_chunk(session: Session, ids: list[str], programs: list[Program], day: date) -> int:
    feed = FeedWriter(session)
    desk = InstrumentDesk(session, feed, now())
    feed.lock()
    issued = 0
    for member in session.scalars(select(Member).where(Member.id.in_(ids))):
        if member.status != "active" or member.birthday_month != day.month:
            continue
        for program in programs:
            if program.tiers and member.tier not in program.tiers:
                continue
            gift_id = birthday_instrument_id(program.program_id, member.id, day.year)
            if session.get(Instrument, gift_id) is not None \
                    or desk._gift_this_year(member.id, program.program_id, day.year):
                continue
            desk.issue(program, gift_id, member.id, member, CENTRAL, day)
            issued += 1
    session.flush()
    feed.flush()
    return issued


_UTC = ZoneInfo("UTC")


def _expiring(day: date) -> tuple[ColumnElement[bool], ...]:
    return (Instrument.expires_on < day, Instrument.remaining > 0,
            Instrument.status == "active", Instrument.kind != "stamp_card")


def run_instrument_expiry(engine: Engine, day: date) -> tuple[int, int]:
    """Expire what is left of instruments whose last day is before ``day``; returns
    (instruments expired now, units expired now)."""
    with Session(engine) as session:
        ids = list(session.scalars(select(Instrument.id).where(*_expiring(day))
                                   .order_by(Instrument.id)))
    expired = units = 0
    for k in range(0, len(ids), CHUNK):
        chunk = ids[k:k + CHUNK]
        n, u = run_transaction(engine, lambda s, c=chunk: _expire_chunk(  # type: ignore[misc]
            s, c, day))
        expired, units = expired + n, units + u
    return expired, units


def _expire_chunk(session: Session, ids: list[str], day: date) -> tuple[int, int]:
    feed = FeedWriter(session)
    feed.lock()  # before reading: another worker's expiry of these is committed or not begun
    desk = InstrumentDesk(session, feed, now())
    zones = store_zones(session)
    expired = units = 0
    for held in session.scalars(select(Instrument).where(
            Instrument.id.in_(ids), *_expiring(day)).order_by(Instrument.id)):
        program = desk.rules.program(held.program_id)
        account = resolve(session, held.account_id)
        if program is None or account is None or held.expires_on is None:
            log.warning("instrument %s not expired: its program or member is gone", held.id)
            continue
        n = 1 + int(session.scalar(select(func.count()).select_from(InstrumentEntryRow).where(
            InstrumentEntryRow.instrument_id == held.id,
            InstrumentEntryRow.kind == "expire")) or 0)
        entry_id = expire_entry_id(held.id, n)
        if session.get(InstrumentEntryRow, entry_id) is not None:
            continue
        at = local_day_bounds(held.expires_on, zones.get(held.store_id, _UTC))[1]
        left = int(held.remaining)
        desk.write(InstrumentEntry(
            entry_id=entry_id, instrument_id=held.id, program_id=held.program_id,
            member_id=held.member_id, kind="expire", units=-left, store_id=held.store_id,
            terminal_id=CENTRAL, occurred_at=at, expires_on=held.expires_on), account, program)
        expired, units = expired + 1, units + left
    session.flush()
    feed.flush()
    return expired, units
