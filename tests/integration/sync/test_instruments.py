"""Coupons, birthday gifts, stamp cards, referrals and prepaid passes against the real
central (SQLite and PostgreSQL) with several tills: exactly one of two racing online
redemptions wins; offline redemptions follow the program's policy and a double use is
recorded as a conflict, never silently doubled; a 10-cup pass never gives more than 10 cups
without a recorded over-redemption; a birthday gift is issued once a year; a referral pays
once and never for oneself; the 10th stamp issues the reward and a void takes it back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import httpx
import pytest

from loyalty.errors import InvalidInput, LoyaltyError
from loyalty.ids import new_id
from loyalty.instruments import InstrumentRefused
from loyalty.money import Currency, Money
from loyalty.programs import birthday_instrument_id, stamp_card_id, stamp_reward_instrument_id
from loyalty.store import instrument_intents
from loyalty.store.instrument_intents import InstrumentIntent
from loyalty.store.instrument_replica import remaining_mismatches
from loyalty.store.members import Birthday
from sync.client import Backoff, CentralClient
from sync.credentials import load_token
from sync.instrument_redeem import InstrumentRedeemDesk
from tests.helpers.central_server import CentralServer
from tests.helpers.programs import (
    central_rows,
    conflicts,
    entries,
    issue,
    put_programs,
    remaining,
)
from tests.helpers.sync_terminal import Terminal

MakeTerminal = Callable[..., Terminal]
PHONE = "0912345678"


def _twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def _desk(term: Terminal) -> InstrumentRedeemDesk:
    return InstrumentRedeemDesk(term.service, term.engine.client)


def _left(term: Terminal, member_id: str, instrument_id: str) -> int | None:
    for view in term.service.instruments(member_id):
        if view.instrument_id == instrument_id:
            return view.remaining
    return None


def _consistent(*terms: Terminal) -> None:
    for term in terms:
        with term.db.connect() as conn:
            assert remaining_mismatches(conn) == []


def _tills(central: CentralServer, make_terminal: MakeTerminal,
           birthday: Birthday | None = None) -> tuple[Terminal, Terminal, str]:
    put_programs(central)
    a = make_terminal("a", store_id="S001")
    b = make_terminal("b", store_id="S002")
    member = a.service.enroll(phone=PHONE, name="王小明", birthday=birthday).member_id
    a.sync()
    b.sync()
    return a, b, member


def test_two_online_tills_racing_for_one_coupon_exactly_one_wins(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, member = _tills(central, make_terminal)
    coupon = issue(central, "welcome", member)[0]
    a.sync()
    b.sync()
    assert _left(a, member, coupon) == _left(b, member, coupon) == 1
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def redeem(term: Terminal) -> None:
        start.wait()
        try:
            outcomes[term.store_id] = _desk(term).redeem(coupon).online
        except LoyaltyError as err:
            outcomes[term.store_id] = err.code

    threads = [threading.Thread(target=redeem, args=(t,)) for t in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes.values())) == ["True", "instrument_used"]
    assert remaining(db_url, coupon) == 0
    assert [r.kind for r in entries(db_url, coupon)] == ["issue", "redeem"]
    assert conflicts(db_url, coupon) == []
    for term in (a, b):
        term.sync()
        assert _left(term, member, coupon) is None  # used: off the panel
    _consistent(a, b)


@pytest.mark.expect_log_warnings("central.instruments")
def test_two_offline_tills_follow_the_policy_and_a_double_use_is_recorded(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, member = _tills(central, make_terminal)
    coupon, vip = issue(central, "welcome", member)[0], issue(central, "vip-coupon", member)[0]
    a.sync()
    b.sync()
    a.offline()
    b.offline()
    with pytest.raises(InstrumentRefused) as refused:  # the program says: online only
        _desk(a).redeem(vip)
    assert refused.value.code == "instrument_online_only"
    first = _desk(a).redeem(coupon)  # one per terminal per offline period: allowed
    second = _desk(b).redeem(coupon)  # b never saw a's use
    assert not first.online and not second.online
    with pytest.raises(InstrumentRefused):  # a already gave it
        a.service.redeem_instrument(coupon)
    a.online()
    b.online()
    a.sync()
    b.sync()
    ledger = entries(db_url, coupon)
    assert [(r.kind, r.units) for r in ledger] == [("issue", 1), ("redeem", -1), ("redeem", -1)]
    assert [r.conflict for r in ledger] == [None, None, "used_twice"]
    assert conflicts(db_url, coupon) == ["used_twice"]
    assert remaining(db_url, coupon) == -1
    a.sync()
    with central.client("admin") as http:  # head office sees it
        listed = http.get("/v1/admin/instrument-conflicts").json()
    assert [(c["instrument_id"], c["reason"]) for c in listed] == [(coupon, "used_twice")]
    for term in (a, b):  # and each manager's till holds both uses, one marked
        with term.db.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT kind, conflict FROM instrument_ledger WHERE instrument_id = ? "
                "ORDER BY kind, conflict", (coupon,)).all()
        assert sorted(rows, key=str) == sorted(
            [("issue", None), ("redeem", None), ("redeem", "used_twice")], key=str)
    _consistent(a, b)


@pytest.mark.expect_log_warnings("central.instruments")
def test_a_ten_cup_pass_never_gives_more_than_ten_without_a_recorded_over_redemption(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, member = _tills(central, make_terminal)
    sold = a.service.sell_pass(member, "latte-10", receipt_no="P-1")
    assert sold.units == 10 and sold.amount == Decimal("900") and sold.serial
    pass_id = sold.instrument_id
    a.sync()
    b.sync()
    assert _left(b, member, pass_id) == 10
    assert _desk(a).redeem(pass_id, 3).online  # online at A: 7 left
    b.offline()
    _desk(b).redeem(pass_id, 2)  # offline at B, which saw 10
    a.offline()
    _desk(a).redeem(pass_id, 1)  # offline at A, which saw 7
    with pytest.raises(InstrumentRefused) as over:  # B saw 10 and gave 2: 8 at most
        _desk(b).redeem(pass_id, 9)
    assert over.value.code == "instrument_over_balance"
    for term in (a, b):
        term.online()
        term.sync()
    for term in (a, b):
        term.sync()
        assert _left(term, member, pass_id) == 4
    assert remaining(db_url, pass_id) == 4
    with pytest.raises(InstrumentRefused):  # more than is left, online
        _desk(b).redeem(pass_id, 5)
    # Both tills offline again: each believes in 4 cups; together they give 7.
    a.offline()
    b.offline()
    _desk(a).redeem(pass_id, 4)
    _desk(b).redeem(pass_id, 3)
    a.online()
    b.online()
    a.sync()
    b.sync()
    ledger = entries(db_url, pass_id)
    given = sum(-r.units for r in ledger if r.kind == "redeem")
    assert given == 13
    clean = sum(-r.units for r in ledger if r.kind == "redeem" and r.conflict is None)
    assert clean <= 10
    assert conflicts(db_url, pass_id) == ["over_redeemed"]
    assert remaining(db_url, pass_id) == -3
    _consistent(a, b)


def test_the_unused_cups_of_a_pass_are_refunded_at_the_chains_price(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, member = _tills(central, make_terminal)
    pass_id = a.service.sell_pass(member, "latte-10", receipt_no="P-2").instrument_id
    a.sync()
    _desk(a).redeem(pass_id, 6)
    manager = a.fixture.manager.id
    assert a.service.pass_refund_amount(pass_id) == Decimal("320")
    refund = a.service.refund_pass(pass_id, manager_id=manager)
    assert (refund.units, refund.amount, refund.remaining) == (-4, Decimal("320.00"), 0)
    a.sync()
    b.sync()
    assert remaining(db_url, pass_id) == 0
    assert central_rows(db_url, "SELECT status FROM instruments WHERE id = :i",
                        i=pass_id)[0][0] == "refunded"
    with pytest.raises(InstrumentRefused):
        _desk(b).redeem(pass_id, 1)
    _consistent(a, b)


def test_the_birthday_gift_is_issued_once_even_by_the_job_and_an_offline_till(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    # The tills' clock is 23 November 2026.
    a, b, member = _tills(central, make_terminal, Birthday(11, 2, 1990))
    gift = birthday_instrument_id("bday", member, 2026)
    a.offline()
    change = a.service.award(member, _twd(120), "B-1")  # first visit in the birthday month
    assert [(c.instrument_id, c.kind) for c in change.instruments
            if c.instrument_kind == "birthday_gift"] == [(gift, "issue")]
    with central.client("admin") as http:
        job = http.post("/v1/admin/jobs/run", json={"date": "2026-11-23"}).json()
    assert job["birthday_gifts"] == 1
    a.online()
    a.sync()
    b.sync()
    again = a.service.award(member, _twd(80), "B-2")
    assert not [c for c in again.instruments if c.instrument_kind == "birthday_gift"]
    with central.client("admin") as http:
        assert http.post("/v1/admin/jobs/run",
                         json={"date": "2026-11-24"}).json()["birthday_gifts"] == 0
    a.sync()
    assert central_rows(db_url, "SELECT count(*) FROM instruments WHERE program_id = 'bday'"
                        )[0][0] == 1
    assert [r.kind for r in entries(db_url, gift)] == ["issue"]
    views = [v for v in b.service.instruments(member) if v.kind == "birthday_gift"]
    assert [(v.instrument_id, v.badge, v.usable) for v in views] == [(gift, "birthday", True)]
    assert [v.instrument_id for v in b.service.panel(member).instruments
            if v.kind == "birthday_gift"] == [gift]
    _consistent(a, b)


@pytest.mark.expect_log_warnings("central.instruments")
def test_a_second_gift_for_one_person_after_a_merge_is_a_reversed_duplicate(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, kept = _tills(central, make_terminal, Birthday(11, 2, 1990))
    other = b.service.enroll(phone="0922333444", name="王小明", birthday=Birthday(11, 2, 1990))
    b.sync()
    a.sync()
    a.service.award(kept, _twd(100), "M-1")  # kept's gift
    a.sync()
    b.offline()  # b has not heard of the merge when it gives "other" a gift
    with central.client("admin") as http:
        merged = http.post("/v1/admin/members/merge",
                           json={"source_id": other.member_id, "target_id": kept})
        assert merged.status_code == 200, merged.text
    b.service.award(other.member_id, _twd(100), "M-2")
    b.online()
    b.sync()
    duplicate = birthday_instrument_id("bday", other.member_id, 2026)
    ledger = entries(db_url, duplicate)
    assert [(r.kind, r.conflict) for r in ledger] == [("issue", "duplicate_gift"),
                                                      ("reverse", None)]
    assert remaining(db_url, duplicate) == 0
    assert conflicts(db_url, duplicate) == ["duplicate_gift"]
    b.sync()
    assert [v.instrument_id for v in b.service.instruments(kept)
            if v.kind == "birthday_gift"] == [birthday_instrument_id("bday", kept, 2026)]
    _consistent(a, b)


@pytest.mark.expect_log_warnings("central.instruments")
def test_the_gift_an_alias_got_first_counts_for_the_merged_account(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, alias = _tills(central, make_terminal, Birthday(11, 2, 1990))
    kept = b.service.enroll(phone="0922333444", name="王小明",
                            birthday=Birthday(11, 2, 1990)).member_id
    a.service.award(alias, _twd(100), "G-1")  # the alias's gift, first
    a.sync()
    b.sync()
    b.offline()  # b gives "kept" its gift before it hears of the merge
    with central.client("admin") as http:
        assert http.post("/v1/admin/members/merge", json={
            "source_id": alias, "target_id": kept}).status_code == 200
    b.service.award(kept, _twd(100), "G-2")
    b.online()
    b.sync()
    second = birthday_instrument_id("bday", kept, 2026)
    assert [(r.kind, r.conflict) for r in entries(db_url, second)] == [
        ("issue", "duplicate_gift"), ("reverse", None)]
    assert central_rows(db_url, "SELECT count(*) FROM instruments WHERE account_id = :k "
                        "AND program_id = 'bday' AND remaining > 0", k=kept)[0][0] == 1
    _consistent(a, b)


def test_a_referral_rewards_the_referrer_once_and_never_oneself(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, referrer = _tills(central, make_terminal)
    with pytest.raises(InvalidInput) as own:
        a.service.enroll(phone="0933111222", name="林小華", referral_code="0933-111-222")
    assert own.value.code == "self_referral"
    friend = a.service.enroll(phone="0933111222", name="林小華", referral_code=PHONE).member_id
    a.service.award(friend, _twd(50), "F-1")  # below the qualifying purchase
    a.sync()
    assert central_rows(db_url, "SELECT count(*) FROM instruments WHERE program_id = "
                        "'free-coffee'")[0][0] == 0
    b.sync()
    a.service.award(friend, _twd(300), "F-2")  # two qualifying purchases at two tills
    b.service.award(friend, _twd(300), "F-3")
    a.sync()
    b.sync()
    a.service.award(friend, _twd(300), "F-4")
    a.sync()
    rewards = central_rows(db_url, "SELECT id, account_id FROM instruments WHERE program_id = "
                           "'free-coffee'")
    assert [r.account_id for r in rewards] == [referrer]
    b.sync()
    assert [v.program_id for v in b.service.instruments(referrer)] == ["free-coffee"]
    # A till that skips the check (hostile, or old) cannot earn a self-referral either.
    monkeypatch.setattr("loyalty.store.members._referrer",
                        lambda conn, text, phone, region: "+886944555666")
    cheat = a.service.enroll(phone="0944555666", name="陳大同", referral_code="x").member_id
    a.service.award(cheat, _twd(500), "F-5")
    a.sync()
    assert central_rows(db_url, "SELECT count(*) FROM instruments WHERE account_id = :m "
                        "AND program_id = 'free-coffee'", m=cheat)[0][0] == 0
    _consistent(a, b)


def test_the_tenth_stamp_issues_the_reward_and_a_void_takes_it_back(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, member = _tills(central, make_terminal)
    card = stamp_card_id("coffee-card", member)
    reward = stamp_reward_instrument_id(card, 1)
    small = a.service.award(member, _twd(50), "S-0")  # below the stamp's minimum sale
    assert small.instruments == ()
    for k in range(1, 10):
        change = a.service.award(member, _twd(80), f"S-{k}")
        assert [(c.kind, c.stamps_now) for c in change.instruments] == [("stamp", k)]
    tenth = a.service.award(member, _twd(80), "S-10")
    assert [(c.kind, c.instrument_id, c.stamps_now) for c in tenth.instruments] == [
        ("stamp", card, 0), ("issue", reward, None)]
    a.sync()
    assert remaining(db_url, card) == 10 and remaining(db_url, reward) == 1
    voided = a.service.void(tenth.entry_id, manager_id=a.fixture.manager.id, reason="wrong")
    assert sorted((c.instrument_id, c.units) for c in voided.instruments) == sorted(
        [(card, -1), (reward, -1)])
    a.sync()
    b.sync()
    assert remaining(db_url, card) == 9 and remaining(db_url, reward) == 0
    views = {v.instrument_id: v for v in b.service.instruments(member)}
    assert views[card].stamps_now == 9 and reward not in views
    _consistent(a, b)


def test_a_reward_a_void_took_back_is_issued_again_once_when_the_card_is_full_again(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, member = _tills(central, make_terminal)
    card = stamp_card_id("coffee-card", member)
    first, second = (stamp_reward_instrument_id(card, 1, n) for n in (1, 2))
    sales = [a.service.award(member, _twd(80), f"S-{k}") for k in range(10)]
    a.service.void(sales[9].entry_id, manager_id=a.fixture.manager.id, reason="wrong")
    a.sync()
    b.sync()
    assert remaining(db_url, card) == 9 and remaining(db_url, first) == 0
    # the other store completes the card again: its till issues the reward, and central
    # issues the same one when the stamp arrives; it exists once
    again = b.service.award(member, _twd(80), "B-1")
    assert [(c.kind, c.instrument_id) for c in again.instruments] == [
        ("stamp", card), ("issue", second)]
    b.sync()
    a.sync()
    assert [(r.kind, r.terminal_id) for r in entries(db_url, second)] == [("issue", "central")]
    assert remaining(db_url, card) == 10 and remaining(db_url, second) == 1
    assert _left(a, member, second) == _left(b, member, second) == 1
    assert _left(a, member, first) is None  # taken back: not on the panel
    _consistent(a, b)


def test_a_used_reward_stays_and_the_card_completed_again_gives_no_second_one(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, member = _tills(central, make_terminal)
    card = stamp_card_id("coffee-card", member)
    first = stamp_reward_instrument_id(card, 1)
    sales = [a.service.award(member, _twd(80), f"S-{k}") for k in range(10)]
    a.service.redeem_instrument(first)  # the free coffee is drunk
    voided = a.service.void(sales[9].entry_id, manager_id=a.fixture.manager.id,
                            reason="wrong")
    assert [(c.instrument_id, c.units) for c in voided.instruments] == [(card, -1)]
    a.sync()
    assert [c.kind for c in a.service.award(member, _twd(80), "S-10").instruments] == [
        "stamp"]
    a.sync()
    b.sync()
    assert remaining(db_url, card) == 10 and remaining(db_url, first) == 0
    assert central_rows(db_url, "SELECT count(*) FROM instruments WHERE account_id = :m "
                        "AND program_id = 'free-coffee'", m=member)[0][0] == 1
    _consistent(a, b)


def test_stamps_from_two_offline_tills_reach_the_reward_at_central(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, b, member = _tills(central, make_terminal)
    card = stamp_card_id("coffee-card", member)
    a.offline()
    b.offline()
    for k in range(5):
        assert [c.kind for c in a.service.award(member, _twd(70), f"A-{k}").instruments] \
            == ["stamp"]
        assert [c.kind for c in b.service.award(member, _twd(70), f"B-{k}").instruments] \
            == ["stamp"]
    for term in (a, b):
        term.online()
        term.sync()
    a.sync()
    reward = stamp_reward_instrument_id(card, 1)
    assert remaining(db_url, card) == 10
    assert [(r.kind, r.terminal_id) for r in entries(db_url, reward)] == [("issue", "central")]
    assert _left(a, member, reward) == _left(b, member, reward) == 1
    _consistent(a, b)


def test_instrument_programs_reach_tills_with_the_rules(central: CentralServer,
                                                         make_terminal: MakeTerminal) -> None:
    a, _, _ = _tills(central, make_terminal)
    assert {p.program_id for p in a.service.rules().programs} == {
        "free-coffee", "welcome", "vip-coupon", "bday", "coffee-card", "friend", "latte-10"}
    with central.client("admin") as http:
        listed = http.get("/v1/admin/programs").json()
        assert len(listed) == 7
        bad = http.put("/v1/admin/programs/bad-card", json={
            "kind": "stamp_card", "name_zh": "x", "name_en": "x", "units": 10,
            "reward_program": "nothing"})
        assert bad.status_code == 422
        wrong_id = http.put("/v1/admin/programs/welcome", json={
            "program_id": "other", "kind": "coupon", "name_zh": "x", "name_en": "x"})
        assert wrong_id.status_code == 422


def test_the_panel_lists_usable_instruments_with_their_expiry(
        central: CentralServer, make_terminal: MakeTerminal) -> None:
    a, _, member = _tills(central, make_terminal)
    issue(central, "welcome", member)
    a.service.sell_pass(member, "latte-10", receipt_no="P-9")
    a.sync()
    panel = a.service.panel(member)
    kinds = sorted((v.kind, v.remaining, v.usable) for v in panel.instruments)
    assert kinds == [("coupon", 1, True), ("prepaid_pass", 10, True)]
    assert all(v.name_zh and v.name_en for v in panel.instruments)
    assert date.today().year >= 2026


class LoseAnswers(httpx.BaseTransport):
    """The real network, but central's answers to instrument redemptions never arrive."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path == "/v1/instruments/redemptions" and request.method == "POST":
            response.read()
            response.close()
            raise httpx.ReadTimeout("answer lost (test)", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


def _losing_desk(term: Terminal) -> tuple[InstrumentRedeemDesk, CentralClient]:
    client = CentralClient(str(term.engine.client.http.base_url),
                           load_token(term.fixture.path.parent), transport=LoseAnswers(),
                           attempts=2, backoff=Backoff(0.01, 0.02), seed=3)
    return InstrumentRedeemDesk(term.service, client), client


def test_a_lost_answer_never_spends_an_instrument_the_customer_did_not_get(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, _, member = _tills(central, make_terminal)
    vip, welcome = issue(central, "vip-coupon", member)[0], issue(central, "welcome", member)[0]
    a.sync()
    desk, client = _losing_desk(a)
    try:
        with pytest.raises(InstrumentRefused) as refused:  # online only: not given
            desk.redeem(vip)
        assert refused.value.code == "instrument_online_only"
        given = desk.redeem(welcome)  # offline allowed: given under the same id
        assert not given.online
    finally:
        client.close()
    a.sync()
    a.sync()
    assert [(r.kind, r.units) for r in entries(db_url, vip)] == [
        ("issue", 1), ("redeem", -1), ("reverse", 1)]
    assert remaining(db_url, vip) == 1 and _left(a, member, vip) == 1
    assert [(r.kind, r.conflict) for r in entries(db_url, welcome)] == [
        ("issue", None), ("redeem", None)]  # central's approval and the push: one entry
    assert remaining(db_url, welcome) == 0 and _left(a, member, welcome) is None
    with a.db.connect() as conn:
        states: dict[str, str] = dict(conn.exec_driver_sql(
            "SELECT instrument_id, state FROM instrument_intents").all())
    assert states == {vip: "cancelled", welcome: "committed"}
    _consistent(a)


def test_an_exchange_left_open_by_a_stopped_counter_is_settled_at_restart(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    a, _, member = _tills(central, make_terminal)
    approved, unsent = (issue(central, "vip-coupon", member)[0] for _ in range(2))
    a.sync()
    desk = _desk(a)
    for instrument in (approved, unsent):  # intents committed, then the process "died"
        intent = InstrumentIntent(new_id(), instrument, member, "vip-coupon", 1, None,
                                  None, None, a.service.now())
        with a.db.begin() as conn:
            instrument_intents.record(conn, intent)
        if instrument == approved:  # its request reached central
            assert a.engine.client.redeem_instrument(desk._entry(intent)).status == "approved"
    stood = _desk(a).resolve_open()
    assert [r.change.instrument_id for r in stood] == [approved]
    a.sync()
    a.sync()
    assert remaining(db_url, approved) == 0 and remaining(db_url, unsent) == 1
    assert _left(a, member, approved) is None and _left(a, member, unsent) == 1
    _consistent(a)
