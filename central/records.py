"""Rows → wire records (the data of feed changes, snapshot lines and API answers)."""

from __future__ import annotations

from typing import Any

from central.models import LedgerEntryRow, Member
from sync.protocol import AliasRecord, FeedEntry, MemberRecord, MemberStatus


def member_record(member: Member) -> MemberRecord:
    """A member as the protocol carries it."""
    status: MemberStatus = member.status  # type: ignore[assignment]
    return MemberRecord(
        id=member.id, phone=member.phone, member_code=member.member_code, name=member.name,
        birthday_month=member.birthday_month, birthday_day=member.birthday_day,
        birth_year=member.birth_year, marketing_consent=member.marketing_consent,
        consent_at=member.consent_at, origin=member.origin, enrolled_at=member.enrolled_at,
        tier=member.tier, tier_since=member.tier_since, balance=member.balance, status=status,
        canonical_id=member.canonical_id,
    )


def alias_record(alias: Member, canonical: Member | None) -> AliasRecord:
    """The alias mapping of a merged record."""
    return AliasRecord(
        alias_id=alias.id, alias_code=alias.member_code,
        canonical_id=alias.canonical_id or alias.id,
        canonical_code=canonical.member_code if canonical is not None else None,
    )


def entry_record(row: LedgerEntryRow) -> FeedEntry:
    """A ledger row as the feed carries it."""
    return FeedEntry.model_validate(entry_data(row))


def entry_data(row: LedgerEntryRow) -> dict[str, Any]:
    """The JSON-able data of a ``ledger.entry`` change (no validation, for speed)."""
    return {
        "entry_id": row.id, "member_id": row.member_id, "kind": row.kind,
        "points": row.points,
        "sale_amount": None if row.sale_amount is None else str(row.sale_amount),
        "currency": row.currency, "store_id": row.store_id, "terminal_id": row.terminal_id,
        "cashier_id": row.cashier_id, "receipt_no": row.receipt_no,
        "occurred_at": row.occurred_at.isoformat().replace("+00:00", "Z"),
        "rules_version": row.rules_version,
        "expires_on": None if row.expires_on is None else row.expires_on.isoformat(),
        "ref_entry_id": row.ref_entry_id, "offline": row.offline,
        "approved_by": row.approved_by, "account_id": row.account_id,
        "balance_after": row.balance_after, "overdraft": row.overdraft,
        "received_at": row.received_at.isoformat().replace("+00:00", "Z"),
    }
