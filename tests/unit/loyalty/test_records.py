"""One typed model per record: the till's rows, the wire and central's rows are written from
:mod:`loyalty.records`, so they cannot drift apart."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError
from sqlalchemy import BigInteger, Integer

from central.ledger_apply import COLUMNS
from central.models import Base
from loyalty.records import ENTRY_FIELDS, Change, FeedEntry, LedgerEntry
from loyalty.records.base import Record
from loyalty.records.instruments import InstrumentEntry
from loyalty.store.entry_rows import entry_from_row, row_from_entry
from loyalty.store.schema import ledger
from loyalty.voids import VOIDABLE_KINDS, voidable_kind

ENTRY = LedgerEntry(
    entry_id="01a20a00-0000-7000-8000-0000000000e1",
    member_id="01a20a00-0000-7000-8000-00000000000a", kind="earn", points=50,
    sale_amount=Decimal("500.50"), currency="TWD", store_id="S001", terminal_id="S001-T01",
    cashier_id="C1", receipt_no="R-1", occurred_at=datetime(2026, 11, 1, 3, 4, 5, tzinfo=UTC),
    rules_version=3, expires_on=date(2027, 11, 30), approved_by="M1")


def test_an_entry_round_trips_through_the_tills_row_unchanged() -> None:
    row = row_from_entry(ENTRY, ENTRY.member_id, "pending")
    assert row["sale_cents"] == 50050 and row["id"] == ENTRY.entry_id
    assert set(row) == {c.name for c in ledger.columns}
    assert entry_from_row(row) == ENTRY


def test_the_entrys_values_follow_its_fields_and_centrals_columns() -> None:
    assert dict(zip(ENTRY_FIELDS, ENTRY.values(), strict=True)) == ENTRY.model_dump()
    feed = FeedEntry(**ENTRY.model_dump(), account_id=ENTRY.member_id, balance_after=9,
                     received_at=ENTRY.occurred_at)
    assert feed.values() == ENTRY.values()
    assert set(COLUMNS) == {c.name for c in Base.metadata.tables["ledger_entries"].columns}
    assert COLUMNS[:len(ENTRY_FIELDS)] == ("id", *ENTRY_FIELDS[1:])


def test_the_till_refuses_to_write_an_entry_central_would_refuse() -> None:
    row = row_from_entry(ENTRY, ENTRY.member_id, "pending") | {"receipt_no": "R\x001"}
    with pytest.raises(ValidationError, match="receipt_no"):
        entry_from_row(row)


def test_a_feed_change_is_typed_by_its_kind_and_a_wrong_one_is_refused() -> None:
    data = FeedEntry(**ENTRY.model_dump(), account_id=ENTRY.member_id, balance_after=9,
                     received_at=ENTRY.occurred_at).model_dump(mode="json")
    change = Change.model_validate({"seq": 7, "kind": "ledger.entry", "data": data})
    assert isinstance(change.data, FeedEntry) and change.data.points == 50
    with pytest.raises(ValidationError):
        Change.model_validate({"seq": 8, "kind": "member.upsert", "data": data})
    with pytest.raises(ValidationError, match="carries a MemberRecord, not a FeedEntry"):
        Change(seq=9, kind="member.upsert", data=change.data)


def test_central_and_the_till_share_one_void_rule() -> None:
    assert [k for k in ("earn", "redeem", "bonus", "adjust", "expire", "reverse")
            if voidable_kind(k)] == list(VOIDABLE_KINDS)
    import central.entry_checks as checks
    assert not hasattr(checks, "VOIDABLE_KINDS")


@pytest.mark.parametrize(("record", "table"), [(LedgerEntry, "ledger_entries"),
                                               (InstrumentEntry, "instrument_entries")])
def test_every_integer_a_till_may_send_fits_centrals_column(record: type[Record],
                                                             table: str) -> None:
    """A bound wider than its column lets a value through validation that the database then
    refuses (a rules version of 2**31 did): the till's record and central's row must agree."""
    columns = Base.metadata.tables[table].columns
    checked = []
    for name, field in record.model_fields.items():
        column = columns.get("id" if name == "entry_id" else name)
        if column is None or not isinstance(column.type, Integer):
            continue
        limit = 2**63 - 1 if isinstance(column.type, BigInteger) else 2**31 - 1
        bounds = {type(m).__name__: m for m in field.metadata}
        assert "Le" in bounds and "Ge" in bounds, f"{record.__name__}.{name} has no bound"
        assert -limit - 1 <= bounds["Ge"].ge and bounds["Le"].le <= limit, name
        checked.append(name)
    assert "rules_version" in checked or "units" in checked
