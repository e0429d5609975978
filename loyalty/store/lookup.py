"""Finding a member at the counter: by phone, last digits, member code or name prefix.

Every lookup is one indexed query through a prebuilt statement (SQLAlchemy Core, compiled
once and cached), fast enough for the UI thread: see ``tests/perf/bench_store.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, literal_column, select

from loyalty.carrier import looks_like_carrier, normalise_carrier
from loyalty.errors import InvalidInput, InvalidPhone
from loyalty.member_code import looks_like_member_code, parse_member_code
from loyalty.phone import normalise_phone, parse_last_digits
from loyalty.store.carriers import find_member_by_carrier
from loyalty.store.members import resolve_id
from loyalty.store.schema import aliases, members

MAX_RESULTS = 20


class SearchKind(StrEnum):
    PHONE = "phone"
    LAST_DIGITS = "last_digits"
    CODE = "code"
    NAME = "name"
    CARRIER = "carrier"  # a linked mobile-carrier barcode (手機條碼)


@dataclass(frozen=True, slots=True)
class MemberSummary:
    """A row of a search result: enough to pick the right person, phone still unmasked
    (views mask it)."""

    id: str
    name: str
    phone: str
    member_code: str
    tier: str
    balance: int
    pending: int
    status: str
    last_visit_at: datetime | None


@dataclass(frozen=True, slots=True)
class SearchResult:
    kind: SearchKind
    query: str
    members: tuple[MemberSummary, ...]


_COLUMNS = (members.c.id, members.c.name, members.c.phone, members.c.member_code,
            members.c.tier, members.c.balance, members.c.pending_points, members.c.status,
            members.c.last_visit_at)
# Erased members are gone; a merged record is found through its canonical member (aliases).
_VISIBLE = and_(members.c.status != "erased", members.c.status != "merged")

BY_PHONE = select(*_COLUMNS).where(members.c.phone == bindparam("phone"), _VISIBLE)
_NEWEST_VISIT = members.c.last_visit_at.desc().nulls_last()
# Three digits match about a thousand members of a million: rank them inside the covering
# index (phone_rev, status, last_visit_at), then read only the rows shown.
_RECENT_MATCHES: Select[Any] = (select(literal_column("members.rowid")).select_from(members)
                   .where(members.c.phone_rev >= bindparam("lo"),
                          members.c.phone_rev < bindparam("hi"), _VISIBLE)
                   .order_by(_NEWEST_VISIT).limit(MAX_RESULTS))
BY_LAST_DIGITS = (select(*_COLUMNS)
                  .where(literal_column("members.rowid").in_(_RECENT_MATCHES))
                  .order_by(_NEWEST_VISIT))
BY_CODE = select(*_COLUMNS).where(members.c.member_code == bindparam("code"), _VISIBLE)
BY_ALIAS_CODE = select(aliases.c.canonical_id).where(aliases.c.alias_code == bindparam("code"))
BY_NAME = (select(*_COLUMNS)
           .where(members.c.name >= bindparam("lo"), members.c.name < bindparam("hi"), _VISIBLE)
           .order_by(members.c.name).limit(MAX_RESULTS))
BY_ID = select(*_COLUMNS).where(members.c.id == bindparam("id"))


class Prepared:
    """A Core statement compiled once, run on the connection's DBAPI cursor.

    SQLAlchemy writes the SQL (from the table definitions); the hot path skips its
    per-execution machinery, which costs about 20 µs a query — more than SQLite's own work
    for an indexed lookup (``tests/perf/bench_store.py`` measures both).
    """

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._sql: str | None = None
        self._order: tuple[str, ...] = ()
        self._defaults: dict[str, Any] = {}

    def rows(self, conn: Connection, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        if self._sql is None:
            compiled = self.statement.compile(conn)
            self._sql = str(compiled)
            self._order = tuple(compiled.positiontup or ())
            self._defaults = dict(compiled.params)
        values = self._defaults | params
        raw = conn.connection.driver_connection
        assert raw is not None
        cursor = raw.execute(self._sql, tuple(values[name] for name in self._order))
        try:
            return list(cursor.fetchall())
        finally:
            cursor.close()


def _summary(row: Any) -> MemberSummary:
    member_id, name, phone, code, tier, balance, pending, status, visit = row
    return MemberSummary(member_id, name, phone, code, tier, balance, pending, status,
                         datetime.fromisoformat(visit).replace(tzinfo=UTC) if visit else None)


_BY_PHONE = Prepared(BY_PHONE)
_BY_LAST_DIGITS = Prepared(BY_LAST_DIGITS)
_BY_CODE = Prepared(BY_CODE)
_BY_ALIAS_CODE = Prepared(BY_ALIAS_CODE)
_BY_NAME = Prepared(BY_NAME)
_BY_ID = Prepared(BY_ID)


def by_phone(conn: Connection, e164: str) -> list[MemberSummary]:
    return [_summary(r) for r in _BY_PHONE.rows(conn, {"phone": e164})]


def by_last_digits(conn: Connection, digits: str) -> list[MemberSummary]:
    """Members whose phone ends in ``digits``, most recent visit first (an index range on
    the reversed phone digits, never a table scan)."""
    lo = digits[::-1]
    hi = lo[:-1] + chr(ord(lo[-1]) + 1)
    return [_summary(r) for r in _BY_LAST_DIGITS.rows(conn, {"lo": lo, "hi": hi})]


def by_code(conn: Connection, code: str) -> list[MemberSummary]:
    """The member with this code, or whose old code this is (merged members)."""
    found = [_summary(r) for r in _BY_CODE.rows(conn, {"code": code})]
    if found:
        return found
    alias = _BY_ALIAS_CODE.rows(conn, {"code": code})
    if not alias:
        return []
    canonical = str(alias[0][0])
    member = by_id(conn, resolve_id(conn, canonical))
    return [member] if member else []


def by_name_prefix(conn: Connection, prefix: str) -> list[MemberSummary]:
    return [_summary(r) for r in _BY_NAME.rows(conn, {"lo": prefix, "hi": prefix + "\U0010ffff"})]


def by_id(conn: Connection, member_id: str) -> MemberSummary | None:
    rows = _BY_ID.rows(conn, {"id": member_id})
    return _summary(rows[0]) if rows else None


def find_members(conn: Connection, query: str, region: str = "TW") -> SearchResult:
    """Route what the cashier typed or scanned to the right lookup.

    A mobile-carrier barcode (``/`` and seven characters) finds the member who linked it;
    ten digits not starting with 0 are a member code (checked: a misread digit is refused);
    three or four digits are the end of a phone; anything phone-like is a phone; anything
    else is the start of a name.
    """
    text = query.strip()
    if not text:
        raise InvalidInput("Type a phone number, its last digits, a member code or a name.",
                           code="search_empty")
    if looks_like_carrier(text):
        member_id = find_member_by_carrier(conn, text)
        member = by_id(conn, member_id) if member_id else None
        return SearchResult(SearchKind.CARRIER, normalise_carrier(text),
                            (member,) if member else ())
    if looks_like_member_code(text):
        return SearchResult(SearchKind.CODE, text, tuple(by_code(conn, parse_member_code(text))))
    digits = parse_last_digits(text)
    if digits is not None:
        return SearchResult(SearchKind.LAST_DIGITS, digits, tuple(by_last_digits(conn, digits)))
    if any(ch.isdigit() for ch in text):
        try:
            e164 = normalise_phone(text, region)
        except InvalidPhone as err:
            if sum(ch.isdigit() for ch in text) >= 5 or not _has_letters(text):
                raise
            del err
        else:
            return SearchResult(SearchKind.PHONE, e164, tuple(by_phone(conn, e164)))
    return SearchResult(SearchKind.NAME, text, tuple(by_name_prefix(conn, text)))


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
