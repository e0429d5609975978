"""The birthday-gift job: each running birthday-gift program gives its gift to every active
member whose birthday month it is, once per member per year (the instrument id derives from
program, member and year, so an offline till issuing the same gift at the member's first
visit writes the same entry; and a merged account already holding this year's gift is
skipped). Safe to run again for the same day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central.clock import now
from central.db import run_transaction
from central.feed import FeedWriter
from central.instruments import CENTRAL, InstrumentDesk
from central.models import Instrument, Member
from central.rules_store import current_rules
from loyalty.programs import Program, birthday_instrument_id

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
