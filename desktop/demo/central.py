"""The demo's own central service: a ``central serve`` subprocess on loopback, SQLite inside
the demo directory, and a head-office client that talks to it over HTTP.

The child is put in its own session (a Ctrl-C at the terminal reaches only the demo, which
then stops the counter's sync before central) and, on Linux, asks the kernel to terminate it
if the demo dies without cleaning up, so no central is ever left behind.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from loyalty.logfiles import open_private

HOST = "127.0.0.1"
START_TIMEOUT = 60.0
_PR_SET_PDEATHSIG = 1


class DemoError(Exception):
    """Something the person starting the demo can act on; the message says what."""


def port_is_free(port: int) -> bool:
    """Whether ``port`` can be bound on loopback right now (as uvicorn binds: connections
    of an earlier run still in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        if os.name != "nt":  # on Windows the option would let us share a live port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def free_port() -> int:
    """A port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _death_signal() -> Callable[[], None] | None:
    """On Linux, a ``preexec_fn`` that has the kernel send SIGTERM to the child when this
    process dies (looked up here, in the parent: the child only makes the call)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def preexec() -> None:  # pragma: no cover - runs in the child before exec
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)

    return preexec


def _command(db_url: str, port: int) -> list[str]:
    args = ["central", "serve", "--db", db_url, "--host", HOST, "--port", str(port)]
    if getattr(sys, "frozen", False):  # the bundled ``regulars`` executable dispatches itself
        return [sys.executable, *args]
    return [sys.executable, "-m", *args]


class CentralProcess:
    """A running ``central serve``; :meth:`stop` ends it (and is safe to call twice)."""

    def __init__(self, db_path: Path, log_path: Path, admin_token: str, port: int) -> None:
        self.db_url = f"sqlite:///{db_path}"
        self.log_path = log_path
        self.admin_token = admin_token
        self.port = port
        self.url = f"http://{HOST}:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start the child and wait until it answers head office; :class:`DemoError` if not."""
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        """Start the child without waiting (see :meth:`wait_ready`)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "REGULARS_CENTRAL_ADMIN_TOKEN": self.admin_token}
        with open_private(self.log_path) as log:  # 0600; the child keeps its own descriptor
            log.write(f"\n--- demo central on {self.url} ---\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                _command(self.db_url, self.port), env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=log, start_new_session=True,
                preexec_fn=_death_signal())

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until central answers head office; :class:`DemoError` (central stopped) if
        it exits or does not answer in time."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        with httpx.Client(base_url=self.url, timeout=2.0) as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise DemoError(self._failure(f"exited with status {self.process.returncode}"))
                try:
                    answer = http.get("/v1/admin/stores", headers=self._auth())
                    if answer.status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)  # the child is still importing or migrating
        self.stop()
        raise DemoError(self._failure(f"did not answer within {timeout:.0f} s"))

    def _failure(self, what: str) -> str:
        tail = self.log_tail()
        hint = ""
        if "address already in use" in tail.lower():
            hint = f"Port {self.port} is taken; choose another with --port.\n"
        return (f"The demo's central service {what}.\n{hint}Its log: {self.log_path}\n"
                + "".join(f"  | {line}\n" for line in tail.splitlines()))

    def log_tail(self, lines: int = 12) -> str:
        try:
            text = self.log_path.read_text("utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"}

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the child and reap it (killed if it does not stop in ``timeout``)."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def head_office(self) -> HeadOffice:
        return HeadOffice(self.url, self.admin_token)


class HeadOffice:
    """Head office and the web shop, over central's HTTP API (what a real chain would use)."""

    def __init__(self, url: str, admin_token: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=httpx.Timeout(30.0),
                                 headers={"Authorization": f"Bearer {admin_token}"})

    def __enter__(self) -> HeadOffice:
        return self

    def __exit__(self, *_: object) -> None:
        self.http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self.http.request(method, path, **kwargs)
        if answer.status_code >= 400:
            raise DemoError(f"central refused {method} {path}: {answer.status_code} "
                            f"{answer.text[:300]}")
        return answer.json()

    def ensure_store(self, store_id: str, name: str, timezone: str = "Asia/Taipei") -> None:
        known = {s["id"] for s in self._call("GET", "/v1/admin/stores")}
        if store_id not in known:
            self._call("POST", "/v1/admin/stores",
                       json={"id": store_id, "name": name, "timezone": timezone})

    def ensure_staff(self, store_id: str, staff: Iterable[tuple[str, str, str]]) -> None:
        """The store's staff at central, ``(name, role, PIN)`` each (kept if they exist):
        approvals at the demo counter then name managers central knows."""
        known = {s["name"] for s in self._call("GET", f"/v1/admin/stores/{store_id}/staff")}
        for name, role, pin in staff:
            if name not in known:
                # Active since before the demo's back-dated history.
                self._call("POST", f"/v1/admin/stores/{store_id}/staff",
                           json={"name": name, "role": role, "pin": pin,
                                 "active_from": "2000-01-01"})

    def publish_rules(self, document: dict[str, Any]) -> int:
        """Head office publishes a rules version (tills receive it with the next sync)."""
        version: int = self._call("PUT", "/v1/admin/rules",
                                  json={"document": document})["version"]
        return version

    def enrollment_code(self, store_id: str) -> str:
        code: str = self._call("POST", f"/v1/admin/stores/{store_id}/enrollment-codes")["code"]
        return code

    def online_client(self, name: str) -> str:
        token: str = self._call("POST", "/v1/admin/online-clients", json={"name": name})["token"]
        return token

    def sign_up(self, web_token: str, person: dict[str, Any]) -> str:
        """A web-shop sign-up; returns central's outcome (created, merged, review)."""
        answer = self.http.post("/v1/members", json=person,
                                headers={"Authorization": f"Bearer {web_token}"})
        if answer.status_code == 409 and answer.json().get("reason") == "phone_registered":
            return "registered"  # the web must prove the phone to link it (not in the demo)
        if answer.status_code >= 400:
            raise DemoError(f"central refused a sign-up: {answer.status_code} {answer.text[:300]}")
        outcome: str = answer.json()["outcome"]
        return outcome

    def run_jobs(self, day: date) -> dict[str, Any]:
        result: dict[str, Any] = self._call("POST", "/v1/admin/jobs/run",
                                            json={"date": day.isoformat()})
        return result

    def member(self, phone: str) -> dict[str, Any] | None:
        answer = self.http.post("/v1/members/lookup", json={"phone": phone})
        if answer.status_code == 404:
            return None
        answer.raise_for_status()
        found: dict[str, Any] = answer.json()
        return found
