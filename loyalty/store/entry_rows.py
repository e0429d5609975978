"""The till's ``ledger`` rows ⇄ :class:`loyalty.records.LedgerEntry`, the one ledger entry.

The till's columns are the entry's fields, except that the entry id is ``id`` and the sale is
kept as integer cents (``sale_cents``: exact sums in reports); a row also has its ``state``
here (``pending`` until central confirms it). Both directions are derived from the model's
fields, so a field added to the entry reaches the till's rows or fails here loudly.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from loyalty.records import ENTRY_FIELDS, LedgerEntry

_RENAMED = {"entry_id": "id", "sale_amount": "sale_cents"}
_COLUMNS = tuple(_RENAMED.get(name, name) for name in ENTRY_FIELDS)


def entry_from_row(row: Mapping[str, Any]) -> LedgerEntry:
    """The entry a till row (or the values of one about to be written) holds; validated by
    the model, so the till writes nothing central would refuse as malformed.

    Raises:
        pydantic.ValidationError: a field breaks its rule.
    """
    values = {name: row.get(column) for name, column in zip(ENTRY_FIELDS, _COLUMNS,
                                                             strict=True)}
    cents = values["sale_amount"]
    values["sale_amount"] = None if cents is None else Decimal(cents) / 100
    values["offline"] = bool(values["offline"])
    return LedgerEntry.model_validate(values)


def row_from_entry(entry: LedgerEntry, member_id: str, state: str) -> dict[str, Any]:
    """The till row of ``entry``, counted on ``member_id`` (its account here), in ``state``."""
    row = dict(zip(_COLUMNS, entry.values(), strict=True))
    amount = entry.sale_amount
    row["sale_cents"] = None if amount is None else int(amount * 100)
    row["member_id"] = member_id
    row["state"] = state
    return row
