"""Central's rows → the records of :mod:`loyalty.records` (feed changes, snapshot lines, API
answers), field by field from the models' own names."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from central.models import LedgerEntryRow, Member
from loyalty.records import FEED_FIELDS, AliasRecord, FeedEntry, MemberRecord

# Central's ledger columns carry the entry's field names; the entry id is the ``id`` column.
_FEED_COLUMNS = tuple("id" if name == "entry_id" else name for name in FEED_FIELDS)
_feed_values = attrgetter(*_FEED_COLUMNS)


def member_record(member: Member) -> MemberRecord:
    """A member as the protocol carries it."""
    return MemberRecord.from_row(member)


def alias_record(alias: Member, canonical: Member | None) -> AliasRecord:
    """The alias mapping of a merged record."""
    return AliasRecord(
        alias_id=alias.id, alias_code=alias.member_code,
        canonical_id=alias.canonical_id or alias.id,
        canonical_code=canonical.member_code if canonical is not None else None,
    )


def entry_record(row: LedgerEntryRow | Any) -> FeedEntry:
    """A ledger row as the feed carries it: typed, not validated again — every row came in
    through the model, and a row that no longer fits (written by hand, by an older central)
    must reach the tills, which quarantine it, rather than stop the feed for all of them."""
    # attrgetter, not __getattribute__: the feed passes plain result rows (attribute access
    # through __getattr__), the snapshot mapped objects.
    return FeedEntry.model_construct(**dict(zip(FEED_FIELDS, _feed_values(row), strict=True)))
