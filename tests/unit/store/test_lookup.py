"""Finding members by every key the counter accepts, always through an index."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import insert

from loyalty.errors import InvalidInput, InvalidMemberCode
from loyalty.member_code import code_for_serial
from loyalty.money import Currency, Money
from loyalty.store import lookup
from loyalty.store.lookup import SearchKind
from loyalty.store.schema import aliases
from loyalty.store.service import CounterService
from tests.helpers.store import StoreFixture


@pytest.fixture
def people(svc: CounterService, store: StoreFixture) -> dict[str, str]:
    ids = {}
    for phone, name in [("0912-345-678", "陳小明"), ("0933-111-678", "陳大文"),
                        ("0955-222-333", "林美玲"), ("0966-000-678", "Amy Wang")]:
        ids[name] = svc.enroll(phone=phone, name=name).member_id
    store.clock.advance(hours=1)
    svc.award(ids["陳大文"], Money(Decimal(100), Currency.TWD))  # the most recent visit
    return ids


@pytest.mark.parametrize("typed", ["0912-345-678", "0912345678", "+886 912 345 678",
                                   "０９１２３４５６７８"])
def test_whole_phone_in_any_format(svc: CounterService, people: dict[str, str],
                                   typed: str) -> None:
    result = svc.find(typed)
    assert result.kind is SearchKind.PHONE
    assert [m.name for m in result.members] == ["陳小明"]


def test_last_digits_list_newest_visit_first(svc: CounterService,
                                             people: dict[str, str]) -> None:
    result = svc.find("678")
    assert result.kind is SearchKind.LAST_DIGITS
    assert result.members[0].name == "陳大文"
    assert {m.name for m in result.members} == {"陳小明", "陳大文", "Amy Wang"}
    assert [m.name for m in svc.find("5678").members] == ["陳小明"]
    assert svc.find("9999").members == ()


def test_member_code_and_old_code_after_a_merge(store: StoreFixture, svc: CounterService,
                                                people: dict[str, str]) -> None:
    code = svc.panel(people["林美玲"]).member_code
    assert [m.name for m in svc.find(code).members] == ["林美玲"]
    old_code = code_for_serial(100_999_999)  # a merged-away member's card still works
    with store.engine.begin() as conn:
        conn.execute(insert(aliases).values(alias_id="old-id", canonical_id=people["林美玲"],
                                            alias_code=old_code,
                                            created_at=datetime.now(UTC)))
    assert [m.name for m in svc.find(old_code).members] == ["林美玲"]
    assert svc.panel("old-id").name == "林美玲"


def test_code_with_a_bad_check_digit_is_refused(svc: CounterService,
                                                people: dict[str, str]) -> None:
    code = svc.panel(people["林美玲"]).member_code
    typo = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(InvalidMemberCode, match="check digit"):
        svc.find(typo)


def test_name_prefix(svc: CounterService, people: dict[str, str]) -> None:
    result = svc.find("陳")
    assert result.kind is SearchKind.NAME
    assert [m.name for m in result.members] == ["陳大文", "陳小明"]
    assert [m.name for m in svc.find("Amy").members] == ["Amy Wang"]


def test_empty_search_says_what_to_type(svc: CounterService) -> None:
    with pytest.raises(InvalidInput, match="phone number"):
        svc.find("  ")


@pytest.mark.parametrize(("statement", "params", "index"), [
    (lookup.BY_PHONE, {"phone": "+886912345678"}, "ix_members_phone"),
    (lookup.BY_LAST_DIGITS, {"lo": "876", "hi": "877"},
     "COVERING INDEX ix_members_phone_rev_visit"),
    (lookup.BY_CODE, {"code": "1001000003"}, "member_code"),
    (lookup.BY_ALIAS_CODE, {"code": "1001000003"}, "ix_aliases_alias_code"),
    (lookup.BY_NAME, {"lo": "陳", "hi": "陳\U0010ffff"}, "ix_members_name"),
])
def test_every_lookup_uses_an_index_never_a_table_scan(
        store: StoreFixture, statement: object, params: dict[str, str], index: str) -> None:
    with store.engine.connect() as conn:
        compiled = statement.compile(conn)  # type: ignore[attr-defined]
        values = compiled.construct_params(params)
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                    tuple(values[name] for name in compiled.positiontup)).all()
    details = " | ".join(row[-1] for row in plan)
    assert "SCAN members" not in details and "SCAN aliases" not in details, details
    assert index in details, details
