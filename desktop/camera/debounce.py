"""One showing of a code is one lookup: the camera's debouncer (Qt-free).

A camera sees the same code in every frame while a member holds their phone up, and misses
it in some frames (a hand moves, glare). A code counts as *in view* from its first sighting
until it has gone unseen for ``leave_s``; it is reported once when it comes into view, and
not again within ``repeat_s`` of that report even if it left and came straight back (a phone
tilted away and back is still one showing).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class Debouncer:
    """Turns per-frame sightings into one report per showing.

    ``clock`` returns seconds (monotonic); tests pass a fake one.
    """

    leave_s: float = 1.0
    repeat_s: float = 3.0
    clock: Callable[[], float] = time.monotonic
    _last_seen: dict[str, float] = field(default_factory=dict)
    _last_reported: dict[str, float] = field(default_factory=dict)

    def sighted(self, codes: Iterable[str]) -> list[str]:
        """Record one decoded frame's codes; return those that start a new showing."""
        now = self.clock()
        self._forget(now)
        fresh: list[str] = []
        for code in codes:
            in_view = code in self._last_seen
            self._last_seen[code] = now
            if in_view:
                continue
            reported = self._last_reported.get(code)
            if reported is not None and now - reported < self.repeat_s:
                continue
            self._last_reported[code] = now
            fresh.append(code)
        return fresh

    def in_view(self) -> set[str]:
        """Codes currently in view."""
        self._forget(self.clock())
        return set(self._last_seen)

    def reset(self) -> None:
        """Forget everything (the camera was switched, or the counter locked)."""
        self._last_seen.clear()
        self._last_reported.clear()

    def _forget(self, now: float) -> None:
        for code, seen in list(self._last_seen.items()):
            if now - seen > self.leave_s:
                del self._last_seen[code]
        for code, reported in list(self._last_reported.items()):
            if now - reported >= self.repeat_s and code not in self._last_seen:
                del self._last_reported[code]
