"""Members in the local store: enrollment (offline too), profile edits, aliases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from loyalty.errors import DuplicatePhone, InvalidInput, NotFound
from loyalty.hlc import HybridClock
from loyalty.ids import new_id
from loyalty.member_code import looks_like_member_code, parse_member_code
from loyalty.phone import mask_phone, normalise_member_phone, phone_digits_reversed
from loyalty.records import MemberEnroll, MemberFields, MemberUpdate, payload_json
from loyalty.store.codes import mint_member_code
from loyalty.store.context import TillContext
from loyalty.store.journal import append_operation, audit
from loyalty.store.rulebook import current_rules
from loyalty.store.schema import aliases, members
from loyalty.text import clean_name, clean_referral_code


@dataclass(frozen=True, slots=True)
class Birthday:
    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        try:
            date(self.year or 2000, self.month, self.day)  # 2000: a leap year allows 29 Feb
        except ValueError:
            raise InvalidInput("That birthday is not a date.", code="birthday_invalid") from None
        if self.year is not None and not 1900 <= self.year <= date.today().year:
            raise InvalidInput("That birth year is not plausible.", code="birthday_year")


@dataclass(frozen=True, slots=True)
class Enrollment:
    """What an enrollment changed (for the views to refresh and the slip to print)."""

    member_id: str
    member_code: str
    phone: str
    outbox_seq: int


_ALIAS_TARGET = select(aliases.c.canonical_id).where(aliases.c.alias_id == bindparam("id"))


def resolve_id(conn: Connection, member_id: str) -> str:
    """Follow aliases (transitively) to the canonical member id."""
    for _ in range(32):
        target = conn.execute(_ALIAS_TARGET, {"id": member_id}).scalar_one_or_none()
        if target is None:
            return member_id
        member_id = target
    raise RuntimeError("alias chain too long (a cycle?)")


def active_member_by_phone(conn: Connection, e164: str) -> str | None:
    return conn.execute(select(members.c.id).where(members.c.phone == e164,
                                                   members.c.status == "active")
                        ).scalar_one_or_none()


def enroll_member(conn: Connection, ctx: TillContext, clock: HybridClock, *, phone: str, name: str,
                  now: datetime, birthday: Birthday | None = None,
                  marketing_consent: bool | None = None, referral_code: str | None = None,
                  ) -> Enrollment:
    """Enroll a member here (works offline). An existing phone raises :class:`DuplicatePhone`
    naming the member, so the cashier is shown them instead of creating a second record.
    The phone and name are checked by :mod:`loyalty.phone` (in the regions the chain's rules
    accept) and :mod:`loyalty.text`, as central checks them."""
    e164 = normalise_member_phone(phone, ctx.region,
                                  current_rules(conn).member_phone_regions)
    name = clean_name(name)
    existing = active_member_by_phone(conn, e164)
    if existing is not None:
        raise DuplicatePhone(f"{mask_phone(e164)} is already a member.", existing)
    referral_code = _referrer(conn, referral_code, e164, ctx.region)
    member_id, code, hlc = new_id(), mint_member_code(conn), clock.now()
    consent_at = now if marketing_consent is not None else None
    row = {
        "id": member_id, "phone": e164, "phone_rev": phone_digits_reversed(e164),
        "member_code": code, "name": name,
        "birthday_month": birthday.month if birthday else None,
        "birthday_day": birthday.day if birthday else None,
        "birth_year": birthday.year if birthday else None,
        "tier": "general", "tier_since": now.astimezone(ctx.tz).date(),
        "marketing_consent": marketing_consent, "consent_at": consent_at,
        "origin": ctx.store_id, "status": "active", "hlc": hlc,
        "created_at": now, "updated_at": now,
    }
    conn.execute(insert(members).values(**row))
    seq = append_operation(conn, "member.enroll", payload_json(MemberEnroll(
        member_id=member_id, phone=e164, member_code=code, name=name,
        birthday_month=birthday.month if birthday else None,
        birthday_day=birthday.day if birthday else None,
        birth_year=birthday.year if birthday else None, marketing_consent=marketing_consent,
        consent_at=consent_at, origin=ctx.store_id, enrolled_at=now,
        referral_code=referral_code, hlc=hlc)), now)
    audit(conn, ctx, "member.enroll", member_id, now, code=code, phone=mask_phone(e164),
          consent=marketing_consent)
    return Enrollment(member_id, code, e164, seq)


def _referrer(conn: Connection, text: str | None, phone: str, region: str) -> str | None:
    """The referral as central reads it (``docs/programs.md``): a referrer's member code
    (checked), a referrer's phone (as E.164), or any other code as typed. A new member
    cannot refer themself."""
    code = clean_referral_code(text)
    if code is None:
        return None
    if looks_like_member_code(code):
        code = parse_member_code(code)
        holder = conn.execute(select(members.c.phone).where(members.c.member_code == code)
                              ).scalar_one_or_none()
        if holder == phone:
            raise InvalidInput(_SELF_REFERRAL, code="self_referral")
        return code
    try:
        referrer_phone = normalise_member_phone(code, region,
                                                current_rules(conn).member_phone_regions)
    except InvalidInput:
        return code  # a campaign's code, not a member's
    if referrer_phone == phone:
        raise InvalidInput(_SELF_REFERRAL, code="self_referral")
    return referrer_phone


_SELF_REFERRAL = "A new member cannot refer themself: give another member's phone or code."


EDITABLE = ("name", "birthday_month", "birthday_day", "birth_year", "marketing_consent")


def update_profile(conn: Connection, ctx: TillContext, clock: HybridClock, member_id: str,
                   changes: dict[str, Any], now: datetime) -> int:
    """Edit profile fields (not the phone: a phone change goes through central's review)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"Cannot edit {', '.join(sorted(unknown))} here.", code="field")
    member_id = resolve_id(conn, member_id)
    if conn.execute(select(members.c.id).where(members.c.id == member_id)).first() is None:
        raise NotFound("No such member.")
    values = dict(changes)
    if "name" in values:
        values["name"] = clean_name(values["name"])
    if "marketing_consent" in values:
        values["consent_at"] = now
    hlc = clock.now()
    edit = MemberUpdate(member_id=member_id, fields=MemberFields(**values), hlc=hlc)
    conn.execute(update(members).where(members.c.id == member_id)
                 .values(**values, hlc=hlc, updated_at=now))
    seq = append_operation(conn, "member.update", payload_json(edit, only_set=True), now)
    audit(conn, ctx, "member.update", member_id, now, fields=sorted(changes))
    return seq
