"""#17 point 5: an erasure at central reaches every copy: central's tables (review cases,
edit history, consent), two tills' stores, outbox payloads and backups; the export before
it holds everything, and who exported and erased is in the append-only access log."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from central.models import Base
from loyalty.money import Currency, Money
from loyalty.store.backup import backup_store, list_backups, scrub_backups
from loyalty.store.schema import outbox
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.sync_terminal import Terminal

MakeTerminal = Callable[..., Terminal]
PHONE, DIGITS = "0912345678", "912345678"  # the national digits, in any form
NAME = "林秀英"
OTHER_PHONE, OTHER_NAME = "0987654321", "張志明"


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def central_text(db_url: str) -> str:
    """Every row of every central table, as text."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return "\n".join(repr(row) for table in Base.metadata.sorted_tables
                             for row in conn.execute(select(table)))
    finally:
        engine.dispose()


def till_bytes(folder: Path) -> bytes:
    """The bytes of every file under a till's folder (store, WAL, backups, settings…)."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def checkpoint(term: Terminal) -> None:
    with term.db.execution_options(sqlite_begin="NONE").connect() as conn:
        busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
    assert busy == 0


def holds(blob: bytes | str) -> list[str]:
    """Which of the member's values appear in ``blob``."""
    found = []
    for value in (DIGITS, NAME):
        needle = value if isinstance(blob, str) else value.encode()
        if needle in blob:  # type: ignore[operator]
            found.append(value)
    return found


def test_an_erasure_leaves_the_phone_and_name_in_no_table_till_outbox_or_backup(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str,
        tmp_path: Path) -> None:
    a = make_terminal("a", store_id="S001")
    b = make_terminal("b", store_id="S002")
    x = a.service.enroll(phone=PHONE, name=NAME, marketing_consent=True)
    earned = a.service.award(x.member_id, twd(1200), receipt_no="A-1").points
    y = b.service.enroll(phone=OTHER_PHONE, name=OTHER_NAME)
    for term in (a, b, a):
        term.sync()
    # A third till tries to move Y onto X's phone: refused, a review case holds X's phone.
    reg = central.new_terminal("S002")
    with central.client(reg["token"]) as http:
        raw = TerminalClient(http, reg)
        answer = raw.push(raw.update(y.member_id, {"phone": "+886" + DIGITS})).json()
        assert answer["results"][0]["reason"] == "phone_in_use"
    backups = tmp_path / "a" / "backups"
    backup_store(a.fixture.path, backups, reason="daily")
    b.offline()  # b hears of the erasure later than a
    for term in (a, b):
        checkpoint(term)
    assert holds(central_text(db_url)) == [DIGITS, NAME]  # the searches can fail
    assert holds(till_bytes(tmp_path / "a")) == [DIGITS, NAME]
    assert holds(till_bytes(tmp_path / "b")) == [DIGITS, NAME]

    with central.client("admin") as admin:
        export = admin.get(f"/v1/admin/members/{x.member_id}/export")
        pdf = admin.get(f"/v1/admin/members/{x.member_id}/export", params={"format": "pdf"})
        erased = admin.post(f"/v1/admin/members/{x.member_id}/erase")
        log = admin.get("/v1/admin/access-log", params={"member_id": x.member_id}).json()
        after = admin.get(f"/v1/admin/members/{x.member_id}/export").json()
    assert export.status_code == 200 and pdf.status_code == 200 and erased.status_code == 200
    data = export.json()
    assert (data["profile"]["name"], data["profile"]["phone"]) == (NAME, "+886" + DIGITS)
    assert [e["value"] for e in data["consent_history"]] == [True]
    assert [e["points"] for e in data["ledger"]] == [earned]
    assert data["copies"]["enrolled_at_stores"] == ["S001"]
    assert {s["store_id"] for s in data["copies"]["stores_with_tills"]} == {"S001", "S002"}
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    assert [(r["action"], r["detail"]) for r in log][:3] == [
        ("erase", None), ("export", "pdf"), ("export", "json")]
    assert {r["actor"] for r in log} == {"environment admin token"}
    assert holds(json.dumps(after, ensure_ascii=False)) == []
    assert after["ledger"][0]["points"] == earned  # entries stay, pseudonymised

    a.sync()
    b.online()
    b.sync()
    assert scrub_backups(a.fixture.path, backups) == 1
    backup_store(a.fixture.path, backups, reason="daily")  # the newest backup, after it
    assert len(list_backups(backups)) == 2
    for term in (a, b):
        checkpoint(term)
        assert term.member(x.member_id)["status"] == "erased"
        assert term.member(x.member_id)["balance"] == earned
        assert term.member(y.member_id)["phone"] == "+886" + OTHER_PHONE[1:]
        with term.db.connect() as conn:
            payloads = [r.payload for r in conn.execute(select(outbox.c.payload))]
        assert holds("\n".join(payloads)) == []
    assert holds(central_text(db_url)) == []
    assert holds(till_bytes(tmp_path / "a")) == []
    assert holds(till_bytes(tmp_path / "b")) == []
    assert OTHER_NAME.encode() in till_bytes(tmp_path / "b")  # only the erased member went


def test_the_access_log_refuses_rewrites(central: CentralServer, db_url: str) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http, central.client("admin") as admin:
        term = TerminalClient(http, reg)
        enroll = term.enroll("+886911222333", name="李四")
        term.push_ok(enroll)
        member_id = enroll["payload"]["member_id"]
        assert admin.get(f"/v1/admin/members/{member_id}").status_code == 200
        assert admin.get(f"/v1/admin/members/{member_id}/consent").status_code == 200
        found = http.post("/v1/members/lookup", json={"phone": "0911222333"})
        assert found.json()["name"] == "李四"
        log = admin.get("/v1/admin/access-log").json()
    assert [(r["action"], r["actor_kind"]) for r in log] == [
        ("lookup", "terminal"), ("consent", "admin"), ("read", "admin")]
    assert log[0]["actor"] == reg["terminal_id"]
    assert "0911222333" not in json.dumps(log) and "李四" not in json.dumps(log)
    engine = create_engine(db_url)
    try:
        for sql in ("UPDATE personal_data_access SET actor = 'nobody'",
                    "DELETE FROM personal_data_access"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(sql))
    finally:
        engine.dispose()
