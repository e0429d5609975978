"""The report's RFM counts (quintiles without an object per member) equal
``loyalty.napl.rfm_scores`` member by member."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from loyalty.napl import RfmInput, quintile_scores, rfm_scores
from loyalty.store.report.activity import BuyerRow, Buyers, quintiles, rfm

ROWS = st.lists(st.builds(BuyerRow, st.uuids().map(str), st.integers(1, 6),
                          st.integers(100, 10**7), st.integers(0, 29)),
                max_size=60, unique_by=lambda r: r.member_id)


@given(ROWS)
def test_rfm_counts_match_rfm_scores(rows: list[BuyerRow]) -> None:
    scores = rfm_scores([RfmInput(r.member_id, r.recency_days, r.visits,
                                  Decimal(r.cents) / 100) for r in rows])
    assert rfm(Buyers.of(rows)) == dict(Counter(s.segment for s in scores.values()))


@given(st.lists(st.integers(0, 8), max_size=80), st.booleans())
def test_quintiles_match_quintile_scores_with_ties(values: list[int], better: bool) -> None:
    assert quintiles(values, higher_is_better=better) == quintile_scores(
        values, higher_is_better=better)
