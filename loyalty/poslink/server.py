"""The POS link's loopback HTTP endpoint (standard library, its own threads).

``POST /v1/sales`` with ``Authorization: Bearer <token>`` and a JSON sale; ``?wait=S``
(0–30 s, default 5) waits that long for the counter's decision. Answers: 200 ``awarded``
(member, points, balance), 202 ``waiting`` (no member on screen yet: ask again with
``GET /v1/sales/<sale_id>?wait=S``), 409 ``refused`` or ``cancelled`` with a reason, 400 a
bad body, 401 a wrong token, 403 a browser (any ``Origin`` header: a web page must never
reach the till), 404, 413 a body over 64 KB.

Only 127.0.0.1 is listened on; the token is compared in constant time.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from loyalty.errors import LoyaltyError
from loyalty.poslink import AWARDED, MAX_BODY, WAITING, PosDesk, PosSale, parse_request

log = logging.getLogger(__name__)
MAX_WAIT_S = 30.0


class PosLinkServer:
    """Serves a :class:`PosDesk` on 127.0.0.1:``port`` (0: any free port) until
    :meth:`stop`."""

    def __init__(self, desk: PosDesk, token: str, port: int = 0) -> None:
        handler = type("Handler", (_Handler,), {"desk": desk, "token": token})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="pos-link",
                                        daemon=True)

    def start(self) -> PosLinkServer:
        self._thread.start()
        log.info("POS link listening on 127.0.0.1:%d", self.port)
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)


class _Handler(BaseHTTPRequestHandler):
    desk: PosDesk
    token: str
    timeout = 10  # a client that stalls mid-request is dropped
    server_version = "RegularsPosLink/1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("pos link: " + format, *args)

    def do_POST(self) -> None:
        if not self._allowed():
            return
        if urlsplit(self.path).path != "/v1/sales":
            self._send(404, {"error": "not_found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(413, {"error": "too_large", "message": "At most 64 KB."})
            self.close_connection = True
            return
        try:
            request = parse_request(self.rfile.read(length), self.desk.currency)
        except LoyaltyError as err:
            self._send(400, {"error": err.code, "message": str(err)})
            return
        self._answer(self.desk.submit(request))

    def do_GET(self) -> None:
        if not self._allowed():
            return
        path = urlsplit(self.path).path
        sale = self.desk.get(path.removeprefix("/v1/sales/")) \
            if path.startswith("/v1/sales/") else None
        if sale is None:
            self._send(404, {"error": "not_found"})
            return
        self._answer(sale)

    def _allowed(self) -> bool:
        if self.headers.get("Origin") is not None:
            self._send(403, {"error": "browser", "message": "Not for web pages."})
            return False
        given = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            self._send(401, {"error": "unauthorised",
                             "message": "Send the token from pos-link.json."})
            return False
        return True

    def _answer(self, sale: PosSale) -> None:
        query = parse_qs(urlsplit(self.path).query)
        try:
            wait = min(MAX_WAIT_S, max(0.0, float(query.get("wait", ["5"])[0])))
        except ValueError:
            wait = 5.0
        sale.decided.wait(wait)
        status = 200 if sale.status == AWARDED else 202 if sale.status == WAITING else 409
        self._send(status, sale.public())

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
