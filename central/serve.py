"""Serving central: one process, or N worker processes under uvicorn's supervisor.

``regulars central serve --workers N`` migrates once in the parent, then hands uvicorn the
import string of :func:`worker_app` (a factory). uvicorn binds the socket once, spawns N
workers that accept on it, pings each worker and replaces one that dies or hangs, and on
SIGHUP replaces them one by one (a rolling restart). Each worker builds its own app, engine
and pool from the environment (``REGULARS_CENTRAL_*``): nothing of one request is kept in a
worker for the next (the feed, sessions, tokens and kept snapshot manifests are all in the
database; snapshot part files are a per-worker cache checked against the feed head), so any
worker, or any machine on the same database, can answer any request.

Why uvicorn's process model and not gunicorn's: it is already the server (no new dependency,
no ``uvicorn-worker`` shim), it keeps the same HTTP protocol class with its header deadline
(:mod:`central.server`), and since 0.30 its supervisor restarts dead or hung workers and does
rolling restarts on SIGHUP, which is what gunicorn would have added. gunicorn's extra knobs
(``max_requests`` recycling, pre-fork app loading) buy nothing here: the app is small and
holds no per-request state.
"""

from __future__ import annotations

import gc
import logging
import os
from typing import Any

import uvicorn
from fastapi import FastAPI

from central.app import create_app
from central.bootstrap import prepare
from central.db import make_engine
from central.logs import log_config
from central.server import GuardedH11Protocol
from central.settings import Settings

log = logging.getLogger(__name__)
WORKER_APP = "central.serve:worker_app"
PROTOCOL = "central.serve:SettingsH11Protocol"
_ENV = "REGULARS_CENTRAL_"


class SettingsH11Protocol(GuardedH11Protocol):
    """The guarded protocol by import path (workers are spawned: a class made at run time
    could not reach them); its header deadline is set from the settings by :func:`worker_app`."""


def worker_app() -> FastAPI:
    """The app of one worker, from the environment's settings (uvicorn calls this once in
    each worker process). The schema must already be migrated (the parent did)."""
    settings = Settings()
    SettingsH11Protocol.header_timeout_s = settings.header_timeout_s
    engine = make_engine(settings.database_url, pool_size=settings.pool_size,
                         **settings.engine_options())
    app = create_app(settings, engine)
    # Everything loaded so far lives as long as the process: keep it out of the collector's
    # full passes (they cost a push of 1,000 entries about 15% of its time in bench runs).
    gc.collect()
    gc.freeze()
    return app


def serve(settings: Settings, host: str, port: int, tls: tuple[str, str] | None,
          workers: int) -> None:
    """Migrate, then serve on ``host:port`` with ``workers`` processes (1: this process)."""
    prepare(settings.database_url, settings.market, **settings.engine_options()).dispose()
    # The workers read their settings from the environment: carry over what came as
    # arguments (--db) so every worker serves the same database.
    os.environ[_ENV + "DATABASE_URL"] = settings.database_url
    certfile, keyfile = tls or (None, None)
    options: dict[str, Any] = {
        "http": PROTOCOL, "timeout_keep_alive": settings.keep_alive_timeout_s,
        "limit_concurrency": settings.max_connections,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
    }
    log.info("central: %d worker%s on %s:%d", workers, "s" if workers > 1 else "", host, port)
    uvicorn.run(WORKER_APP, factory=True, workers=workers, host=host, port=port,
                log_level="info", log_config=log_config(), ssl_certfile=certfile,
                ssl_keyfile=keyfile, **options)
