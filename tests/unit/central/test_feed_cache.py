"""RenderedFeed's bookkeeping, whatever order readers come in: every answer is exactly the
changes of the asked stretch, it never holds more than its capacity, and a rewrite makes it
render again. (The real renderer over real centrals: tests/integration/central/
test_feed_cache.py.)"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from central.feed_cache import RenderedFeed

GAPS = {4, 5, 11, 30}  # positions PostgreSQL's sequence skipped


class Feed:
    """Positions 1..head minus GAPS, each rendered as its number and the render round."""

    def __init__(self) -> None:
        self.rounds = 0
        self.rendered: list[tuple[int, int]] = []

    def render(self, _: Any, after: int, upto: int) -> list[tuple[int, bytes]]:
        self.rendered.append((after, upto))
        return [(s, b"%d/%d" % (s, self.rounds)) for s in range(after + 1, upto + 1)
                if s not in GAPS]


def _seqs(parts: list[bytes]) -> list[int]:
    return [int(p.split(b"/")[0]) for p in parts]


reads = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 25), st.integers(0, 8)),
                 min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(reads=reads, capacity=st.integers(0, 20))
def test_every_page_is_exactly_its_stretch_and_the_cache_stays_bounded(
        reads: list[tuple[int, int, int]], capacity: int) -> None:
    feed = Feed()
    kept = RenderedFeed(feed.render, capacity)
    head = 0
    for after, limit, grow in reads:
        head += grow
        after = min(after, head)
        upto = min(after + limit, head)
        got = _seqs(kept.parts(None, after, upto, 0))  # type: ignore[arg-type]
        assert got == [s for s in range(after + 1, upto + 1) if s not in GAPS]
        assert kept.kept <= capacity


def test_readers_near_the_head_are_served_from_what_was_kept() -> None:
    feed = Feed()
    kept = RenderedFeed(feed.render, 100)
    kept.parts(None, 20, 40, 0)  # type: ignore[arg-type]
    kept.parts(None, 12, 40, 0)  # type: ignore[arg-type]  # a little behind: kept too
    rendered = len(feed.rendered)
    for after in range(12, 40):
        kept.parts(None, after, 40, 0)  # type: ignore[arg-type]
    assert len(feed.rendered) == rendered  # no render for any of them
    kept.parts(None, 35, 45, 0)  # type: ignore[arg-type]
    assert feed.rendered[-1] == (40, 45)  # only what follows


def test_a_rewrite_makes_every_kept_change_render_again() -> None:
    feed = Feed()
    kept = RenderedFeed(feed.render, 100)
    assert kept.parts(None, 0, 3, 0) == [b"1/0", b"2/0", b"3/0"]  # type: ignore[arg-type]
    feed.rounds = 1  # e.g. an erasure blanked a member record
    assert kept.parts(None, 0, 3, 0) == [b"1/0", b"2/0", b"3/0"]  # type: ignore[arg-type]
    assert kept.parts(None, 0, 3, 1) == [b"1/1", b"2/1", b"3/1"]  # type: ignore[arg-type]
    assert kept.parts(None, 0, 3, 0) == [b"1/1", b"2/1", b"3/1"]  # type: ignore[arg-type]
