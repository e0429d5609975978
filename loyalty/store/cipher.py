"""Encrypted SQLite files: SQLCipher through ``sqlcipher3`` (the ``sqlcipher3-wheels`` wheels).

Why SQLCipher and this binding: ``sqlcipher3-wheels`` ships SQLCipher 4 with its own SQLite as
wheels for Linux (manylinux x86_64) and Windows (win_amd64) and speaks DB-API like the
standard ``sqlite3``, so SQLAlchemy's pysqlite dialect, the backup API and our raw
connections work unchanged. (SQLite3 Multiple Ciphers' wheels speak APSW, not DB-API.)

Keys are 256 random bits given as a raw key (``PRAGMA key = "x'…'"``): SQLCipher then skips
its PBKDF2 passphrase derivation (256,000 rounds at every connect), which a random key does
not need. Pages are AES-256-CBC with an HMAC-SHA512 each (SQLCipher 4's defaults, 4 KiB pages
like the plain store); a file without the key is random bytes from its first byte on.

A process keeps one *keychain*: the key of each store file it unlocked (:func:`register`).
Every part that opens the file — the engine, the backup, the WAL checkpointer, the start-up
warming — asks :func:`connect` / :func:`key_for`, so the key is passed around once, by the
composition root, and never written beside the data.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlcipher3 import dbapi2 as sqlcipher

PLAIN_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32
#: What a caller catches around raw connections: the two drivers have their own classes.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
SqlcipherError = sqlcipher.Error
DRIVER = sqlcipher


@dataclass(frozen=True, slots=True)
class StoreKey:
    """A 256-bit raw SQLCipher key. Its repr never shows the bytes."""

    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError(f"a store key is {KEY_BYTES} bytes, not {len(self.raw)}")

    @classmethod
    def generate(cls) -> StoreKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @classmethod
    def from_hex(cls, text: str) -> StoreKey:
        return cls(bytes.fromhex(text.strip()))

    def hex(self) -> str:
        return self.raw.hex()

    def pragma(self, schema: str | None = None) -> str:
        target = f"{schema}." if schema else ""
        return f"PRAGMA {target}key = \"x'{self.raw.hex()}'\""


_keychain: dict[Path, StoreKey] = {}
_lock = threading.Lock()


def _canonical(path: str | Path) -> Path:
    return Path(os.path.abspath(path))


def register(path: str | Path, key: StoreKey) -> None:
    """Remember ``key`` as the key of the file at ``path`` for this process."""
    with _lock:
        _keychain[_canonical(path)] = key


def forget(path: str | Path) -> None:
    with _lock:
        _keychain.pop(_canonical(path), None)


def key_for(path: str | Path) -> StoreKey | None:
    """The key registered for ``path`` (its ``-wal``/``-shm`` companions share it)."""
    with _lock:
        return _keychain.get(_canonical(path))


def is_plain(path: str | Path) -> bool:
    """True when ``path`` is an unencrypted SQLite file (False: encrypted, empty or absent)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except FileNotFoundError:
        return False


def is_encrypted(path: str | Path) -> bool:
    """True when ``path`` holds data but no SQLite header: a SQLCipher file."""
    p = Path(path)
    return p.exists() and p.stat().st_size > 0 and not is_plain(p)


def raw_connect(path: str | Path, key: StoreKey | None, *, readonly: bool = False,
                **kwargs: Any) -> sqlite3.Connection:
    """A DB-API connection on ``path``: SQLCipher keyed with ``key``, or plain ``sqlite3``.

    The key is the first statement on the connection, as SQLCipher requires.
    """
    target = f"file:{Path(path)}?mode=ro" if readonly else str(path)
    if key is None:
        plain: sqlite3.Connection = sqlite3.connect(target, uri=readonly, **kwargs)
        return plain
    conn = sqlcipher.connect(target, uri=readonly, **kwargs)
    try:
        conn.execute(key.pragma())
    except BaseException:
        conn.close()
        raise
    # Same API as sqlite3.Connection; typed as one so callers need not care which driver.
    return cast(sqlite3.Connection, conn)


def connect(path: str | Path, *, readonly: bool = False, **kwargs: Any) -> sqlite3.Connection:
    """A connection on ``path`` with the key this process registered for it (if any)."""
    return raw_connect(path, key_for(path), readonly=readonly, **kwargs)


def copy_database(source: str | Path, source_key: StoreKey | None, dest: str | Path,
                  dest_key: StoreKey | None, *, pages: int = -1) -> None:
    """Copy ``source`` into ``dest``, decrypting with ``source_key`` and encrypting with
    ``dest_key`` (None: plain). ``dest`` ends as one self-contained file (rollback journal).

    Between two keyed files (or two plain ones) SQLite's online backup API copies the pages
    (in steps of ``pages`` when > 0, so writers go on); SQLCipher's backup refuses a plain
    source with a keyed destination, which ``sqlcipher_export`` does instead (schema and
    rows, then the schema version SQLite keeps in the header).
    """
    if source_key is None and dest_key is not None:
        _export(source, dest, dest_key)
        return
    # The driver the live store's engine uses: a second copy of SQLite in the process, on
    # the same WAL file, does not see the first one's POSIX locks, and closing its handle
    # drops them (the store's writer then died with SIGBUS on the shared-memory index).
    driver: Any = sqlcipher if source_key is not None or dest_key is not None else sqlite3
    src = driver.connect(f"file:{Path(source)}?mode=ro", uri=True)
    try:
        if source_key is not None:
            src.execute(source_key.pragma())
        out = driver.connect(str(dest))
        try:
            if dest_key is not None:
                out.execute(dest_key.pragma())
            src.backup(out, pages=pages)
            out.execute("PRAGMA journal_mode=DELETE")
        finally:
            out.close()
    finally:
        src.close()


def _export(source: str | Path, dest: str | Path, key: StoreKey) -> None:
    src = sqlcipher.connect(str(source), isolation_level=None)
    try:
        src.execute("PRAGMA busy_timeout=10000")
        version = int(src.execute("PRAGMA user_version").fetchone()[0])
        src.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(dest), f"x'{key.hex()}'"))
        try:
            src.execute("SELECT sqlcipher_export('encrypted')").fetchall()
            src.execute(f"PRAGMA encrypted.user_version = {version}")
        finally:
            src.execute("DETACH DATABASE encrypted")
    finally:
        src.close()


def driver_connection(db: object) -> sqlite3.Connection:
    """``db`` (a SQLAlchemy connection's ``driver_connection``) as the sqlite3 API, whichever
    of the two drivers made it."""
    if not isinstance(db, (sqlite3.Connection, sqlcipher.Connection)):
        raise TypeError(f"not a SQLite connection: {type(db).__name__}")
    return cast(sqlite3.Connection, db)
