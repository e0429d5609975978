"""The HTTP server's own limits: how long a client may take to send a request's headers, how
long an idle connection is kept, how large headers may be, and how many connections one
process serves.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive`` but has no timer
for a request's headers: a client that connects and sends nothing, or one header byte now
and then, holds its connection for good. :class:`GuardedH11Protocol` adds that timer: from
the moment a connection opens (or its previous answer was sent) the request line and headers
must be complete within ``header_timeout_s``, or the connection is closed. Request bodies
are bounded in size and time by the app (:mod:`central.api.body_limit`), which knows who is
calling.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from central.settings import Settings

log = logging.getLogger(__name__)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's headers."""

    header_timeout_s: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = None
        self._arm_header_timer()

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:  # a request's headers arrived
            self._cancel_header_timer()

    def on_response_complete(self) -> None:
        # Armed first: the call below may start a pipelined request, which disarms it.
        self._arm_header_timer()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_late)

    def _cancel_header_timer(self) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            log.info("closing a connection whose request headers took over %.0f s",
                     self.header_timeout_s)
            self.transport.close()


def server_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` / ``uvicorn.Config`` carrying the limits."""
    protocol = type("CentralH11Protocol", (GuardedH11Protocol,),
                    {"header_timeout_s": settings.header_timeout_s})
    return {"http": protocol, "timeout_keep_alive": settings.keep_alive_timeout_s,
            "limit_concurrency": settings.max_connections,
            "h11_max_incomplete_event_size": settings.max_header_bytes}
