"""Feed changes rendered once per process and served to every till from memory.

Every till reads every change (the feed's fan-out): at 1,000 tills a change is read about
1,000 times, and rendering it (loading the rows, building the records, writing JSON) was
~85% of a worker's CPU under fleet load (``docs/central-scale.md``). :class:`RenderedFeed`
keeps the JSON of the latest changes, a contiguous stretch ``(lo, hi]`` of feed positions,
and serves a page in that stretch as joined bytes; a page beyond ``hi`` (or a little
before ``lo``) renders what is missing once, one reader at a time, and keeps it.

What a kept change says is what a till reading at the moment it was rendered got: a later
change of the same member follows it in the feed, as it would for that till. Two things
rewrite what earlier positions render as — an erasure (the member's personal data is gone)
and a merge (entries move to the surviving member) — and each bumps the ``feed_rewrites``
counter in its transaction (:func:`note_rewrite`); a process that reads a higher value
forgets everything it kept, so no erased data is served from memory once the erasure has
committed. A reader further behind than the stretch can hold (a till back after a long
time) is rendered for, not kept.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.orm import Session

from central.models import NamedCounter

REWRITES = "feed_rewrites"
Render = Callable[[Session, int, int], list[tuple[int, bytes]]]


def note_rewrite(session: Session) -> None:
    """Earlier feed positions now render differently (an erasure, a merge): every process
    drops the changes it kept (in the caller's transaction)."""
    session.execute(update(NamedCounter).where(NamedCounter.name == REWRITES)
                    .values(value=NamedCounter.value + 1))


class RenderedFeed:
    """The JSON of the latest ``capacity`` feed changes of this process (0: keep none)."""

    def __init__(self, render: Render, capacity: int) -> None:
        self._render = render
        self.capacity = capacity
        self._state = threading.Lock()  # held briefly: the kept lists and bounds
        self._extending = threading.Lock()  # held while one reader renders what to keep
        self._rewrites = -1
        self._lo = self._hi = -1  # kept: positions in (lo, hi]; none while lo < 0
        self._seqs: list[int] = []
        self._parts: list[bytes] = []

    def parts(self, session: Session, after: int, upto: int, rewrites: int) -> list[bytes]:
        """The rendered changes at positions in ``(after, upto]`` (``upto`` at most the head
        this request read, so every position up to it is settled), in feed order;
        ``rewrites``: the ``feed_rewrites`` counter this request read."""
        if self.capacity > 0:
            with self._state:
                self._adopt(rewrites)
                if self._covers(after, upto):
                    return self._slice(after, upto)
                far = self._lo >= 0 and self._lo - after + len(self._seqs) > self.capacity
            if not far:
                kept = self._extend(session, after, upto, rewrites)
                if kept is not None:
                    return kept
        return [part for _, part in self._render(session, after, upto)]

    @property
    def kept(self) -> int:
        """How many rendered changes this process holds."""
        return len(self._seqs)

    def _extend(self, session: Session, after: int, upto: int, rewrites: int
                ) -> list[bytes] | None:
        """Render what this reader needs next to what is kept (before ``lo`` or after
        ``hi``) and keep it, one reader at a time; None: not worth keeping (too far behind)
        or forgotten meanwhile — the caller renders the page for this reader alone."""
        with self._extending:
            with self._state:
                self._adopt(rewrites)
                if self._covers(after, upto):
                    return self._slice(after, upto)
                behind = self._lo >= 0 and after < self._lo
                if behind and self._lo - after + len(self._seqs) > self.capacity:
                    return None
                if not behind and (self._lo < 0 or upto - self._hi > self.capacity):
                    self._forget()  # start over where this reader is
                    self._lo = self._hi = after
                start, end = (after, self._lo) if behind else (self._hi, upto)
                generation = self._rewrites
            rendered = self._render(session, start, end)
            with self._state:
                moved = self._lo != end if behind else self._hi != start
                if self._rewrites != generation or moved:
                    return None
                seqs, parts = [seq for seq, _ in rendered], [part for _, part in rendered]
                if behind:  # a till that was away a little: the next ones like it hit
                    self._seqs[:0], self._parts[:0], self._lo = seqs, parts, start
                else:
                    self._seqs.extend(seqs)
                    self._parts.extend(parts)
                    self._hi = end
                if self._covers(after, upto):
                    page = self._slice(after, upto)  # before trimming: lo <= after here
                    self._trim()
                    return page
        return self._extend(session, after, upto, rewrites)  # was behind; now what follows

    def _adopt(self, rewrites: int) -> None:
        if rewrites > self._rewrites:
            self._forget()
            self._rewrites = rewrites

    def _covers(self, after: int, upto: int) -> bool:
        return 0 <= self._lo <= after and upto <= self._hi

    def _slice(self, after: int, upto: int) -> list[bytes]:
        first = bisect_right(self._seqs, after)
        return self._parts[first:bisect_right(self._seqs, upto, lo=first)]

    def _trim(self) -> None:
        excess = len(self._seqs) - self.capacity
        if excess > 0:
            self._lo = self._seqs[excess - 1]
            del self._seqs[:excess], self._parts[:excess]

    def _forget(self) -> None:
        self._lo = self._hi = -1
        self._seqs, self._parts = [], []
