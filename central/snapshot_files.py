"""Snapshot parts built once per feed position into files, and read from there.

A reader that stalls must not hold anything of the database's: a part is encoded in one
short read-only transaction straight into a file (at database speed, whatever the client
does), and every reader of that feed position streams the file. The transaction is over
before the first byte is sent; a reader that stalls or disconnects holds one open file.

Files live in one directory per process (setting ``snapshot_dir``; by default a private
temporary directory removed at shutdown). A part is rebuilt only when the feed has moved
past the file's position: the file a reader gets is never older than the feed head when
it asked, so it is never older than the manifest the reader planned with. Older files of a
part are deleted once a newer one exists (a reader still streaming one keeps its open
handle). At most ``snapshot_builds`` builds run at once per process, each holding one
pooled connection; requests beyond that wait without holding a thread or a connection.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import anyio
import anyio.to_thread
from sqlalchemy import Engine

from central import snapshot
from central.db import read_session
from central.feed import feed_head
from sync.protocol import SnapshotManifest, part_buckets


@dataclass(frozen=True, slots=True)
class PartFile:
    """A built part: its file and the feed cursor it is consistent with."""

    path: Path
    cursor: int


class SnapshotFiles:
    """The snapshot parts of one central process (see the module docstring)."""

    def __init__(self, engine: Engine, directory: Path | None = None, builds: int = 2) -> None:
        self.engine = engine
        self._configured = directory
        self._directory: Path | None = None
        self._builds = builds
        self._limiter: anyio.CapacityLimiter | None = None
        self._locks: dict[object, anyio.Lock] = {}
        self._parts: dict[tuple[int, int], PartFile] = {}
        self._guard = threading.Lock()
        self._made = threading.Lock()

    async def manifest(self, configured_parts: int, checksums: bool) -> SnapshotManifest:
        """The manifest at the feed head; a build also writes every part's file.

        Without ``checksums`` it is one indexed count, read at once. With them, the feed
        head is noted on arrival and builds take turns: a request served after waiting gets
        any manifest kept since its arrival (by this process or another) instead of building
        again, so however many terminals ask while the feed moves, builds run one after
        another, each answering everyone who arrived before it began, and a manifest kept
        for the current head is one indexed read.
        """
        if not checksums:
            return await anyio.to_thread.run_sync(self._build_manifest, configured_parts,
                                                  False)
        arrived_at = await anyio.to_thread.run_sync(self._head)
        async with self._lock("manifest"):
            result = await anyio.to_thread.run_sync(
                self._build_manifest, configured_parts, True, arrived_at,
                limiter=self._slots())
        return result

    async def open_part(self, part: int, parts: int) -> BinaryIO:
        """An open file of the part at the current feed head or later.

        Raises:
            ValueError: ``part``/``parts`` do not describe a part.
        """
        part_buckets(part, parts)
        head = await anyio.to_thread.run_sync(self._head)
        async with self._lock((parts, part)):
            while True:
                built = self._parts.get((parts, part))
                if built is None or built.cursor < head:
                    built = await anyio.to_thread.run_sync(self._build_part, part, parts,
                                                           limiter=self._slots())
                try:
                    return built.path.open("rb")
                except FileNotFoundError:  # replaced by a newer build just now (here, or by
                    # another worker sharing snapshot_dir): take that, or build again
                    with self._guard:
                        if self._parts.get((parts, part)) is built:
                            del self._parts[(parts, part)]
                    continue

    def discard(self) -> int:
        """Delete every kept part file (after an erasure: the files hold the member as they
        were). The next reader of a part builds it again; a reader still streaming an old
        file keeps its open handle until it is done."""
        with self._guard:
            kept, self._parts = list(self._parts.values()), {}
        for built in kept:
            built.path.unlink(missing_ok=True)
        return len(kept)

    @property
    def directory(self) -> Path:
        """Where the part files are (made on first use, readable by this user only: the
        files hold members' personal data, as the database does)."""
        with self._made:
            return self._make_directory()

    def _make_directory(self) -> Path:
        if self._directory is None:
            if self._configured is None:
                self._directory = Path(tempfile.mkdtemp(prefix="regulars-snapshot-"))
            else:
                self._configured.mkdir(mode=0o700, parents=True, exist_ok=True)
                self._directory = self._configured
        return self._directory

    def close(self) -> None:
        """Remove the directory when it is this process's private one."""
        if self._configured is None and self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None

    def _slots(self) -> anyio.CapacityLimiter:
        if self._limiter is None:  # made inside the event loop
            self._limiter = anyio.CapacityLimiter(self._builds)
        return self._limiter

    def _lock(self, key: object) -> anyio.Lock:
        return self._locks.setdefault(key, anyio.Lock())

    def _head(self) -> int:
        with read_session(self.engine) as session:
            return feed_head(session)

    def _build_manifest(self, configured_parts: int, checksums: bool,
                        at_least: int | None = None) -> SnapshotManifest:
        result = snapshot.manifest(self.engine, configured_parts, checksums=checksums,
                                   directory=self.directory if checksums else None,
                                   at_least=at_least)
        for part in range(result.parts):
            path = snapshot.part_path(self.directory, part, result.parts, result.cursor)
            if path.exists():
                self._keep(part, result.parts, PartFile(path, result.cursor))
        return result

    def _build_part(self, part: int, parts: int) -> PartFile:
        with snapshot.reading(self.engine) as (conn, cursor):
            snapshot.write_part(conn, self.directory, part, parts, cursor)
        built = PartFile(snapshot.part_path(self.directory, part, parts, cursor), cursor)
        self._keep(part, parts, built)
        return built

    def _keep(self, part: int, parts: int, built: PartFile) -> None:
        with self._guard:  # builds run on worker threads
            self._replace(part, parts, built)

    def _replace(self, part: int, parts: int, built: PartFile) -> None:
        old = self._parts.get((parts, part))
        if old is not None and old.cursor > built.cursor:
            built.path.unlink(missing_ok=True)
            return
        self._parts[(parts, part)] = built
        if old is not None and old.path != built.path:
            old.path.unlink(missing_ok=True)  # readers of it keep their open handle
