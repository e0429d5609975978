"""Identity resolution: one active member per phone, aliases forever, review cases.

All functions take the caller's session and the transaction's :class:`FeedWriter`, and take
its write mutex before touching member rows (see :mod:`central.feed`); an enrollment, which
runs beside other writers, also locks its phone.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.clock import clamp_hlc, hlc_time, now
from central.codes import mint_central_code
from central.consent import ConsentSource, record_consent
from central.feed import PHONE, FeedWriter, narrow_lock
from central.feed_cache import note_rewrite
from central.models import Instrument, InstrumentEntryRow, LedgerEntryRow, Member, ReviewCase
from loyalty.ids import new_id
from loyalty.member_code import is_valid_code
from sync.protocol import IdMapping, MemberEnroll, snapshot_bucket

log = logging.getLogger(__name__)
PROFILE_FIELDS = ("name", "birthday_month", "birthday_day", "birth_year")


@dataclass
class Outcome:
    """What an identity operation did, in protocol terms."""

    status: str = "applied"
    reason: str | None = None
    message: str | None = None
    mappings: list[IdMapping] = field(default_factory=list)


def _norm_name(name: str | None) -> str:
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(ch for ch in text if ch.isalnum())


def names_clearly_differ(a: str | None, b: str | None) -> bool:
    """True when two names are both given and clearly not the same person's.

    Blank names, one name containing the other (``王`` / ``王小明``) or similar spellings
    count as the same person; only a clear mismatch keeps records apart.
    """
    na, nb = _norm_name(a), _norm_name(b)
    if not na or not nb or na in nb or nb in na:
        return False
    return SequenceMatcher(None, na, nb).ratio() < 0.5


def active_by_phone(session: Session, phone: str) -> Member | None:
    """The active member holding ``phone``, locked for update."""
    return session.scalars(select(Member).where(Member.phone == phone, Member.status == "active")
                           .with_for_update()).first()


def resolve(session: Session, member_id: str) -> Member | None:
    """The canonical record for ``member_id`` (itself, or what it is an alias of)."""
    member = session.get(Member, member_id)
    if member is not None and member.canonical_id:
        return session.get(Member, member.canonical_id)
    return member


def mapping_for(session: Session, member: Member) -> list[IdMapping]:
    """The id mapping to report for a record that is an alias (empty otherwise)."""
    if not member.canonical_id:
        return []
    canonical = session.get(Member, member.canonical_id)
    return [IdMapping(alias_id=member.id, canonical_id=member.canonical_id,
                      canonical_code=canonical.member_code if canonical else None)]


def enroll(session: Session, feed: FeedWriter, p: MemberEnroll, code_block_size: int,
           source: ConsentSource | None = None) -> Outcome:
    """Enrollment as an upsert by phone (first to reach central wins; see DESIGN.md).

    The enrollment's clock is clamped as a profile edit's is; a consent choice it carries is
    a consent event of the member it lands on, from ``source`` (the payload's origin when not
    given).
    """
    source = source or ConsentSource(p.origin)
    existing = session.get(Member, p.member_id)
    if existing is not None:
        return Outcome("already_applied", mappings=mapping_for(session, existing))
    feed.lock()
    narrow_lock(session, PHONE, [p.phone])  # beside other writers: one enrollment a phone
    holder = active_by_phone(session, p.phone)
    code, recoded = _usable_code(session, p.member_code, code_block_size)
    if holder is None:
        member = _new_member(session, p, code, status="active", source=source)
        feed.append("member.upsert", member.id)
        return Outcome(mappings=_recode_mapping(member) if recoded else [])
    if names_clearly_differ(holder.name, p.name):
        member = _new_member(session, p, code, status="review", source=source)
        _open_case(session, "recycled_phone", member.id, holder.id, p.phone)
        feed.append("member.upsert", member.id)
        return Outcome(reason="review_opened",
                       message="The phone belongs to a member with a different name; "
                               "kept apart for head office to review.")
    alias = _new_member(session, p, code, status="merged", canonical_id=holder.id)
    fill_blanks(holder, alias)
    carry_consent(session, holder, alias, source)
    feed.append("member.alias", alias.id)
    feed.append("member.upsert", holder.id)
    return Outcome(reason="merged", message="The phone is already a member; enrolled as an alias.",
                   mappings=mapping_for(session, alias))


def _usable_code(session: Session, code: str, size: int) -> tuple[str, bool]:
    """The pushed code, or a fresh central one when it is invalid or already taken."""
    taken = session.scalar(select(Member.id).where(Member.member_code == code))
    if is_valid_code(code) and taken is None:
        return code, False
    log.warning("member code from a terminal unusable (%s); minting a new one",
                "taken" if taken else "bad check digit")
    return mint_central_code(session, size), True


def _recode_mapping(member: Member) -> list[IdMapping]:
    return [IdMapping(alias_id=member.id, canonical_id=member.id,
                      canonical_code=member.member_code)]


def _new_member(session: Session, p: MemberEnroll, code: str, *, status: str,
                source: ConsentSource | None = None, canonical_id: str | None = None) -> Member:
    """A new record; its consent choice is its first consent event unless it is an alias
    (whose choice :func:`carry_consent` takes to the member it joins)."""
    stamp = now()
    hlc, _ = clamp_hlc(p.hlc, stamp)
    clocks = {name: hlc for name in (*PROFILE_FIELDS, "phone")}
    stated = None
    if p.marketing_consent is not None:
        clocks["marketing_consent"] = hlc
        stated = p.consent_at or hlc_time(p.hlc)
    member = Member(
        id=p.member_id, phone=p.phone, member_code=code, name=p.name,
        birthday_month=p.birthday_month, birthday_day=p.birthday_day, birth_year=p.birth_year,
        marketing_consent=p.marketing_consent, consent_at=min(stated, stamp) if stated else None,
        origin=p.origin, enrolled_at=p.enrolled_at, referral_code=p.referral_code, tier="general",
        tier_since=p.enrolled_at.date(), balance=0, status=status, canonical_id=canonical_id,
        bucket=snapshot_bucket(p.member_id), clocks=clocks, created_at=stamp, updated_at=stamp,
    )
    if p.marketing_consent is not None and canonical_id is None:
        record_consent(session, member, p.marketing_consent, stated, stamp,
                       source or ConsentSource(p.origin))
    session.add(member)
    session.flush()
    return member


def fill_blanks(target: Member, source: Member) -> None:
    """Copy profile fields the target lacks (consent is :func:`carry_consent`'s)."""
    clocks = dict(target.clocks)
    for name in PROFILE_FIELDS:
        if getattr(target, name) in (None, "") and getattr(source, name) not in (None, ""):
            setattr(target, name, getattr(source, name))
            clocks[name] = source.clocks.get(name, "")
    target.clocks = clocks
    target.updated_at = now()


def carry_consent(session: Session, target: Member, source: Member,
                  sender: ConsentSource) -> None:
    """A record joining ``target`` brings its explicit consent choice as a consent event of
    ``target``, stated at the time it was made (the rule decides whether it applies)."""
    if source.marketing_consent is None:
        return
    if record_consent(session, target, source.marketing_consent, source.consent_at, now(),
                      sender):
        target.clocks = {**target.clocks,
                         "marketing_consent": source.clocks.get("marketing_consent", "")}


def _open_case(session: Session, kind: str, member_id: str, other_id: str, phone: str) -> str:
    case = ReviewCase(id=new_id(), kind=kind, member_id=member_id, other_member_id=other_id,
                      phone=phone, status="open", opened_at=now())
    session.add(case)
    log.info("review case %s opened (%s)", case.id, kind)
    return case.id


def open_phone_case(session: Session, member_id: str, holder_id: str, phone: str) -> str:
    """Open a review case for a refused phone change; return its id."""
    return _open_case(session, "phone_change", member_id, holder_id, phone)


def merge(session: Session, feed: FeedWriter, source_id: str, target_id: str) -> Member:
    """Make ``source_id`` an alias of ``target_id``: entries, balance and aliases move over.

    Raises:
        ValueError: unknown ids, erased members, or both resolving to the same member.
    """
    feed.lock()
    source, target = resolve(session, source_id), resolve(session, target_id)
    if source is None or target is None:
        raise ValueError("unknown member")
    if source.id == target.id:
        raise ValueError("these records are already one member")
    if "erased" in (source.status, target.status):
        raise ValueError("an erased member cannot be merged")
    session.refresh(source, with_for_update=True)
    session.refresh(target, with_for_update=True)
    old_aliases = list(session.scalars(select(Member.id).where(Member.canonical_id == source.id)))
    session.execute(update(Member).where(Member.canonical_id == source.id)
                    .values(canonical_id=target.id))
    session.execute(update(LedgerEntryRow).where(LedgerEntryRow.account_id == source.id)
                    .values(account_id=target.id))
    # The alias's coupons, cards and passes belong to the account now (a second birthday
    # gift of the year is then found, whichever was issued first).
    session.execute(update(Instrument).where(Instrument.account_id == source.id)
                    .values(account_id=target.id))
    session.execute(update(InstrumentEntryRow).where(InstrumentEntryRow.account_id == source.id)
                    .values(account_id=target.id))
    target.balance += source.balance
    fill_blanks(target, source)
    carry_consent(session, target, source, ConsentSource(f"merge:{source.id}"))
    source_was_active = source.status == "active"
    source.balance, source.status, source.canonical_id = 0, "merged", target.id
    source.updated_at = now()
    session.flush()  # free the source's phone before the target may take the active slot
    if target.status == "review" and source_was_active:
        target.status = "active"
        session.flush()
    for alias_id in [source.id, *old_aliases]:
        feed.append("member.alias", alias_id)
    feed.append("member.upsert", source.id)
    feed.append("member.upsert", target.id)
    note_rewrite(session)  # earlier entries now render with the target's account
    return target
