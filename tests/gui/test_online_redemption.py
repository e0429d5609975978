"""Redeeming at a counter registered with central, through the real forms: central
authorises first (two counters racing for the same points: exactly one wins); when central
cannot be reached, the offline floor limits apply and a manager may approve beyond them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from loyalty.ids import new_id
from loyalty.store import intents
from loyalty.store.intents import Intent
from loyalty.store.schema import audit_log, ledger
from sync.client import CentralClient
from sync.credentials import load_token
from sync.protocol import RedemptionRequest
from sync.redeem import RedemptionDesk
from tests.gui.conftest import type_text
from tests.gui.sync_tills import Till, central, click, find, member_with_points, open_till
from tests.helpers.central_server import CentralServer
from tests.helpers.fault_proxy import FaultPlan, FaultProxy
from tests.helpers.store import MANAGER_PIN

__all__ = ["central", "open_till"]  # fixtures
OpenTill = Callable[..., Till]
PHONE = "0912345678"


def redeem_entries(till: Till) -> list[tuple[int, bool]]:
    with till.fixture.engine.connect() as conn:
        return [(r.points, r.offline) for r in conn.execute(
            select(ledger.c.points, ledger.c.offline).where(ledger.c.kind == "redeem"))]


def start_redeeming(qtbot: QtBot, till: Till, points: str) -> None:
    click(qtbot, till.page.fkeys.buttons["redeem"])
    type_text(qtbot, till.page.redeem.points, points)
    click(qtbot, till.page.redeem.confirm_button)


def answered(qtbot: QtBot, *tills: Till) -> None:
    qtbot.waitUntil(lambda: not any(t.counter.session.redeeming for t in tills),
                    timeout=30_000)


def test_two_online_counters_race_for_the_same_points_and_exactly_one_wins(
        qtbot: QtBot, open_till: OpenTill) -> None:
    a = open_till("a")
    member_id = member_with_points(qtbot, a, PHONE, 5000)  # 500 points at central
    b = open_till("b")  # bootstraps: the member and the balance come from central
    for till in (a, b):
        find(qtbot, till, PHONE)
        assert till.page.panel.balance.text() == "500"
        click(qtbot, till.page.fkeys.buttons["redeem"])
        type_text(qtbot, till.page.redeem.points, "500")
        assert till.page.redeem.approval.isHidden()  # online: no floor limit to ask about
    click(qtbot, a.page.redeem.confirm_button)
    click(qtbot, b.page.redeem.confirm_button)
    assert a.page.redeem.message.text() == "Asking central to authorise… (Esc cancels)"
    assert not a.page.redeem.confirm_button.isEnabled()
    answered(qtbot, a, b)

    won = [t for t in (a, b) if t.page.open_form_widget() is None]
    lost = [t for t in (a, b) if t.page.open_form_widget() is not None]
    assert len(won) == 1 and len(lost) == 1
    assert won[0].page.flash.text() == "Redeemed 500 points = NT$50 off. Balance 0."
    assert redeem_entries(won[0]) == [(-500, False)]  # authorised online
    assert lost[0].page.redeem.message.text() == "The member has only 0 points."
    assert redeem_entries(lost[0]) == []
    assert lost[0].page.panel.balance.text() == "500"  # not yet pulled
    for till in (won[0], lost[0]):
        status = till.sync_round(qtbot)
        assert status.online and status.queue_depth == 0 and status.rejected == 0
    lost[0].counter.controller.back()
    find(qtbot, lost[0], PHONE)
    assert lost[0].page.panel.balance.text() == won[0].page.panel.balance.text() == "0"
    assert member_id == lost[0].counter.session.member.id  # type: ignore[union-attr]


def test_central_unreachable_falls_back_to_the_floor_limits(
        qtbot: QtBot, open_till: OpenTill, central: CentralServer) -> None:
    a = open_till("a")
    member_with_points(qtbot, a, PHONE, 20000)  # 2,000 points
    find(qtbot, a, PHONE)
    central.stop()  # the status bar still says online: the counter finds out by asking
    assert a.counter.sync.is_online()
    start_redeeming(qtbot, a, "1500")
    answered(qtbot, a)
    redeem = a.page.redeem
    assert redeem.approval.isVisible()
    assert redeem.approval.reason.text() == ("More points than may be redeemed in one sale "
                                             "offline. A manager may approve it.")
    assert redeem.message.text() == "A manager must approve: enter their PIN."
    assert redeem_entries(a) == []

    redeem.approval.approver.setCurrentIndex(redeem.approval.approver.findText("王店長（manager）"))
    type_text(qtbot, redeem.approval.pin, MANAGER_PIN)
    click(qtbot, redeem.confirm_button)
    answered(qtbot, a)
    assert a.page.flash.text() == "Redeemed 1,500 points = NT$150 off. Balance 500."
    assert redeem_entries(a) == [(-1500, True)]
    with a.fixture.engine.connect() as conn:
        overrides = list(conn.execute(select(audit_log.c.action).where(
            audit_log.c.action == "offline.limit_override")).scalars())
    assert overrides == ["offline.limit_override"]

    # Within the limits it goes ahead without a manager — once per member and period.
    status = a.sync_round(qtbot)
    assert status.online is False
    click(qtbot, a.page.fkeys.buttons["redeem"])
    assert "Offline: up to 1,000 points without a manager." in redeem.limits.text()
    type_text(qtbot, redeem.points, "100")
    assert redeem.approval.reason.text() == ("This member already redeemed offline here as "
                                             "often as allowed. A manager may approve it.")


def _central_balance(central: CentralServer, member_id: str) -> int:
    with central.client("admin") as http:
        found = http.get(f"/v1/admin/members/{member_id}")
        assert found.status_code == 200, found.text
        return int(found.json()["balance"])


def test_esc_while_central_is_slow_cancels_the_redemption_and_central_gives_the_points_back(
        qtbot: QtBot, open_till: OpenTill, central: CentralServer) -> None:
    """Central approves, but its answer comes late; the cashier presses Esc meanwhile. The
    screen says the redemption was cancelled, and after the sync central agrees."""
    a = open_till("a")
    member_id = member_with_points(qtbot, a, PHONE, 20000)  # 2,000 points
    find(qtbot, a, PHONE)
    session = a.counter.session
    slow = FaultPlan(seed=1, rate=1.0, faults=("late_response",), late=1.5,
                     paths=("/v1/redemptions",))
    with FaultProxy(central.url, slow) as proxy, CentralClient(
            proxy.url, load_token(a.fixture.path.parent)) as client:
        session.redemptions = RedemptionDesk(session.service, client)
        start_redeeming(qtbot, a, "500")
        assert session.redeeming
        qtbot.keyClick(a.page.redeem, Qt.Key.Key_Escape)
        assert a.page.redeem.message.text() == "Cancelling the redemption…"
        answered(qtbot, a)
    assert a.page.redeem.message.text() == ("The redemption was cancelled; the member keeps "
                                            "the points.")
    assert redeem_entries(a) == []
    assert a.page.panel.balance.text() == "2,000"
    a.sync_round(qtbot)
    assert _central_balance(central, member_id) == 2000


def test_a_redemption_central_approved_before_the_counter_stopped_is_recorded_and_said(
        qtbot: QtBot, open_till: OpenTill) -> None:
    a = open_till("a")
    member_id = member_with_points(qtbot, a, PHONE, 20000)
    session = a.counter.session
    service = session.service
    rules = service.rules()
    intent = Intent(new_id(), member_id, 700, None, None, service.ctx.cashier_id, None,
                    rules.version, service.now())
    with a.fixture.engine.begin() as conn:  # what a counter killed mid-exchange leaves
        intents.record(conn, intent)
    client = session.redemptions.client
    assert client is not None
    assert client.redeem(RedemptionRequest(
        entry_id=intent.entry_id, member_id=member_id, points=700,
        occurred_at=intent.occurred_at, rules_version=rules.version)).approved
    session.use_central(client)  # what the next start does
    qtbot.waitUntil(lambda: "Recorded after the stop" in a.page.flash.text(), timeout=10_000)
    assert a.page.flash.text() == (
        "Recorded after the stop: 1 redemption(s) central had approved (700 points). "
        "Slips are printing; void one if the customer did not get the discount.")
    assert redeem_entries(a) == [(-700, False)]
