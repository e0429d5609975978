"""The packaged Linux app, built by ``installer/build_linux.sh`` from a clean checkout (``git
archive HEAD``): it starts offscreen, reaches the first-run wizard on an empty data directory
and the counter on a set-up one (and starts on X11 under Xvfb), loads its own zbar and Qt
Multimedia's FFmpeg backend, carries neither the test suite nor development tools, and runs
``regulars demo`` with its own central.

The build takes one to three minutes on two cores; its figures are printed (see them with
``-s``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from loyalty.dates import utc_now
from loyalty.store.keyvalue import put_state
from tests.helpers.store import CASHIER_PIN, make_store

BUILD_TIMEOUT_S = 1200
# The module's build runs in the first test's set-up, inside pytest-timeout's limit.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(BUILD_TIMEOUT_S + 300)]

ROOT = Path(__file__).resolve().parents[2]
MAX_BUNDLE_MIB = 250  # measured 205 MiB; the whole of PySide6 (WebEngine, QML) is ~700 MiB
DEV_MODULES = ("pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff", "importlinter",
               "schemathesis", "PyInstaller", "tests", "pip", "setuptools")


@dataclass
class Bundle:
    folder: Path
    executable: Path
    tarball: Path
    build_s: float
    size_mib: float


def _clean_checkout(dest: Path) -> None:
    """HEAD's files exactly as committed: no .venv, no built .qm, no untracked work (outside
    a git clone, e.g. an unpacked source tarball: the tree without build products)."""
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=ROOT,
                             capture_output=True)
    if archive.returncode == 0:
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
        return
    shutil.copytree(ROOT, dest, dirs_exist_ok=True, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "dist", "build", "__pycache__", ".*_cache", "artifacts"))


def _size_mib(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 2**20


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    checkout = tmp_path_factory.mktemp("checkout")
    out = tmp_path_factory.mktemp("out")
    _clean_checkout(checkout)
    started = time.monotonic()
    proc = subprocess.run(
        [str(checkout / "installer" / "build_linux.sh"), "--dist", str(out / "dist"),
         "--work", str(out / "work")],
        cwd=checkout, env=dict(os.environ, PYTHON=sys.executable), capture_output=True,
        text=True, timeout=BUILD_TIMEOUT_S)
    build_s = time.monotonic() - started
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    folder = out / "dist" / "regulars"
    tarballs = list((out / "dist").glob("regulars-*-linux-*.tar.gz"))
    assert len(tarballs) == 1, proc.stdout
    built = Bundle(folder, folder / "regulars", tarballs[0], build_s, _size_mib(folder))
    figures = {"build_s": round(build_s, 1), "bundle_mib": round(built.size_mib, 1),
               "tarball_mib": round(built.tarball.stat().st_size / 2**20, 1),
               "load_avg": os.getloadavg()[0]}
    print("bundle:", json.dumps(figures))
    return built


def _start(bundle: Bundle, data_dir: Path, *extra: str,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Start the built executable the way a counter would, offscreen, until it is ready."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
    environment.update(QT_QPA_PLATFORM="offscreen", REGULARS_EXIT_WHEN_READY="1", **(env or {}))
    return subprocess.run(
        [str(bundle.executable), "run", "--data-dir", str(data_dir), "--ready-stamp", *extra],
        cwd=data_dir.parent, env=environment, capture_output=True, text=True, timeout=120)


def _assert_healthy(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    # Without its FFmpeg backend Qt Multimedia has no camera: scanning by camera would be gone.
    assert "No QtMultimedia backends found" not in proc.stderr, proc.stderr[-3000:]


def test_fresh_data_dir_reaches_the_first_run_wizard(bundle: Bundle, tmp_path: Path) -> None:
    data_dir = tmp_path / "counter"
    proc = _start(bundle, data_dir)
    _assert_healthy(proc)
    lines = proc.stdout.splitlines()
    assert any(re.fullmatch(r"WIZARD \d+\.\d+", line) for line in lines), proc.stdout
    assert not any(line.startswith("READY") for line in lines), proc.stdout
    assert (data_dir / "store.db").is_file()  # the store was created and migrated


def test_starts_on_x11_too(bundle: Bundle, tmp_path: Path) -> None:
    """A counter's desktop is X11 (or XWayland): the bundle's xcb platform plugin and the
    libraries it needs load under Xvfb."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
    environment.update(QT_QPA_PLATFORM="xcb", REGULARS_EXIT_WHEN_READY="1")
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", str(bundle.executable), "run",
         "--data-dir", str(tmp_path / "counter"), "--ready-stamp"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    _assert_healthy(proc)
    assert any(line.startswith("WIZARD ") for line in proc.stdout.splitlines()), (
        proc.stdout + proc.stderr[-2000:])


