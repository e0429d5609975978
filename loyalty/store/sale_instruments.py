"""What a sale does to the member's instruments, and what its void takes back
(``docs/programs.md``): a stamp on each running card the sale qualifies for, the reward at
the card's ``n * units``-th stamp, this year's birthday gift at the first sale in the
birthday month; a void takes the sale's stamps off and, with them, every unused reward of a
completion the card no longer holds.

A reward taken back is issued again when the member completes that card again, under the
next issue's derived id (:func:`loyalty.instruments.reward_of_cycle`), so the till and
central's push both issue the same instrument once. A reward already used stays with the
member: the completion was rewarded, and completing the card again gives nothing more.

These run on every award: the member's row comes from the award, the statements are the
driver's cached ones and the sale's operations go out in the award's one outbox batch.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row

from loyalty.instruments import RewardState, reward_of_cycle, stamps_for_sale, stamps_now
from loyalty.money import Money
from loyalty.programs import Program, birthday_instrument_id, issue_entry_id, stamp_card_id
from loyalty.rules import Rules
from loyalty.store.cipher import driver_connection
from loyalty.store.context import TillContext
from loyalty.store.instruments import (
    InstrumentChange,
    expires_for,
    new_entry,
    program_of,
    write_entry,
)
from loyalty.store.journal import OutboxBatch, audit
from loyalty.store.members import resolve_id
from loyalty.text import clean_receipt_no

_HELD = "SELECT units_issued, remaining, program_id, kind FROM instruments WHERE id = ?"
_TAKEN_BACK = ("SELECT 1 FROM instrument_ledger WHERE ref_entry_id = ? AND kind = 'reverse'"
               " AND state != 'rejected'")
_OF_SALE = ("SELECT id, instrument_id, program_id, member_id, units, receipt_no"
            " FROM instrument_ledger WHERE sale_entry_id = ? AND kind = 'stamp'"
            " AND NOT EXISTS (SELECT 1 FROM instrument_ledger r WHERE r.ref_entry_id ="
            " instrument_ledger.id AND r.kind = 'reverse' AND r.state != 'rejected')")


def after_award(conn: Connection, ctx: TillContext, rules: Rules, member: Row[Any],
                sale: Money, now: datetime, *, receipt_no: str | None, sale_entry_id: str,
                ops: OutboxBatch | None = None) -> tuple[InstrumentChange, ...]:
    """What a sale does to the member's instruments. ``member``: the canonical member's row
    as the award read it (``id``, ``tier``, ``birthday_month``). No program of these kinds:
    no statement."""
    wanted = [p for p in rules.programs if p.kind in ("stamp_card", "birthday_gift")]
    if not wanted:
        return ()
    day = now.astimezone(ctx.tz).date()
    changes: list[InstrumentChange] = []
    for program in wanted:
        if program.kind == "stamp_card":
            changes += _stamp(conn, ctx, rules, program, member, sale, day, now,
                              receipt_no, sale_entry_id, ops)
        elif member.birthday_month == day.month and program.running_on(day) \
                and program.eligible(member.tier, ctx.store_id):
            gift = _birthday(conn, ctx, program, member, day, now, ops)
            if gift is not None:
                changes.append(gift)
    return tuple(changes)


def reward_state(conn: Connection, reward_id: str) -> RewardState:
    """A stamp reward as this till knows it: not here, taken back by a void (a reverse of
    its issue central did not reject), or held (used or not)."""
    db = driver_connection(conn.connection.driver_connection)
    if db.execute(_HELD, (reward_id,)).fetchone() is None:
        return "absent"
    taken = db.execute(_TAKEN_BACK, (issue_entry_id(reward_id),)).fetchone()
    return "taken_back" if taken is not None else "held"


def _stamp(conn: Connection, ctx: TillContext, rules: Rules, program: Program,
           member: Row[Any], sale: Money, day: date, now: datetime, receipt_no: str | None,
           sale_entry_id: str, ops: OutboxBatch | None) -> list[InstrumentChange]:
    if not stamps_for_sale(program, sale, member.tier, ctx.store_id, day):
        return []
    card_id = stamp_card_id(program.program_id, member.id)
    receipt = clean_receipt_no(receipt_no)
    entry = new_entry(ctx, now, instrument_id=card_id, program_id=program.program_id,
                   member_id=member.id, kind="stamp", units=1, amount=sale.amount,
                   currency=sale.currency.value, receipt_no=receipt)
    stamp = write_entry(conn, entry, "stamp_card", now, sale_entry_id=sale_entry_id, ops=ops)
    changes = [_with_stamps(stamp, program.units)]
    if stamp.remaining > 0 and stamp.remaining % program.units == 0:
        reward = program_of(rules, program.reward_program or "")
        reward_id, state = reward_of_cycle(card_id, stamp.remaining // program.units,
                                           lambda rid: reward_state(conn, rid))
        if state == "absent":
            issue = new_entry(ctx, now, entry_id=issue_entry_id(reward_id), instrument_id=reward_id,
                           program_id=reward.program_id, member_id=member.id, kind="issue",
                           units=reward.units, receipt_no=receipt,
                           expires_on=expires_for(reward, day))
            changes.append(write_entry(conn, issue, reward.kind, now,
                                       sale_entry_id=sale_entry_id, ops=ops, fresh=True))
            # a stamp itself is the sale's (audited with its points); a reward is audited
            audit(conn, ctx, "instrument.reward", member.id, now, card=card_id,
                  stamps=stamp.remaining, reward=reward_id)
    return changes


def _with_stamps(change: InstrumentChange, units: int) -> InstrumentChange:
    return replace(change, stamps_now=stamps_now(change.remaining, units))


def _birthday(conn: Connection, ctx: TillContext, program: Program, member: Row[Any],
              day: date, now: datetime, ops: OutboxBatch | None) -> InstrumentChange | None:
    gift_id = birthday_instrument_id(program.program_id, member.id, day.year)
    if driver_connection(conn.connection.driver_connection).execute(
            _HELD, (gift_id,)).fetchone() is not None:
        return None
    entry = new_entry(ctx, now, entry_id=issue_entry_id(gift_id), instrument_id=gift_id,
                   program_id=program.program_id, member_id=member.id, kind="issue",
                   units=program.units, expires_on=expires_for(program, day) or _month_end(day))
    change = write_entry(conn, entry, program.kind, now, ops=ops, fresh=True)
    audit(conn, ctx, "instrument.birthday", member.id, now, instrument=gift_id)
    return change


def _month_end(day: date) -> date:
    """A birthday gift without its own life lasts to the end of the birthday month."""
    following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return following - timedelta(days=1)


def void_sale(conn: Connection, ctx: TillContext, rules: Rules, sale_entry_id: str,
              now: datetime, *, manager_id: str) -> tuple[InstrumentChange, ...]:
    """A voided sale's stamps come off their cards; then every reward of a completion a
    card no longer holds is taken back while unused (a used one stays: the customer had
    it, and completing the card again does not reward that completion twice)."""
    db = driver_connection(conn.connection.driver_connection)
    changes: list[InstrumentChange] = []
    cards: dict[str, tuple[Program, int, str, str | None]] = {}
    for entry_id, card_id, program_id, member_id, units, receipt in db.execute(
            _OF_SALE, (sale_entry_id,)).fetchall():
        entry = new_entry(ctx, now, instrument_id=card_id, program_id=program_id,
                       member_id=resolve_id(conn, member_id), kind="reverse", units=-units,
                       ref_entry_id=entry_id, approved_by=manager_id, receipt_no=receipt)
        program = rules.program(program_id)
        change = write_entry(conn, entry, "stamp_card", now)
        changes.append(_with_stamps(change, program.units if program else 1))
        if program is not None and program.reward_program:
            cards[card_id] = (program, change.remaining, entry.member_id, receipt)
    for card_id, (program, balance, member_id, receipt) in cards.items():
        changes += _take_back_rewards(conn, ctx, card_id, program, balance, now,
                                      member_id=member_id, manager_id=manager_id,
                                      receipt_no=receipt)
    if changes:
        audit(conn, ctx, "instrument.void", None, now, sale=sale_entry_id,
              entries=[c.entry_id for c in changes], manager=manager_id)
    return tuple(changes)


def _take_back_rewards(conn: Connection, ctx: TillContext, card_id: str, program: Program,
                       balance: int, now: datetime, *, member_id: str, manager_id: str,
                       receipt_no: str | None) -> list[InstrumentChange]:
    """Reverse the unused rewards of the completions above ``balance`` stamps."""
    db = driver_connection(conn.connection.driver_connection)
    changes: list[InstrumentChange] = []
    cycle = max(balance, 0) // program.units + 1
    while True:
        reward_id, state = reward_of_cycle(card_id, cycle,
                                           lambda rid: reward_state(conn, rid))
        if state == "absent":
            return changes
        issued, left, reward_program, kind = db.execute(_HELD, (reward_id,)).fetchone()
        if issued > 0 and left >= issued:  # unused: the completion it rewarded is gone
            entry = new_entry(ctx, now, instrument_id=reward_id, program_id=reward_program,
                           member_id=member_id, kind="reverse", units=-int(issued),
                           ref_entry_id=issue_entry_id(reward_id), approved_by=manager_id,
                           receipt_no=receipt_no)
            changes.append(write_entry(conn, entry, kind, now))
        cycle += 1

