"""Instrument expiry against the real central (SQLite and PostgreSQL): central's job writes
one ``expire`` entry for what is left (two workers at once or a rerun: written once), tills
learn it through the feed and stop offering the instrument, the programs report counts it
as expired; a till refuses an expired instrument offline; a redemption made offline on the
last day that reaches central after the job stands, without a conflict; one dated after it
is a conflict for head office."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from central.db import make_engine
from central.instrument_jobs import run_instrument_expiry
from central.reporting_programs import program_report
from central.rules_store import current_rules
from loyalty.ids import new_id
from loyalty.instruments import InstrumentRefused
from loyalty.programs import expire_entry_id
from loyalty.store.instrument_replica import remaining_mismatches
from sync.instrument_redeem import InstrumentRedeemDesk
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.programs import (
    COUPON,
    central_rows,
    conflicts,
    entries,
    issue,
    put_programs,
    remaining,
)
from tests.helpers.sync_terminal import Terminal

MakeTerminal = Callable[..., Terminal]
SHORT = COUPON | {"program_id": "short", "name_en": "Two-day coupon", "name_zh": "兩日券",
                  "valid_days": 1, "units": 2,
                  "offline": {"mode": "per_terminal", "max_per_terminal": 3}}


def _jobs(central: CentralServer, day: date) -> dict[str, int]:
    with central.client("admin") as http:
        response = http.post("/v1/admin/jobs/run", json={"date": day.isoformat()})
        assert response.status_code == 200, response.text
        body: dict[str, int] = response.json()
    return body


def _coupon(central: CentralServer, make_terminal: MakeTerminal, db_url: str
            ) -> tuple[Terminal, str, str, date]:
    put_programs(central, SHORT)
    till = make_terminal("a", store_id="S001")
    member = till.service.enroll(phone="0912345678", name="王小明").member_id
    till.sync()
    coupon = issue(central, "short", member)[0]
    till.sync()
    last_day = central_rows(db_url, "SELECT expires_on FROM instruments WHERE id = :i",
                            i=coupon)[0][0]
    return till, member, coupon, date.fromisoformat(str(last_day))


def _shown(till: Terminal, member: str) -> list[tuple[str, int, bool]]:
    return [(v.instrument_id, v.remaining, v.usable) for v in till.service.instruments(member)]


def test_the_job_expires_what_is_left_once_and_the_till_stops_offering_it(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    till, member, coupon, last_day = _coupon(central, make_terminal, db_url)
    assert _shown(till, member) == [(coupon, 2, True)]
    assert _jobs(central, last_day)["instruments_expired"] == 0  # usable through its last day
    engine = make_engine(db_url)
    start, done = threading.Barrier(2), []

    def worker() -> None:  # two job workers at once write one expiry
        start.wait()
        done.append(run_instrument_expiry(engine, last_day + timedelta(days=1)))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert sorted(done) == [(0, 0), (1, 2)]
    assert _jobs(central, last_day + timedelta(days=2))["instruments_expired"] == 0
    ledger = entries(db_url, coupon)
    assert [(r.kind, r.units, r.terminal_id) for r in ledger] == [
        ("issue", 2, "central"), ("expire", -2, "central")]
    assert ledger[1].id == expire_entry_id(coupon, 1)
    assert remaining(db_url, coupon) == 0
    till.sync()
    assert _shown(till, member) == []  # off the panel
    with till.db.connect() as conn:
        assert remaining_mismatches(conn) == []
        assert conn.exec_driver_sql(
            "SELECT kind, units, state FROM instrument_ledger WHERE instrument_id = ? "
            "ORDER BY occurred_at", (coupon,)).all() == [("issue", 2, "confirmed"),
                                                        ("expire", -2, "confirmed")]
    engine = create_engine(db_url)
    try:
        with Session(engine) as session:
            report = program_report(session, last_day - timedelta(days=1),
                                    last_day + timedelta(days=1), None,
                                    current_rules(session), last_day + timedelta(days=1),
                                    "Asia/Taipei")
    finally:
        engine.dispose()
    [line] = [p for p in report.programs if p.program_id == "short"]
    assert (line.issued, line.expired, line.outstanding) == (1, 2, 0)


def test_a_till_refuses_an_expired_instrument_offline(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    till, member, coupon, last_day = _coupon(central, make_terminal, db_url)
    clock = till.fixture.clock
    clock.advance(days=(last_day - clock().date()).days + 1)  # the day after, in Taipei
    till.offline()
    assert _shown(till, member) == [(coupon, 2, False)]  # central has not expired it yet
    with pytest.raises(InstrumentRefused) as refused:
        InstrumentRedeemDesk(till.service, till.engine.client).redeem(coupon, 1)
    assert refused.value.code == "instrument_expired"
    with till.db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM instrument_ledger WHERE kind = "
                                    "'redeem'").scalar_one() == 0


def test_an_offline_use_on_the_last_day_pushed_after_the_job_stands_without_a_conflict(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    till, member, coupon, last_day = _coupon(central, make_terminal, db_url)
    clock = till.fixture.clock
    clock.advance(days=(last_day - clock().date()).days)  # its last day, noon in Taipei
    till.offline()
    used = InstrumentRedeemDesk(till.service, till.engine.client).redeem(coupon, 1)
    assert not used.online
    assert _jobs(central, last_day + timedelta(days=1))["instrument_units_expired"] == 2
    till.online()
    till.sync()
    assert [(r.kind, r.units) for r in entries(db_url, coupon)] == [
        ("issue", 2), ("expire", -2), ("reverse", 2), ("redeem", -1), ("expire", -1)]
    assert conflicts(db_url, coupon) == []
    assert remaining(db_url, coupon) == 0
    till.sync()
    assert _shown(till, member) == []
    with till.db.connect() as conn:
        assert remaining_mismatches(conn) == []


@pytest.mark.expect_log_warnings("central.instruments")  # the conflict
def test_a_redemption_dated_after_the_last_day_is_a_conflict_even_before_the_job(
        central: CentralServer, make_terminal: MakeTerminal, db_url: str) -> None:
    """No till offers an expired coupon, so one pushed as used the day after (a till's wrong
    clock, or a hostile one) is recorded as it happened and held for head office."""
    _, member, coupon, last_day = _coupon(central, make_terminal, db_url)
    rogue = central.new_terminal("S001")
    day_after = datetime.combine(last_day + timedelta(days=1), time(12),
                                 ZoneInfo("Asia/Taipei"))
    with central.client(rogue["token"]) as http:
        client = TerminalClient(http, rogue)
        body = client.push_ok(client.op("instrument.entry", {
            "entry_id": new_id(), "instrument_id": coupon, "program_id": "short",
            "member_id": member, "kind": "redeem", "units": -1, "store_id": "S001",
            "terminal_id": rogue["terminal_id"], "occurred_at": day_after.isoformat()}))
        assert [r["status"] for r in body["results"]] == ["applied"]
    assert conflicts(db_url, coupon) == ["after_expiry"]
    assert remaining(db_url, coupon) == 1  # the ledger holds what the till gave
    with central.client("admin") as http:
        [listed] = http.get("/v1/admin/instrument-conflicts").json()
        assert (listed["instrument_id"], listed["reason"]) == (coupon, "after_expiry")
        settled = http.post(f"/v1/admin/instrument-conflicts/{listed['entry_id']}/resolve",
                            json={"decision": "charge_back", "note": "till clock wrong"})
    assert settled.status_code == 200, settled.text
    # all of it was given after the last day: one coupon at its value, to the store's account
    assert (settled.json()["cost"], settled.json()["charged_to"]) == ("50.00", "S001")
