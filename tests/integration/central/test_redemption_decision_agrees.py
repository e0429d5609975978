"""The redemption decision (``loyalty.redemption``) is the same at the till and at central:
what one refuses the other refuses, with the same reason and the same sentence."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from loyalty.errors import LoyaltyError
from loyalty.ids import new_id
from loyalty.money import Currency, Money
from tests.helpers.central_ops import TerminalClient, add_staff, iso
from tests.helpers.central_server import CentralServer
from tests.helpers.store import make_store


def _ask(term: TerminalClient, member_id: str, points: int, **extra: object
         ) -> dict[str, object]:
    response = term.http.post("/v1/redemptions", json={
        "entry_id": new_id(), "member_id": member_id, "points": points,
        "occurred_at": iso(), "rules_version": 1, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


@pytest.fixture
def term(central: CentralServer) -> Iterator[TerminalClient]:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        yield TerminalClient(http, reg)


CASES = [(2100, None, "approval_required"), (150, None, "redeem_step"),
         (5100, "manager", "redeem_over_max"), (7000, "manager", "redeem_over_balance"),
         (2100, "manager", None)]


def test_the_till_and_central_decide_a_redemption_alike(
        central: CentralServer, term: TerminalClient, tmp_path: Path) -> None:
    till = make_store(tmp_path / "store.db")
    svc = till.service()
    svc.sign_in(till.cashier.id, "1357")
    member = svc.enroll(phone="0912345678", name="王小明").member_id
    svc.award(member, Money(Decimal(60000), Currency.TWD))  # 6,000 points here …
    enroll = term.enroll("+886912345678")
    at_central = enroll["payload"]["member_id"]
    term.push_ok(enroll, term.entry(at_central, 6000))  # … and there
    with central.client("admin") as http:  # the approving manager, as central knows them
        manager = add_staff(http, term.store_id)
    seen = []
    for points, approver, reason in CASES:
        approved_by = manager if approver else None
        till_error: LoyaltyError | None = None
        try:
            svc.redeem(member, points, approved_by=approved_by)
        except LoyaltyError as err:
            till_error = err
        answer = _ask(term, at_central, points, approved_by=approved_by)
        if reason is None:
            assert till_error is None and answer["approved"] is True
        else:
            assert till_error is not None and answer["approved"] is False
            assert (till_error.code, answer["reason"]) == (reason, reason)
            assert answer["message"] == str(till_error)
        seen.append(reason)
    svc.close()
    till.engine.dispose()
    assert seen == [c[2] for c in CASES]
