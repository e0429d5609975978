"""The chain report's member analysis (SQL, :mod:`central.console.analysis`) equals the
till's pure definitions (:mod:`loyalty.napl`) on a varied ledger: NAPL at both period ends
and the flows, RFM segments with ties, the 80/20 share; a voided sale never counts; the
consented-only segment list leaves out members who did not agree to marketing."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central.console.analysis import analyse, segment_members
from central.db import run_transaction
from central.models import LedgerEntryRow, Member
from loyalty.ids import new_id
from loyalty.napl import RfmInput, napl_status, rfm_scores
from loyalty.report.model import share
from loyalty.report.periods import Period

TPE = ZoneInfo("Asia/Taipei")
PERIOD = Period(date(2026, 11, 1), date(2026, 11, 30), "Asia/Taipei")
_seq = count(1)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TPE).astimezone(UTC)


def _earn(member: str, when: datetime, sale: int, store: str = "S001") -> LedgerEntryRow:
    return LedgerEntryRow(
        id=new_id(), member_id=member, account_id=member, kind="earn", points=sale // 10,
        sale_amount=Decimal(sale), currency="TWD", store_id=store, terminal_id="t1",
        occurred_at=when, rules_version=1, offline=False, received_at=when,
        feed_seq=next(_seq), balance_after=0, overdraft=0)


def _purchases(rng: random.Random) -> dict[str, list[tuple[date, int]]]:
    """Member → purchase days and amounts, from last year to the period's end."""
    out: dict[str, list[tuple[date, int]]] = {}
    for _ in range(60):
        days = sorted(PERIOD.end - timedelta(days=rng.choice([0, 1, 3, 9, 20, 29, 40, 80,
                                                              100, 200, 300]))
                      for _ in range(rng.randint(1, 4)))
        out[new_id()] = [(d, rng.choice([100, 250, 250, 900, 5000])) for d in days]
    return out


def test_the_analysis_equals_the_pure_definitions(engine: Engine) -> None:
    purchases = _purchases(random.Random(21))
    consenting = set(list(purchases)[::2])
    voided_member = new_id()

    def fill(session: Session) -> None:
        for mid, bought in purchases.items():
            when = _at(PERIOD.end, 12)
            session.add(Member(id=mid, name="x", origin="S001", enrolled_at=when,
                               tier="general", balance=0, status="active", bucket=0,
                               clocks={}, created_at=when, updated_at=when,
                               marketing_consent=mid in consenting))
            for i, (day, sale) in enumerate(bought):
                session.add(_earn(mid, _at(day, 10 + i), sale))
        # A sale voided: the member never bought; an entry at another store: not S001's.
        voided = _earn(voided_member, _at(PERIOD.end, 9), 99_999)
        session.add_all([voided, LedgerEntryRow(
            id=new_id(), member_id=voided_member, account_id=voided_member, kind="reverse",
            points=-voided.points, currency="TWD", store_id="S001", terminal_id="t1",
            occurred_at=_at(PERIOD.end, 10), rules_version=1, offline=False,
            received_at=_at(PERIOD.end, 10), feed_seq=next(_seq), balance_after=0,
            overdraft=0, ref_entry_id=voided.id), _earn(new_id(), _at(PERIOD.end, 9), 7, "S002")])

    run_transaction(engine, fill)
    with Session(engine) as session:
        got = analyse(session, PERIOD, "S001")
        champions = segment_members(session, PERIOD, "S001", "rfm_champions")
        new = segment_members(session, PERIOD, "S001", "napl_N")

    inside = {mid: [(d, s) for d, s in b if PERIOD.start <= d <= PERIOD.end]
              for mid, b in purchases.items()}
    rows = [RfmInput(mid, (PERIOD.end - max(d for d, _ in b)).days, len({d for d, _ in b}),
                     Decimal(sum(s for _, s in b))) for mid, b in inside.items() if b]
    scores = rfm_scores(rows)
    assert got.rfm == dict(sorted(Counter(s.segment for s in scores.values()).items(),
                                  key=lambda kv: (-kv[1], kv[0])))
    assert got.buyers == len(rows) and got.top_buyers == -(-len(rows) // 5)
    sales = sorted((r.monetary for r in rows), reverse=True)
    assert got.top_share == share(sum(sales[:got.top_buyers], Decimal(0)), sum(sales, Decimal(0)))

    def status(bought: list[tuple[date, int]], as_of: date) -> str:
        days = sorted({d for d, _ in bought if d <= as_of})
        found = napl_status(days[0] if days else None, days[-1] if days else None, len(days),
                            as_of)
        return found.value if found else "-"

    prev_end = PERIOD.previous().end
    flows = Counter((status(b, prev_end), status(b, PERIOD.end)) for b in purchases.values())
    assert got.napl.flows == dict(flows)
    assert got.napl.current == {k: flows_to(flows, k, 1) for k in "NAPL"}
    assert got.napl.previous == {k: flows_to(flows, k, 0) for k in "NAPL"}
    assert {m.id for m in champions} == {mid for mid, s in scores.items()
                                         if s.segment == "champions" and mid in consenting}
    assert {m.id for m in new} == {mid for mid, b in purchases.items()
                                   if status(b, PERIOD.end) == "N" and mid in consenting}
    assert champions and new and voided_member not in {m.id for m in new}


def flows_to(flows: Counter[tuple[str, str]], status: str, side: int) -> int:
    return sum(n for key, n in flows.items() if key[side] == status)
