"""Raw sockets for clients no HTTP library will play: ones that stall, trickle or lie."""

from __future__ import annotations

import select
import socket
import time
from urllib.parse import urlsplit


def connect(url: str, *, rcvbuf: int | None = None) -> socket.socket:
    """A TCP connection to the server at ``url`` (a small ``rcvbuf`` makes a stalled reader
    fill up quickly: set before connecting, so the window stays small)."""
    parts = urlsplit(url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.connect((parts.hostname or "127.0.0.1", parts.port or 80))
    return sock


def request_head(method: str, path: str, *headers: str) -> bytes:
    """A request line and headers, ending with the blank line."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers, "", ""]
    return "\r\n".join(lines).encode("latin-1")


def wait_readable(socks: list[socket.socket], timeout: float) -> None:
    """Wait until every socket has something to read (without reading it)."""
    waiting = set(socks)
    deadline = time.monotonic() + timeout
    while waiting:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{len(waiting)} of {len(socks)} sockets got nothing")
        ready, _, _ = select.select(list(waiting), [], [], left)
        waiting -= set(ready)


def read_until_closed(sock: socket.socket, timeout: float) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took
    (raises TimeoutError when it is still open after ``timeout`` seconds)."""
    began = time.monotonic()
    data = bytearray()
    sock.settimeout(0.1)
    while time.monotonic() - began < timeout:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        except ConnectionResetError:
            return bytes(data), time.monotonic() - began
        if not chunk:
            return bytes(data), time.monotonic() - began
        data += chunk
    raise TimeoutError(f"still open after {timeout} s")


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes the connection within ``seconds`` (any data it sends
    instead is read and dropped)."""
    ready, _, _ = select.select([sock], [], [], seconds)
    if not ready:
        return False
    try:
        return sock.recv(65536) == b""
    except ConnectionResetError:
        return True


def push_until_blocked(sock: socket.socket, total: int) -> int:
    """Send up to ``total`` body bytes without blocking; how many the kernel took before its
    buffers filled or the server closed the connection."""
    sock.setblocking(False)
    chunk = b"x" * 65536
    sent = 0
    while sent < total:
        try:
            sent += sock.send(chunk[:min(len(chunk), total - sent)])
        except (BlockingIOError, BrokenPipeError, ConnectionResetError):
            break
    sock.setblocking(True)
    return sent


def rss_bytes(pid: int) -> int:
    """The resident set size of process ``pid`` (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")
