"""Enroll, award, redeem and void against a real store file: what the cashier sees and
what is queued for central must agree, and nothing is half-written."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from loyalty.errors import (
    ApprovalRequired,
    DuplicatePhone,
    DuplicateReceipt,
    InvalidInput,
    InvalidPhone,
    NotFound,
    RedemptionRefused,
)
from loyalty.money import Currency, Money
from loyalty.store.members import Birthday
from loyalty.store.schema import audit_log, ledger, members, outbox
from loyalty.store.service import CounterService
from tests.helpers.store import MANAGER_PIN, StoreFixture


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def ledger_sum(store: StoreFixture, member_id: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.sum(ledger.c.points), 0))
                                .where(ledger.c.member_id == member_id)).scalar_one())


def outbox_rows(store: StoreFixture) -> list[tuple[int, str, dict[str, object]]]:
    with store.engine.connect() as conn:
        return [(r.seq, r.kind, json.loads(r.payload))
                for r in conn.execute(select(outbox).order_by(outbox.c.seq))]


def test_enroll_award_redeem_void_keep_balance_ledger_and_outbox_in_step(
        store: StoreFixture, svc: CounterService) -> None:
    enrolled = svc.enroll(phone="0912-345-678", name="陳 小明",
                          birthday=Birthday(3, 14), marketing_consent=True)
    award = svc.award(enrolled.member_id, twd(1280), receipt_no="R-0001")
    assert (award.points, award.balance, award.pending) == (128, 128, 128)
    redeem = svc.redeem(enrolled.member_id, 100, sale=twd(500))
    assert redeem.balance == 28
    void = svc.void(award.entry_id, manager_id=store.manager.id, reason="wrong member")
    assert void.balance == -100  # the member spent points the void takes back: an overdraft
    assert ledger_sum(store, enrolled.member_id) == void.balance
    kinds = [(seq, kind) for seq, kind, _ in outbox_rows(store)]
    assert kinds == [(1, "member.enroll"), (2, "ledger.entry"), (3, "ledger.entry"),
                     (4, "ledger.entry")]
    payload = outbox_rows(store)[1][2]
    assert payload["entry_id"] == award.entry_id
    assert payload["sale_amount"] == "1280" and payload["receipt_no"] == "R-0001"
    assert payload["points"] == 128 and payload["kind"] == "earn"
    with store.engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(audit_log.c.action)
                                                  .order_by(audit_log.c.id))]
        name = conn.execute(select(members.c.name)).scalar_one()
    assert actions == ["auth.sign_in", "member.enroll", "points.award", "points.redeem",
                       "points.void"]
    assert name == "陳 小明"


def test_a_failure_mid_action_writes_nothing(store: StoreFixture, svc: CounterService) -> None:
    member = svc.enroll(phone="0912345678", name="林美玲")
    with store.engine.begin() as conn:  # the outbox refuses: as if the disk filled up there
        conn.execute(text("CREATE TRIGGER boom BEFORE INSERT ON outbox "
                          "BEGIN SELECT RAISE(ABORT, 'disk full'); END"))
    # the outbox is written on the driver's connection: its own error class (the counter
    # catches loyalty.store.engine.STORAGE_ERRORS, which holds both)
    with pytest.raises((IntegrityError, sqlite3.IntegrityError), match="disk full"):
        svc.award(member.member_id, twd(1000))
    with store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER boom"))
        assert conn.execute(select(func.count()).select_from(ledger)).scalar_one() == 0
        assert conn.execute(select(members.c.balance)).scalar_one() == 0
    assert [seq for seq, _, _ in outbox_rows(store)] == [1]
    assert svc.award(member.member_id, twd(1000)).outbox_seq == 2  # no gap in the sequence


def test_duplicate_phone_names_the_existing_member(svc: CounterService) -> None:
    first = svc.enroll(phone="0912-345-678", name="陳小明")
    with pytest.raises(DuplicatePhone) as err:
        svc.enroll(phone="+886 912 345 678", name="陳大明")
    assert err.value.member_id == first.member_id
    assert "0912-***-678" in str(err.value)


@pytest.mark.parametrize(("fields", "error"), [
    ({"phone": "02-2345-6789", "name": "王"}, InvalidPhone),
    ({"phone": "0912345678", "name": "   "}, InvalidInput),
    ({"phone": "0912345678", "name": "王" * 41}, InvalidInput),
])
def test_bad_enrollment_input_is_refused_and_nothing_written(
        store: StoreFixture, svc: CounterService, fields: dict[str, str],
        error: type[Exception]) -> None:
    with pytest.raises(error):
        svc.enroll(**fields)
    assert outbox_rows(store) == []


def test_impossible_birthday_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Birthday(2, 30)
    assert Birthday(2, 29).day == 29


def test_one_receipt_earns_once(svc: CounterService) -> None:
    member = svc.enroll(phone="0912345678", name="林美玲")
    svc.award(member.member_id, twd(1000), receipt_no="A-77")
    with pytest.raises(DuplicateReceipt):
        svc.award(member.member_id, twd(1000), receipt_no="A-77")
    assert svc.panel(member.member_id).balance == 100


def test_large_redemption_needs_a_manager(store: StoreFixture, svc: CounterService) -> None:
    member = svc.enroll(phone="0912345678", name="林美玲")
    svc.award(member.member_id, twd(50_000))
    with pytest.raises(ApprovalRequired):
        svc.redeem(member.member_id, 2100)
    manager = svc.verify_manager(store.manager.id, MANAGER_PIN, "redeem 2100")
    assert svc.redeem(member.member_id, 2100, approved_by=manager.id).balance == 5000 - 2100


def test_redemption_over_balance_is_refused(svc: CounterService) -> None:
    member = svc.enroll(phone="0912345678", name="林美玲")
    svc.award(member.member_id, twd(1000))
    with pytest.raises(RedemptionRefused) as err:
        svc.redeem(member.member_id, 200)
    assert err.value.code == "redeem_over_balance"


def test_void_twice_and_unknown_entry_are_refused(store: StoreFixture,
                                                  svc: CounterService) -> None:
    member = svc.enroll(phone="0912345678", name="林美玲")
    award = svc.award(member.member_id, twd(1000))
    svc.void(award.entry_id, manager_id=store.manager.id, reason="typo")
    with pytest.raises(InvalidInput):
        svc.void(award.entry_id, manager_id=store.manager.id, reason="again")
    with pytest.raises(NotFound):
        svc.void("nope", manager_id=store.manager.id, reason="x")


def test_history_is_append_only(store: StoreFixture, svc: CounterService) -> None:
    member = svc.enroll(phone="0912345678", name="林美玲")
    svc.award(member.member_id, twd(1000))
    with store.engine.begin() as conn:
        for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log",
                    "DELETE FROM ledger", "UPDATE ledger SET points = 999999"):
            with pytest.raises(IntegrityError, match=r"append-only|cannot be changed"), \
                    conn.begin_nested():
                conn.execute(text(sql))


def test_store_file_is_private_and_durable(store: StoreFixture) -> None:
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_wrong_pins_lock_the_cashier_and_the_count_survives(store: StoreFixture) -> None:
    from loyalty.errors import AuthenticationFailed

    svc = store.service()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed, match="Wrong PIN"):
            svc.sign_in(store.cashier.id, "0000")
    with pytest.raises(AuthenticationFailed, match="Wrong PIN"):
        svc.sign_in(store.cashier.id, "0000")
    with pytest.raises(AuthenticationFailed, match="Too many"):
        svc.sign_in(store.cashier.id, "1357")  # even the right PIN, while locked
    store.clock.advance(minutes=6)
    assert svc.sign_in(store.cashier.id, "1357").id == store.cashier.id
    svc.close()
