"""Hash chains over a till's audit rows and ledger entries: one canonical encoding, used by
the till that writes a link and by central that verifies it.

A link's hash is ``sha256(prev_hash + "\\n" + canonical(content))`` in hex, where
``content`` holds the link's ``seq`` and the row's fields (strings, integers, booleans and
nulls only; times as UTC text to the microsecond, money as integer cents) and ``canonical``
is compact JSON with sorted keys in UTF-8. The first link of a chain follows
:data:`GENESIS`. Sequence numbers are contiguous per chain: a missing number is a deleted
row, a hash that does not match is an edited one.

What a chain proves: once central holds link N, no row up to N can be deleted or changed
unnoticed. Rows not yet shipped are evident against edits that leave the chain as it was
(the SQL a person types into the store file); someone who rewrites every later link and the
chain's head as well is caught only for what central already holds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

GENESIS = "0" * 64
"""The hash a chain's first link follows."""

AUDIT_CHAIN = "audit"
LEDGER_CHAIN = "ledger"
CHAINS = (AUDIT_CHAIN, LEDGER_CHAIN)

AUDIT_FIELDS = ("at", "terminal_id", "actor_id", "actor_role", "action", "target", "details")
LEDGER_FIELDS = ("entry_id", "kind", "points", "sale_cents", "currency", "store_id",
                 "terminal_id", "cashier_id", "occurred_at", "rules_version", "expires_on",
                 "ref_entry_id", "offline", "approved_by")
"""A ledger entry's fields that never legitimately change on a till (the member id moves on
a merge and a rejected entry gives up its receipt number: both stay out of the chain)."""


def utc_text(moment: datetime) -> str:
    """A time as the chain encodes it (and the till's store keeps it)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime in a chained row")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(f"a chained field holds {type(value).__name__}")


def audit_content(seq: int, row: Mapping[str, Any]) -> dict[str, Any]:
    """The chained content of an audit row (``row`` as stored: ``details`` is its JSON text)."""
    return {"seq": seq, **{k: _plain(row.get(k)) for k in AUDIT_FIELDS}}


def ledger_content(seq: int, row: Mapping[str, Any]) -> dict[str, Any]:
    """The chained content of a ledger entry (``row`` with ``id`` or ``entry_id``)."""
    values = dict(row)
    values.setdefault("entry_id", values.get("id"))
    content = {"seq": seq, **{k: _plain(values.get(k)) for k in LEDGER_FIELDS}}
    content["offline"] = bool(content["offline"])
    return content


def canonical(content: Mapping[str, Any]) -> bytes:
    """The one encoding every hash is taken over."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode()


def link_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    """The hash of a link following ``prev_hash``."""
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(content)).hexdigest()
