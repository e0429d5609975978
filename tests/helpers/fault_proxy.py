"""A fault-injecting HTTP proxy on 127.0.0.1 between a terminal and central.

Each request meets one fate, drawn from a seeded generator: forwarded untouched, or one of
``drop_request`` (connection closed, central never sees it), ``drop_response`` (central
commits, the answer is lost), ``delay``, ``reset`` (TCP RST, before or after central saw
it), ``error_500`` and ``late_response`` (central commits, the answer comes ``late``
seconds later: past a client's read timeout). ``counts`` tallies the faults injected;
``paths`` limits the faults to requests whose path starts with one of them.
"""

from __future__ import annotations

import random
import socket
import socketserver
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

FAULTS = ("drop_request", "drop_response", "delay", "reset", "error_500")
ALL_FAULTS = (*FAULTS, "late_response")


@dataclass
class FaultPlan:
    """Which faults, how often (``rate`` of requests get one), from which seed."""

    seed: int = 1
    rate: float = 0.3
    faults: tuple[str, ...] = FAULTS
    max_delay: float = 0.3
    late: float = 1.0
    paths: tuple[str, ...] = ()
    enabled: bool = True
    counts: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def draw(self, path: str = "") -> tuple[str | None, float]:
        with self.lock:
            if self.paths and not path.startswith(self.paths):
                return None, 0.0
            if not self.enabled or self.rng.random() >= self.rate:
                return None, 0.0
            fault = self.rng.choice(self.faults)
            self.counts[fault] += 1
            return fault, self.rng.uniform(0.01, self.max_delay)


def _read_request(rfile: socketserver._SocketWriter | object) -> tuple[bytes, dict[str, str],
                                                                        bytes] | None:
    reader = rfile
    line = reader.readline()  # type: ignore[attr-defined]
    if not line:
        return None
    headers: dict[str, str] = {}
    while True:
        h = reader.readline()  # type: ignore[attr-defined]
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = reader.read(length) if length else b""  # type: ignore[attr-defined]
    return line, headers, body


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        while True:
            try:
                got = _read_request(self.rfile)
            except OSError:  # the client reset its connection (a fault of ours, or a kill)
                return
            if got is None:
                return
            line, headers, body = got
            if not self._one(line, headers, body):
                return

    def _one(self, line: bytes, headers: dict[str, str], body: bytes) -> bool:
        fault, delay = self.server.plan.draw(line.decode("latin-1").split(" ")[1])
        if fault == "drop_request":
            return False
        if fault == "error_500":
            self._reply(500, {"content-type": "application/json"},
                        b'{"reason":"injected","message":"injected 500"}')
            return True
        if fault == "reset" and delay < self.server.plan.max_delay / 2:
            self._reset()
            return False
        if fault == "delay":
            time.sleep(delay)
        method, target, _ = line.decode("latin-1").split(" ", 2)
        keep = {k: v for k, v in headers.items()
                if k not in ("host", "content-length", "connection", "accept-encoding")}
        try:
            upstream = self.server.upstream.request(method, target, headers=keep, content=body)
        except httpx.TransportError:
            self._reset()
            return False
        if fault == "drop_response":
            return False
        if fault == "late_response":
            time.sleep(self.server.plan.late)
        if fault == "reset":
            self._reset()
            return False
        out = {k: v for k, v in upstream.headers.items()
               if k.lower() not in ("content-length", "transfer-encoding", "connection",
                                    "content-encoding")}
        self._reply(upstream.status_code, out, upstream.content)
        return True

    def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
        head = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
        head.append(f"Content-Length: {len(body)}")
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        self.wfile.flush()

    def _reset(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    plan: FaultPlan
    upstream: httpx.Client


class FaultProxy:
    """``with FaultProxy(central.url, FaultPlan(seed=3)) as proxy: proxy.url``"""

    def __init__(self, upstream: str, plan: FaultPlan) -> None:
        self.plan = plan
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.plan = plan
        self._server.upstream = httpx.Client(base_url=upstream, timeout=60.0)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._server.upstream.close()
        self._thread.join(timeout=10)
