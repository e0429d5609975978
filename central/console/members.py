"""Finding members and reading one member's file for head office, over central's tables and
its own functions (identity, consent history, the tier job's spend window).

Search takes what a person types: a phone in any form (the market's E.164, an index hit), 3
or 4 last digits (what a customer says aloud), a member code, a member id, or part of a
name. Results are capped at :data:`LIMIT`; phones are masked in lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, load_only

from central.consent import consent_history
from central.identity import resolve
from central.jobs import member_zones, spend_12m
from central.models import ConsentEvent, LedgerEntryRow, Member, Store
from central.rules_store import current_rules
from loyalty.errors import LoyaltyError
from loyalty.phone import normalise_phone, parse_last_digits
from loyalty.rules import Tier

LIMIT = 50
LISTED = (Member.id, Member.name, Member.phone, Member.member_code, Member.tier,
          Member.balance, Member.status, Member.created_at)
LEDGER_ROWS = 200
_UUID_LEN = 36


def search(session: Session, text: str, market: str) -> tuple[str, list[Member]]:
    """``(how the text was read, members found)`` — newest first, aliases left out."""
    text = text.strip()[:100]
    if not text:
        return "empty", []
    # Only what the result list shows: a whole row (its JSON clocks among it) is most of a
    # search's CPU time.
    query = (select(Member).options(load_only(*LISTED))
             .where(Member.canonical_id.is_(None)).limit(LIMIT))
    if (digits := parse_last_digits(text)) is not None:
        if session.get_bind().dialect.name == "postgresql":  # ix_members_phone_reversed
            # Inlined (digits only): a prepared statement's generic plan cannot use the
            # prefix index for a LIKE parameter, and psycopg prepares after five runs.
            tail = func.reverse(Member.phone).like(
                bindparam("tail", digits[::-1] + "%", literal_execute=True))
        else:
            tail = Member.phone.like(f"%{digits}")
        return "last_digits", list(session.scalars(
            query.where(tail).order_by(Member.created_at.desc())))
    if len(text) == _UUID_LEN and text.count("-") == 4:
        member = resolve(session, text)
        return "id", [member] if member else []
    compact = text.replace(" ", "").replace("-", "")
    if compact.isdigit() and 5 <= len(compact) <= 10:
        found = list(session.scalars(query.where(Member.member_code == compact)))
        if found:
            return "code", found
    try:
        phone = normalise_phone(text, market)
    except (LoyaltyError, ValueError):
        phone = None
    if phone is not None:
        return "phone", list(session.scalars(query.where(Member.phone == phone)))
    pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "name", list(session.scalars(
        query.where(Member.name.like(f"%{pattern}%", escape="\\"))
        .order_by(Member.created_at.desc())))


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One ledger entry with its store's name."""

    entry: LedgerEntryRow
    store_name: str


@dataclass(frozen=True, slots=True)
class MemberFile:
    """Everything the member page shows."""

    member: Member
    aliases: list[Member]
    consent: list[ConsentEvent]
    tier: Tier
    next_tier: Tier | None
    spend_12m: Decimal
    ledger: list[LedgerLine]


def member_file(session: Session, member_id: str, today: date) -> MemberFile | None:
    """The member ``member_id`` is (or is an alias of), with its history; None if unknown."""
    member = resolve(session, member_id)
    if member is None:
        return None
    rules = current_rules(session)
    # The tier job judges at the start of a day; the page counts today's sales too.
    spend = spend_12m(session, member_zones(session, [member]),
                      today + timedelta(days=1)).get(member.id, Decimal(0))
    aliases = list(session.scalars(select(Member).where(Member.canonical_id == member.id)
                                   .order_by(Member.created_at)))
    stores = {row[0]: row[1] for row in session.execute(select(Store.id, Store.name))}
    entries = session.scalars(select(LedgerEntryRow).where(
        LedgerEntryRow.account_id == member.id).order_by(
        LedgerEntryRow.occurred_at.desc()).limit(LEDGER_ROWS))
    return MemberFile(member, aliases, consent_history(session, member),
                      rules.tier(member.tier), rules.next_tier(member.tier), spend,
                      [LedgerLine(e, stores.get(e.store_id, e.store_id)) for e in entries])
