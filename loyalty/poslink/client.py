"""``regulars pos-sale --amount 1280 [--receipt R-0001] [--item NAME:QTY:AMOUNT …]``: post a
sale to the counter running on this PC through its POS link, as a POS would, and print
the answer (the member and the points awarded). Waits for the cashier to show the member
(``--wait``, default 120 s). Exit status: 0 awarded, 1 refused or cancelled, 2 still
waiting, 3 no counter to talk to.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from loyalty.poslink import LinkFile


def post_sale(link: LinkFile, sale: dict[str, Any], wait_s: float = 120.0
              ) -> tuple[int, dict[str, Any]]:
    """POST the sale, then ask again until it is decided or ``wait_s`` passed."""
    deadline = time.monotonic() + wait_s
    base = f"http://127.0.0.1:{link.port}/v1/sales"
    status, answer = _call(link, f"{base}?wait={min(wait_s, 30):g}", sale)
    while status == 202 and time.monotonic() < deadline:
        left = max(0.0, min(30.0, deadline - time.monotonic()))
        status, answer = _call(link, f"{base}/{answer['sale_id']}?wait={left:g}", None)
    return status, answer


def _call(link: LinkFile, url: str, body: dict[str, Any] | None
          ) -> tuple[int, dict[str, Any]]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="GET" if body is None else "POST",
                                 headers={"Authorization": f"Bearer {link.token}",
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=40) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def _item(text: str) -> dict[str, str]:
    name, _, rest = text.partition(":")
    quantity, _, amount = rest.partition(":")
    return {"name": name, "quantity": quantity or "1", "amount": amount or "0"}


def main(argv: Sequence[str] | None = None, default_data_dir: Path | None = None) -> int:
    parser = argparse.ArgumentParser(prog="regulars pos-sale", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--amount", required=True, help="the sale's total, e.g. 1280")
    parser.add_argument("--receipt", default=None, help="the POS receipt number")
    parser.add_argument("--item", action="append", default=[], help="NAME:QTY:AMOUNT")
    parser.add_argument("--wait", type=float, default=120.0, help="seconds to wait")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the counter's data folder (pos-link.json)")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    data_dir = args.data_dir or default_data_dir or Path.cwd()
    try:
        link = LinkFile.read(data_dir)
    except (OSError, ValueError, KeyError):
        sys.stderr.write(f"No POS link in {data_dir}: is the counter running?\n")
        return 3
    sale: dict[str, Any] = {"amount": args.amount, "receipt_no": args.receipt}
    if args.item:
        sale["items"] = [_item(i) for i in args.item]
    try:
        status, answer = post_sale(link, sale, args.wait)
    except OSError as err:
        sys.stderr.write(f"The counter does not answer on port {link.port}: {err}\n")
        return 3
    sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
    return 0 if status == 200 else 2 if status == 202 else 1


if __name__ == "__main__":
    raise SystemExit(main())