def test_set_up_data_dir_opens_the_counter_with_its_own_zbar(bundle: Bundle,
                                                           tmp_path: Path) -> None:
    data_dir = tmp_path / "counter"
    data_dir.mkdir()
    store = make_store(data_dir / "store.db")
    with store.engine.begin() as conn:
        put_state(conn, "setup_completed_at", utc_now().isoformat())
    store.engine.dispose()
    # LD_DEBUG=files names every library the loader opens: the camera's decoder must load the
    # bundle's libzbar (a counter PC need not have the libzbar0 package).
    proc = _start(bundle, data_dir, "--bench-sign-in", store.cashier.name,
                  env={"REGULARS_BENCH_PIN": CASHIER_PIN, "LD_DEBUG": "files"})
    _assert_healthy(proc)
    assert any(re.fullmatch(r"READY \d+\.\d+ 1", line) for line in proc.stdout.splitlines()), (
        proc.stdout)
    assert not any(line.startswith("WIZARD") for line in proc.stdout.splitlines())
    zbar = re.findall(r"file=(\S*libzbar\S*)", proc.stderr)
    assert zbar and all(Path(path).is_relative_to(bundle.folder) for path in zbar), zbar


def test_demo_runs_from_the_bundle_with_its_own_central(bundle: Bundle,
                                                        tmp_path: Path) -> None:
    """The bundle carries central's server stack so that ``regulars demo`` works on a counter
    PC: it starts ``regulars central serve`` from the same executable, registers, syncs."""
    data_dir = tmp_path / "demo"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
    environment["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run(
        [str(bundle.executable), "demo", "--data-dir", str(data_dir), "--prepare-only"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert "synced with central" in proc.stdout, proc.stdout
    started = _start(bundle, data_dir)  # a prepared demo never shows the wizard
    _assert_healthy(started)
    assert any(line.startswith("READY ") for line in started.stdout.splitlines()), (
        started.stdout)


def test_bundle_is_lean_and_carries_no_tests_or_dev_tools(bundle: Bundle) -> None:
    from PyInstaller.archive.readers import pkg_archive_contents

    modules = pkg_archive_contents(str(bundle.executable))
    assert any(name == "desktop.app" for name in modules)
    shipped_dev = sorted({name for name in modules if name.split(".")[0] in DEV_MODULES})
    assert not shipped_dev
    on_disk = {p.relative_to(bundle.folder).parts[1] for p in bundle.folder.glob("_internal/*")}
    assert not on_disk & set(DEV_MODULES)
    assert not list(bundle.folder.rglob("test_*.py"))
    assert bundle.size_mib < MAX_BUNDLE_MIB, f"{bundle.size_mib:.0f} MiB"
    # what a counter needs besides code: translations, migrations, rules, the desktop entry
    internal = bundle.folder / "_internal"
    for needed in ("assets/i18n/regulars_zh_TW.qm", "assets/i18n/regulars_en.qm",
                   "PySide6/Qt/translations/qtbase_zh_TW.qm", "loyalty/default_rules_tw.json",
                   "loyalty/store/migrations/env.py", "libzbar.so.0", "libusb-1.0.so.0",
                   "PySide6/Qt/plugins/platforms/libqxcb.so",
                   "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so"):
        assert (internal / needed).is_file(), needed
    with tarfile.open(bundle.tarball) as tar:
        names = set(tar.getnames())
    assert {"regulars/regulars", "regulars/regulars.desktop", "regulars/regulars.png"} <= names
