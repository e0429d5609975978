"""``regulars backup`` / ``regulars restore``: the chain IT person's upkeep commands."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from desktop.paths import app_paths
from loyalty.errors import LoyaltyError
from loyalty.store.backup import backup_store, list_backups, restore_store


def _terminal_of(store: Path) -> str | None:
    if not store.exists():
        return None
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT value FROM sync_state WHERE key = 'terminal_id'").fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        db.close()
    return json.loads(row[0]) if row else None


def backup_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="regulars backup")
    parser.add_argument("--data-dir")
    parser.add_argument("--keep", type=int, default=14)
    parser.add_argument("--list", action="store_true", help="list backups, newest first")
    args = parser.parse_args(argv)
    paths = app_paths(args.data_dir).ensure()
    if args.list:
        for info in list_backups(paths.backups):
            sys.stdout.write(f"{info.taken_at:%Y-%m-%d %H:%M:%S}Z  {info.reason:<15} "
                             f"{info.terminal_id or '-':<12} {info.path}\n")
        return 0
    if not paths.store.exists():
        sys.stderr.write(f"No store at {paths.store}\n")
        return 1
    info = backup_store(paths.store, paths.backups, reason="manual", keep=args.keep)
    sys.stdout.write(f"{info.path}\n")
    return 0


def restore_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="regulars restore",
                                     description="Replace the local store with a backup. "
                                                 "Close the app first.")
    parser.add_argument("backup", type=Path)
    parser.add_argument("--data-dir")
    parser.add_argument("--force", action="store_true",
                        help="accept a backup made on another terminal")
    args = parser.parse_args(argv)
    paths = app_paths(args.data_dir).ensure()
    try:
        restore_store(args.backup, paths.store, expected_terminal=_terminal_of(paths.store),
                      force=args.force)
    except LoyaltyError as err:
        sys.stderr.write(f"{err}\n")
        return 2
    sys.stdout.write(f"restored {args.backup.name} into {paths.store}\n")
    return 0
