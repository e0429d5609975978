"""``regulars demo`` — the counter with a local central service and demo data, ready to use.

    regulars demo [--data-dir DIR] [--members N] [--lang zh_TW|en] [--reset] [--no-central]
                  [--port P] [--prepare-only] [--fullscreen] [--verbose]

The first run prepares the demo directory (by default ``<user data dir>/demo``): central's
SQLite database and log, this terminal's store, registered with central, with a demo manager
and cashier and a few hundred members; later runs reuse it and start in seconds. Central runs
as a child process on 127.0.0.1 for as long as the counter is open. ``--fullscreen`` and
``--verbose`` are passed on to the counter (``regulars run``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from zoneinfo import ZoneInfo

from platformdirs import user_data_dir

from desktop.demo.central import CentralProcess, DemoError, free_port, port_is_free
from desktop.demo.extras import SCAN_ME, SLIPS, ensure_extras
from desktop.demo.place import DemoDir
from desktop.demo.prepare import (
    OTHER_NAME,
    STAFF,
    STORE_NAME,
    TRY_SEARCHES,
    TZ,
    follow_central,
    open_store,
    prepare_standalone,
    prepare_with_central,
)
from loyalty.store.demo import member_count
from loyalty.store.migrate import needs_upgrade

DEFAULT_MEMBERS = 300
CONSOLE_USER = "headoffice"
CONSOLE_PASSWORD = "regulars-demo"  # a demo on loopback; printed at every start


def default_demo_dir() -> Path:
    return Path(user_data_dir("Regulars", "Regulars")) / "demo"


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="regulars demo",
        description="The counter with a local central service and demo data, ready to use.")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=f"the demo's folder (default: {default_demo_dir()})")
    parser.add_argument("--members", type=int, default=None,
                        help=f"demo members on the first run (default {DEFAULT_MEMBERS})")
    parser.add_argument("--lang", choices=("zh_TW", "en"), default=None,
                        help="the counter's language (default zh_TW)")
    parser.add_argument("--reset", action="store_true", help="wipe the demo and build it anew")
    parser.add_argument("--no-central", action="store_true",
                        help="a standalone terminal: no central service, local demo data")
    parser.add_argument("--port", type=int, default=None,
                        help="central's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--prepare-only", action="store_true",
                        help="prepare the demo folder, print the sign-ins, do not open the app")
    # Passed on to the counter (`regulars run`); the last two are for tests and benchmarks.
    parser.add_argument("--fullscreen", action="store_true", help="open the counter full screen")
    parser.add_argument("--verbose", action="store_true", help="debug logging")
    parser.add_argument("--ready-stamp", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bench-sign-in", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(list(argv))
    if args.members is not None and args.members < 1:
        parser.error("--members must be at least 1")
    rest = [flag for flag, on in (("--fullscreen", args.fullscreen),
                                  ("--verbose", args.verbose),
                                  ("--ready-stamp", args.ready_stamp)) if on]
    if args.bench_sign_in:
        rest += ["--bench-sign-in", args.bench_sign_in]
    return args, rest


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _interrupt(_sig: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args, rest = parse_args(sys.argv[1:] if argv is None else argv)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # stop central on a plain `kill` too
    try:
        return _run(args, rest)
    except DemoError as exc:
        sys.stderr.write(f"regulars demo: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("regulars demo: interrupted\n")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_display() -> None:
    """Fail before the set-up, not after it, when Qt will find no screen to open on."""
    env = os.environ
    if (sys.platform.startswith("linux") and not env.get("QT_QPA_PLATFORM")
            and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY")):
        raise DemoError("No display to open the counter on (DISPLAY is not set). Run it in "
                        "a desktop session, over `ssh -X`, or headless with `xvfb-run -a "
                        "regulars demo`; `--prepare-only` builds the demo without a display.")


def _run(args: argparse.Namespace, rest: list[str]) -> int:
    if not args.prepare_only:
        _check_display()
    place = DemoDir(args.data_dir or default_demo_dir())
    with_central = not args.no_central
    _say(f"Demo data: {place.path}")
    members = args.members or DEFAULT_MEMBERS
    central: CentralProcess | None = None
    try:
        marker = place.claim(reset=args.reset, central=with_central, members=members,
                             say=_say)
        if with_central:
            central = _launch_central(place, args.port)
            if marker.get("prepared_at") and not args.prepare_only:
                _load_counter_code()  # while central starts in its own process
            central.wait_ready()
            place.update(port=central.port)
            _say(f"Central service: {central.url} (database and log in {place.central_dir})")
        if marker.get("prepared_at"):
            _say("Reusing the prepared demo (add --reset to build it anew"
                 + (f" with {members} members)." if args.members else ")."))
            if central is not None:
                follow_central(place.path, central.url)
        else:
            _prepare(place, central, members, args.lang or "zh_TW")
        _extras(place)
        _summary(place, central)
        if args.prepare_only:
            return 0
        return _run_counter(place.path, args.lang, rest)
    finally:
        if central is not None:
            central.stop()
        place.release()


def _load_counter_code() -> None:
    import desktop.app  # noqa: F401  (Qt and the counter: imported once, used later)


def _launch_central(place: DemoDir, port: int | None) -> CentralProcess:
    if port is not None and not port_is_free(port):
        raise DemoError(f"Port {port} on 127.0.0.1 is already in use; choose another with "
                        "--port, or leave --port out to use a free one.")
    remembered = place.read().get("port")
    if port is None:
        port = remembered if isinstance(remembered, int) and port_is_free(remembered) \
            else free_port()
    central = CentralProcess(place.central_dir / "central.db",
                             place.central_dir / "central.log", place.admin_token(), port)
    central.launch()
    return central


def _prepare(place: DemoDir, central: CentralProcess | None, members: int,
             language: str) -> None:
    started = time.monotonic()
    _say(f"Preparing the demo (first run, {members} members) …")
    if central is not None:
        prepare_with_central(place.path, central, members, language, _say)
    else:
        prepare_standalone(place.path, members, language, _say)
    place.update(prepared_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    _say(f"Prepared in {time.monotonic() - started:.1f} s.")


def _extras(place: DemoDir) -> None:
    """The file printer, the seller id and the pictures to scan (also on older demos; on a
    store the counter still has to upgrade, from the next start)."""
    engine = open_store(place.store, migrate=False)
    try:
        if not needs_upgrade(engine):
            ensure_extras(place.path, engine, STORE_NAME, ZoneInfo(TZ))
    finally:
        engine.dispose()


def _summary(place: DemoDir, central: CentralProcess | None) -> None:
    engine = open_store(place.store, migrate=False)
    try:
        count = member_count(engine)
    finally:
        engine.dispose()
    where = (f"from this store, {OTHER_NAME} and the web shop, synced with central"
             if central is not None else "standalone, no central")
    _say(f"Store: {STORE_NAME} — {count} members ({where}).")
    _say("Sign in with:")
    for staff in STAFF:
        _say(f"  {staff.name}  PIN {staff.pin}  ({staff.role})")
    _say("Then search, for example: " + " or ".join(TRY_SEARCHES))
    _say(f"Slips print to {place.path / SLIPS} (a PNG of each). To scan with the camera "
         f"or print: e-invoices and carrier barcodes in {place.path / SCAN_ME}.")
    _say("A POS can post sales: regulars pos-sale --data-dir "
         f"{place.path} --amount 1280 --receipt R-0001")
    if central is not None:
        _console_account(central)


def _console_account(central: CentralProcess) -> None:
    """The head-office console of the demo central, and an admin account to try it."""
    from central.console.first_admin import ensure_account  # only when central runs
    from central.db import make_engine

    engine = make_engine(central.db_url)
    try:
        ensure_account(engine, CONSOLE_USER, "總部示範", "admin", CONSOLE_PASSWORD)
    finally:
        engine.dispose()
    _say(f"Head office's console: {central.url}/console/ — sign in as {CONSOLE_USER}, "
         f"password {CONSOLE_PASSWORD}")


def _run_counter(data_dir: Path, language: str | None, rest: list[str]) -> int:
    """The counter app on the demo folder; Ctrl-C or SIGTERM closes it like the window."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop import app as counter_app

    qapp = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(qapp, QApplication)
    handlers = {sig: signal.signal(sig, lambda *_: QApplication.quit())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    # Python runs signal handlers only between bytecodes: wake it up now and then.
    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(200)
    argv = ["--data-dir", str(data_dir), *(["--lang", language] if language else []), *rest]
    try:
        return counter_app.main(argv)
    finally:
        tick.stop()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
