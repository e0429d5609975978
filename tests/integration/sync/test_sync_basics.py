"""Register, enroll, earn, push and pull between terminals through the real central."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from loyalty.money import Currency, Money
from tests.helpers.sync_terminal import Terminal, central_entries

MakeTerminal = Callable[..., Terminal]


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def test_entries_flow_between_terminals_exactly_once(make_terminal: MakeTerminal,
                                                     db_url: str) -> None:
    a = make_terminal("a")
    b = make_terminal("b")
    m = a.service.enroll(phone="0912345678", name="王小明")
    award = a.service.award(m.member_id, twd(1000), receipt_no="R1")
    assert a.member(m.member_id)["pending_points"] == award.points
    a.sync()
    a.sync()
    assert a.member(m.member_id)["pending_points"] == 0
    assert a.member(m.member_id)["balance"] == award.points
    b.sync()
    assert b.member(m.member_id)["balance"] == award.points
    assert b.service.find("0912345678").members[0].id == m.member_id
    assert a.entries() == b.entries() == central_entries(db_url)
    assert a.balance_errors() == b.balance_errors() == []
