"""One showing of a code is one report."""

from __future__ import annotations

from desktop.camera.debounce import Debouncer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def frames(debouncer: Debouncer, clock: Clock, codes: list[str], count: int,
           step: float = 0.05) -> list[str]:
    out: list[str] = []
    for _ in range(count):
        out += debouncer.sighted(codes)
        clock.now += step
    return out


def test_a_code_held_up_for_many_frames_is_reported_once() -> None:
    clock = Clock()
    debouncer = Debouncer(leave_s=1.0, repeat_s=3.0, clock=clock)
    assert frames(debouncer, clock, ["A"], 60) == ["A"]


def test_missed_frames_inside_a_showing_do_not_start_a_new_one() -> None:
    clock = Clock()
    debouncer = Debouncer(leave_s=1.0, repeat_s=0.5, clock=clock)
    reports = frames(debouncer, clock, ["A"], 10)
    reports += frames(debouncer, clock, [], 15)  # 0.75 s of missed frames
    reports += frames(debouncer, clock, ["A"], 10)
    assert reports == ["A"]


def test_a_code_shown_again_after_leaving_is_reported_again() -> None:
    clock = Clock()
    debouncer = Debouncer(leave_s=1.0, repeat_s=3.0, clock=clock)
    reports = frames(debouncer, clock, ["A"], 10)
    reports += frames(debouncer, clock, [], 80)  # 4 s away
    reports += frames(debouncer, clock, ["A"], 10)
    assert reports == ["A", "A"]
    assert debouncer.in_view() == {"A"}


def test_a_quick_return_within_the_repeat_time_is_the_same_showing() -> None:
    clock = Clock()
    debouncer = Debouncer(leave_s=0.5, repeat_s=3.0, clock=clock)
    reports = frames(debouncer, clock, ["A"], 5)
    reports += frames(debouncer, clock, [], 20)  # 1 s away: left view, but within 3 s
    reports += frames(debouncer, clock, ["A"], 5)
    assert reports == ["A"]


def test_two_codes_and_a_reset() -> None:
    clock = Clock()
    debouncer = Debouncer(clock=clock)
    assert debouncer.sighted(["A", "B", "A"]) == ["A", "B"]
    assert debouncer.sighted(["B"]) == []
    debouncer.reset()
    assert debouncer.in_view() == set()
    assert debouncer.sighted(["B"]) == ["B"]
