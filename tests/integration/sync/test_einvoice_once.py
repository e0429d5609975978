"""One Taiwan e-invoice earns once in the whole chain: a second till refuses it after sync,
saying when and where it earned, and central refuses it when two tills took it before
either synced (the later one's points go back)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from loyalty.einvoice import DuplicateInvoice
from loyalty.money import Currency, Money
from tests.helpers.central_server import CentralServer
from tests.helpers.sync_terminal import Terminal, convergence

MakeTerminal = Callable[..., Terminal]
ISSUED = date(2026, 11, 22)
SALE = Money(Decimal(1260), Currency.TWD)


def test_a_second_till_after_sync_refuses_the_invoice_with_where_it_earned(
        make_terminal: MakeTerminal, central: CentralServer) -> None:
    first, second = make_terminal("a"), make_terminal("b", store_id="S002")
    ana = first.service.enroll(phone="0912345678", name="陳美玲").member_id
    first.service.award(ana, SALE, "AB12345678", invoice_date=ISSUED)
    first.sync()
    second.sync()
    with pytest.raises(DuplicateInvoice) as caught:
        second.service.award(ana, SALE, "AB12345678", invoice_date=ISSUED)
    assert caught.value.store_id == "S001"
    assert caught.value.terminal_id == first.terminal_id
    # The same number in a later two-month period is another invoice: it earns.
    second.service.award(ana, SALE, "AB12345678", invoice_date=date(2027, 1, 4))


@pytest.mark.expect_log_warnings("sync.push")  # the test provokes them
def test_central_refuses_the_invoice_two_tills_took_before_syncing(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    first, second = make_terminal("a"), make_terminal("b", store_id="S002")
    ana = first.service.enroll(phone="0912345678", name="陳美玲").member_id
    first.sync()
    second.sync()
    first.service.award(ana, SALE, "AB12345678", invoice_date=ISSUED)
    second.service.award(ana, SALE, "AB12345678", invoice_date=ISSUED)  # offline race
    assert second.member(ana)["balance"] == 126
    first.sync()
    report = second.sync()
    assert report.push.rejected == 1
    second.sync()
    first.sync()
    assert first.member(ana)["balance"] == second.member(ana)["balance"] == 126
    counts = convergence(db_url, [first, second])
    assert counts["lost"] == counts["duplicated"] == counts["balance_errors"] == 0
    # The refusal names the earlier entry's store and till.
    with pytest.raises(DuplicateInvoice) as caught:
        second.service.award(ana, SALE, "AB12345678", invoice_date=ISSUED)
    assert caught.value.store_id == "S001"
