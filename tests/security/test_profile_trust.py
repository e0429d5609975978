"""A till's profile clock and consent claims are advice (issue 16, point 4).

The attack: a till of store S002 rewrote another store's member (name, phone, marketing
consent true) with a profile clock in the year 2286; the owning till's later correction
(consent false) was answered ``applied`` and changed nothing: an opt-out lost. Now a clock
more than 5 minutes ahead of central's is clamped to central's time (and the answer says so),
a change that loses to a newer one is answered ``superseded``, and consent is an append-only
event history where an opt-out never loses to an older opt-in, shown to head office.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from central.clock import now
from central.feed import FeedWriter
from central.identity import Outcome
from central.models import Base, TerminalOp
from central.profile import EditSource, ProfileChange, prepare_update
from sync.protocol import MemberFields, MemberUpdate
from tests.helpers.central_ops import TerminalClient, hlc, iso
from tests.helpers.central_server import CentralServer

YEAR_2286 = "9999999999999-0000-rogue"  # the largest clock the wire allows: 2286-11-20
OWNER_PHONE, ROGUE_PHONE = "+886912345678", "+886987654321"
# Written by every push whatever it carries: the terminal's sequence and contact, the feed.
BOOKKEEPING = {"terminals", "terminal_contacts", "terminal_ops", "changes", "counters",
               "terminal_marks", "personal_data_access",  # the test's reads are logged
               "terminal_days"}  # the day's count of other stores' edits

Rows = dict[str, Counter[tuple[Any, ...]]]


def _plain(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def database_rows(db_url: str) -> Rows:
    """Every row of every central table, as a multiset per table."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return {t.name: Counter(tuple(_plain(v) for v in row)
                                    for row in conn.execute(select(t)))
                    for t in Base.metadata.sorted_tables}
    finally:
        engine.dispose()


def changed_tables(before: Rows, after: Rows) -> dict[str, tuple[int, int]]:
    """Tables whose rows differ: (rows added, rows removed)."""
    out = {}
    for name in before:
        added, removed = after[name] - before[name], before[name] - after[name]
        if added or removed:
            out[name] = (sum(added.values()), sum(removed.values()))
    return out


