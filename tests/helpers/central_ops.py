"""Build protocol operations and drive a registered terminal against a test central."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

import httpx

from loyalty.ids import new_id
from loyalty.member_code import CodeBlock

_hlc = itertools.count(1)
_receipts = itertools.count(1)


def hlc(node: str = "t", ms: int | None = None) -> str:
    """A fresh HLC string (monotonic within the test run)."""
    stamp = ms if ms is not None else int(datetime.now(UTC).timestamp() * 1000)
    return f"{stamp:013d}-{next(_hlc) % 10000:04d}-{node}"


def iso(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).isoformat().replace("+00:00", "Z")


class TerminalClient:
    """A registered terminal: mints member codes from its block, numbers its operations."""

    def __init__(self, http: httpx.Client, registration: dict[str, Any]) -> None:
        self.http = http
        self.id: str = registration["terminal_id"]
        self.store_id: str = registration["store_id"]
        block = registration["code_block"]
        self.block = CodeBlock(block["start"], block["end"])
        self._codes = itertools.count()
        self.seq = 0

    def next_code(self) -> str:
        return self.block.code_at(next(self._codes))

    def op(self, kind: str, payload: dict[str, Any], seq: int | None = None) -> dict[str, Any]:
        if seq is None:
            self.seq += 1
            seq = self.seq
        return {"seq": seq, "op_id": new_id(), "kind": kind, "created_at": iso(),
                "payload": payload}

    def enroll(self, phone: str, name: str | None = "王小明", **extra: Any) -> dict[str, Any]:
        payload = {"member_id": new_id(), "phone": phone, "member_code": self.next_code(),
                   "name": name, "birthday_month": None, "birthday_day": None,
                   "birth_year": None, "marketing_consent": None, "consent_at": None,
                   "origin": self.store_id, "enrolled_at": iso(), "referral_code": None,
                   "hlc": hlc(self.id)}
        payload.update(extra)
        return self.op("member.enroll", payload)

    def entry(self, member_id: str, points: int, kind: str = "earn", **extra: Any
              ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "entry_id": new_id(), "member_id": member_id, "kind": kind, "points": points,
            "sale_amount": None, "currency": None, "store_id": self.store_id,
            "terminal_id": self.id, "cashier_id": "c1", "receipt_no": None,
            "occurred_at": iso(), "rules_version": 1, "expires_on": None,
            "ref_entry_id": None, "offline": False, "approved_by": None}
        if kind == "earn":
            payload.update(sale_amount=str(points * 10), currency="TWD",
                           receipt_no=f"R{next(_receipts):08d}",
                           expires_on=date(2099, 12, 31).isoformat())
        payload.update(extra)
        return self.op("ledger.entry", payload)

    def update(self, member_id: str, fields: dict[str, Any], clock: str | None = None
               ) -> dict[str, Any]:
        return self.op("member.update", {"member_id": member_id, "fields": fields,
                                         "hlc": clock or hlc(self.id)})

    def push(self, *ops: dict[str, Any]) -> httpx.Response:
        return self.http.post("/v1/sync/push", json={"operations": list(ops)})

    def push_ok(self, *ops: dict[str, Any]) -> dict[str, Any]:
        response = self.push(*ops)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def changes(self, after: int = 0, limit: int = 1000) -> dict[str, Any]:
        response = self.http.get("/v1/sync/changes", params={"after": after, "limit": limit})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def add_staff(admin: httpx.Client, store_id: str, role: str = "manager",
              name: str | None = None, pin: str = "2468", **extra: Any) -> str:
    """Head office adds a staff member to ``store_id`` (``admin``: an admin client); the id."""
    body = {"name": name or f"{role}-{next(_receipts)}", "role": role, "pin": pin, **extra}
    response = admin.post(f"/v1/admin/stores/{store_id}/staff", json=body)
    assert response.status_code == 201, response.text
    staff_id: str = response.json()["id"]
    return staff_id
