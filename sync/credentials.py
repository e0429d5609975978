"""The terminal's central token, kept in the protected data directory (file mode 0600).

The token is shown once at registration and never logged. An OS keyring could hold it
instead; the file is the portable default (the data directory is the user's own).
"""

from __future__ import annotations

import os
from pathlib import Path

TOKEN_FILE = "central-token"


def token_path(data_dir: Path) -> Path:
    return data_dir / TOKEN_FILE


def save_token(data_dir: Path, token: str) -> Path:
    """Write the token atomically, readable by this user only."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = token_path(data_dir)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        os.write(fd, token.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def load_token(data_dir: Path) -> str | None:
    path = token_path(data_dir)
    try:
        return path.read_text("utf-8").strip() or None
    except FileNotFoundError:
        return None
