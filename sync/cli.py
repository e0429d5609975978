"""``regulars sync`` — the sync engine headless.

    regulars sync --once                     one round: push, pull (bootstrap if new)
    regulars sync --watch [--interval 30]    keep syncing until interrupted
    regulars sync register --code CODE --central URL [--name NAME] [--ca-file F] [--pin P]
    regulars sync trust [--ca-file F] [--pin P …]  how to trust central's certificate
    regulars sync address --central URL      central moved (e.g. from http:// to https://)
    regulars sync export --out FILE          write the waiting operations to a file
    regulars sync status                     queue depth, last sync, last error

The store and the token live in the data directory (``--data-dir``, ``REGULARS_DATA_DIR`` or
the platform's user data directory); the store file is ``store.db`` there unless ``--store``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine

from loyalty.dates import utc_now
from loyalty.logfiles import log_to_stderr
from loyalty.store import cipher, keys
from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import needs_upgrade, upgrade
from sync.bootstrap import register_terminal
from sync.client import CentralClient
from sync.credentials import load_token
from sync.engine import SyncConfig, SyncEngine
from sync.errors import SyncError
from sync.queue import export_queue
from sync.state import identity, put_identity
from sync.tls import TlsSettings, check_address, load_tls, save_tls

log = logging.getLogger("sync.cli")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="regulars sync", description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", default="run",
                        choices=("run", "register", "export", "status", "trust", "address"))
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--store", type=Path, default=None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one round, then exit")
    mode.add_argument("--watch", action="store_true", help="sync until interrupted")
    parser.add_argument("--interval", type=float, default=30.0)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--code", help="the one-time enrollment code (register)")
    parser.add_argument("--central", help="central's base URL (register, address)")
    parser.add_argument("--name", default=None, help="this terminal's name (register)")
    parser.add_argument("--out", type=Path, help="file to write (export)")
    parser.add_argument("--ca-file", default=None,
                        help="the chain's own certificate authority (PEM) for central")
    parser.add_argument("--pin", action="append", default=[],
                        help="SHA-256 of central's certificate or public key (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


def _open_store(path: Path) -> Engine:
    if cipher.is_encrypted(path):  # as the counter left it: the key from this PC's vault
        keys.unlock(path)
    engine = create_store_engine(path)
    if needs_upgrade(engine):
        upgrade(engine)
    return engine


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    log_to_stderr(logging.INFO if args.verbose else logging.WARNING)
    data_dir = args.data_dir or Path(os.environ.get("REGULARS_DATA_DIR")
                                     or user_data_dir("Regulars", appauthor=False))
    engine = _open_store(args.store or data_dir / "store.db")
    try:
        return _dispatch(args, data_dir, engine)
    except SyncError as exc:
        sys.stderr.write(f"sync: {exc}\n")
        return 2
    finally:
        engine.dispose()


def _trust(args: argparse.Namespace, engine: Engine) -> int:
    """Set the TLS settings (``trust``, or given with ``register``); 64 when refused."""
    try:
        tls = TlsSettings(str(Path(args.ca_file).resolve()) if args.ca_file else None,
                          tuple(args.pin))
        with engine.begin() as conn:
            save_tls(conn, tls)
    except ValueError as exc:
        sys.stderr.write(f"sync trust: {exc}\n")
        return 64
    authority = f"the CA file {tls.ca_file}" if tls.ca_file else "the public CAs"
    sys.stdout.write(f"central's certificate must chain to {authority}"
                     f"{f' and match one of {len(tls.pins)} pin(s)' if tls.pins else ''}\n")
    return 0


def _move(args: argparse.Namespace, engine: Engine) -> int:
    """A registered terminal's central at a new address (same terminal, same token): how a
    terminal registered over plain HTTP before TLS was required moves to https://."""
    if not args.central:
        sys.stderr.write("sync address needs --central URL\n")
        return 64
    url = check_address(args.central.strip()).rstrip("/")  # InsecureAddress: exit status 2
    with engine.begin() as conn:
        ident = identity(conn)
        if ident is None:
            sys.stderr.write("sync: not registered; run `regulars sync register …`\n")
            return 2
        put_identity(conn, replace(ident, central_url=url))
    sys.stdout.write(f"terminal {ident.terminal_id} now syncs with {url}\n")
    return 0


def _dispatch(args: argparse.Namespace, data_dir: Path, engine: Engine) -> int:
    if args.action == "address":
        return _move(args, engine)
    if args.action == "trust" or (args.action == "register" and (args.ca_file or args.pin)):
        status = _trust(args, engine)
        if status or args.action == "trust":
            return status
    if args.action == "register":
        if not args.code or not args.central:
            sys.stderr.write("sync register needs --code and --central\n")
            return 64
        ident = register_terminal(engine, data_dir, args.central, args.code, utc_now(),
                                  name=args.name)
        sys.stdout.write(f"registered terminal {ident.terminal_id} (store {ident.store_id})\n")
        return 0
    if args.action == "export":
        if not args.out:
            sys.stderr.write("sync export needs --out FILE\n")
            return 64
        count = export_queue(engine, args.out)
        sys.stdout.write(f"{count} operations written to {args.out}\n")
        return 0
    with engine.connect() as conn:
        found = identity(conn)
        tls = load_tls(conn)
    if found is None:
        sys.stderr.write("sync: not registered; run `regulars sync register --code …`\n")
        return 2
    client = CentralClient(found.central_url, load_token(data_dir), tls=tls)
    sync = SyncEngine(engine, client, config=SyncConfig(interval=args.interval,
                                                        push_batch=args.batch))
    try:
        if args.action == "status":
            sys.stdout.write(json.dumps(_status(sync), ensure_ascii=False) + "\n")
            return 0
        if args.watch:
            return _watch(sync)
        report = sync.sync_once()
        sys.stdout.write(json.dumps({
            "pushed": report.push.acked, "rejected": report.push.rejected,
            "changes": report.pull.changes, "cursor": report.pull.cursor,
            "bootstrapped": report.bootstrapped, "healed": report.healed}) + "\n")
        return 0
    finally:
        client.close()


def _status(sync: SyncEngine) -> dict[str, object]:
    s = sync.status()
    return {"queue_depth": s.queue_depth, "rejected": s.rejected, "cursor": s.cursor,
            "last_success_at": s.last_success_at.isoformat() if s.last_success_at else None,
            "overdrafts": s.overdrafts}


def _watch(sync: SyncEngine) -> int:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    sync.run(stop)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
