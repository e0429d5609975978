"""The member: as enrolled (``member.enroll``), as edited (``member.update``), as central holds
it (``member.upsert`` changes and snapshot rows) and as an alias (``member.alias``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime

from loyalty.records.base import Record
from loyalty.records.fields import (
    Day,
    Hlc,
    Ident,
    MemberCode,
    MemberName,
    MemberStatus,
    Month,
    Phone,
    ReferralCode,
    Uuid,
    Year,
)


class _Profile(Record):
    """The profile fields a member gives at enrollment and may change later (a phone change
    goes through central's review)."""

    name: MemberName | None = None
    birthday_month: Month | None = None
    birthday_day: Day | None = None
    birth_year: Year | None = None
    phone: Phone | None = None
    marketing_consent: bool | None = None
    consent_at: AwareDatetime | None = None


class MemberEnroll(_Profile):
    """Payload of ``member.enroll``: a member enrolled at a terminal (or online)."""

    member_id: Uuid
    phone: Phone
    member_code: MemberCode
    origin: Ident
    enrolled_at: AwareDatetime
    referral_code: ReferralCode | None = None
    hlc: Hlc


class MemberFields(_Profile):
    """Profile fields a ``member.update`` may change; only fields present are changed."""

    def present(self) -> dict[str, Any]:
        """The fields the sender set (explicit ``null`` included), by name."""
        return {name: getattr(self, name) for name in type(self).model_fields
                if name in self.model_fields_set}  # declaration order: stable answers


class MemberUpdate(Record):
    """Payload of ``member.update``: each field last-writer-wins by ``hlc``."""

    member_id: Uuid
    fields: MemberFields
    hlc: Hlc


class MemberRecord(Record):
    """A member as central holds it (data of ``member.upsert`` and snapshot rows).

    Central builds it from its row by attribute (:meth:`from_row`); the till writes its
    replica from it (:func:`loyalty.store.replica.member_values`)."""

    id: str
    phone: str | None
    member_code: str | None
    name: str | None
    birthday_month: int | None
    birthday_day: int | None
    birth_year: int | None
    marketing_consent: bool | None
    consent_at: datetime | None
    origin: str | None
    enrolled_at: datetime | None
    tier: str
    tier_since: date | None
    balance: int
    status: MemberStatus
    canonical_id: str | None = None

    @classmethod
    def from_row(cls, row: object) -> MemberRecord:
        """The record of a stored member (any object with these attributes)."""
        return cls.model_validate(row, from_attributes=True)

    @classmethod
    def placeholder(cls, member_id: str, status: MemberStatus = "review") -> MemberRecord:
        """A member known only by id until central's record arrives."""
        return cls(id=member_id, phone=None, member_code=None, name=None, birthday_month=None,
                   birthday_day=None, birth_year=None, marketing_consent=None,
                   consent_at=None, origin=None, enrolled_at=None, tier="general",
                   tier_since=None, balance=0, status=status)


class AliasRecord(Record):
    """Data of ``member.alias``: ``alias_id`` now counts on ``canonical_id``, forever."""

    alias_id: str
    alias_code: str | None
    canonical_id: str
    canonical_code: str | None


class ErasedMember(Record):
    """Data of ``member.erased``."""

    member_id: Ident
