"""The online channel: web-shop and app sign-ups and lookups, through the same identity rules."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.clock import central_hlc, now
from central.codes import mint_central_code
from central.feed import FeedWriter
from central.identity import enroll, resolve
from central.models import Member
from central.records import member_record
from central.rules_store import current_rules
from central.schemas import SignUp, SignUpOut
from loyalty.ids import new_id
from loyalty.phone import check_member_region
from sync.protocol import MemberEnroll


def sign_up(session: Session, body: SignUp, phone: str, block_size: int) -> SignUpOut:
    """Enroll an online sign-up (``phone`` already E.164) as an upsert by phone, if its
    region is one the chain's rules accept (as at a counter)."""
    check_member_region(phone, current_rules(session).member_phone_regions, typed=body.phone)
    feed = FeedWriter(session)
    feed.share()  # enroll locks the phone; the code block counter's row is its own lock
    stamp = now()
    payload = MemberEnroll(
        member_id=new_id(), phone=phone, member_code=mint_central_code(session, block_size),
        name=body.name, birthday_month=body.birthday_month, birthday_day=body.birthday_day,
        birth_year=body.birth_year, marketing_consent=body.marketing_consent,
        consent_at=stamp if body.marketing_consent is not None else None, origin="online",
        enrolled_at=stamp, referral_code=body.referral_code, hlc=central_hlc())
    outcome = enroll(session, feed, payload, block_size)
    feed.flush()
    member = resolve(session, payload.member_id)
    assert member is not None
    kind = "merged" if outcome.mappings else "review" if member.status == "review" else "created"
    return SignUpOut(outcome=kind, member=member_record(member))  # type: ignore[arg-type]


def lookup(session: Session, *, phone: str | None = None, code: str | None = None
           ) -> Member | None:
    """The canonical member for a phone (active holder) or a member code (aliases resolve)."""
    if phone is not None:
        return session.scalars(select(Member).where(Member.phone == phone,
                                                    Member.status == "active")).first()
    found = session.scalars(select(Member).where(Member.member_code == code)).first()
    return resolve(session, found.id) if found is not None else None
