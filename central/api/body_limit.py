"""Request bodies bounded in size and in time, with the full size only for a known caller.

Before this middleware buffers a byte of a body it looks at the headers: a
``Content-Length`` beyond what the caller may send is answered 413 at once (nothing read),
and the connection is closed. Only a request with a valid bearer token may send up to
``max_bytes``; anyone else (registration is the one route without a token) gets
``anonymous_bytes``, so an unauthenticated client cannot make central buffer megabytes.
The whole body must arrive within ``timeout_s`` (408 otherwise). ``Content-Encoding: gzip``
is accepted within the same bound, measured after inflating.

The caller found here is kept in the request scope (:data:`CALLER_KEY`), so the route's own
authentication does not look the token up again.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from central.auth import Caller

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Lookup = Callable[[str], Awaitable[Caller | None]]
CALLER_KEY = "regulars.caller"
"""Scope key: ``(token, caller or None)`` as looked up by :class:`BodyLimit`."""
_NO_BODY = ("GET", "HEAD", "OPTIONS")


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The bearer token of an ``Authorization`` header, if it looks like one."""
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            if scheme.lower() == "bearer" and 0 < len(token) <= 256 and "\x00" not in token:
                return token
            return None
    return None


class BodyLimit:
    """ASGI middleware: size and time limits on request bodies (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, anonymous_bytes: int,
                 timeout_s: float, lookup: Lookup) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.anonymous_bytes = anonymous_bytes
        self.timeout_s = timeout_s
        self.lookup = lookup

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        length = _content_length(headers)
        if length == -1:
            await _send_error(send, 400, "bad_content_length", "Content-Length is not valid.")
            return
        if length is not None and length > self.max_bytes:
            await _too_large(send)
            return
        if scope["method"] in _NO_BODY:
            await self.app(scope, receive, send)
            return
        limit = self.anonymous_bytes
        token = bearer_token(headers)
        if token is not None:
            caller = await self.lookup(token)
            scope[CALLER_KEY] = (token, caller)
            if caller is not None:
                limit = self.max_bytes
        if length is not None and length > limit:
            await _too_large(send)
            return
        body: bytes | int | None = None
        with anyio.move_on_after(self.timeout_s) as deadline:
            body = await _read(receive, limit)
        if deadline.cancelled_caught:
            await _send_error(send, 408, "body_timeout", "The request body did not arrive "
                              f"within {self.timeout_s:.0f} s.")
            return
        if body is None:  # the client went away
            return
        if isinstance(body, int):
            await _too_large(send)
            return
        await self._forward(scope, headers, body, limit, receive, send)

    async def _forward(self, scope: Scope, headers: list[tuple[bytes, bytes]], body: bytes,
                       limit: int, receive: Receive, send: Send) -> None:
        headers = [(k, v) for k, v in headers if k != b"content-length"]
        encoding = dict(headers).get(b"content-encoding", b"identity").lower()
        if encoding == b"gzip":
            data = _gunzip(body, limit)
            if data is None:
                await _send_error(send, 413, "body_too_large",
                                  "The request body is too large or not valid gzip.")
                return
            body = data
            headers = [(k, v) for k, v in headers if k != b"content-encoding"]
        elif encoding != b"identity":
            await _send_error(send, 415, "unsupported_encoding", "Use gzip or no encoding.")
            return
        headers.append((b"content-length", str(len(body)).encode()))
        await self.app({**scope, "headers": headers}, _replay(body, receive), send)


def _content_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    """The declared length, None when absent, -1 when unreadable."""
    for name, value in headers:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else -1
    return None


async def _read(receive: Receive, limit: int) -> bytes | int | None:
    """The whole body; the byte count once it passes ``limit``; None on disconnect."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > limit:
            return len(body)
        if not message.get("more_body", False):
            return bytes(body)


def _gunzip(data: bytes, limit: int) -> bytes | None:
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        return None
    if len(out) > limit or inflater.unconsumed_tail:
        return None
    return out


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _too_large(send: Send) -> None:
    await _send_error(send, 413, "body_too_large", "The request body is too large.")


async def _send_error(send: Send, status: int, reason: str, message: str) -> None:
    """An error answer that also closes the connection (the rest of the body is unread)."""
    payload = json.dumps({"reason": reason, "message": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})
