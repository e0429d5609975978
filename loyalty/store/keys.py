"""Where a till keeps its store key: never beside the data, never in clear where it can help.

One random 256-bit key per data folder (the store, its backups and the print queue share
it), kept in a *vault* chosen by platform:

- **Windows**: a DPAPI blob sealed with the machine scope (``CRYPTPROTECT_LOCAL_MACHINE``),
  in ``%PROGRAMDATA%\\Regulars Keys`` (ACL: the service account and administrators). Only a
  process running on this Windows installation can unseal it; a copied data folder, a
  copied backup or the disk moved to another PC — without also lifting the machine's LSA
  secrets — cannot.
- **Linux with an unlocked OS keyring** (Secret Service through the ``keyring`` package, when
  installed and its backend answers): the keyring entry "Regulars store key" / the folder's id.
- **Otherwise (a kiosk Linux without a keyring)**: a key file of mode 0600 in a 0700 folder
  owned by the account the till runs as, outside the data folder
  (``~/.config/Regulars/keys`` or ``REGULARS_KEY_DIR``). Threat model: this stops a copied
  data folder or backup, a backup medium lost, a store file mailed to support; it does not
  stop someone with the whole disk (the key file is on it) nor root on the running PC.
  A lost or stolen PC is covered only together with full-disk encryption (LUKS/BitLocker),
  which the note asks chains to turn on; DPAPI and the keyring raise the bar, not remove it.

A key that cannot be found for a store that is already encrypted is never replaced by a new
one (that would make the data unreadable for good): :class:`KeyMissing` says what to do.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path
from typing import Protocol

import platformdirs

from loyalty.errors import LoyaltyError
from loyalty.store import cipher

log = logging.getLogger(__name__)
APP = "Regulars"
KEYRING_SERVICE = "Regulars store key"
WINDOWS_KEY_FOLDER = "Regulars Keys"  # in %PROGRAMDATA%; the installer sets its ACL


class KeyMissing(LoyaltyError):
    """The store is encrypted and its key is nowhere this PC keeps it."""

    code = "store_key_missing"


class Vault(Protocol):
    """Somewhere a key is kept."""

    def load(self) -> cipher.StoreKey | None: ...

    def save(self, key: cipher.StoreKey) -> None: ...

    def describe(self) -> str: ...


def folder_id(data_dir: Path) -> str:
    """A stable name for a data folder's key (several terminals may share one PC)."""
    return hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]


def default_key_dir() -> Path:
    """``REGULARS_KEY_DIR``, else the platform's place for the till's keys."""
    if os.environ.get("REGULARS_KEY_DIR"):
        return Path(os.environ["REGULARS_KEY_DIR"]).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / WINDOWS_KEY_FOLDER
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "keys"


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


class KeyFile:
    """A key file readable only by the account the till runs as (mode 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> cipher.StoreKey | None:
        try:
            text = self.path.read_text(encoding="ascii")
        except FileNotFoundError:
            return None
        if os.name == "posix" and self.path.stat().st_mode & 0o077:
            log.warning("the store key file was readable by others; made 0600 again")
            os.chmod(self.path, 0o600)
        return cipher.StoreKey.from_hex(text)

    def save(self, key: cipher.StoreKey) -> None:
        _write_private(self.path, (key.hex() + "\n").encode("ascii"))

    def describe(self) -> str:
        return f"key file {self.path}"


class KeyringEntry:
    """The OS keyring (Secret Service, macOS Keychain) through the ``keyring`` package."""

    def __init__(self, name: str, backend: object | None = None) -> None:
        self.name = name
        self.backend = backend

    def _keyring(self) -> object:
        if self.backend is not None:
            return self.backend
        import keyring  # optional: only where an OS keyring is set up
        return keyring.get_keyring()

    def load(self) -> cipher.StoreKey | None:
        text = self._keyring().get_password(KEYRING_SERVICE, self.name)  # type: ignore[attr-defined]
        return None if text is None else cipher.StoreKey.from_hex(str(text))

    def save(self, key: cipher.StoreKey) -> None:
        self._keyring().set_password(KEYRING_SERVICE, self.name, key.hex())  # type: ignore[attr-defined]

    def describe(self) -> str:
        return f"OS keyring entry {KEYRING_SERVICE!r}/{self.name}"


def usable_keyring() -> object | None:
    """The OS keyring when the ``keyring`` package is installed and its backend is a real,
    unlocked one (not the fail or null backend, not a plain-text file backend)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    backend = keyring.get_keyring()
    module = type(backend).__module__
    if (getattr(backend, "priority", 0) <= 0 or module.startswith("keyrings.alt")
            or module.endswith((".fail", ".null"))):
        return None
    try:
        backend.get_password(KEYRING_SERVICE, "probe")  # locked: raises or asks; both no
    except (KeyringError, OSError, RuntimeError):
        return None
    found: object = backend
    return found


