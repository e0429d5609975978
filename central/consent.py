"""Marketing consent: an append-only event history per member, and the rule that reads it.

Every explicit choice central receives (a till's enrollment or edit, an online sign-up, a
merge) is one :class:`~central.models.ConsentEvent`, kept forever with who sent it, the time
the sender stated and the time central received it. The member's ``marketing_consent`` and
``consent_at`` are the latest *applied* event, kept in the same transaction.

The rule, in central's receipt order (the order central processes them, serialised per
member by its row lock and its phone's; a sender's clock is advice, never the order):

1. **An opt-out always applies.** It is the latest choice central has heard.
2. **An opt-in applies unless it is older than an opt-out on record**, where *older* compares
   the stated times each clamped to its own receipt time (``effective_at``): a choice cannot
   have been made after central received it, so a clock running ahead (the year 2286) buys
   nothing, while a till that was offline for a day still gets its honest opt-in from before
   the opt-out turned down. On a tie the opt-out stands.

So an opt-out is never overwritten by an older opt-in; an opt-in made *after* an opt-out (the
customer changed their mind) applies; and every event, applied or not, is shown to head office
(``GET /v1/admin/members/{id}/consent``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from central.models import ConsentEvent, Member


@dataclass(frozen=True, slots=True)
class ConsentSource:
    """Who sent a consent choice: a terminal (and its store), ``online`` or ``head_office``."""

    name: str
    store_id: str | None = None
    op_id: str | None = None


def record_consent(session: Session, member: Member, value: bool, stated_at: datetime | None,
                   received_at: datetime, source: ConsentSource) -> bool:
    """Append a consent event for ``member`` (locked by the caller) and apply it if the rule
    says so; return whether it applied. ``stated_at`` missing counts as ``received_at``."""
    effective = received_at if stated_at is None else min(stated_at, received_at)
    applied = value is False or not _older_than_an_opt_out(session, member.id, effective)
    session.add(ConsentEvent(
        member_id=member.id, value=value, source=source.name[:64], store_id=source.store_id,
        op_id=source.op_id, stated_at=stated_at, effective_at=effective,
        received_at=received_at, applied=applied))
    if applied:
        member.marketing_consent = value
        member.consent_at = effective
    return applied


def _older_than_an_opt_out(session: Session, member_id: str, effective: datetime) -> bool:
    latest_out = session.scalar(select(func.max(ConsentEvent.effective_at)).where(
        ConsentEvent.member_id == member_id, ConsentEvent.value.is_(False)))
    return latest_out is not None and effective <= latest_out


def consent_history(session: Session, member: Member) -> list[ConsentEvent]:
    """Every consent event of ``member`` and of the records that are its aliases, in the
    order central applied the rule to them (a member's appends are serialised)."""
    aliases = select(Member.id).where(Member.canonical_id == member.id)
    return list(session.scalars(
        select(ConsentEvent)
        .where(or_(ConsentEvent.member_id == member.id, ConsentEvent.member_id.in_(aliases)))
        .order_by(ConsentEvent.id)))
