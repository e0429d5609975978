"""NAPL at its boundaries (window of 3 months ending on the report date) and RFM."""

from datetime import date
from decimal import Decimal

from loyalty.napl import Napl, RfmInput, napl_status, quintile_scores, rfm_scores, window_start

AS_OF = date(2026, 11, 23)
START = date(2026, 8, 24)  # first day inside the 3-month window


def test_window_start() -> None:
    assert window_start(AS_OF, 3) == START
    assert window_start(date(2026, 5, 31), 3) == date(2026, 3, 1)


def test_new_first_purchase_inside_window_even_if_repeat() -> None:
    assert napl_status(START, START, 1, AS_OF) is Napl.NEW
    assert napl_status(START, AS_OF, 3, AS_OF) is Napl.NEW


def test_active_repeat_buyer_with_a_purchase_inside() -> None:
    assert napl_status(date(2025, 1, 1), START, 2, AS_OF) is Napl.ACTIVE


def test_passive_repeat_buyer_last_purchase_just_outside() -> None:
    assert napl_status(date(2025, 1, 1), date(2026, 8, 23), 5, AS_OF) is Napl.PASSIVE


def test_lost_one_time_buyer_before_window() -> None:
    assert napl_status(date(2026, 8, 23), date(2026, 8, 23), 1, AS_OF) is Napl.LOST


def test_never_bought_has_no_status() -> None:
    assert napl_status(None, None, 0, AS_OF) is None


def test_window_is_configurable() -> None:
    assert napl_status(date(2026, 6, 1), date(2026, 6, 1), 1, AS_OF, 6) is Napl.NEW


def test_quintiles() -> None:
    assert quintile_scores(list(range(10))) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert quintile_scores([5, 5, 5]) == [1, 1, 1]  # ties share a score
    assert quintile_scores([1, 2, 3, 4, 5], higher_is_better=False) == [5, 4, 3, 2, 1]


def test_rfm_best_and_worst() -> None:
    rows = [RfmInput(f"m{i}", recency_days=i * 10, frequency=10 - i,
                     monetary=Decimal(1000 - i * 100)) for i in range(10)]
    scores = rfm_scores(rows)
    assert (scores["m0"].r, scores["m0"].f, scores["m0"].m) == (5, 5, 5)
    assert scores["m0"].segment == "champions"
    assert (scores["m9"].r, scores["m9"].f, scores["m9"].m) == (1, 1, 1)
    assert scores["m9"].segment == "hibernating"