class Till(TerminalClient):
    def result(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        """Central's answers without the envelope (seq, op id) or empty mappings."""
        return [{k: v for k, v in r.items() if k not in ("seq", "op_id", "mappings")}
                for r in self.push_ok(*ops)["results"]]


@pytest.fixture
def tills(central: CentralServer) -> Iterator[tuple[Till, Till]]:
    """The owning till of store S001 and a rogue till of store S002."""
    owner_reg, rogue_reg = central.new_terminal("S001"), central.new_terminal("S002")
    with central.client(owner_reg["token"]) as a, central.client(rogue_reg["token"]) as b:
        yield Till(a, owner_reg), Till(b, rogue_reg)


def _admin(central: CentralServer, path: str) -> Any:
    with central.client("admin") as http:
        response = http.get(path)
        assert response.status_code == 200, response.text
        return response.json()


def _member(central: CentralServer, member_id: str) -> dict[str, Any]:
    body: dict[str, Any] = _admin(central, f"/v1/admin/members/{member_id}")
    return body


def _history(central: CentralServer, member_id: str) -> list[dict[str, Any]]:
    body = _admin(central, f"/v1/admin/members/{member_id}/consent")
    return [{k: e[k] for k in ("value", "source", "store_id", "applied")} for e in body["events"]]


def _enrolled(owner: Till, **extra: Any) -> str:
    op = owner.enroll(OWNER_PHONE, name="王小明", **extra)
    assert owner.result(op) == [{"status": "applied", "reason": None, "message": None}]
    return str(op["payload"]["member_id"])


def _received(db_url: str, terminal_id: str) -> datetime:
    """When central received the terminal's latest operation (as it recorded it)."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            stamp = conn.execute(select(TerminalOp.received_at)
                                 .where(TerminalOp.terminal_id == terminal_id)
                                 .order_by(TerminalOp.seq.desc())).scalar_one()
    finally:
        engine.dispose()
    value = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def test_a_rogue_clock_in_2286_is_clamped_and_the_owners_later_correction_wins(
        central: CentralServer, tills: tuple[Till, Till]) -> None:
    owner, rogue = tills
    member_id = _enrolled(owner, marketing_consent=False, consent_at=iso())

    answer = rogue.result(rogue.update(member_id, {
        "name": "騙子", "phone": ROGUE_PHONE, "marketing_consent": True,
        "consent_at": "2286-11-20T17:46:39Z"}, clock=YEAR_2286))
    received = _received(central.db_url, rogue.id)
    assert answer == [{"status": "applied", "reason": "clock_clamped", "message": (
        "Its clock (2286-11-20 17:46 UTC) was more than 5 minutes ahead of central's and was "
        f"taken as {received:%Y-%m-%d %H:%M:%S} UTC.")}]
    assert _member(central, member_id)["marketing_consent"] is True

    correction = owner.update(member_id, {"name": "王小明", "phone": OWNER_PHONE,
                                          "marketing_consent": False, "consent_at": iso()})
    assert owner.result(correction) == [{"status": "applied", "reason": None, "message": None}]
    member = _member(central, member_id)
    assert (member["name"], member["phone"], member["marketing_consent"]) == (
        "王小明", OWNER_PHONE, False)
    assert _history(central, member_id) == [
        {"value": False, "source": owner.store_id, "store_id": None, "applied": True},
        {"value": True, "source": rogue.id, "store_id": "S002", "applied": True},
        {"value": False, "source": owner.id, "store_id": "S001", "applied": True}]


def test_a_change_that_loses_to_a_newer_one_is_superseded_and_changes_nothing_else(
        central: CentralServer, tills: tuple[Till, Till]) -> None:
    owner, rogue = tills
    member_id = _enrolled(owner)
    owner.push_ok(owner.update(member_id, {"name": "王大明"}))
    an_hour_ago = int((datetime.now(UTC) - timedelta(hours=1)).timestamp() * 1000)
    stale = rogue.update(member_id, {"name": "騙子", "birth_year": 1990},
                         clock=hlc(rogue.id, ms=an_hour_ago))

    before = database_rows(central.db_url)
    answer = rogue.result(stale)
    after = database_rows(central.db_url)
    assert answer == [{"status": "superseded", "reason": "superseded", "message":
                       "A newer change to name, birth_year already stands; this one changed "
                       "nothing."}]
    changed = changed_tables(before, after)
    assert changed.keys() - BOOKKEEPING == {"member_history"}  # members untouched
    assert (changed["member_history"], changed["terminal_ops"]) == ((2, 0), (1, 0))
    assert _member(central, member_id)["name"] == "王大明"

    assert rogue.result(stale) == answer  # a resend gets the same answer and changes nothing
    assert changed_tables(after, database_rows(central.db_url)).keys() <= BOOKKEEPING


def test_an_opt_out_is_never_overwritten_by_an_older_opt_in(
        central: CentralServer, tills: tuple[Till, Till]) -> None:
    owner, rogue = tills
    member_id = _enrolled(owner)
    start = datetime.now(UTC)
    # The rogue's opt-in claims the year 2286: it counts as made when central received it.
    assert rogue.result(rogue.update(member_id, {
        "marketing_consent": True, "consent_at": "2286-01-01T00:00:00Z"}))[0]["status"] == (
        "applied")
    # The owner was offline: the customer opted out there before the rogue's push arrived.
    opt_out = owner.update(member_id, {"marketing_consent": False,
                                       "consent_at": iso(start - timedelta(minutes=10))})
    assert owner.result(opt_out) == [{"status": "applied", "reason": None, "message": None}]

    older_opt_in = rogue.update(member_id, {"marketing_consent": True,
                                            "consent_at": iso(start - timedelta(minutes=11))})
    tie = rogue.update(member_id, {"marketing_consent": True,
                                   "consent_at": iso(start - timedelta(minutes=10))})
    before = database_rows(central.db_url)
    superseded = {"status": "superseded", "reason": "superseded", "message":
                  "A newer change to marketing_consent already stands; this one changed "
                  "nothing."}
    assert rogue.result(older_opt_in, tie) == [superseded, superseded]
    after = database_rows(central.db_url)
    assert changed_tables(before, after).keys() - BOOKKEEPING == {"member_history",
                                                                   "consent_events"}
    assert changed_tables(before, after)["consent_events"] == (2, 0)
    assert _member(central, member_id)["marketing_consent"] is False

    # The customer changes their mind afterwards, at the owner's counter: that applies.
    assert owner.result(owner.update(member_id, {"marketing_consent": True,
                                                 "consent_at": iso()}))[0]["status"] == "applied"
    assert _member(central, member_id)["marketing_consent"] is True
    assert [(e["value"], e["applied"]) for e in _history(central, member_id)] == [
        (True, True), (False, True), (True, False), (True, False), (True, True)]


def test_head_office_sees_the_whole_consent_history_with_both_times(
        central: CentralServer, tills: tuple[Till, Till]) -> None:
    owner, rogue = tills
    member_id = _enrolled(owner, marketing_consent=True, consent_at="2026-12-01T08:00:00Z")
    rogue.push_ok(rogue.update(member_id, {"marketing_consent": False}, clock=YEAR_2286))
    received = _received(central.db_url, rogue.id)
    # The same phone enrolled at the rogue's store joins the member as an alias: its choice
    # is an event of the member it joined.
    alias = rogue.enroll(OWNER_PHONE, name="王小明", marketing_consent=True,
                         consent_at="2026-12-02T08:00:00Z")
    assert rogue.result(alias)[0]["reason"] == "merged"

    body = _admin(central, f"/v1/admin/members/{alias['payload']['member_id']}/consent")
    assert (body["member_id"], body["marketing_consent"]) == (member_id, False)
    assert _parse(body["consent_at"]) == received
    events = body["events"]
    assert [(e["value"], e["source"], e["applied"]) for e in events] == [
        (True, owner.store_id, True), (False, rogue.id, True), (True, rogue.store_id, False)]
    first, clamped, joined = ({k: _parse(e[k]) for k in ("stated_at", "effective_at")}
                              for e in events)
    assert first == dict.fromkeys(("stated_at", "effective_at"),
                                  datetime(2026, 12, 1, 8, tzinfo=UTC))
    assert clamped == {"stated_at": datetime(2286, 11, 20, 17, 46, 39, 999000, tzinfo=UTC),
                       "effective_at": received}
    assert _parse(events[1]["received_at"]) == received
    assert joined["effective_at"] == datetime(2026, 12, 2, 8, tzinfo=UTC)
    assert events[1]["op_id"] is not None and events[0]["op_id"] is None

    with central.client("admin") as http:
        missing = http.get("/v1/admin/members/0190aaaa-0000-7000-8000-000000000000/consent")
    assert (missing.status_code, missing.json()["reason"]) == (404, "not_found")
    refused = rogue.http.get(f"/v1/admin/members/{member_id}/consent")
    assert refused.status_code == 403  # a terminal's token is no head-office credential


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_an_enrollment_clock_in_2286_cannot_hold_another_stores_member(
        central: CentralServer, tills: tuple[Till, Till]) -> None:
    owner, rogue = tills
    op = owner.enroll(OWNER_PHONE, name=None)
    owner.push_ok(op)
    member_id = op["payload"]["member_id"]
    # Enrolling the same phone fills the blank name, stamped with the rogue's clock (clamped).
    alias = rogue.enroll(OWNER_PHONE, name="騙子", hlc=YEAR_2286)
    assert rogue.result(alias)[0]["reason"] == "merged"
    assert _member(central, member_id)["name"] == "騙子"
    assert owner.result(owner.update(member_id, {"name": "王小明"})) == [
        {"status": "applied", "reason": None, "message": None}]
    assert _member(central, member_id)["name"] == "王小明"


def test_a_change_says_whether_it_touches_another_stores_member(
        engine: Engine, central: CentralServer, tills: tuple[Till, Till]) -> None:
    owner, rogue = tills
    member_id = _enrolled(owner)
    update = MemberUpdate(member_id=member_id, fields=MemberFields(name="x"), hlc=hlc("t"))
    with Session(engine) as session:
        feed = FeedWriter(session)
        seen = {}
        for till in (owner, rogue):
            change = prepare_update(session, feed, update,
                                    EditSource(till.id, till.store_id, now()))
            assert isinstance(change, ProfileChange) and not change.clamped
            seen[till.store_id] = change.other_store
        unknown = prepare_update(session, feed, update.model_copy(
            update={"member_id": "0190aaaa-0000-7000-8000-000000000000"}),
            EditSource(owner.id, owner.store_id, now()))
        assert isinstance(unknown, Outcome) and unknown.reason == "unknown_member"
        session.rollback()
    assert seen == {"S001": False, "S002": True}
