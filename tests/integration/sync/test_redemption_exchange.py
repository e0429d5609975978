"""Online redemption as an exchange keyed by its entry id, against the real central: a lost,
late or overtaken answer, an abandoned wait and a counter killed mid-exchange all end with
central holding exactly what the cashier was told — and a member never loses points to a
redemption that was not given."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import create_engine, select, text

from loyalty.errors import ApprovalRequired
from loyalty.ids import new_id
from loyalty.money import Currency, Money
from loyalty.store import intents
from loyalty.store.intents import Intent
from loyalty.store.schema import ledger, redemption_intents
from sync.client import Backoff, CentralClient
from sync.credentials import load_token
from sync.protocol import RedemptionRequest
from sync.redeem import RedemptionAbandoned, RedemptionDesk
from tests.helpers.central_server import CentralServer
from tests.helpers.fault_proxy import FaultPlan, FaultProxy
from tests.helpers.store import LiveClock
from tests.helpers.sync_terminal import Terminal

PHONE = "0912345678"
MakeTerminal = Callable[..., Terminal]


class Scripted(httpx.BaseTransport):
    """The real network, except for redemption requests while ``fate`` is set:

    * ``lose``: central answers, the answer never arrives (a read timeout);
    * ``drop``: the request never reaches central, yet the client cannot know (a timeout);

    ``before_answer`` runs after central answered and before the answer is delivered (or
    lost) — the feed overtaking it, the cashier giving up."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.fate: str | None = None
        self.before_answer: Callable[[], None] | None = None
        self.dropped: list[bytes] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/v1/redemptions" or request.method != "POST":
            return self.inner.handle_request(request)
        if self.fate == "drop":
            self.dropped.append(request.read())
            raise httpx.ReadTimeout("request lost (test)", request=request)
        response = self.inner.handle_request(request)
        response.read()
        if self.before_answer is not None:
            self.before_answer()
        if self.fate == "lose":
            response.close()
            raise httpx.ReadTimeout("answer lost (test)", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def till(make_terminal: MakeTerminal) -> Iterator[Terminal]:
    """A terminal whose member has 5,000 points, whose desk talks through :class:`Scripted`."""
    term = make_terminal("a", clock=LiveClock())
    member = term.service.enroll(phone=PHONE, name="王小明")
    term.service.award(member.member_id, _twd(50000), "R-1")
    term.sync()
    script = Scripted()
    client = CentralClient(str(term.engine.client.http.base_url),
                           load_token(term.fixture.path.parent), transport=script,
                           attempts=2, backoff=Backoff(0.01, 0.02), seed=3)
    client.redeem_timeout = httpx.Timeout(2.0, read=0.5)
    term.desk = RedemptionDesk(term.service, client)
    term.extras.update(script=script, member=member.member_id, client=client)
    yield term
    client.close()


def _twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def _script(term: Terminal) -> Scripted:
    script: Scripted = term.extras["script"]
    return script


def _central(db_url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params))
    finally:
        engine.dispose()


def _central_balance(db_url: str, member_id: str) -> int:
    return int(_central(db_url, "SELECT balance FROM members WHERE id = :m", m=member_id)[0][0])


def _intent_state(term: Terminal, entry_id: str) -> str:
    with term.db.connect() as conn:
        return str(conn.execute(select(redemption_intents.c.state).where(
            redemption_intents.c.entry_id == entry_id)).scalar_one())


def _only_intent(term: Terminal) -> str:
    with term.db.connect() as conn:
        return str(conn.execute(select(redemption_intents.c.entry_id)).scalar_one())


def _settled_equal(term: Terminal, db_url: str) -> None:
    """After a sync, the till and central hold the same balance and entries for the member."""
    for _ in range(2):
        term.sync()
    member = term.extras["member"]
    assert term.member(member)["balance"] == _central_balance(db_url, member)
    assert term.balance_errors() == []
    assert term.pending_total() == 0


def test_an_answer_lost_after_central_approved_completes_within_the_floor_limits(
        till: Terminal, db_url: str) -> None:
    """Central approved, the answer was lost: within the floor limits the sale goes ahead
    offline under the same id, and central counts it once."""
    _script(till).fate = "lose"
    result = till.desk.redeem(till.extras["member"], 500)
    assert not result.online and result.change.balance == 4500
    entry_id = result.change.entry_id
    assert _intent_state(till, entry_id) == "committed"
    _settled_equal(till, db_url)
    assert _central_balance(db_url, till.extras["member"]) == 4500
    assert _central(db_url, "SELECT count(*) FROM ledger_entries WHERE id = :e",
                    e=entry_id)[0][0] == 1


