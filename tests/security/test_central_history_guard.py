"""Issue 16 point 8, central's side: its ledger and the tills' audit links refuse UPDATE and
DELETE — by trigger on SQLite and PostgreSQL, and on PostgreSQL also by the rights of the role
the service runs as (``regulars_app``), with which a real central still syncs and merges."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, ProgrammingError

from central import append_only
from loyalty.money import Currency, Money
from tests.helpers.central_fixtures import central, db_url, pg_database
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.sync_terminal import Terminal, central_entries

__all__ = ["central", "db_url", "pg_database"]


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


@pytest.fixture
def synced(tmp_path: Path, central: CentralServer) -> Iterator[tuple[Terminal, str, str]]:
    """A till that enrolled two members and earned for both; synced."""
    a = Terminal.create(tmp_path / "a", central)
    m1 = a.service.enroll(phone="0912345678", name="王小明")
    m2 = a.service.enroll(phone="0922345678", name="王小明")
    a.service.award(m1.member_id, twd(1000), receipt_no="R1")
    a.service.award(m2.member_id, twd(2000), receipt_no="R2")
    a.sync()
    yield a, m1.member_id, m2.member_id
    a.close()


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_entries SET points = 999999",
    "UPDATE ledger_entries SET cashier_id = 'someone', approved_by = 'made-up-manager'",
    "DELETE FROM ledger_entries",
    "UPDATE terminal_audit_rows SET hash = 'x'",
    "DELETE FROM terminal_audit_rows",
])
def test_central_refuses_to_rewrite_its_ledger_or_the_tills_audit_links(
        synced: tuple[Terminal, str, str], db_url: str, statement: str) -> None:
    before = central_entries(db_url)
    engine = create_engine(db_url)
    try:
        with pytest.raises(DBAPIError, match=r"append-only|cannot be changed"), \
                engine.begin() as conn:
            conn.execute(text(statement))
        with engine.connect() as conn:
            links = conn.execute(text("SELECT count(*) FROM terminal_audit_rows")).scalar_one()
    finally:
        engine.dispose()
    assert central_entries(db_url) == before
    assert links > 0


@pytest.mark.postgres
def test_truncating_the_ledger_is_refused_on_postgres(tmp_path: Path, pg_database: str) -> None:
    from tests.helpers.central_db import reset
    reset(pg_database)
    with running_central(pg_database) as server:
        a = Terminal.create(tmp_path / "a", server)
        m = a.service.enroll(phone="0912345678", name="王小明")
        a.service.award(m.member_id, twd(1000), receipt_no="R1")
        a.sync()
        a.close()
    engine = create_engine(pg_database)
    try:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("TRUNCATE ledger_entries"))
    finally:
        engine.dispose()
    assert len(central_entries(pg_database)) == 1


def test_a_head_office_merge_still_moves_entries_to_the_surviving_member(
        synced: tuple[Terminal, str, str], central: CentralServer, db_url: str) -> None:
    _, m1, m2 = synced
    with central.client("admin") as http:
        merged = http.post("/v1/admin/members/merge", json={"source_id": m2, "target_id": m1})
    assert merged.status_code == 200, merged.text
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            accounts = set(conn.execute(text("SELECT DISTINCT account_id FROM ledger_entries"))
                           .scalars())
    finally:
        engine.dispose()
    assert accounts == {m1}


@pytest.fixture
def app_role_url(pg_database: str) -> str:
    """``pg_database`` as seen by the service's role, created once on the server and granted
    by the owner as the deployment does it."""
    owner = create_engine(pg_database, isolation_level="AUTOCOMMIT")
    try:
        with owner.connect() as conn:
            if not append_only.role_exists(conn, append_only.APP_ROLE):
                with contextlib.suppress(ProgrammingError):  # another run made it meanwhile
                    conn.execute(text(f"CREATE ROLE {append_only.APP_ROLE} LOGIN"))
            append_only.grant_app_role(conn)
    finally:
        owner.dispose()
    return make_url(pg_database).set(username=append_only.APP_ROLE).render_as_string(
        hide_password=False)


@pytest.mark.postgres
def test_the_service_role_syncs_and_merges_but_cannot_rewrite_history(
        app_role_url: str, pg_database: str, tmp_path: Path) -> None:
    from tests.helpers.central_db import reset
    reset(pg_database)
    with running_central(app_role_url) as server:
        a = Terminal.create(tmp_path / "a", server)
        try:
            m1 = a.service.enroll(phone="0912345678", name="王小明")
            m2 = a.service.enroll(phone="0922345678", name="王小明")
            a.service.award(m1.member_id, twd(1000), receipt_no="R1")
            a.service.award(m2.member_id, twd(2000), receipt_no="R2")
            a.sync()
            with server.client("admin") as http:
                merged = http.post("/v1/admin/members/merge",
                                   json={"source_id": m2.member_id, "target_id": m1.member_id})
            assert merged.status_code == 200, merged.text
        finally:
            a.close()
    app = create_engine(app_role_url)
    try:
        for statement in ("UPDATE ledger_entries SET points = 1",
                          "DELETE FROM ledger_entries", "TRUNCATE ledger_entries",
                          "UPDATE terminal_audit_rows SET verified = false",
                          "DELETE FROM terminal_audit_rows"):
            with pytest.raises(ProgrammingError,
                               match="permission denied for table"), app.begin() as conn:
                conn.execute(text(statement))
    finally:
        app.dispose()
    assert len(central_entries(pg_database)) == 2
