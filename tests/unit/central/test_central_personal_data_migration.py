"""Migration 0008 on both databases: a member erased before it leaves no phone in review
cases, and the access log it creates refuses rewrites."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import DBAPIError

from central.db import alembic_config
from central.models import Member, ReviewCase

AT = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def _member(n: int, status: str, phone: str | None) -> dict[str, object]:
    return {"id": f"0190aaaa-0000-7000-8000-{n:012d}", "phone": phone, "member_code": None,
            "origin": "S001", "tier": "general", "balance": 0, "status": status,
            "bucket": n, "clocks": {}, "created_at": AT, "updated_at": AT}


def test_erased_members_phones_leave_review_cases_and_the_log_appends_only(
        db_url: str, engine: Engine) -> None:
    config = alembic_config(db_url)
    command.downgrade(config, "0006")
    erased, kept, newcomer = (_member(1, "erased", None), _member(2, "active", "+886911000002"),
                              _member(3, "review", "+886911000001"))
    cases = [{"id": "case-erased", "kind": "recycled_phone", "member_id": newcomer["id"],
              "other_member_id": erased["id"], "phone": "+886911000001", "status": "open",
              "opened_at": AT},
             {"id": "case-kept", "kind": "phone_change", "member_id": newcomer["id"],
              "other_member_id": kept["id"], "phone": "+886911000002", "status": "open",
              "opened_at": AT}]
    with engine.begin() as conn:
        conn.execute(insert(Member.__table__), [erased, kept, newcomer])
        conn.execute(insert(ReviewCase.__table__), cases)
    command.upgrade(config, "head")
    with engine.connect() as conn:
        phones = {i: p for i, p in conn.execute(select(ReviewCase.id, ReviewCase.phone))}
    assert phones == {"case-erased": "", "case-kept": "+886911000002"}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO personal_data_access (at, actor_kind, actor, action, "
                          "member_id) VALUES ('2025-03-01 08:30:00', 'admin', 'x', 'read', "
                          "'m')"))
    for sql in ("UPDATE personal_data_access SET actor = 'y'", "DELETE FROM personal_data_access"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
