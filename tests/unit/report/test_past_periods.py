"""A past month viewed later, when its customers have bought again since: NAPL at both ends
of the period (worked out by hand) and every other figure, the same from the hourly summaries
as from the ledger, and equal to NAPL by definition — with purchases voided and rejected
after and inside the period, a sale from another terminal arriving late, purchases on the
last second before and the first second after the period, and another store's sales.

Store S001, Asia/Taipei, TW rules (3-month NAPL window). Report period 2026-06-01..06-30
(previous 05-02..05-31), viewed on 2026-11-23: windows start 03-01 (as of 05-31) and 03-31
(as of 06-30).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import text

from loyalty.ids import new_id
from loyalty.napl import napl_status
from loyalty.report.periods import Period
from loyalty.rules import default_rules
from loyalty.store import replica
from loyalty.store.context import TillContext as Till
from loyalty.store.engine import reader
from loyalty.store.report.hours import HourMap, scan
from loyalty.store.report.napl_flows import napl
from loyalty.store.report.report import daily_report
from tests.helpers.records import as_feed_entry
from tests.helpers.store import StoreFixture
from tests.unit.report.dataset import TPE, at, twd

TODAY = date(2026, 11, 23)
JUNE = (date(2026, 6, 1), date(2026, 6, 30))


@dataclass
class Event:
    when: datetime
    key: str
    kind: str = "buy"  # buy, void (of the key's purchase named in ``ref``), feed, other-store
    ref: str = ""
    amount: int = 500


def _events() -> list[Event]:
    e = Event
    return [
        # A: one day long before, then June, then twice after: L -> A
        e(at(2026, 1, 10), "A"), e(at(2026, 6, 15), "A"), e(at(2026, 8, 1), "A"),
        e(at(2026, 10, 5), "A"), e(at(2026, 6, 20), "A", "other-store"),
        # B: one day in 2025, back in September: L -> L
        e(at(2025, 12, 1), "B"), e(at(2026, 9, 1), "B"), e(at(2026, 9, 2), "B"),
        # C: two days in February, back in October: P -> P
        e(at(2026, 2, 1), "C"), e(at(2026, 2, 20), "C"), e(at(2026, 10, 10), "C"),
        e(at(2026, 10, 11), "C"),
        # D: first bought in April (inside both windows): N -> N
        e(at(2026, 4, 10), "D"), e(at(2026, 7, 20), "D"), e(at(2026, 11, 1), "D"),
        # E: twice on 03-05 only before the period (new, then lost), back in August: N -> L
        e(at(2026, 3, 5, 10), "E"), e(at(2026, 3, 5, 15), "E"), e(at(2026, 8, 8), "E"),
        # F: first bought in June: - -> N
        e(at(2026, 6, 10), "F"), e(at(2026, 6, 12), "F"), e(at(2026, 7, 15), "F"),
        e(at(2026, 10, 1), "F"),
        # G: on the window's first day, the last second before the period, the first second
        # after it: N -> A
        e(at(2026, 3, 1), "G"), e(at(2026, 5, 31, 23, 59, 59), "G"),
        e(at(2026, 7, 1, 0, 0, 0), "G"),
        # H: active in March, a purchase after the period voided: A -> P
        e(at(2026, 1, 5), "H"), e(at(2026, 3, 10), "H"), e(at(2026, 8, 1, 11), "H"),
        e(at(2026, 8, 1, 15), "H", "void", "H3"), e(at(2026, 9, 1), "H"),
        # I: one day in February; in June one purchase voided and one rejected by central:
        # still L -> L
        e(at(2026, 2, 2), "I"), e(at(2026, 6, 5, 11), "I"),
        e(at(2026, 6, 5, 12), "I", "void", "I2"), e(at(2026, 6, 7), "I"),
        e(at(2026, 6, 8), "I", "reject", "I3"), e(at(2026, 9, 9), "I"),
        # J: one day in February; a June sale at the other till arrives in November: L -> A
        e(at(2026, 2, 1), "J"), e(at(2026, 10, 1), "J"),
        e(at(2026, 11, 20), "J", "feed", at(2026, 6, 20).isoformat()),
        # K: two days long before, the period's last second, the day after: P -> A
        e(at(2025, 12, 15), "K"), e(at(2026, 1, 20), "K"), e(at(2026, 6, 30, 23, 59, 59), "K"),
        e(at(2026, 7, 1, 10), "K"),
        # L: first bought after the period: not a customer at either end
        e(at(2026, 8, 15), "L"),
        # M: bought only at the other store
        e(at(2026, 6, 3), "M", "other-store"),
    ]


# Worked out by hand from the comments above.
JUNE_FLOWS = {("L", "A"): 2, ("L", "L"): 2, ("P", "P"): 1, ("N", "N"): 1, ("N", "L"): 1,
              ("-", "N"): 1, ("N", "A"): 1, ("A", "P"): 1, ("P", "A"): 1}
JUNE_PREVIOUS = {"N": 3, "A": 1, "P": 2, "L": 4}  # D E G; H; C K; A B I J
JUNE_CURRENT = {"N": 2, "A": 4, "P": 2, "L": 3}  # D F; A G J K; C H; B E I


@pytest.fixture
def past(store: StoreFixture) -> dict[str, str]:
    """Writes the events in time order; returns member ids by key."""
    s1 = store.service()
    s1.sign_in(store.manager.id, "2468")
    s2 = store.service(Till("S002", "S002-T01"))
    s2.sign_in(store.manager.id, "2468")
    ids: dict[str, str] = {}
    purchases: dict[str, list[str]] = {}
    for ev in sorted(_events(), key=lambda ev: ev.when):
        store.clock.now = ev.when
        if ev.key not in ids:
            svc = s2 if ev.kind == "other-store" and ev.key == "M" else s1
            ids[ev.key] = svc.enroll(phone=f"09223344{len(ids):02d}",
                                     name=f"會員{ev.key}").member_id
        member = ids[ev.key]
        bought = purchases.setdefault(ev.key, [])
        if ev.kind == "buy":
            bought.append(str(s1.award(member, twd(ev.amount)).entry_id))
        elif ev.kind == "other-store":
            s2.award(member, twd(ev.amount))
        elif ev.kind == "void":
            s1.void(bought[int(ev.ref[1:]) - 1], manager_id=store.manager.id, reason="refund")
        elif ev.kind == "reject":
            with store.engine.begin() as conn:
                replica.reject_entry(conn, bought[int(ev.ref[1:]) - 1], ev.when)
        elif ev.kind == "feed":
            with store.engine.begin() as conn:
                replica.apply_entry(conn, as_feed_entry(conn, {
                    "entry_id": new_id(), "member_id": member, "kind": "earn", "points": 50,
                    "store_id": "S001", "terminal_id": "S001-T02", "rules_version": 1,
                    "occurred_at": ev.ref, "sale_amount": "500", "currency": "TWD",
                    "expires_on": "2027-06-30"}), ev.when)
    for svc in (s1, s2):
        svc.close()
    return ids


def by_definition(store: StoreFixture, period: Period) -> Counter[tuple[str, str]]:
    """NAPL flows from every member's purchase days here (voided and rejected left out)."""
    days: dict[str, set[date]] = {}
    with store.engine.connect() as conn:
        for member, moment in conn.execute(text(
                "SELECT member_id, occurred_at FROM ledger e WHERE store_id = 'S001'"
                " AND kind = 'earn' AND state <> 'rejected' AND NOT EXISTS ("
                " SELECT 1 FROM ledger r WHERE r.ref_entry_id = e.id AND r.kind = 'reverse'"
                " AND r.state <> 'rejected')")):
            local = datetime.fromisoformat(moment).replace(tzinfo=UTC).astimezone(TPE).date()
            days.setdefault(member, set()).add(local)
    flows: Counter[tuple[str, str]] = Counter()
    for seen in days.values():
        pair = []
        for as_of in (period.previous().end, period.end):
            before = sorted(d for d in seen if d <= as_of)
            status = napl_status(before[0] if before else None, before[-1] if before else None,
                                 len(before), as_of, 3)
            pair.append(status.value if status else "-")
        if pair != ["-", "-"]:
            flows[(pair[0], pair[1])] += 1
    return flows