@pytest.mark.parametrize("fate", ["lose", "late_response"])
def test_an_unanswered_redemption_beyond_the_floor_is_cancelled_and_the_points_come_back(
        till: Terminal, db_url: str, fate: str) -> None:
    """1,500 points is over the offline limit (1,000): with no answer (lost, or later than
    the client waits) the customer gets nothing, and central — which had approved — gives
    the points back."""
    script = _script(till)
    with contextlib.ExitStack() as stack:
        if fate == "lose":
            script.fate = "lose"
        else:  # a real socket whose answer comes after the client's read timeout
            plan = FaultPlan(seed=1, rate=1.0, faults=("late_response",), late=1.2,
                             paths=("/v1/redemptions",))
            proxy = stack.enter_context(FaultProxy(str(till.engine.client.http.base_url),
                                                   plan))
            client = stack.enter_context(CentralClient(
                proxy.url, load_token(till.fixture.path.parent), attempts=2,
                backoff=Backoff(0.01, 0.02)))
            client.redeem_timeout = httpx.Timeout(2.0, read=0.5)
            till.desk = RedemptionDesk(till.service, client)
        with pytest.raises(ApprovalRequired):
            till.desk.redeem(till.extras["member"], 1500)
    entry_id = _only_intent(till)
    assert _intent_state(till, entry_id) == "cancelled"
    assert _central_balance(db_url, till.extras["member"]) == 3500  # approved, not yet undone
    script.fate = None
    _settled_equal(till, db_url)
    assert _central_balance(db_url, till.extras["member"]) == 5000
    rows = _central(db_url, "SELECT kind, points FROM ledger_entries WHERE id = :e OR "
                    "ref_entry_id = :e ORDER BY feed_seq", e=entry_id)
    assert [tuple(r) for r in rows] == [("redeem", -1500), ("reverse", 1500)]
    assert _central(db_url, "SELECT reversed_by IS NOT NULL FROM redemption_cancellations "
                    "WHERE entry_id = :e", e=entry_id)[0][0]


def test_a_request_arriving_after_its_cancellation_is_declined(till: Terminal,
                                                               db_url: str) -> None:
    """The request was held up in the network; the till gave up and cancelled. When the
    request finally reaches central, the id is refused: the points stay."""
    script = _script(till)
    script.fate = "drop"
    with pytest.raises(ApprovalRequired):
        till.desk.redeem(till.extras["member"], 1500)
    till.sync()  # the cancellation reaches central first
    late = script.dropped[0]
    with httpx.Client(base_url=str(till.engine.client.http.base_url),
                      headers=dict(till.engine.client.http.headers)) as http:
        answer = http.post("/v1/redemptions", content=late,
                           headers={"Content-Type": "application/json"}).json()
    assert answer["approved"] is False and answer["reason"] == "cancelled"
    assert _central_balance(db_url, till.extras["member"]) == 5000
    entry_id = json.loads(late)["entry_id"]
    status = till.engine.client.redemption_status(entry_id)
    assert status.state == "cancelled"


@pytest.mark.parametrize("answered", [True, False])
def test_the_feed_bringing_the_approval_first_completes_the_sale_as_approved(
        till: Terminal, db_url: str, answered: bool) -> None:
    """The sync worker pulled central's approved entry before the desk had its answer:
    the desk recognises its own entry (it used to fail on the unique id, or refuse offline
    because the pulled entry had already taken the points)."""
    script = _script(till)
    script.before_answer = till.sync
    script.fate = None if answered else "lose"
    result = till.desk.redeem(till.extras["member"], 1500)  # beyond the offline floor
    assert result.online
    assert result.change.balance == 3500
    assert _intent_state(till, result.change.entry_id) == "committed"
    with till.db.connect() as conn:
        assert conn.execute(select(ledger.c.state).where(
            ledger.c.id == result.change.entry_id)).scalar_one() == "confirmed"
    script.before_answer = None
    _settled_equal(till, db_url)
    assert _central_balance(db_url, till.extras["member"]) == 3500


def test_an_abandoned_redemption_is_cancelled_even_when_central_approved(
        till: Terminal, db_url: str) -> None:
    abandoned = threading.Event()
    _script(till).before_answer = abandoned.set  # the cashier pressed Esc meanwhile
    with pytest.raises(RedemptionAbandoned):
        till.desk.redeem(till.extras["member"], 800, abandoned=abandoned)
    assert till.member(till.extras["member"])["balance"] == 5000
    _script(till).before_answer = None
    _settled_equal(till, db_url)
    assert _central_balance(db_url, till.extras["member"]) == 5000


