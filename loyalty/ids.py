"""UUIDv7 minting (RFC 9562), done locally with no coordination.

(The ``NewType`` ids once declared here were used nowhere and were removed: the typed
records of issue 15 point 1 carry the ids' types instead.)"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A new UUIDv7: 48-bit Unix milliseconds, then a 12-bit counter and 62 random bits.

    The counter keeps ids minted within one millisecond in order on this process
    (RFC 9562 method 1), so a terminal's ids sort by creation.
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            _counter += 1
            if _counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        counter = _counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand
    return uuid.UUID(int=value)


def new_id() -> str:
    """A UUIDv7 as the canonical lowercase string we store and send."""
    return str(uuid7())


def uuid7_time_ms(value: str) -> int:
    """The Unix milliseconds embedded in a UUIDv7 string."""
    return uuid.UUID(value).int >> 80
