"""Central's storage on both databases: migrations match the models, snapshot encoding,
the feed writer, and the ledger invariant."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from central.db import alembic_config, include_object, run_transaction
from central.feed import FeedWriter, read_page
from central.identity import enroll
from central.ledger_apply import EntryItem, apply_entries
from central.models import Base, Member
from central.records import member_record
from central.snapshot import manifest, stream_part
from loyalty.ids import new_id
from loyalty.member_code import CodeBlock
from sync.protocol import LedgerEntry, MemberEnroll, snapshot_line

NOW = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def test_migrations_match_the_models_and_go_down_and_up(db_url: str, engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(
            conn, opts={"include_object": include_object}), Base.metadata)
    assert diff == []
    engine.dispose()
    command.downgrade(alembic_config(db_url), "base")
    command.upgrade(alembic_config(db_url), "head")


def _enroll(engine: Engine, phone: str, name: str) -> str:
    member_id = new_id()
    payload = MemberEnroll(member_id=member_id, phone=phone, member_code=_code(phone),
                           name=name, origin="S001", enrolled_at=NOW,
                           hlc="1740817800000-0000-t", marketing_consent=True,
                           consent_at=NOW, birthday_month=2, birthday_day=29)

    def work(session: Session) -> None:
        feed = FeedWriter(session)
        enroll(session, feed, payload, 100_000)
        feed.flush()

    run_transaction(engine, work)
    return member_id


def _code(phone: str) -> str:
    return CodeBlock.numbered(50).code_at(int(phone[-5:]))


def test_snapshot_rows_use_the_protocol_encoding(engine: Engine) -> None:
    ids = {_enroll(engine, f"+8869123{k:05d}", f"會員{k}") for k in range(12)}
    doc = manifest(engine)
    lines = b"".join(stream_part(engine, 0, 1)).splitlines(keepends=True)
    assert doc.part_list[0].rows == 12
    with Session(engine) as session:
        expected = {m.id: snapshot_line(member_record(m)) for m in session.scalars(
            select(Member))}
    assert {json.loads(line)["id"]: line for line in lines[:-1]} == expected
    assert set(expected) == ids
    assert json.loads(lines[-1])["sha256"] == doc.part_list[0].sha256


def test_balance_always_equals_the_ledger_sum(engine: Engine) -> None:
    member_id = _enroll(engine, "+886912300001", "王")
    points = [100, -250, 40, 500, -90]
    for value in points:
        entry = LedgerEntry(entry_id=new_id(), member_id=member_id,
                            kind="earn" if value > 0 else "redeem", points=value,
                            store_id="S001", terminal_id="t", occurred_at=NOW,
                            rules_version=1, offline=True)
        run_transaction(engine, lambda s, e=entry: _apply(s, e))  # type: ignore[misc]
    with engine.connect() as conn:
        balance = conn.execute(select(Member.balance)).scalar_one()
        total = conn.execute(select(func.sum(Base.metadata.tables["ledger_entries"].c.points))
                             ).scalar_one()
    assert balance == total == sum(points)


def _apply(session: Session, entry: LedgerEntry) -> None:
    feed = FeedWriter(session)
    apply_entries(session, feed, [EntryItem(entry)], NOW)
    feed.flush()


def test_feed_pages_stop_at_the_committed_head(engine: Engine) -> None:
    _enroll(engine, "+886912300002", "王")
    with Session(engine) as session:
        page = read_page(session, 0, 100, None)
    assert [c.seq for c in page.changes] == [1, 2]
    assert (page.next_cursor, page.has_more) == (2, False)


def test_array_literals_only_for_values_that_need_no_quoting() -> None:
    from central.ledger_apply import _array

    member = "0193a0b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b"
    assert _array([member, member]) == "{" + member + "," + member + "}"
    assert _array(["12", "-3"]) == "{12,-3}"
    # Anything PostgreSQL would read differently is left for the driver to quote.
    for values in (["a,b"], ["NULL"], ["", "1"], ['x"y'], []):
        assert _array(values) == values
