"""Migration 0006 on both databases: each member's consent so far becomes one initial event,
and profile clocks a till stamped in the future before it are clamped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from alembic import command
from sqlalchemy import Engine, insert, select

from central.db import alembic_config
from central.models import ConsentEvent, Member

ENROLLED = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)
FUTURE = "9999999999999-0002-rogue"


def _member(n: int, consent: bool | None, consent_at: datetime | None,
            clocks: dict[str, str]) -> dict[str, Any]:
    return {"id": f"0190aaaa-0000-7000-8000-{n:012d}", "phone": f"+88691234{n:04d}",
            "member_code": None, "marketing_consent": consent, "consent_at": consent_at,
            "origin": "S001", "tier": "general", "balance": 0, "status": "active",
            "bucket": n, "clocks": clocks, "created_at": ENROLLED,
            "updated_at": ENROLLED + timedelta(days=n)}


def test_each_consent_so_far_becomes_one_event_and_future_clocks_are_clamped(
        db_url: str, engine: Engine) -> None:
    config = alembic_config(db_url)
    command.downgrade(config, "0003")
    honest = "1740817800000-0000-t1"
    rows = [_member(1, True, ENROLLED, {"name": honest}),
            _member(2, False, None, {"name": FUTURE, "marketing_consent": honest}),
            _member(3, None, None, {"name": honest, "phone": ""})]
    with engine.begin() as conn:
        conn.execute(insert(Member.__table__), rows)
    before_upgrade = datetime.now(UTC)
    command.upgrade(config, "head")

    with engine.connect() as conn:
        events = conn.execute(select(ConsentEvent).order_by(ConsentEvent.id)).all()
        clocks = dict(conn.execute(select(Member.id, Member.clocks).order_by(Member.id)).all())
    assert [(e.member_id, e.value, e.source, e.stated_at, e.effective_at, e.received_at,
             e.applied) for e in events] == [
        (rows[0]["id"], True, "migrated", ENROLLED, ENROLLED, ENROLLED, True),
        (rows[1]["id"], False, "migrated", None, rows[1]["updated_at"], rows[1]["updated_at"],
         True)]
    assert clocks[rows[0]["id"]] == {"name": honest}
    assert clocks[rows[2]["id"]] == {"name": honest, "phone": ""}
    clamped = clocks[rows[1]["id"]]
    assert clamped["marketing_consent"] == honest
    ms, rest = clamped["name"].split("-", 1)
    assert rest == "0002-rogue"
    taken_as = datetime.fromtimestamp(int(ms) / 1000, UTC)
    assert before_upgrade - timedelta(milliseconds=1) <= taken_as <= datetime.now(UTC)
