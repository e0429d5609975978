"""Where Regulars keeps its files: platform-standard locations (platformdirs).

Linux: ``~/.local/share/Regulars`` (the store, ``logs/``, ``backups/``), ``~/.config/Regulars``
(settings); Windows: ``%LOCALAPPDATA%\\Regulars\\…``. ``--data-dir``
(or ``REGULARS_DATA_DIR``) puts everything under one folder instead (demos, tests, a second
terminal on one PC).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

APP = "Regulars"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """Every location the app writes to."""

    data: Path
    config: Path
    logs: Path
    backups: Path

    @property
    def store(self) -> Path:
        return self.data / "store.db"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def secrets(self) -> Path:
        """The terminal token and similar (mode 0600)."""
        return self.config / "terminal-secret.json"

    def ensure(self) -> AppPaths:
        for folder in (self.data, self.config, self.logs, self.backups):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def app_paths(data_dir: str | Path | None = None) -> AppPaths:
    """The locations, under ``data_dir`` when given (or ``REGULARS_DATA_DIR``)."""
    root = data_dir or os.environ.get("REGULARS_DATA_DIR")
    if root:
        base = Path(root).expanduser().resolve()
        # One folder for everything, laid out as the counter uses it (store.db at its top).
        return AppPaths(base, base, base / "logs", base / "backups")
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP, appauthor=False)),
        logs=Path(platformdirs.user_data_dir(APP, appauthor=False)) / "logs",
        backups=Path(platformdirs.user_data_dir(APP, appauthor=False)) / "backups",
    )


def main(argv: list[str] | None = None) -> int:
    """``regulars paths``: print the locations (JSON with ``--json``)."""
    parser = argparse.ArgumentParser(prog="regulars paths")
    parser.add_argument("--data-dir")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    paths = app_paths(args.data_dir)
    rows = {**{k: str(v) for k, v in asdict(paths).items()}, "store": str(paths.store),
            "settings": str(paths.settings_file)}
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
    else:
        width = max(map(len, rows))
        for key, value in rows.items():
            sys.stdout.write(f"{key:<{width}}  {value}\n")
    return 0
