"""``regulars backup`` / ``regulars restore``: the chain IT person's upkeep commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.paths import app_paths
from loyalty.errors import LoyaltyError
from loyalty.store import cipher, keys
from loyalty.store.backup import backup_store, list_backups, restore_store, terminal_of_store


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
    if cipher.is_encrypted(paths.store):
        keys.unlock_folder(paths.store, paths.backups)
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
    parser.add_argument("--backup-key", type=Path, default=None,
                        help="file with the backup's key as head office recovered it "
                             "(`regulars keys recover`): a backup of another PC")
    args = parser.parse_args(argv)
    paths = app_paths(args.data_dir).ensure()
    try:
        backup_key = None
        if args.backup_key is not None:
            backup_key = cipher.StoreKey.from_hex(args.backup_key.read_text(encoding="ascii"))
        # This PC's own key (made now on a new PC): the restored store is encrypted with it.
        keys.unlock_folder(paths.store, paths.backups)
        restore_store(args.backup, paths.store, expected_terminal=terminal_of_store(paths.store),
                      force=args.force, backup_key=backup_key)
    except (LoyaltyError, ValueError) as err:
        sys.stderr.write(f"{err}\n")
        return 2
    sys.stdout.write(f"restored {args.backup.name} into {paths.store}\n")
    return 0
