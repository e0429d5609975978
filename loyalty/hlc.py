"""A hybrid logical clock: per-field last-writer-wins that survives skewed terminal clocks."""

from __future__ import annotations

import threading
import time


def format_hlc(ms: int, counter: int, node: str) -> str:
    """The wire form; comparing two strings compares the clocks."""
    return f"{ms:013d}-{counter:04d}-{node}"


def parse_hlc(value: str) -> tuple[int, int, str]:
    ms, counter, node = value.split("-", 2)
    return int(ms), int(counter), node


class HybridClock:
    """Issues timestamps that never go backwards and follow any newer clock observed."""

    def __init__(self, node: str, wall_ms: int = 0, counter: int = 0) -> None:
        self.node = node
        self._ms = wall_ms
        self._counter = counter
        self._lock = threading.Lock()

    def now(self) -> str:
        with self._lock:
            wall = time.time_ns() // 1_000_000
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._counter += 1
            return format_hlc(self._ms, self._counter, self.node)

    def observe(self, remote: str) -> None:
        """Move past a clock value received from elsewhere."""
        ms, counter, _ = parse_hlc(remote)
        with self._lock:
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter
