"""The demo's folder and its marker file ``demo.json`` (mode 0600: it holds the demo central's
head-office token).

Only a folder that is empty or carries the marker is ever used, and only such a folder is
wiped: ``--data-dir`` pointed at a real terminal's data by mistake is refused, never filled
with demo members or deleted.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from desktop.demo.central import DemoError

MARKER = "demo.json"
LOCK = ".running"
KIND = "regulars-demo"


class DemoDir:
    """A demo folder: the terminal's files at the top, central's in ``central/``."""

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser().resolve()
        self.marker = self.path / MARKER
        self.central_dir = self.path / "central"
        self.store = self.path / "store.db"
        self._held: TextIO | None = None

    def read(self) -> dict[str, Any]:
        try:
            doc = json.loads(self.marker.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise DemoError(f"{self.marker} is unreadable ({exc}); remove the folder "
                            f"{self.path} or choose another --data-dir.") from exc
        return doc if isinstance(doc, dict) and doc.get("kind") == KIND else {}

    def _write(self, doc: dict[str, Any]) -> None:
        tmp = self.marker.with_suffix(".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(doc, out, ensure_ascii=False, indent=1)
        os.replace(tmp, self.marker)

    def update(self, **values: Any) -> None:
        self._write({**self.read(), **values})

    def admin_token(self) -> str:
        token = self.read().get("admin_token")
        assert isinstance(token, str), "claim() first"
        return token

    def claim(self, *, reset: bool, central: bool, members: int,
              say: Callable[[str], None]) -> dict[str, Any]:
        """Make the folder ours: reuse a prepared demo, or start one (wiping a demo whose
        set-up did not finish, or any demo with ``reset``). Returns the marker's content."""
        doc = self.read()
        if not doc and self.path.exists() and any(p.name != LOCK for p in self.path.iterdir()):
            raise DemoError(f"{self.path} is not empty and holds no Regulars demo; "
                            "choose a new or empty folder with --data-dir.")
        self._lock()
        if doc and (reset or not doc.get("prepared_at")):
            say("Wiping the demo to build it anew." if reset else
                "The last demo set-up did not finish; starting it again.")
            self._wipe()
            doc = {}
        elif doc and doc.get("central") != central:
            was = "with a central service" if doc.get("central") else "standalone (--no-central)"
            raise DemoError(f"This demo was prepared {was}; add --reset to rebuild it, or "
                            "use another --data-dir.")
        if not doc:
            os.chmod(self.path, 0o700)
            doc = {"kind": KIND, "version": 1, "central": central, "members": members,
                   "admin_token": "demo-" + secrets.token_urlsafe(24)}
            self._write(doc)
        return doc

    def _lock(self) -> None:
        """Hold the folder while this process runs (the lock goes when it exits, however)."""
        self.path.mkdir(parents=True, exist_ok=True)
        handle = open(self.path / LOCK, "a")  # noqa: SIM115 - held until release()
        try:
            import fcntl
        except ImportError:  # Windows: no guard against a second run
            self._held = handle
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise DemoError(f"The demo in {self.path} is already running; close its counter "
                            "first, or use another --data-dir.") from None
        self._held = handle

    def release(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None

    def _wipe(self) -> None:
        for child in self.path.iterdir():
            if child.name == LOCK:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
