"""Start the real central app under uvicorn on 127.0.0.1 for tests (thread or subprocess).

Usage::

    with running_central("sqlite:///" + str(tmp_path / "c.db")) as central:
        chain = central.demo_chain()            # store S001, enrollment code, admin token
        reg = central.register(chain.enrollment_code)
        with central.client(reg["token"]) as http:
            http.post("/v1/sync/push", json={...})

``start_central(..., subprocess=True)`` runs ``python -m central serve`` in its own process
(what the two-process concurrency tests use). The database is migrated before start.
``start_central(..., tls=make_server_tls(folder))`` serves HTTPS with a test CA's certificate
(``central.url`` is then ``https://…`` and ``central.client()`` trusts that CA).
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess as sp
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import Engine

from central.app import create_app
from central.bootstrap import DemoChain, bootstrap_demo_chain, prepare
from central.server import server_options
from central.settings import Settings
from tests.helpers.tls_ca import ServerTls
from tests.helpers.wait import wait_until

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class CentralServer:
    """A running central: its base ``url``, database URL and admin token."""

    url: str
    db_url: str
    admin_token: str
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None
    _process: sp.Popen[bytes] | None = None
    _log: Path | None = field(default=None)
    _engine: Engine | None = None
    tls: ServerTls | None = None

    def client(self, token: str | None = None, **kwargs: Any) -> httpx.Client:
        """An httpx client on this server (bearer ``token`` if given; admin if ``"admin"``)."""
        headers = {}
        if token is not None:
            headers["Authorization"] = "Bearer " + (self.admin_token if token == "admin"
                                                    else token)
        if self.tls is not None:
            kwargs.setdefault("verify", _trusting(self.tls))
        return httpx.Client(base_url=self.url, headers=headers,
                            timeout=httpx.Timeout(30.0), **kwargs)

    def demo_chain(self, store_id: str = "S001") -> DemoChain:
        """A store, a fresh enrollment code and an admin token, made in the database."""
        return bootstrap_demo_chain(self.db_url, store_id=store_id, run_migrations=False)

    def register(self, enrollment_code: str) -> dict[str, Any]:
        """Register a terminal through the API; the JSON answer (terminal_id, token, …)."""
        with self.client() as http:
            response = http.post("/v1/terminals/register",
                                 json={"enrollment_code": enrollment_code})
            response.raise_for_status()
            result: dict[str, Any] = response.json()
            return result

    def new_terminal(self, store_id: str = "S001") -> dict[str, Any]:
        """Shortcut: demo chain for ``store_id`` then a registered terminal."""
        return self.register(self.demo_chain(store_id).enrollment_code)

    @property
    def pid(self) -> int:
        """The server's process id (a subprocess: the parent of its workers)."""
        return self._process.pid if self._process is not None else os.getpid()

    def stop(self) -> None:
        """Stop the server and wait for it."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=30)
        if self._engine is not None:
            self._engine.dispose()
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except sp.TimeoutExpired:
                self._process.kill()
                self._process.wait()


def _trusting(tls: ServerTls) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(tls.ca_file))


def _wait_ready(url: str, timeout: float, process: sp.Popen[bytes] | None = None,
                tls: ServerTls | None = None) -> None:
    verify: ssl.SSLContext | bool = _trusting(tls) if tls is not None else True

    def answering() -> bool:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"central exited with {process.returncode}")
        try:
            # /v1/health, not /openapi.json: building the schema costs 0.2-0.3 s per start
            return httpx.get(url + "/v1/health", timeout=2.0,
                             verify=verify).status_code == 200
        except httpx.TransportError:
            return False  # not listening yet

    wait_until(answering, timeout, interval=0.05, message=f"central at {url} did not start")


def worker_pids(parent: int) -> list[int]:
    """The live worker processes of ``serve --workers`` started as ``parent``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # multiprocessing's resource tracker is a child too; workers run the app
        if int(fields[1]) == parent and "resource_tracker" not in _cmdline(stat.parent):
            found.append(int(stat.parent.name))
    return sorted(found)


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _wait_workers(parent: int, workers: int, timeout: float = 60) -> None:
    wait_until(lambda: len(worker_pids(parent)) >= workers, timeout, interval=0.1,
               message=f"central did not start {workers} workers")


def process_tree_cpu_s(root: int) -> float:
    """CPU seconds (user + system) used so far by ``root`` and its live descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    total = 0.0
    for pid in cpu:
        walk = pid
        while walk not in (0, 1, root) and walk in parents:
            walk = parents[walk]
        if walk == root:
            total += cpu[pid]
    return total


def start_central(db_url: str, *, admin_token: str = "test-admin-token", subprocess: bool = False,
                  port: int | None = None, log_path: Path | None = None,
                  tls: ServerTls | None = None, workers: int | None = None,
                  **settings: Any) -> CentralServer:
    """Migrate ``db_url`` and start central on 127.0.0.1 (a free port unless given); with
    ``tls``, over HTTPS with that certificate; ``workers``: ``serve --workers`` (a subprocess)."""
    port = port or free_port()
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    if subprocess or workers is not None:
        prepare(db_url).dispose()
        env = {**os.environ, "REGULARS_CENTRAL_ADMIN_TOKEN": admin_token,
               **{f"REGULARS_CENTRAL_{k.upper()}": str(v) for k, v in settings.items()}}
        command = [sys.executable, "-m", "central", "serve", "--db", db_url, "--port", str(port)]
        if tls is not None:
            command += ["--certfile", str(tls.certfile), "--keyfile", str(tls.keyfile)]
        if workers is not None:
            command += ["--workers", str(workers)]
        if log_path is None:
            process = sp.Popen(command, cwd=ROOT, env=env, stdout=sp.DEVNULL, stderr=sp.DEVNULL)
        else:
            with open(log_path, "wb") as out:  # the child keeps its own descriptor
                process = sp.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        try:  # several workers each import the app: on a busy machine that takes a while
            _wait_ready(url, 60 if workers is None else 60 * workers, process, tls)
            if workers is not None and workers > 1:
                _wait_workers(process.pid, workers, 60 * workers)
        except BaseException:
            process.kill()  # never leave a half-started server behind
            process.wait()
            raise
        return CentralServer(url, db_url, admin_token, _process=process, _log=log_path,
                             tls=tls)
    config_settings = Settings(database_url=db_url, admin_token=admin_token, **settings)
    engine = prepare(db_url, **config_settings.engine_options())
    app = create_app(config_settings, engine)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False,
                            ssl_certfile=str(tls.certfile) if tls else None,
                            ssl_keyfile=str(tls.keyfile) if tls else None,
                            **server_options(config_settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"central-{port}", daemon=True)
    thread.start()
    _wait_ready(url, 30, tls=tls)
    return CentralServer(url, db_url, admin_token, _server=server, _thread=thread,
                         _engine=engine, tls=tls)


@contextmanager
def running_central(db_url: str, **kwargs: Any) -> Iterator[CentralServer]:
    """:func:`start_central` as a context manager (stops the server on exit)."""
    server = start_central(db_url, **kwargs)
    try:
        yield server
    finally:
        server.stop()
