"""A fake network receipt printer on 127.0.0.1: captures bytes, answers DLE EOT, misbehaves.

Modes (settable while running, e.g. to bring the printer "back"):

* ``ok``: reads everything, answers status queries "online, paper present".
* ``silent``: accepts and reads, never answers (a hung printer).
* ``close_after``: closes the connection after ``close_after_bytes`` bytes (mid-job).
* ``paper_out`` / ``cover_open``: answers status queries with that fault.
* ``refuse``: stops listening, so connections are refused.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.helpers.wait import wait_until

STATUS = {
    "ok": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
}


class PrinterServer:
    """Fake printer; ``jobs`` holds the bytes of each completed connection."""

    def __init__(self, mode: str = "ok", close_after_bytes: int = 200) -> None:
        self.mode = mode
        self.close_after_bytes = close_after_bytes
        self.jobs: list[bytes] = []
        self.connections = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener: socket.socket | None = None
        self.port = 0
        self._threads: list[threading.Thread] = []
        self._listen()

    def _listen(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        sock.listen(8)
        sock.settimeout(0.05)
        self.port = sock.getsockname()[1]
        self._listener = sock
        thread = threading.Thread(target=self._accept_loop, args=(sock,), daemon=True)
        thread.start()
        self._threads.insert(0, thread)

    def set_mode(self, mode: str) -> None:
        """Change behaviour; ``refuse`` closes the port, leaving it re-listens on it."""
        if mode == "refuse" and self._listener is not None:
            # Let the accept loop close it: closing under a blocked accept() would leave
            # the kernel socket listening until accept() returns.
            self._listener = None
            self._threads[0].join(2)
            self._threads.pop(0)
        elif mode != "refuse" and self._listener is None:
            self._listen()
        self.mode = mode

    def _accept_loop(self, sock: socket.socket) -> None:
        with sock:
            while not self._stop.is_set() and self._listener is sock:
                try:
                    conn, _ = sock.accept()
                except TimeoutError:
                    continue
                self._start_serving(conn)

    def _start_serving(self, conn: socket.socket) -> None:
        self.connections += 1
        thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
        thread.start()
        self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        buf = bytearray()
        conn.settimeout(0.05)
        try:
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    break
                buf += chunk
                if self.mode == "close_after" and len(buf) >= self.close_after_bytes:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    break  # close with RST, as a printer switched off mid-job would
                answers = None if self.mode == "silent" else STATUS.get(self.mode, STATUS["ok"])
                if answers and len(buf) >= 3 and buf[-3:-1] == b"\x10\x04":
                    conn.sendall(bytes([answers[buf[-1]]]))
        finally:
            conn.close()
            with self._lock:
                self.jobs.append(bytes(buf))

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """Wait until ``count`` connections have finished; return their bytes."""
        def arrived() -> list[bytes] | None:
            with self._lock:
                return list(self.jobs) if len(self.jobs) >= count else None

        jobs = wait_until(arrived, timeout, interval=0.01,
                          message=lambda: f"{len(self.jobs)} of {count} print jobs arrived")
        assert jobs is not None
        return jobs

    def close(self) -> None:
        """Stop listening and serving."""
        self._stop.set()
        for thread in self._threads:
            thread.join(2)


@contextmanager
def printer_server(mode: str = "ok", **kwargs: int) -> Iterator[PrinterServer]:
    """A running :class:`PrinterServer`, closed afterwards."""
    server = PrinterServer(mode, **kwargs)
    try:
        yield server
    finally:
        server.close()


def strip_status_queries(data: bytes) -> bytes:
    """The job bytes without the leading/trailing ``DLE EOT n`` queries the sender adds."""
    while data.startswith(b"\x10\x04"):
        data = data[3:]
    while len(data) >= 3 and data[-3:-1] == b"\x10\x04":
        data = data[:-3]
    return data