def _asked_and_killed(term: Terminal, points: int, *, send: bool) -> str:
    """What a counter killed mid-exchange leaves: the intent, and (``send``) central's
    approval that never got written here."""
    rules = term.service.rules()
    intent = Intent(new_id(), term.extras["member"], points, None, None,
                    term.service.ctx.cashier_id, None, rules.version, term.service.now())
    with term.db.begin() as conn:
        intents.record(conn, intent)
    if send:
        answer = term.engine.client.redeem(RedemptionRequest(
            entry_id=intent.entry_id, member_id=intent.member_id, points=points,
            occurred_at=intent.occurred_at, rules_version=intent.rules_version,
            cashier_id=intent.cashier_id))
        assert answer.approved
    return intent.entry_id


def test_a_counter_killed_after_central_approved_records_the_redemption_at_restart(
        till: Terminal, db_url: str) -> None:
    entry_id = _asked_and_killed(till, 700, send=True)
    restarted = RedemptionDesk(till.service, till.engine.client)
    stood = restarted.resolve_open()
    assert [r.change.entry_id for r in stood] == [entry_id]
    assert stood[0].change.points == -700
    assert _intent_state(till, entry_id) == "committed"
    _settled_equal(till, db_url)
    assert _central_balance(db_url, till.extras["member"]) == 4300


def test_a_counter_killed_before_its_request_left_cancels_it_at_restart(
        till: Terminal, db_url: str) -> None:
    entry_id = _asked_and_killed(till, 700, send=False)
    assert RedemptionDesk(till.service, till.engine.client).resolve_open() == []
    assert _intent_state(till, entry_id) == "cancelled"
    till.sync()
    assert till.engine.client.redemption_status(entry_id).state == "cancelled"
    late = till.engine.client.redeem(RedemptionRequest(
        entry_id=entry_id, member_id=till.extras["member"], points=700,
        occurred_at=till.service.now(), rules_version=till.service.rules().version))
    assert not late.approved and late.reason == "cancelled"
    _settled_equal(till, db_url)
    assert _central_balance(db_url, till.extras["member"]) == 5000


def test_a_counter_restarting_offline_cancels_its_open_redemption_once_online(
        till: Terminal, db_url: str) -> None:
    """Central approved; the counter restarts with no network: it cannot know, so it
    cancels (through the outbox), and central gives the points back when it syncs."""
    entry_id = _asked_and_killed(till, 700, send=True)
    till.offline()
    assert RedemptionDesk(till.service, till.engine.client).resolve_open() == []
    assert _intent_state(till, entry_id) == "cancelled"
    till.online()
    _settled_equal(till, db_url)
    assert _central_balance(db_url, till.extras["member"]) == 5000


@pytest.mark.expect_log_warnings("sync.push")  # the test provokes them
def test_only_the_asking_terminal_can_cancel_or_see_a_redemption(
        till: Terminal, make_terminal: MakeTerminal, central: CentralServer,
        db_url: str) -> None:
    result = till.desk.redeem(till.extras["member"], 500)
    assert result.online
    till.sync()
    other = make_terminal("b", clock=LiveClock())
    assert other.engine.client.redemption_status(result.change.entry_id).state == "unknown"
    with other.db.begin() as conn:
        intents.cancel(conn, Intent(result.change.entry_id, till.extras["member"], 500, None,
                                    None, None, None, 1, other.service.now()), "test",
                       other.service.now())
    report = other.sync()
    assert report.push.rejected == 1 and report.push.reasons == {"not_cancellable": 1}
    assert _central_balance(db_url, till.extras["member"]) == 4500


def test_a_redemption_undone_by_its_reverse_is_not_reported_as_an_overdraft(
        make_terminal: MakeTerminal, central: CentralServer) -> None:
    """Two offline tills spend the same 1,000 points; the second overdraws. It is voided
    (the pair nets to zero): neither central's report nor the till's list keeps it."""
    a, b = make_terminal("a", clock=LiveClock()), make_terminal("b", clock=LiveClock())
    m = a.service.enroll(phone=PHONE, name="王小明")
    a.service.award(m.member_id, _twd(10000), "R-1")
    a.sync()
    b.sync()
    a.offline()
    b.offline()
    a.desk.redeem(m.member_id, 1000)
    second = b.desk.redeem(m.member_id, 1000)
    a.online()
    b.online()
    a.sync()
    b.sync()
    assert b.engine.status().overdrafts == 1
    b.service.void(second.change.entry_id, manager_id=b.fixture.manager.id,
                   reason="customer gave the discount back")
    b.sync()
    a.sync()
    assert b.engine.status().overdrafts == 0
    day = datetime.now(ZoneInfo("Asia/Taipei")).date().isoformat()
    with central.client("admin") as http:
        rows = http.get("/v1/reports/daily", params={"day": day}).json()
    assert sum(r["overdraft_count"] for r in rows) == 0
    assert sum(r["overdraft_points"] for r in rows) == 0
    assert a.member(m.member_id)["balance"] == 0
