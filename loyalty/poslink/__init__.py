"""The POS link: sales a point-of-sale program posts to the counter, so nobody types them.

The counter app serves a loopback HTTP endpoint (:mod:`loyalty.poslink.server`); a POS
posts ``{"amount": "1280", "receipt_no": "R-0001", "items": [...]}`` with the bearer
token kept in the data folder (``pos-link.json``, mode 0600, written at each start with
the port). The counter awards it to the member on screen, or shows it waiting until the
cashier scans a card or types a phone, then awards; the answer names the member and the
points. :class:`PosDesk` is the thread-safe meeting point of the server's threads and the
counter's UI thread; nothing here imports Qt.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from loyalty.errors import InvalidInput
from loyalty.ids import new_id
from loyalty.money import Currency, Money, parse_amount
from loyalty.text import clean_receipt_no

LINK_FILE = "pos-link.json"
MAX_BODY = 64 * 1024
MAX_ITEMS = 200
WAITING, AWARDED, REFUSED, CANCELLED = "waiting", "awarded", "refused", "cancelled"


@dataclass(frozen=True, slots=True)
class PosItem:
    name: str
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PosSaleRequest:
    """What a POS posts: the sale's amount, its receipt number, optionally its items."""

    amount: Money
    receipt_no: str | None
    items: tuple[PosItem, ...] = ()


def parse_request(body: bytes, currency: Currency) -> PosSaleRequest:
    """Read a posted sale.

    Raises:
        InvalidInput: ``pos_body`` (not a JSON object with the fields), or the amount's and
            receipt number's own codes (``amount_*``, ``receipt_invalid``).
    """
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput("The body is not JSON.", code="pos_body") from None
    if not isinstance(data, dict) or not set(data) <= {"amount", "receipt_no", "items"}:
        raise InvalidInput("Send an object with amount, receipt_no and optionally items.",
                           code="pos_body")
    amount = data.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, str | int):
        raise InvalidInput("amount must be a string such as \"1280\" (or a whole number).",
                           code="pos_body")
    receipt = data.get("receipt_no")
    if receipt is not None and not isinstance(receipt, str):
        raise InvalidInput("receipt_no must be a string.", code="pos_body")
    return PosSaleRequest(parse_amount(str(amount), currency), clean_receipt_no(receipt),
                          _items(data.get("items")))


def _items(raw: object) -> tuple[PosItem, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_ITEMS:
        raise InvalidInput(f"items must be a list of at most {MAX_ITEMS}.", code="pos_body")
    items = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) \
                or not 0 < len(item["name"]) <= 100:
            raise InvalidInput("Each item needs a name (at most 100 characters).",
                               code="pos_body")
        try:
            quantity = Decimal(str(item.get("quantity", 1)))
            amount = Decimal(str(item.get("amount", 0)))
        except InvalidOperation:
            raise InvalidInput("An item's quantity and amount are numbers.",
                               code="pos_body") from None
        if not (quantity.is_finite() and amount.is_finite()):
            raise InvalidInput("An item's quantity and amount are numbers.", code="pos_body")
        items.append(PosItem(item["name"], quantity, amount))
    return tuple(items)


@dataclass
class PosSale:
    """One posted sale and what became of it (``status`` and ``answer`` change once, on the
    UI thread, under the desk's lock; ``decided`` is set then)."""

    request: PosSaleRequest
    id: str = field(default_factory=new_id)
    status: str = WAITING
    answer: dict[str, Any] = field(default_factory=dict)
    decided: threading.Event = field(default_factory=threading.Event)

    def public(self) -> dict[str, Any]:
        return {"sale_id": self.id, "status": self.status, **self.answer}


class PosDesk:
    """Posted sales by id, shared by the server's threads and the UI thread.

    ``arrived`` is called (on the server's thread) with each new sale; the counter hands it
    to its UI thread and later calls :meth:`decide`. A sale posted again with the same
    receipt number while it waits or after it was awarded is the same sale (a POS retrying
    after a lost answer is not awarded twice).
    """

    def __init__(self, currency: Currency) -> None:
        self.currency = currency
        self.arrived: Callable[[PosSale], None] = lambda sale: None
        self._lock = threading.Lock()
        self._sales: dict[str, PosSale] = {}

    def submit(self, request: PosSaleRequest) -> PosSale:
        with self._lock:
            if request.receipt_no:
                for sale in self._sales.values():
                    if sale.request.receipt_no == request.receipt_no \
                            and sale.status in (WAITING, AWARDED):
                        return sale
            sale = PosSale(request)
            self._sales[sale.id] = sale
            if len(self._sales) > 1000:  # keep the last answers, not every sale ever
                for old in list(self._sales)[:100]:
                    if self._sales[old].status != WAITING:
                        del self._sales[old]
        self.arrived(sale)
        return sale

    def get(self, sale_id: str) -> PosSale | None:
        with self._lock:
            return self._sales.get(sale_id)

    def decide(self, sale: PosSale, status: str, **answer: Any) -> None:
        """The counter's decision (UI thread): awarded, refused or cancelled."""
        with self._lock:
            if sale.status != WAITING:
                return
            sale.status = status
            sale.answer = answer
        sale.decided.set()


@dataclass(frozen=True, slots=True)
class LinkFile:
    """Where the endpoint listens and the token it takes (``pos-link.json``)."""

    port: int
    token: str

    @classmethod
    def read(cls, data_dir: Path) -> LinkFile:
        data = json.loads((data_dir / LINK_FILE).read_text(encoding="utf-8"))
        return cls(int(data["port"]), str(data["token"]))

    def write(self, data_dir: Path) -> None:
        """Written 0600 (only the account that runs the counter and its POS can read it)."""
        path = data_dir / LINK_FILE
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"port": self.port, "token": self.token,
                       "url": f"http://127.0.0.1:{self.port}/v1/sales"}, out)
        os.replace(tmp, path)


def new_token() -> str:
    return secrets.token_urlsafe(32)
