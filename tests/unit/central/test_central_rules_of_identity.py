"""Pure identity rules: names, clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from central.clock import PROFILE_CLOCK_TOLERANCE, clamp_hlc, wins
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


def test_a_clock_further_ahead_than_the_tolerance_is_clamped_to_central_time() -> None:
    received = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    received_ms = int(received.timestamp() * 1000)
    limit_ms = int((received + PROFILE_CLOCK_TOLERANCE).timestamp() * 1000)
    assert clamp_hlc("9999999999999-0003-till-9", received) == (f"{received_ms}-0003-till-9",
                                                                  True)
    assert clamp_hlc(f"{limit_ms + 1}-0000-a", received) == (f"{received_ms}-0000-a", True)
    within = f"{limit_ms}-0007-a"
    assert clamp_hlc(within, received) == (within, False)
    behind = f"{int((received - timedelta(days=3)).timestamp() * 1000)}-0000-a"
    assert clamp_hlc(behind, received) == (behind, False)


@given(st.integers(0, 9_999_999_999_999), st.integers(0, 9999))
def test_a_clamped_clock_never_passes_the_tolerance(ms: int, n: int) -> None:
    received = datetime(2026, 12, 1, tzinfo=UTC)
    stated = f"{ms:013d}-{n:04d}-x"
    clamped, was = clamp_hlc(stated, received)
    limit = f"{int((received + PROFILE_CLOCK_TOLERANCE).timestamp() * 1000):013d}-9999-x"
    assert clamped <= limit
    assert was == (stated > limit)
    assert clamped == (f"{int(received.timestamp() * 1000):013d}-{n:04d}-x" if was else stated)
