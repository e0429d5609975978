"""``regulars keys``: head office's recovery key pair, and recovering a till's store key.

    regulars keys recovery-keygen --out head-office-recovery.pem   # once, at head office
        → the private key (passphrase-protected; keep it offline) and ``….pub.pem``, which
          every till gets as ``recovery-public.pem`` in its key folder
    regulars keys recover --private-key head-office-recovery.pem BACKUP.json --out key.hex
        → the store key sealed in that backup's ``.json`` (or in ``store-key.sealed``)
    regulars restore BACKUP --backup-key key.hex                     # on the new PC
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from loyalty.store.escrow import RecoveryError, generate_recovery_keys, unseal


def _passphrase(confirm: bool) -> bytes:
    env = os.environ.get("REGULARS_RECOVERY_PASSPHRASE")
    if env:
        return env.encode()
    first = getpass.getpass("Recovery key passphrase: ")
    if confirm and getpass.getpass("Again: ") != first:
        raise SystemExit("The passphrases differ.")
    return first.encode()


def _write(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _sealed_text(path: Path) -> str:
    text = path.read_text(encoding="ascii").strip()
    if path.suffix == ".json":
        sealed = json.loads(text).get("key_escrow")
        if not sealed:
            raise RecoveryError(f"{path.name} carries no sealed key (no recovery key was "
                                "installed on that till when it was made).")
        return str(sealed)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="regulars keys")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("recovery-keygen", help="head office's recovery key pair")
    gen.add_argument("--out", type=Path, required=True)
    rec = sub.add_parser("recover", help="open a till's sealed store key")
    rec.add_argument("sealed", type=Path, help="a backup's .json, or store-key.sealed")
    rec.add_argument("--private-key", type=Path, required=True)
    rec.add_argument("--out", type=Path, required=True, help="where to write the key (0600)")
    args = parser.parse_args(argv)
    try:
        if args.command == "recovery-keygen":
            private, public = generate_recovery_keys(_passphrase(confirm=True))
            _write(args.out, private, 0o600)
            _write(args.out.with_suffix(".pub.pem"), public, 0o644)
            sys.stdout.write(f"{args.out} (keep offline)\n{args.out.with_suffix('.pub.pem')}"
                             " (copy to every till as recovery-public.pem)\n")
            return 0
        key = unseal(_sealed_text(args.sealed), args.private_key.read_bytes(),
                     _passphrase(confirm=False))
        _write(args.out, (key.hex() + "\n").encode("ascii"), 0o600)
    except (RecoveryError, OSError) as err:
        sys.stderr.write(f"{err}\n")
        return 2
    sys.stdout.write(f"{args.out}\n")
    return 0
