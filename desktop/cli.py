"""``regulars`` — one command line for the terminal, its tools and the central service.

Subcommands import their package lazily, so ``regulars central …`` never loads Qt and
``regulars sync --once`` runs headless.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

# subcommand → (module, function taking the remaining argv, help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "run": ("desktop.app", "main", "start the counter app"),
    "demo": ("desktop.demo", "main", "start a demo: local central, demo data, the counter app"),
    "seed": ("loyalty.store.demo", "main", "fill a store file with realistic demo members"),
    "central": ("central.cli", "main", "the central CRM service (serve, admin, jobs)"),
    "sync": ("sync.cli", "main", "run the sync engine headless (--once / --watch)"),
    "paths": ("desktop.paths", "main", "print where data, settings, logs and backups live"),
    "backup": ("desktop.upkeep", "backup_main", "back up the local store now"),
    "restore": ("desktop.upkeep", "restore_main", "restore the local store from a backup"),
    "pos-sale": ("desktop.pos_cli", "main", "post a sale to this PC's counter, as a POS would"),
    "keys": ("desktop.keys_cli", "main", "head office's recovery key; recover a till's key"),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="regulars", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=sorted(COMMANDS), nargs="?", default="run",
                        help="; ".join(f"{k}: {v[2]}" for k, v in sorted(COMMANDS.items())))
    if not args or args[0] in ("-h", "--help"):
        parser.print_help()
        return 0
    ns, rest = parser.parse_known_args(args[:1])
    module_name, func_name, _ = COMMANDS[ns.command]
    func: Callable[[list[str]], int] = getattr(importlib.import_module(module_name), func_name)
    return int(func(rest + args[1:]) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