def _both(store: StoreFixture, start: date, end: date) -> tuple[Any, Any]:
    rules = default_rules("TW")
    with reader(store.engine).begin() as conn:
        return (daily_report(conn, "S001", start, end, "Asia/Taipei", rules, TODAY),
                daily_report(conn, "S001", start, end, "Asia/Taipei", rules, TODAY,
                             from_ledger=True))


def test_june_viewed_in_november(store: StoreFixture, past: dict[str, str]) -> None:
    fast, slow = _both(store, *JUNE)
    assert fast == slow
    for rep in (fast, slow):
        assert rep.napl.flows == JUNE_FLOWS
        assert rep.napl.previous == JUNE_PREVIOUS
        assert rep.napl.current == JUNE_CURRENT
        # June buyers here: A, F (2 days), I (06-07 was rejected, 06-05 voided: none),
        # J (the late sale), K; not M (other store).
        assert (rep.current.buyers, rep.current.visits) == (4, 5)
        assert rep.current.member_sales == twd(4 * 500 + 500)
        # G's 05-31 23:59:59 in May, K's 06-30 23:59:59 in June, G's 07-01 00:00 in neither.
        assert rep.previous.buyers == 1


@pytest.mark.parametrize("start,end", [
    JUNE, (date(2026, 5, 2), date(2026, 5, 31)), (date(2026, 6, 15), date(2026, 6, 15)),
    (date(2026, 7, 1), date(2026, 7, 1)), (date(2026, 10, 1), date(2026, 10, 31)),
    (date(2026, 9, 24), date(2026, 10, 23)), (date(2026, 3, 1), date(2026, 6, 30)),
    (date(2025, 12, 1), date(2026, 2, 28)), (TODAY, TODAY)])
def test_any_past_period_from_summaries_is_the_ledgers_and_napl_by_definition(
        store: StoreFixture, past: dict[str, str], start: date, end: date) -> None:
    fast, slow = _both(store, start, end)
    assert fast == slow
    period = Period(start, end, "Asia/Taipei")
    expected = dict(by_definition(store, period))
    assert {k: v for k, v in fast.napl.flows.items() if v} == expected
    with reader(store.engine).begin() as conn:
        hours = HourMap.of(period)
        assert hours is not None
        for before in (None, scan(conn, "S001", hours).before):
            flows = napl(conn, "S001", period, 3, before).flows
            assert {k: v for k, v in flows.items() if v} == expected
