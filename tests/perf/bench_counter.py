"""Benchmark the counter app: start-up to a search box taking input, and scanner burst to the
member panel painted.

    python tests/perf/bench_counter.py --members 1000000
    python tests/perf/bench_counter.py --bundle dist/regulars --scans 0   # also the packaged app

Copies the shared demo store of that size (``bench_data.py``, built once), then prints one
JSON line:
``startup_to_ready_ms`` — median of three app starts (process spawn to the signed-in
counter's search box having the focus with the event loop running; the app prints a
timestamp then) — and ``scan_to_member_p99_ms`` over 1,000 scans (the Enter of a keyboard-
wedge burst to the member panel painted, offscreen, real widgets and store). With
``--invoices N``: ``invoice_scan_to_awarded_ms``, p99 of N e-invoice scans with a member
shown (the scan's Enter to the points on the panel, the confirming Enter sent at once;
``invoice_scan_to_awarded_cpu_*``: the UI thread's CPU time over the same span, which the
machine's load does not inflate), and ``keystrokes_per_award`` for the three paths (typed,
POS link, e-invoice scan). With ``--bundle`` (the PyInstaller folder from
``installer/build_linux.sh``, or its executable) the same start-up is measured on the built
app too: ``bundle_startup_to_ready_ms``.

The app encrypts its store (docs/store-encryption.md): a store this script builds is plain,
as an older version left it, and the first start encrypts it (``encrypted_on_first_start``;
``startup_first_ms`` then includes the encryption); the key is kept in a folder beside the
data folder (``REGULARS_KEY_DIR``), and the other starts open the encrypted store.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BENCH_CASHIER, BENCH_PIN = "bench", "8642"


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def build(data_dir: Path, members: int, entries: int) -> float:
    """The counter's data folder: a copy of the shared demo store of that size
    (``bench_data``, built once for this bench and ``bench_store.py``), with the bench's
    manager and the first-run wizard marked done. Reused while its marker matches."""
    from bench_data import copy_of  # this script's folder is on sys.path

    from loyalty.dates import utc_now
    from loyalty.store import cashiers
    from loyalty.store.engine import create_store_engine
    from loyalty.store.keyvalue import get_state, put_state

    path = data_dir / "store.db"
    marker = data_dir / "params"
    wanted = f"{members}:{entries}"
    if path.exists() and marker.exists() and marker.read_text() == wanted:
        engine = create_store_engine(path)
        with engine.begin() as conn:  # stores built before the first-run wizard existed
            if get_state(conn, "setup_completed_at") is None:
                put_state(conn, "setup_completed_at", utc_now().isoformat())
        engine.dispose()
        return 0.0
    marker.unlink(missing_ok=True)
    started = time.perf_counter()
    copy_of(path, members, entries)
    engine = create_store_engine(path)
    with engine.begin() as conn:
        cashiers.create_cashier(conn, BENCH_CASHIER, "manager", BENCH_PIN)
        put_state(conn, "setup_completed_at", utc_now().isoformat())  # no first-run wizard
    engine.dispose()
    marker.write_text(wanted)
    return time.perf_counter() - started


def startup_ms(data_dir: Path, bundle: Path | None = None, *, timeout: float = 120) -> float:
    """One start of the app (from the venv, or the built ``bundle`` executable)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REGULARS_BENCH_PIN=BENCH_PIN,
               REGULARS_EXIT_WHEN_READY="1")
    command = [str(bundle), "run"] if bundle else [sys.executable, "-m", "desktop.app"]
    spawned = time.time()
    proc = subprocess.run(
        [*command, "--data-dir", str(data_dir), "--ready-stamp",
         "--bench-sign-in", BENCH_CASHIER], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=timeout, check=True)
    for line in proc.stdout.splitlines():
        if line.startswith("READY "):
            _, stamp, accepting = line.split()
            if accepting != "1":
                raise SystemExit("the search box did not have the focus when ready")
            return (float(stamp) - spawned) * 1000
    raise SystemExit(f"the app never said READY: {proc.stderr[-2000:]}")


def sample_codes(path: Path, n: int) -> list[str]:
    from loyalty.store import cipher
    db = cipher.connect(path)
    top = db.execute("SELECT max(rowid) FROM members").fetchone()[0]
    rng = random.Random(3)
    codes: list[str] = []
    while len(codes) < n:
        row = db.execute("SELECT member_code FROM members WHERE rowid = ?",
                         (rng.randint(1, top),)).fetchone()
        if row:
            codes.append(row[0])
    db.close()
    return codes


def open_counter(data_dir: Path, pos_desk: object = None) -> tuple[object, object, object]:
    """The real counter on the bench store, signed in: (app, counter, engine)."""
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_counter
    from desktop.i18n import install_translators
    from desktop.style import apply_style
    from loyalty.store.engine import create_store_engine

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_style(app)
    app.setProperty("bench_translators", len(install_translators(app, "zh_TW")))
    engine = create_store_engine(data_dir / "store.db")
    counter = build_counter(engine, pos_desk=pos_desk)  # type: ignore[arg-type]
    window = counter.window
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    while QApplication.activeWindow() is not window:
        app.processEvents()
    staff = {c.name: c.id for c in counter.session.staff()}
    counter.session.sign_in(staff[BENCH_CASHIER], BENCH_PIN)
    return app, counter, engine


