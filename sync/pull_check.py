"""The till checks what it pulls: every feed change and snapshot row is validated with the
protocol's models before anything is written. What fails is quarantined — kept in
``pull_quarantine`` with its reason, never applied, listed for the manager
(:mod:`sync.problems`) — and the rest of the feed keeps flowing.

Only the page's envelope (cursor, ``has_more``, the included-ops mark) must be sound: without
it the till cannot know where it is, so a bad envelope stops the pull as before.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlalchemy import Connection, insert

from loyalty.rules import Rules
from loyalty.store.schema import pull_quarantine
from sync.protocol import (
    AliasRecord,
    Change,
    ChangesPage,
    Cursor,
    FeedEntry,
    HeldRejected,
    Ident,
    MemberRecord,
    RulesDocument,
    SnapshotMember,
    StaffChanged,
)

log = logging.getLogger(__name__)
KEEP_CHARS = 4000


class ErasedMember(BaseModel):
    """Data of ``member.erased``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    member_id: Ident


DATA_MODELS: dict[str, type[BaseModel]] = {
    "ledger.entry": FeedEntry, "member.upsert": MemberRecord, "member.alias": AliasRecord,
    "member.erased": ErasedMember, "rules.updated": RulesDocument,
    "ledger.rejected": HeldRejected, "staff.changed": StaffChanged,
}


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    changes: list[Any]
    next_cursor: Cursor
    has_more: bool
    terminal_ops_through: Annotated[int, Field(ge=0)]


@dataclass(frozen=True, slots=True)
class Bad:
    """Something pulled that failed its model: where it came from and why."""

    source: str  # change / snapshot
    seq: int | None  # the feed position, or the snapshot part
    kind: str | None
    reason: str
    data: Any


def checked_page(raw: Any) -> tuple[ChangesPage, list[Bad]]:
    """A page of sound changes, and the changes that are not.

    Raises:
        pydantic.ValidationError: the envelope itself is broken.
    """
    envelope = _Envelope.model_validate(raw)
    good: list[Change] = []
    bad: list[Bad] = []
    for item in envelope.changes:
        problem = change_problem(item)
        if problem is None:
            good.append(Change.model_validate(item))
        else:
            seq = item.get("seq") if isinstance(item, dict) else None
            kind = item.get("kind") if isinstance(item, dict) else None
            bad.append(Bad("change", seq if isinstance(seq, int) else None,
                           str(kind)[:40] if kind is not None else None, problem, item))
    page = ChangesPage(changes=good, next_cursor=envelope.next_cursor,
                       has_more=envelope.has_more,
                       terminal_ops_through=envelope.terminal_ops_through)
    return page, bad


def change_problem(item: Any) -> str | None:
    """Why a change cannot be applied here (None: it is sound)."""
    try:
        change = Change.model_validate(item)
        model = DATA_MODELS[change.kind]
        model.model_validate(change.data)
        if change.kind == "rules.updated":
            document = dict(change.data["document"]) | {"version": change.data["version"]}
            Rules.from_document(document)
    except ValidationError as exc:
        return _explain(exc)
    except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
        return f"not valid rules: {exc!r}"[:500]
    return None


_MEMBERS = TypeAdapter(list[SnapshotMember])


def checked_rows(lines: list[bytes], part: int) -> tuple[list[dict[str, Any]], list[Bad]]:
    """A snapshot part's member lines: the sound rows (as plain dicts) and the bad ones.

    The part is validated in one pass; only a part with a bad row is gone through line by
    line to find it.
    """
    try:
        _MEMBERS.validate_json(b"[" + b",".join(lines) + b"]")
    except ValidationError:
        pass
    else:
        return [json.loads(line) for line in lines], []
    good: list[dict[str, Any]] = []
    bad: list[Bad] = []
    for line in lines:
        try:
            SnapshotMember.model_validate_json(line)
        except ValidationError as exc:
            bad.append(Bad("snapshot", part, "member", _explain(exc),
                           line.decode("utf-8", "replace")))
        else:
            good.append(json.loads(line))
    return good, bad


def quarantine(conn: Connection, bad: Iterable[Bad], now: datetime) -> int:
    """Keep what failed, with its reason (the caller's transaction); returns how many."""
    rows = [{"received_at": now, "source": b.source, "seq": b.seq, "kind": b.kind,
             "reason": b.reason,
             "data": (b.data if isinstance(b.data, str)
                      else json.dumps(b.data, ensure_ascii=False, default=str))[:KEEP_CHARS]}
            for b in bad]
    for b in rows:
        log.warning("pulled %s %s (%s) quarantined: %s", b["source"], b["seq"], b["kind"],
                    b["reason"])
    if rows:
        conn.execute(insert(pull_quarantine), rows)
    return len(rows)


def _explain(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}"
                     for e in exc.errors(include_input=False, include_url=False))[:500]
