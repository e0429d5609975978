"""Central as installer/central/ deploys it, in a temporary folder: the systemd unit's command
and environment file, nginx with the shipped site config terminating TLS in front.

There is no systemd here: :func:`start_unit` reads the rendered unit's ``ExecStart``,
``WorkingDirectory`` and ``EnvironmentFile`` and runs that command the way systemd would
(the environment file's assignments, later ones winning). nginx runs unprivileged-style
from a main config in the folder that includes the rendered site file.

Usage::

    with deployed_central(tmp_path, db_url, workers=2) as central:
        central.url             # https://127.0.0.1:PORT through nginx
        central.ca_file         # the test CA that signed nginx's certificate
"""

from __future__ import annotations

import os
import shlex
import shutil
import ssl
import subprocess as sp
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.helpers.central_server import free_port, worker_pids
from tests.helpers.tls_ca import ServerTls, make_server_tls

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "installer" / "central"
UNITS = ("regulars-central.service", "regulars-central-backup.service",
         "regulars-central-backup.timer", "regulars-central-jobs.service",
         "regulars-central-jobs.timer")


def render(template: Path, **values: str) -> str:
    """The template with its placeholders filled by installer/central/render.sh."""
    done = sp.run([str(KIT / "render.sh"), str(template), *[f"{k}={v}" for k, v in
                                                           values.items()]],
                  capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ValueError(done.stderr.strip())
    return done.stdout


def unit_values(folder: Path, port: int) -> dict[str, str]:
    """Placeholder values for the units, pointing into ``folder`` and at this venv."""
    return {"ROOT": str(ROOT), "VENV": str(Path(sys.executable).parent.parent),
            "USER": _user(), "ENV_FILE": str(folder / "central.env"), "PORT": str(port),
            "BACKUP_DIR": str(folder / "backups")}


def _user() -> str:
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


def unit_directives(text: str) -> dict[str, str]:
    """``Key=value`` lines of a unit file's sections (last one wins)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, value = line.split("=", 1)
            out[key.strip()] = value.strip()
    return out


def read_env_file(path: Path) -> dict[str, str]:
    """systemd's ``EnvironmentFile``: ``NAME=value`` lines, comments and blanks skipped."""
    env: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";")) and "=" in line:
            key, value = line.split("=", 1)
            env[key.strip()] = value.strip().strip('"')
    return env


def write_env_file(folder: Path, **overrides: str) -> Path:
    """The shipped template rendered, then ``overrides`` appended (they win)."""
    path = folder / "central.env"
    text = render(KIT / "central.env.example", APP_PASSWORD="unused")
    text += "".join(f"{k}={v}\n" for k, v in overrides.items())
    path.write_text(text)
    path.chmod(0o600)
    return path


def nginx_main_conf(folder: Path, site: Path) -> Path:
    """A main nginx.conf in ``folder`` (pid, logs, temporary files) including ``site``."""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(exist_ok=True)
    user = "user root root;\n" if os.geteuid() == 0 else ""  # its workers write in folder
    conf = folder / "nginx.conf"
    conf.write_text(f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    # "timed": nginx's request time (first byte in to last byte out) and central's part of
    # it, read by bench_fleet for what central took apart from the simulator's own waits
    log_format timed '$request_method $uri $status $request_time $upstream_response_time';
    access_log {folder}/access.log timed;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {site};
}}
""")
    return conf


@dataclass
class Deployed:
    """Central behind nginx: its public ``url``, the CA, the processes."""

    url: str
    ca_file: Path
    db_url: str
    folder: Path
    unit: dict[str, str]
    central: sp.Popen[bytes]
    nginx: sp.Popen[bytes]

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30,
                            verify=ssl.create_default_context(cafile=str(self.ca_file)))

    @property
    def workers(self) -> list[int]:
        return worker_pids(self.central.pid)


def start_unit(unit_text: str) -> tuple[sp.Popen[bytes], dict[str, str]]:
    """Run a rendered service unit's ``ExecStart`` as systemd would (environment file,
    working directory); the process and the unit's directives."""
    unit = unit_directives(unit_text)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           **read_env_file(Path(unit["EnvironmentFile"]))}
    log = Path(env.get("REGULARS_DEPLOY_LOG", "/dev/null"))
    with open(log, "ab") as out:
        process = sp.Popen(shlex.split(unit["ExecStart"]), cwd=unit["WorkingDirectory"],
                           env=env, stdout=out, stderr=out)
    return process, unit


def _wait(url: str, ca: Path, process: sp.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}")
        try:
            if httpx.get(url + "/v1/health", timeout=2,
                         verify=ssl.create_default_context(cafile=str(ca))).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling a server that is still starting
    raise TimeoutError(f"{url} did not answer")


@contextmanager
def deployed_central(folder: Path, db_url: str, *, workers: int = 2,
                     header_timeout: str = "10s", body_timeout: str = "30s",
                     **env: str) -> Iterator[Deployed]:
    """Render the kit into ``folder``, migrate ``db_url``, start the unit's command and
    nginx with TLS; stop both afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    port, public = free_port(), free_port()
    tls: ServerTls = make_server_tls(folder / "tls")
    write_env_file(folder, REGULARS_CENTRAL_DATABASE_URL=db_url,
                   REGULARS_CENTRAL_WORKERS=str(workers),
                   REGULARS_BACKUP_DIR=str(folder / "backups"),
                   REGULARS_DEPLOY_LOG=str(folder / "central.log"), **env)
    unit_text = render(KIT / "regulars-central.service", **unit_values(folder, port))
    (folder / "regulars-central.service").write_text(unit_text)
    sp.run([sys.executable, "-m", "central", "migrate", "--db", db_url], cwd=ROOT, check=True,
           capture_output=True)
    site = folder / "site.conf"
    site.write_text(render(KIT / "nginx-regulars-central.conf", LISTEN=f"127.0.0.1:{public}",
                           SERVER_NAME="localhost", CERT=str(tls.certfile),
                           KEY=str(tls.keyfile), UPSTREAM=f"127.0.0.1:{port}",
                           HEADER_TIMEOUT=header_timeout, BODY_TIMEOUT=body_timeout,
                           MAX_BODY="8m", MAX_ANONYMOUS_BODY="16k"))
    conf = nginx_main_conf(folder, site)
    sp.run([nginx_bin, "-t", "-q", "-p", str(folder), "-c", str(conf)], check=True,
           capture_output=True)
    central, unit = start_unit(unit_text)
    nginx: sp.Popen[bytes] | None = None
    try:
        with open(folder / "nginx.out", "wb") as out:
            nginx = sp.Popen([nginx_bin, "-p", str(folder), "-c", str(conf), "-g",
                              "daemon off;"], stdout=out, stderr=out)
        url = f"https://127.0.0.1:{public}"
        _wait(url, tls.ca_file, central, 60 * workers)
        deadline = time.monotonic() + 60 * workers
        while workers > 1 and len(worker_pids(central.pid)) < workers:
            assert time.monotonic() < deadline, "workers did not start"
            time.sleep(0.1)
        yield Deployed(url, tls.ca_file, db_url, folder, unit, central, nginx)
    finally:
        for process in (nginx, central):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except sp.TimeoutExpired:
                    process.kill()
                    process.wait()
