"""Issue 16 point 8, as a rogue till's owner would try it: the till's audit rows and ledger
entries are hash-chained and shipped to the real central (SQLite and PostgreSQL), which flags
a deleted or edited row on the terminal without ever refusing sync."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from central.models import LedgerEntryRow, TerminalAuditRow
from loyalty.money import Currency, Money
from tests.helpers.central_fixtures import central, db_url, pg_database
from tests.helpers.central_server import CentralServer
from tests.helpers.sync_terminal import Terminal

__all__ = ["central", "db_url", "pg_database"]
MakeTill = Callable[[str], Terminal]


@pytest.fixture
def till(tmp_path: Path, central: CentralServer) -> Iterator[MakeTill]:
    made: list[Terminal] = []

    def make(name: str) -> Terminal:
        term = Terminal.create(tmp_path / name, central)
        made.append(term)
        return term

    yield make
    for term in made:
        term.close()


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def tamper(term: Terminal, *statements: str) -> None:
    """What a person with the store file and the sqlite3 shell can do."""
    path = term.db.url.database
    assert path is not None
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def health(central: CentralServer, terminal_id: str) -> dict[str, Any]:
    with central.client("admin") as http:
        listing = http.get("/v1/admin/terminals")
        listing.raise_for_status()
    return next(t for t in listing.json() if t["id"] == terminal_id)


def held_links(db_url: str, terminal_id: str) -> dict[str, int]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(TerminalAuditRow.chain, func.count())
                                .where(TerminalAuditRow.terminal_id == terminal_id)
                                .group_by(TerminalAuditRow.chain)).all()
    finally:
        engine.dispose()
    return {str(chain): int(n) for chain, n in rows}


# TODO: this 'honest' till redeems without asking central, so central holds the redemption
# (redeem_not_authorised) and sync.push warns; it should redeem through its RedemptionDesk.
@pytest.mark.expect_log_warnings("sync.push")
def test_an_honest_till_ships_an_intact_chain_that_central_holds_link_by_link(
        till: MakeTill, central: CentralServer, db_url: str) -> None:
    a = till("a")
    m = a.service.enroll(phone="0912345678", name="王小明")
    a.service.award(m.member_id, twd(5000), receipt_no="R1")
    a.service.redeem(m.member_id, 100)
    report = a.sync()
    with a.db.connect() as conn:
        audit_rows = conn.execute(text("SELECT count(*) FROM audit_log WHERE row_hash IS NOT "
                                       "NULL")).scalar_one()
    assert report.audit.audit == audit_rows >= 3
    assert report.audit.ledger == 2
    assert held_links(db_url, a.terminal_id) == {"audit": audit_rows, "ledger": 2}
    assert health(central, a.terminal_id)["audit_chain_broken_at"] is None
    a.service.award(m.member_id, twd(100), receipt_no="R2")
    assert a.sync().audit.ledger == 1
    assert health(central, a.terminal_id)["audit_chain_broken_at"] is None


@pytest.mark.expect_log_warnings("central.audit_chain")  # the test provokes them
def test_audit_rows_deleted_after_dropping_the_trigger_are_flagged_at_central(
        till: MakeTill, central: CentralServer, db_url: str) -> None:
    a = till("a")
    m = a.service.enroll(phone="0912345678", name="王小明")
    a.sync()
    a.service.award(m.member_id, twd(9000), receipt_no="R1")  # the act to hide
    tamper(a, "DROP TRIGGER audit_log_no_delete",
           "DELETE FROM audit_log WHERE action = 'points.award'")
    a.service.award(m.member_id, twd(100), receipt_no="R2")
    report = a.sync()  # sync goes on: nothing refused
    assert report.push.acked == 2
    flagged = health(central, a.terminal_id)
    assert flagged["audit_chain_broken_at"] is not None
    assert flagged["audit_chain_break"].startswith("audit ")
    assert "missing" in flagged["audit_chain_break"]


@pytest.mark.expect_log_warnings("central.audit_chain")  # the test provokes them
def test_the_whole_audit_log_deleted_is_flagged_at_the_next_audited_action(
        till: MakeTill, central: CentralServer, db_url: str) -> None:
    a = till("a")
    m = a.service.enroll(phone="0912345678", name="王小明")
    a.service.award(m.member_id, twd(300), receipt_no="R1")
    tamper(a, "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log")
    a.sync()
    a.service.award(m.member_id, twd(100), receipt_no="R2")
    a.sync()
    # central never held the first rows: the first link it gets follows none it knows
    assert health(central, a.terminal_id)["audit_chain_break"].startswith(
        "audit 3: does not follow the link before it")


@pytest.mark.expect_log_warnings("central.audit_chain")  # the test provokes them
def test_an_audit_row_edited_on_the_till_is_flagged_at_central(
        till: MakeTill, central: CentralServer) -> None:
    a = till("a")
    m = a.service.enroll(phone="0912345678", name="王小明")
    a.service.award(m.member_id, twd(300), receipt_no="R1")
    tamper(a, "DROP TRIGGER audit_log_no_update",
           "UPDATE audit_log SET actor_id = 'someone-else' WHERE action = 'points.award'")
    a.sync()
    flagged = health(central, a.terminal_id)
    assert flagged["audit_chain_broken_at"] is not None
    assert "does not follow the link before it" in flagged["audit_chain_break"]


@pytest.mark.expect_log_warnings("central.audit_chain")  # the test provokes them
def test_a_ledger_row_rewritten_on_the_till_is_flagged_and_central_keeps_what_was_sold(
        till: MakeTill, central: CentralServer, db_url: str) -> None:
    a = till("a")
    m = a.service.enroll(phone="0912345678", name="王小明")
    award = a.service.award(m.member_id, twd(800), receipt_no="R1")
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        tamper(a, "UPDATE ledger SET cashier_id = 'x' WHERE kind = 'earn'")
    tamper(a, "DROP TRIGGER ledger_no_rewrite",
           "UPDATE ledger SET cashier_id = 'another-cashier', approved_by = 'made-up-manager',"
           " store_id = 'S002' WHERE kind = 'earn'")
    a.sync()
    flagged = health(central, a.terminal_id)
    assert flagged["audit_chain_break"] == ("ledger 1: does not follow the link before it (a "
                                            "row edited or deleted on the till?)")
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(select(LedgerEntryRow.cashier_id, LedgerEntryRow.approved_by,
                                      LedgerEntryRow.store_id)
                               .where(LedgerEntryRow.id == award.entry_id)).one()
    finally:
        engine.dispose()
    assert tuple(row) == (a.service.ctx.cashier_id, None, "S001")


@pytest.mark.expect_log_warnings("central.audit_chain")  # the test provokes them
def test_a_link_rewritten_after_central_held_it_is_flagged_when_shipped_again(
        till: MakeTill, central: CentralServer) -> None:
    a = till("a")
    m = a.service.enroll(phone="0912345678", name="王小明")
    a.service.award(m.member_id, twd(300), receipt_no="R1")
    a.sync()
    # the till's record of what central holds is wound back and a held row edited with it
    tamper(a, "UPDATE sync_state SET value = '{\"audit\": 0, \"ledger\": 0}' "
              "WHERE key = 'audit_shipped'",
           "DROP TRIGGER audit_log_no_update",
           "UPDATE audit_log SET row_hash = '" + "a" * 64 + "' WHERE action = 'points.award'")
    a.sync()
    assert "changed after central received it" in health(central, a.terminal_id)[
        "audit_chain_break"]


@pytest.mark.expect_log_warnings("central.audit_chain")  # the test provokes them
def test_another_till_is_not_flagged_by_one_tills_break(
        till: MakeTill, central: CentralServer) -> None:
    a, b = till("a"), till("b")
    m = a.service.enroll(phone="0912345678", name="王小明")
    tamper(a, "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log")
    a.service.award(m.member_id, twd(100), receipt_no="R2")
    a.sync()
    b.service.enroll(phone="0922345678", name="林小美")
    b.sync()
    assert health(central, a.terminal_id)["audit_chain_broken_at"] is not None
    assert health(central, b.terminal_id)["audit_chain_broken_at"] is None


@pytest.mark.parametrize("content", [{"seq": 1, "note": "a\x00b"}, {"se\x00q": 1}])
def test_a_nul_in_shipped_audit_content_is_refused_at_the_door(
        central: CentralServer, content: dict[str, Any]) -> None:
    """No till row holds a NUL; PostgreSQL's jsonb cannot: refused as invalid, not stored."""
    token = central.new_terminal()["token"]
    link = {"seq": 1, "hash": "0" * 64, "content": content}
    with central.client(token) as http:
        answer = http.post("/v1/sync/audit", json={"audit": [link], "ledger": []})
    assert answer.status_code == 422 and answer.json()["reason"] == "invalid_request"
