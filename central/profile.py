"""Profile edits (last-writer-wins per field by HLC, every edit kept) and erasure."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from central.clock import consent_wins, now, wins
from central.feed import FeedWriter
from central.identity import Outcome, active_by_phone, open_phone_case, resolve
from central.models import Member, MemberHistory
from sync.protocol import MemberUpdate

_PII = ("phone", "name", "birthday_month", "birthday_day", "birth_year", "referral_code",
        "marketing_consent", "consent_at")


def update_member(session: Session, feed: FeedWriter, p: MemberUpdate, source: str) -> Outcome:
    """Apply a ``member.update``: each field set only if its clock is newer.

    A phone change onto another active member's phone is refused (the other fields still
    apply) and opens a review case.
    """
    feed.lock()
    member = resolve(session, p.member_id)
    if member is None:
        return Outcome("rejected", "unknown_member", "Central does not know this member.")
    if member.status == "erased":
        return Outcome("rejected", "member_erased", "This member was erased on request.")
    session.refresh(member, with_for_update=True)
    fields = p.fields.present()
    refused = _refuse_phone(session, member, fields)
    applied = _apply_fields(session, member, fields, p.hlc, source)
    if applied:
        member.updated_at = now()
        session.flush()
        feed.append("member.upsert", member.id)
    if refused is not None:
        return Outcome("rejected", "phone_in_use",
                       f"Another member holds that phone; review case {refused} opened. "
                       "Other fields were applied.")
    return Outcome()


def _refuse_phone(session: Session, member: Member, fields: dict[str, Any]) -> str | None:
    phone = fields.get("phone")
    if phone is None or phone == member.phone:
        fields.pop("phone", None)
        return None
    holder = active_by_phone(session, phone)
    if holder is None or holder.id == member.id or member.status != "active":
        return None
    del fields["phone"]
    return open_phone_case(session, member.id, holder.id, phone)


def _apply_fields(session: Session, member: Member, fields: dict[str, Any], hlc: str,
                  source: str) -> bool:
    clocks = dict(member.clocks)
    history: list[dict[str, Any]] = []
    applied = False
    consent_at = fields.pop("consent_at", None)
    for name, value in fields.items():
        if name == "marketing_consent":
            ok = consent_wins(hlc, value, clocks.get(name))
        else:
            ok = wins(hlc, clocks.get(name))
        if ok:
            setattr(member, name, value)
            clocks[name] = hlc
            if name == "marketing_consent":
                member.consent_at = consent_at or now()
        applied = applied or ok
        history.append({"member_id": member.id, "field": name, "value": _jsonable(value),
                        "hlc": hlc, "source": source, "applied": ok, "received_at": now()})
    member.clocks = clocks
    if history:
        session.execute(insert(MemberHistory), history)
    return applied


def _jsonable(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def erase(session: Session, feed: FeedWriter, member_id: str) -> Member:
    """Erase a member on request: a tombstone through the feed; entries stay, pseudonymised.

    The member and all its aliases lose their personal data and edit history.

    Raises:
        LookupError: no such member.
    """
    feed.lock()
    member = resolve(session, member_id)
    if member is None:
        raise LookupError(member_id)
    ids = [member.id, *session.scalars(select(Member.id).where(Member.canonical_id == member.id))]
    blank: dict[str, Any] = dict.fromkeys(_PII)
    session.execute(update(Member).where(Member.id.in_(ids))
                    .values(**blank, status="erased", clocks={}, updated_at=now()))
    session.execute(delete(MemberHistory).where(MemberHistory.member_id.in_(ids)))
    for erased_id in ids:
        feed.append("member.erased", erased_id)
    session.expire_all()
    return session.get_one(Member, member.id)


def find_active(session: Session, phone: str) -> Member | None:
    """The active member with ``phone`` (no lock), for lookups."""
    return session.scalars(select(Member).where(Member.phone == phone,
                                                Member.status == "active")).first()
