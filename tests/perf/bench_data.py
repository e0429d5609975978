"""The benchmarks' demo store, built once per size and reused by later runs and other benches.

A plain demo store of ``members`` / ``entries`` is kept at
``/tmp/regulars-bench/store-<members>-<entries>.db`` with a ``.params`` marker written only
when the build finished (a killed build is started again, never reused half made). At 1M
members the build is CPU-bound in Python (drawing the members' histories; the rows go to
SQLite in bulk, indexes built once at the end) and takes tens of minutes on a loaded 2-core
machine, so ``bench_store.py`` and ``bench_counter.py`` share the file: the counter bench
copies it into its data folder instead of drawing a second million members.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from loyalty.member_code import CodeBlock
from loyalty.store import demo
from loyalty.store.codes import assign_block
from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import upgrade

CACHE = Path("/tmp/regulars-bench")


def cached_path(members: int, entries: int) -> Path:
    return CACHE / f"store-{members}-{entries}.db"


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def build(path: Path, members: int, entries: int) -> float:
    """Make ``path`` a plain demo store of that size (reused when its marker says so);
    returns the seconds spent building (0 when reused)."""
    marker = path.with_suffix(".params")
    wanted = f"{members}:{entries}"
    if path.exists() and marker.exists() and marker.read_text() == wanted:
        engine = create_store_engine(path)
        upgrade(engine)  # a data set built by an older version: bring it to this schema
        engine.dispose()
        return 0.0
    path.parent.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    _remove(path)
    started = time.perf_counter()
    engine = create_store_engine(path)
    upgrade(engine)
    with engine.begin() as conn:
        assign_block(conn, CodeBlock.numbered(1))
    engine.dispose()
    demo.generate(path, members, entries)
    marker.write_text(wanted)
    return time.perf_counter() - started


def copy_of(target: Path, members: int, entries: int) -> float:
    """A fresh copy of the cached store at ``target`` (building the cache first if needed);
    returns the seconds spent building and copying."""
    started = time.perf_counter()
    source = cached_path(members, entries)
    build(source, members, entries)
    _remove(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)  # closed and checkpointed by build: one file
    target.chmod(0o600)
    return time.perf_counter() - started
