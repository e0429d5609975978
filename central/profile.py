"""Profile edits (last-writer-wins per field by HLC, every edit kept) and erasure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from central.clock import PROFILE_CLOCK_TOLERANCE, clamp_hlc, hlc_time, now, wins
from central.consent import ConsentSource, record_consent
from central.feed import FeedWriter
from central.feed_cache import note_rewrite
from central.identity import Outcome, active_by_phone, open_phone_case, resolve
from central.models import ConsentEvent, Member, MemberHistory, ReviewCase
from sync.protocol import MemberUpdate

_PII = ("phone", "name", "birthday_month", "birthday_day", "birth_year", "referral_code",
        "marketing_consent", "consent_at")


@dataclass(frozen=True, slots=True)
class EditSource:
    """Who sent a profile change (a terminal of a store) and when central received it."""

    terminal_id: str
    store_id: str | None
    received_at: datetime
    op_id: str | None = None


@dataclass(frozen=True, slots=True)
class ProfileChange:
    """A ``member.update`` about to be applied to its (locked, canonical) member.

    ``hlc`` is the sender's clock clamped to central's time plus
    :data:`~central.clock.PROFILE_CLOCK_TOLERANCE`. ``other_store`` says the member was not
    enrolled at the sender's store (another store's member, or one who joined online): what a
    per-terminal cap on such changes counts.
    """

    member: Member
    update: MemberUpdate
    hlc: str
    source: EditSource

    @property
    def clamped(self) -> bool:
        """The sender's clock ran too far ahead and was clamped."""
        return self.hlc != self.update.hlc

    @property
    def other_store(self) -> bool:
        """The member's origin is not the sending terminal's store."""
        return self.member.origin != self.source.store_id


def prepare_update(session: Session, feed: FeedWriter, p: MemberUpdate, source: EditSource
                   ) -> ProfileChange | Outcome:
    """Resolve and lock the member a ``member.update`` names; an :class:`Outcome` when it
    cannot apply at all (unknown or erased member)."""
    feed.lock()
    member = resolve(session, p.member_id)
    if member is None:
        return Outcome("rejected", "unknown_member", "Central does not know this member.")
    if member.status == "erased":
        return Outcome("rejected", "member_erased", "This member was erased on request.")
    session.refresh(member, with_for_update=True)
    hlc, _ = clamp_hlc(p.hlc, source.received_at)
    return ProfileChange(member, p, hlc, source)


def apply_update(session: Session, feed: FeedWriter, change: ProfileChange) -> Outcome:
    """Apply a prepared change: each field set only if its clock is newer (consent by
    :mod:`central.consent`'s rule); every field kept in the member's history.

    Answers ``superseded`` when newer changes already stand for every field sent, and says
    so in the reason when some fields lost or the clock was clamped. A phone change onto
    another active member's phone is refused (the other fields still apply) and opens a
    review case. The member goes to the feed whenever a field was sent, so the sender's own
    copy converges on central's even when its change lost.
    """
    member, fields = change.member, change.update.fields.present()
    refused = _refuse_phone(session, member, fields)
    applied, lost = _apply_fields(session, change, fields)
    if applied:
        member.updated_at = now()
    if applied or lost:
        session.flush()
        feed.append("member.upsert", member.id)
    clamp_note = _clamp_note(change) if change.clamped else ""
    if refused is not None:
        return Outcome("rejected", "phone_in_use",
                       f"Another member holds that phone; review case {refused} opened. "
                       "Other fields were applied." + clamp_note)
    if lost and not applied:
        return Outcome("superseded", "superseded",
                       f"A newer change to {', '.join(lost)} already stands; this one changed "
                       "nothing." + clamp_note)
    if lost:
        return Outcome("applied", "partly_superseded",
                       f"Applied {', '.join(applied)}; a newer change to {', '.join(lost)} "
                       "already stands." + clamp_note)
    if clamp_note:
        return Outcome("applied", "clock_clamped", clamp_note.strip())
    return Outcome()


def _clamp_note(change: ProfileChange) -> str:
    minutes = int(PROFILE_CLOCK_TOLERANCE.total_seconds() // 60)
    return (f" Its clock ({hlc_time(change.update.hlc):%Y-%m-%d %H:%M} UTC) was more than "
            f"{minutes} minutes ahead of central's and was taken as "
            f"{hlc_time(change.hlc):%Y-%m-%d %H:%M:%S} UTC.")


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


def _apply_fields(session: Session, change: ProfileChange, fields: dict[str, Any]
                  ) -> tuple[list[str], list[str]]:
    """Set the fields whose clocks win; return the names applied and the names that lost."""
    member, hlc, source = change.member, change.hlc, change.source
    clocks = dict(member.clocks)
    history: list[dict[str, Any]] = []
    applied: list[str] = []
    lost: list[str] = []
    consent_at = fields.pop("consent_at", None)
    for name, value in fields.items():
        if name == "marketing_consent":
            ok = value is not None and record_consent(
                session, member, value, consent_at or hlc_time(change.update.hlc),
                source.received_at,
                ConsentSource(source.terminal_id, source.store_id, source.op_id))
        else:
            ok = wins(hlc, clocks.get(name))
            if ok:
                setattr(member, name, value)
        if ok:
            clocks[name] = hlc
            applied.append(name)
        elif value is not None or name != "marketing_consent":
            lost.append(name)
        history.append({"member_id": member.id, "field": name, "value": _jsonable(value),
                        "hlc": hlc, "source": source.terminal_id, "applied": ok,
                        "received_at": source.received_at})
    member.clocks = clocks
    if history:
        session.execute(insert(MemberHistory), history)
    return applied, lost


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
    session.execute(delete(ConsentEvent).where(ConsentEvent.member_id.in_(ids)))
    _forget_phone_in_cases(session, ids)
    for erased_id in ids:
        feed.append("member.erased", erased_id)
    note_rewrite(session)  # no process serves the erased data from its kept feed pages
    session.expire_all()
    return session.get_one(Member, member.id)


def _forget_phone_in_cases(session: Session, ids: list[str]) -> None:
    """A review case keeps its ids and outcome; the phone that opened it goes, and so does
    the refused phone change another member's history kept (the erased member's phone)."""
    touching = or_(ReviewCase.member_id.in_(ids), ReviewCase.other_member_id.in_(ids))
    for case in list(session.scalars(select(ReviewCase).where(touching,
                                                               ReviewCase.phone != ""))):
        for row in list(session.scalars(select(MemberHistory).where(
                MemberHistory.member_id == case.member_id, MemberHistory.field == "phone"))):
            if row.value == case.phone:
                session.delete(row)
    session.execute(update(ReviewCase).where(touching).values(phone=""))


def find_active(session: Session, phone: str) -> Member | None:
    """The active member with ``phone`` (no lock), for lookups."""
    return session.scalars(select(Member).where(Member.phone == phone,
                                                Member.status == "active")).first()
