"""Pure identity rules: names, clocks, consent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from central.clock import consent_wins, wins
from central.identity import names_clearly_differ


@pytest.mark.parametrize(("a", "b", "differ"), [
    ("王小明", "王小明", False),
    ("王小明", "王 小明", False),
    ("王", "王小明", False),
    ("Amy Chen", "amy  chen", False),
    ("王小明", None, False),
    ("", "陳美玲", False),
    ("陳美玲", "林志豪", True),
    ("Amy Chen", "Bob Lee", True),
])
def test_names_clearly_differ(a: str | None, b: str | None, differ: bool) -> None:
    assert names_clearly_differ(a, b) is differ


@given(st.text(max_size=20))
def test_a_name_never_differs_from_itself(name: str) -> None:
    assert not names_clearly_differ(name, name)


def test_last_writer_wins_by_clock_string() -> None:
    assert wins("1700000000001-0000-a", "1700000000000-0009-z")
    assert not wins("1700000000000-0000-a", "1700000000000-0001-a")
    assert wins("1700000000000-0000-a", None)


def test_consent_keeps_the_latest_choice_and_opt_out_wins_a_tie() -> None:
    assert consent_wins("1700000000001-0000-a", True, "1700000000000-0000-b")
    assert not consent_wins("1700000000000-0000-a", True, "1700000000001-0000-b")
    assert consent_wins("1700000000000-0000-a", False, "1700000000000-0000-b")
    assert not consent_wins("1700000000000-0000-a", True, "1700000000000-0000-b")
    assert not consent_wins("1800000000000-0000-a", None, "1700000000000-0000-b")