SCAN_PREFIX = "`"


def mark_scans(counter: object) -> None:
    """Scans carry a prefix character (``scanner.prefix``, as a scanner can be programmed
    to send): on a loaded machine the bench's own key bursts are sometimes descheduled for
    more than the 50 ms gap that tells a burst from typing, and the code was then searched
    as typed text. With a prefix, detection does not depend on timing; what is timed is
    unchanged (the scan's Enter to the points shown)."""
    from dataclasses import replace
    scanner = counter.scanner  # type: ignore[attr-defined]
    scanner.settings = replace(scanner.settings, prefix=SCAN_PREFIX)


def scan_ms(data_dir: Path, scans: int) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app, counter, engine = open_counter(data_dir)
    mark_scans(counter)
    window = counter.window
    painted: list[str] = []
    counter.window.counter.panel.member_painted.connect(painted.append)
    codes = sample_codes(data_dir / "store.db", scans + 50)
    samples: list[float] = []
    for index, code in enumerate(codes):
        target = QApplication.focusWidget() or window
        QTest.keyClicks(target, SCAN_PREFIX + code)  # a burst: microseconds between keys
        painted.clear()
        started = time.perf_counter()
        QTest.keyClick(target, Qt.Key.Key_Return)
        while not painted:
            app.processEvents()
            if time.perf_counter() - started > 5:
                raise SystemExit(f"scan {index} ({code}) never painted a member; flash: "
                                 f"{counter.window.counter.flash.text()!r}, focus: {target}")
        elapsed = (time.perf_counter() - started) * 1000
        if index >= 50:  # the first scans warm the page cache and Qt's glyph caches
            samples.append(elapsed)
    counter.close()
    engine.dispose()
    return samples


def _wait(app: object, done: object, what: str) -> None:
    started = time.perf_counter()
    while not done():  # type: ignore[operator]
        app.processEvents()  # type: ignore[attr-defined]
        if time.perf_counter() - started > 5:
            raise SystemExit(f"timed out waiting for {what}")


def invoice_ms(data_dir: Path, n: int) -> tuple[list[float], list[float]]:
    """E-invoice scans with a member shown: the scan's Enter to the points on the panel,
    the cashier's confirming Enter sent as soon as the filled form is up (so this is the
    counter's time, not the cashier's). Returns the wall times and the UI thread's CPU time
    over the same span (what the counter itself spends, whatever else the machine runs)."""
    from datetime import date, timedelta

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from loyalty.einvoice import SELLER_IDS_SETTING, make_invoice_qr
    from loyalty.store.keyvalue import put_setting

    app, counter, engine = open_counter(data_dir)
    mark_scans(counter)
    with engine.begin() as conn:  # type: ignore[attr-defined]
        put_setting(conn, SELLER_IDS_SETTING, ["53212539"])
    page = counter.window.counter
    painted: list[str] = []
    page.panel.member_painted.connect(painted.append)
    rng = random.Random(int(time.time()))  # new invoice numbers each run: never earned yet
    today = date.today() - timedelta(days=1)
    codes = sample_codes(data_dir / "store.db", n + 20)
    samples: list[float] = []
    cpu: list[float] = []
    for index, code in enumerate(codes):
        member = counter.session.find(code).members[0]
        counter.controller.choose_member(member.id)
        _wait(app, lambda: counter.session.member is not None, "the member")
        qr = make_invoice_qr(f"ZZ{rng.randint(10**7, 10**8 - 1)}", today,
                             rng.randint(100, 9000), "53212539")
        target = QApplication.focusWidget() or counter.window
        QTest.keyClicks(target, SCAN_PREFIX + qr)
        painted.clear()
        started, cpu_started = time.perf_counter(), time.thread_time()
        QTest.keyClick(target, Qt.Key.Key_Return)  # the scanner's Enter
        _wait(app, lambda: page.open_form_widget() is page.award, "the invoice form")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # the cashier's
        _wait(app, lambda: page.open_form_widget() is None and painted, "the points")
        if index >= 20:
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - cpu_started) * 1000)
    counter.close()
    engine.dispose()  # type: ignore[attr-defined]
    return samples, cpu