class DpapiFile:
    """A key sealed with Windows' machine-scope DPAPI, stored as a blob file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> cipher.StoreKey | None:
        try:
            blob = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return cipher.StoreKey(dpapi_unprotect(blob))

    def save(self, key: cipher.StoreKey) -> None:
        _write_private(self.path, dpapi_protect(key.raw))

    def describe(self) -> str:
        return f"DPAPI (machine) blob {self.path}"


if sys.platform == "win32":  # written for Windows; cannot run on the Linux build machine
    import ctypes
    from ctypes import wintypes

    class _Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    _LOCAL_MACHINE = 0x4
    _UI_FORBIDDEN = 0x1

    def _call(fn: object, data: bytes) -> bytes:
        buffer = ctypes.create_string_buffer(data, len(data))
        source = _Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
        out = _Blob()
        if not fn(ctypes.byref(source), None, None, None, None,  # type: ignore[operator]
                  _LOCAL_MACHINE | _UI_FORBIDDEN, ctypes.byref(out)):
            raise OSError(ctypes.get_last_error(), "DPAPI refused the store key")
        try:
            return ctypes.string_at(out.pbData, out.cbData)
        finally:
            ctypes.windll.kernel32.LocalFree(out.pbData)

    def dpapi_protect(data: bytes) -> bytes:
        crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)
        # CryptProtectData(in, description, entropy, reserved, prompt, flags, out)
        protect = crypt32.CryptProtectData
        return _call(lambda i, _d, e, r, p, f, o: protect(i, "Regulars store key", e, r,
                                                          p, f, o), data)

    def dpapi_unprotect(blob: bytes) -> bytes:
        crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)
        return _call(crypt32.CryptUnprotectData, blob)
else:
    def dpapi_protect(data: bytes) -> bytes:
        raise OSError("DPAPI exists only on Windows")

    def dpapi_unprotect(blob: bytes) -> bytes:
        raise OSError("DPAPI exists only on Windows")


def default_vault(data_dir: Path, key_dir: Path | None = None) -> Vault:
    """The vault this platform uses for ``data_dir``'s key (see the module docstring).

    Raises:
        ValueError: the key folder is inside the data folder (the key would travel with
            every copy of the data).
    """
    name = f"store-{folder_id(data_dir)}"
    folder = (key_dir or default_key_dir()).resolve()
    if folder == data_dir.resolve() or data_dir.resolve() in folder.parents:
        raise ValueError(f"the key folder {folder} is inside the data folder {data_dir}; "
                         "set REGULARS_KEY_DIR to a folder outside it")
    if sys.platform == "win32":
        return DpapiFile(folder / f"{name}.dpapi")
    existing = KeyFile(folder / f"{name}.key")
    if existing.path.exists():  # a key file made while no keyring answered stays in use
        return existing
    backend = usable_keyring() if key_dir is None else None
    return KeyringEntry(name, backend) if backend is not None else existing


def unlock(store_path: Path, vault: Vault | None = None) -> cipher.StoreKey:
    """The key of the store at ``store_path``, created on first use; registered for the
    store and every file of its data folder that holds personal data.

    Raises:
        KeyMissing: the store is encrypted but its key is not in the vault.
    """
    vault = vault or default_vault(store_path.parent)
    key = vault.load()
    if key is None:
        if cipher.is_encrypted(store_path):
            raise KeyMissing(
                f"The counter's data at {store_path} is encrypted, but its key is not in "
                f"the {vault.describe()}. Restore the key head office keeps for this "
                "terminal (regulars keys recover), or restore a backup with it.")
        key = cipher.StoreKey.generate()
        vault.save(key)
        log.info("a new store key was made and kept in the %s", vault.describe())
    for path in protected_files(store_path):
        cipher.register(path, key)
    return key


PRINT_QUEUE_FILE = "print-jobs.sqlite3"


def protected_files(store_path: Path) -> list[Path]:
    """The SQLite files of a data folder that hold personal data, encrypted with its key:
    the store and the print queue (slips carry names and phone endings). Backups are
    encrypted by :func:`loyalty.store.backup.backup_store` with the same key."""
    return [store_path, store_path.parent / PRINT_QUEUE_FILE]


def unlock_folder(store_path: Path, backup_dir: Path,
                  vault: Vault | None = None) -> cipher.StoreKey:
    """:func:`unlock`, then leave the key sealed to head office beside the backups (when
    head office's recovery key is installed; see :mod:`loyalty.store.escrow`)."""
    from loyalty.store.backup import SEALED_KEY
    from loyalty.store.escrow import sealed_for_backups

    key = unlock(store_path, vault)
    sealed = sealed_for_backups(key, default_key_dir())
    target = backup_dir / SEALED_KEY
    if sealed is None:
        log.warning("no head-office recovery key installed: backups can be opened only on "
                    "this PC (see the note on encryption)")
    elif not target.exists() or target.read_text(encoding="ascii").strip() != sealed:
        backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write_private(target, (sealed + "\n").encode("ascii"))
    return key
