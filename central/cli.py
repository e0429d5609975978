"""``regulars central …`` / ``python -m central …``: serve, first-run set-up, jobs."""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import ssl
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central import append_only, jobs, member_qr_keys
from central.auth import create_admin_token
from central.bootstrap import bootstrap_demo_chain, prepare
from central.console.accounts import AccountError
from central.console.first_admin import create_admin
from central.console.messages import MESSAGES
from central.db import make_engine, read_session, run_transaction
from central.feed import FeedWriter
from central.logs import configure_logging
from central.registry import create_store, issue_code
from central.schemas import StoreIn
from central.serve import serve
from central.settings import Settings

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="regulars central",
                                     description="Regulars' central CRM service.")
    default_db = Settings().database_url
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", default=default_db, help="database URL (SQLite file default)")
        return p

    serve = command("serve", "migrate, then serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument("--certfile", type=Path, default=None,
                       help="serve HTTPS: the server certificate (PEM, with its chain)")
    serve.add_argument("--keyfile", type=Path, default=None,
                       help="serve HTTPS: the certificate's private key (PEM)")
    serve.add_argument("--workers", type=int, default=None,
                       help="worker processes (default REGULARS_CENTRAL_WORKERS, else 1); "
                            "uvicorn's supervisor restarts one that dies")
    command("migrate", "upgrade the database schema to head")
    grant = command("grant-app", "PostgreSQL, as the tables' owner: give the service's role "
                                 "its rights, minus rewriting history (after each migrate)")
    grant.add_argument("--role", default="regulars_app")
    admin = command("init-admin", "create a head-office token (printed once)")
    admin.add_argument("--name", default="head office")
    console = command("console-admin", "create a head-office console admin account; the "
                      "password is read from stdin with --password-stdin, else made and "
                      "printed once")
    console.add_argument("--username", required=True)
    console.add_argument("--name", default="")
    console.add_argument("--password-stdin", action="store_true")
    store = command("create-store", "add a store")
    store.add_argument("--id", required=True)
    store.add_argument("--name", required=True)
    store.add_argument("--timezone", default="Asia/Taipei")
    code = command("issue-code", "issue a one-time terminal enrollment code for a store")
    code.add_argument("--store", required=True)
    code.add_argument("--hours", type=int, default=72)
    demo = command("demo", "set up a demo store, enrollment code and admin token (JSON)")
    demo.add_argument("--store", default="S001")
    qr = command("member-qr", "members' QR signing keys: list them, rotate (a new signing "
                 "key; needs REGULARS_CENTRAL_MEMBER_QR_SECRET) or revoke KEY_ID")
    qr.add_argument("action", choices=["keys", "rotate", "revoke"])
    qr.add_argument("key_id", nargs="?", default=None)
    jobs = command("jobs", "scheduled jobs")
    jobs.add_argument("action", choices=["run"])
    jobs.add_argument("--date", type=date.fromisoformat, default=date.today())
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit status."""
    args = _parser().parse_args(argv)
    configure_logging()
    settings = Settings(database_url=args.db)
    if args.command == "serve":
        try:
            tls = _tls_options(args.certfile, args.keyfile)
        except ValueError as exc:
            sys.stderr.write(f"regulars central serve: {exc}\n")
            return 2
        workers = settings.workers if args.workers is None else args.workers
        if workers < 1:
            sys.stderr.write("regulars central serve: --workers must be 1 or more.\n")
            return 2
        return _serve(settings, args.host, args.port, tls, workers)
    if args.command == "demo":
        chain = bootstrap_demo_chain(args.db, store_id=args.store, market=settings.market)
        _out({"admin_token": chain.admin_token, "store_id": chain.store_id,
              "enrollment_code": chain.enrollment_code})
        return 0
    if args.command == "grant-app":
        return _grant_app(args.db, args.role)
    engine = prepare(args.db, settings.market)
    try:
        return _run(args, engine, settings)
    finally:
        engine.dispose()


def _run(args: argparse.Namespace, engine: Engine, settings: Settings) -> int:
    if args.command == "init-admin":
        _out({"admin_token": run_transaction(engine,
                                             lambda s: create_admin_token(s, args.name))})
    elif args.command == "console-admin":
        return _console_admin(args, engine)
    elif args.command == "create-store":
        body = StoreIn(id=args.id, name=args.name, timezone=args.timezone)
        run_transaction(engine, lambda s: create_store(s, body))
        _out({"store_id": args.id})
    elif args.command == "issue-code":
        out = run_transaction(engine, lambda s: issue_code(s, args.store, args.hours))
        _out(out.model_dump(mode="json"))
    elif args.command == "member-qr":
        return _member_qr(args, engine, settings)
    elif args.command == "jobs":
        report = jobs.run_all(engine, args.date, settings.feed_retention,
                              ops_retention_days=settings.ops_retention_days,
                              ops_retention_last=settings.ops_retention_last)
        _out({"date": report.date.isoformat(), "expired_entries": report.expired_entries,
              "expired_points": report.expired_points, "tier_changes": report.tier_changes,
              "feed_floor": report.feed_floor,
              "terminal_ops_compacted": report.terminal_ops_compacted,
              "birthday_gifts": report.birthday_gifts,
              "instruments_expired": report.instruments_expired,
              "instrument_units_expired": report.instrument_units_expired,
              "report_days_kept": report.report_days_kept})
    return 0


def _member_qr(args: argparse.Namespace, engine: Engine, settings: Settings) -> int:
    def change(session: Session) -> dict[str, object]:
        feed = FeedWriter(session)
        if args.action == "rotate":
            key_id, version = member_qr_keys.rotate(session, feed, settings.member_qr_secret,
                                                    "cli")
        else:
            key_id = args.key_id or ""
            revoked = member_qr_keys.revoke(session, feed, key_id, "cli")
            if revoked is None:
                raise LookupError(key_id)
            version = revoked
        session.flush()
        feed.flush()
        return {"key_id": key_id, "rules_version": version}

    if args.action == "keys":
        with read_session(engine) as session:
            _out({"keys": [{"key_id": k.key_id, "created_at": k.created_at.isoformat(),
                            "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
                            "signing": k.signing} for k in member_qr_keys.keys(
                                session, timedelta(minutes=settings.member_qr_key_lead_minutes))]})
        return 0
    if args.action == "revoke" and not args.key_id:
        sys.stderr.write("regulars central member-qr revoke: give the KEY_ID.\n")
        return 2
    try:
        _out(run_transaction(engine, change))
    except member_qr_keys.KeyUnavailable as err:
        sys.stderr.write(f"regulars central member-qr: {err}\n")
        return 2
    except LookupError:
        sys.stderr.write(f"regulars central member-qr: no key {args.key_id!r}.\n")
        return 2
    return 0


def _console_admin(args: argparse.Namespace, engine: Engine) -> int:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    try:
        chosen = create_admin(engine, args.username, args.name, password)
    except AccountError as exc:
        sys.stderr.write(f"regulars central console-admin: {MESSAGES[exc.code][0]}\n")
        return 2
    _out({"username": args.username.strip().lower(), "role": "admin",
          **({} if args.password_stdin else {"password": chosen})})
    return 0


def _grant_app(url: str, role: str) -> int:
    engine = make_engine(url)
    try:
        if engine.dialect.name != "postgresql":
            sys.stderr.write("regulars central grant-app: only PostgreSQL has roles.\n")
            return 2
        with engine.begin() as conn:
            if not append_only.role_exists(conn, role):
                sys.stderr.write(f"regulars central grant-app: no role {role}; create it "
                                 f"first (CREATE ROLE {role} LOGIN PASSWORD …).\n")
                return 2
            append_only.grant_app_role(conn, role)
    finally:
        engine.dispose()
    _out({"granted": role})
    return 0


def _tls_options(certfile: Path | None, keyfile: Path | None) -> tuple[str, str] | None:
    """uvicorn's ssl options for ``--certfile``/``--keyfile``, checked now (a clear message
    instead of a traceback from inside the server)."""
    if certfile is None and keyfile is None:
        return None
    if certfile is None or keyfile is None:
        raise ValueError("HTTPS needs both --certfile and --keyfile.")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"the certificate {certfile} and key {keyfile} cannot be used "
                         f"({exc.strerror or exc}).") from None
    return str(certfile), str(keyfile)


def _serve(settings: Settings, host: str, port: int, tls: tuple[str, str] | None,
           workers: int) -> int:
    """``workers`` processes on one socket (:mod:`central.serve`; central is stateless, so
    more machines on the same database may serve behind one load balancer too).

    With ``tls`` (certificate and key files) it serves HTTPS itself; without, it should
    listen on loopback behind a TLS-terminating reverse proxy (terminals refuse plain HTTP
    to any other address)."""
    if not tls and not _is_loopback(host):
        log.warning("serving plain HTTP on %s: terminals refuse it; give --certfile and "
                    "--keyfile, or serve on 127.0.0.1 behind a TLS reverse proxy", host)
    log.info("central serving on %s://%s:%d", "https" if tls else "http", host, port)
    serve(settings, host, port, tls, workers)
    return 0


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _out(doc: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