def keystrokes_per_award(data_dir: Path) -> dict[str, int]:
    """Keys the cashier presses from the member on screen (card scanned) to points awarded,
    counted while doing it on the real counter: typed (F2, a 4-digit amount, Tab, the
    10-character invoice number, Enter), the POS link (the sale arrives by itself) and an
    e-invoice scan (Enter). Scanner bursts are not keystrokes."""
    import threading
    from datetime import date, timedelta

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from loyalty.einvoice import make_invoice_qr
    from loyalty.money import Currency
    from loyalty.poslink import LinkFile, PosDesk
    from loyalty.poslink.client import post_sale
    from loyalty.poslink.server import PosLinkServer

    desk = PosDesk(Currency.TWD)
    server = PosLinkServer(desk, "bench").start()
    app, counter, engine = open_counter(data_dir, desk)
    mark_scans(counter)
    page = counter.window.counter
    code = sample_codes(data_dir / "store.db", 1)[0]
    counter.controller.choose_member(counter.session.find(code).members[0].id)
    balance = [counter.session.member.balance]
    keys = {"typed": 0, "pos_link": 0, "einvoice_scan": 0}

    def press(key: Qt.Key, text: str = "", path: str = "typed") -> None:
        target = QApplication.focusWidget() or counter.window
        if text:
            QTest.keyClicks(target, text)
        else:
            QTest.keyClick(target, key)
        keys[path] += len(text) or 1

    def awarded() -> bool:
        member = counter.session.member
        return member is not None and member.balance > balance[0]

    rng = random.Random(int(time.time()))
    press(Qt.Key.Key_F2)
    press(Qt.Key.Key_unknown, "1280")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_unknown, f"YY{rng.randint(10**7, 10**8 - 1)}")
    press(Qt.Key.Key_Return)
    _wait(app, awarded, "the typed award")
    balance[0] = counter.session.member.balance
    answer: list[object] = []
    sale = {"amount": "1280", "receipt_no": f"P-{rng.randint(0, 10**9)}"}
    thread = threading.Thread(target=lambda: answer.append(post_sale(
        LinkFile(server.port, "bench"), sale, 10)))
    thread.start()
    _wait(app, awarded, "the POS sale")
    thread.join()
    balance[0] = counter.session.member.balance
    qr = make_invoice_qr(f"XX{rng.randint(10**7, 10**8 - 1)}", date.today() - timedelta(1),
                         1280, "53212539")
    QTest.keyClicks(QApplication.focusWidget() or counter.window,
                    SCAN_PREFIX + qr + "\r")  # the scanner
    _wait(app, lambda: page.open_form_widget() is page.award, "the invoice form")
    press(Qt.Key.Key_Return, path="einvoice_scan")
    _wait(app, awarded, "the invoice award")
    counter.close()
    engine.dispose()  # type: ignore[attr-defined]
    server.stop()
    return keys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=None,
                        help="ledger entries in the demo store (default: 5 per member, as "
                             "bench_store.py's 1M run)")
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--invoices", type=int, default=300,
                        help="e-invoice scans to award (0: skip)")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--bundle", type=Path, default=None,
                        help="the built app folder (dist/regulars) or its executable")
    args = parser.parse_args()
    bundle: Path | None = args.bundle
    if bundle is not None and bundle.is_dir():
        bundle = bundle / "regulars"
    if bundle is not None and not os.access(bundle, os.X_OK):
        raise SystemExit(f"{bundle} is not an executable (build it: installer/build_linux.sh)")
    data_dir = args.dir or Path(f"/tmp/regulars-bench-counter/{args.members}")
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("REGULARS_KEY_DIR", str(data_dir.parent / f"{data_dir.name}-keys"))
    from loyalty.store import cipher, keys
    store = data_dir / "store.db"
    if cipher.is_encrypted(store):
        keys.unlock(store)
    entries = args.entries or 5 * args.members
    build_s = build(data_dir, args.members, entries)
    was_plain = cipher.is_plain(store)
    figures: dict[str, object] = {"members": args.members, "entries": entries,
                                  "build_s": round(build_s, 1),
                                  "encrypted_on_first_start": was_plain}
    # A first start on a plain store encrypts it: minutes at 1M members (about 5 GB).
    starts = [startup_ms(data_dir, timeout=3600 if was_plain and n == 0 else 120)
              for n in range(4 if was_plain else 3)]
    if was_plain:  # that start encrypted the store: reported apart, not in the median
        figures["startup_encrypting_ms"] = round(starts.pop(0), 1)
    keys.unlock(store)
    figures.update(encrypted=cipher.is_encrypted(store),
                   startup_to_ready_ms=round(statistics.median(starts), 1),
                   startup_first_ms=round(starts[0], 1))
    if bundle is not None:
        bundled = [startup_ms(data_dir, bundle.resolve()) for _ in range(3)]
        figures.update(bundle_startup_to_ready_ms=round(statistics.median(bundled), 1),
                       bundle_startup_first_ms=round(bundled[0], 1))
    if args.scans:
        scans = scan_ms(data_dir, args.scans)
        figures.update(scan_to_member_p50_ms=round(statistics.median(scans), 2),
                       scan_to_member_p99_ms=round(percentile(scans, 99), 2), scans=len(scans))
    if args.invoices:
        invoices, cpu = invoice_ms(data_dir, args.invoices)
        figures.update(invoice_scan_to_awarded_p50_ms=round(statistics.median(invoices), 2),
                       invoice_scan_to_awarded_ms=round(percentile(invoices, 99), 2),
                       invoice_scan_to_awarded_cpu_p50_ms=round(statistics.median(cpu), 2),
                       invoice_scan_to_awarded_cpu_p99_ms=round(percentile(cpu, 99), 2),
                       invoices=len(invoices))
        figures["keystrokes_per_award"] = keystrokes_per_award(data_dir)
    figures["load_avg"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
