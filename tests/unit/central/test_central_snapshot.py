"""Snapshot lines: central's encoders (Python for SQLite, SQL for PostgreSQL) write exactly the
protocol's canonical line; manifests are built once per feed position."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, insert, select, text, update
from sqlalchemy.orm import Session

import central.snapshot as snapshot
from central.models import Base, Member, NamedCounter, SnapshotManifestRow
from central.records import member_record
from central.snapshot import _COLUMNS, encode_line, manifest, stream_part
from sync.protocol import MemberRecord, snapshot_bucket, snapshot_line

_TEXT = st.one_of(st.none(), st.text(max_size=30))
_STAMP = st.one_of(st.none(), st.datetimes(timezones=st.just(UTC)))
_RECORDS = st.fixed_dictionaries({
    "id": st.text(min_size=1, max_size=40), "phone": _TEXT, "member_code": _TEXT,
    "name": _TEXT, "birthday_month": st.one_of(st.none(), st.integers(1, 12)),
    "birthday_day": st.one_of(st.none(), st.integers(1, 31)),
    "birth_year": st.one_of(st.none(), st.integers(1900, 2100)),
    "marketing_consent": st.one_of(st.none(), st.booleans()), "consent_at": _STAMP,
    "origin": _TEXT, "enrolled_at": _STAMP, "tier": st.text(max_size=10),
    "tier_since": st.one_of(st.none(), st.dates()), "balance": st.integers(-10**12, 10**12),
    "status": st.sampled_from(["active", "review", "merged", "erased"]),
    "canonical_id": _TEXT})


@settings(max_examples=500, deadline=None)
@given(_RECORDS)
def test_python_encoder_writes_the_protocol_line(record: dict[str, Any]) -> None:
    values = tuple(record[name] for name in _COLUMNS)
    assert encode_line(values) == snapshot_line(MemberRecord(**record))


NAMES = ['王"小\\明', "tab\there\nnew\r\x01\x1f\x7f", "emoji 😀 \u2028 /", "", None, "會員",
         "<>&'"]
STAMPS = [datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
          datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=UTC),
          datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=UTC), None]


def _awkward_members(engine: Engine) -> None:
    rows: list[dict[str, Any]] = []
    for k, name in enumerate(NAMES * 2):
        member_id = f"0193a0b2-3c4d-7e5f-8a9b-{k:012d}"
        rows.append({
            "id": member_id, "phone": None if k % 3 else f"+88691234{k:04d}",
            "member_code": None, "name": name,
            "birthday_month": k % 12 + 1 if k % 2 else None, "birthday_day": None,
            "birth_year": 1990 if k % 4 == 0 else None,
            "marketing_consent": [True, False, None][k % 3], "consent_at": STAMPS[k % 4],
            "origin": "S001", "enrolled_at": STAMPS[(k + 1) % 4], "tier": "general",
            "tier_since": date(2026, 1, 1) if k % 2 else None, "balance": -5 + k * 1000000007,
            "status": "active" if k % 5 else "merged",
            "canonical_id": None if k % 5 else "0193a0b2-3c4d-7e5f-8a9b-000000000001",
            "bucket": snapshot_bucket(member_id), "clocks": {}, "created_at": STAMPS[0],
            "updated_at": STAMPS[0]})
    with engine.begin() as conn:
        conn.execute(insert(Base.metadata.tables["members"]), rows)


def test_the_database_path_writes_the_protocol_line(engine: Engine) -> None:
    """On PostgreSQL the lines are written in SQL: quotes, backslashes, control characters,
    emoji, NULLs and whole or fractional seconds come out as json.dumps writes them."""
    _awkward_members(engine)
    lines = b"".join(stream_part(engine, 0, 1)).splitlines(keepends=True)[:-1]
    with Session(engine) as session:
        members = session.scalars(select(Member).order_by(Member.bucket, Member.id)).all()
        assert lines == [snapshot_line(member_record(m)) for m in members]


def test_a_manifest_is_built_once_per_feed_position(engine: Engine,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _awkward_members(engine)
    first = manifest(engine)

    def no_second_pass(*_: Any) -> Any:
        raise AssertionError("the member base was encoded again")

    monkeypatch.setattr(snapshot, "_lines", no_second_pass)
    assert manifest(engine) == first
    assert manifest(engine, checksums=False) == first  # the kept one has checksums too
    with Session(engine) as session:
        assert session.scalars(select(SnapshotManifestRow.cursor)).all() == [first.cursor]


def test_a_manifest_asked_before_the_feed_moved_is_served_from_the_kept_one(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A verification that arrived at head H is answered by any manifest kept at H or later
    (no rebuild per feed move); a request at the new head builds once more."""
    _awkward_members(engine)
    first = manifest(engine)
    with engine.begin() as conn:  # the feed moves on (a sale elsewhere)
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('feed_numbers', last_value + 3) FROM feed_numbers"))
        else:
            conn.execute(update(NamedCounter).where(NamedCounter.name == "feed")
                         .values(value=NamedCounter.value + 3))
    real_lines = snapshot._lines

    def no_second_pass(*_: Any) -> Any:
        raise AssertionError("the member base was encoded again")

    monkeypatch.setattr(snapshot, "_lines", no_second_pass)
    assert manifest(engine, at_least=first.cursor) == first
    assert manifest(engine, at_least=first.cursor - 1) == first
    with pytest.raises(AssertionError, match="encoded again"):
        manifest(engine)  # the head moved: this one is built at the new position
    monkeypatch.setattr(snapshot, "_lines", real_lines)
    newer = manifest(engine)
    assert newer.cursor == first.cursor + 3 and newer.part_list == first.part_list
    assert manifest(engine, at_least=first.cursor) == newer  # the newest kept one
