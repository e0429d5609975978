"""An erasure central ordered, carried out on every copy this till holds.

Central erases a member (``member.erased`` in the feed); the till then:

* blanks the member row (:func:`loyalty.store.replica.apply_erased`; entries and balances
  stay, pseudonymised);
* rewrites the payloads of its outbox operations about the member that central already
  acknowledged (``member.enroll``, ``member.update``): phone, name, birthday and referral
  code become null. An operation still waiting to be sent is rewritten when central
  acknowledges it (:func:`scrub_acknowledged`), so nothing central has not seen is lost;
* drops quarantined feed data that names the member;
* adds the member id to the **erasure list** (``erasures``): no personal data, only the id.
  The list re-applies the erasures to a store restored from an older backup
  (:func:`reapply`), and says which backups still hold the member until they are rewritten
  (:func:`loyalty.store.backup.scrub_backups`, run by the counter's backup scheduler within
  its check interval).

The store runs with ``secure_delete`` on (:mod:`loyalty.store.engine`), so the old cells
are zeroed rather than left in free space. Old pages may still sit in the write-ahead log
until the next checkpoint that restarts it.

Every function works on a DB-API connection or an SQLAlchemy one through :class:`Runner`,
so the same code rewrites the live store (in the caller's transaction) and backup files
(older schemas included: what a table does not have is skipped).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

PERSONAL_KEYS = frozenset({"phone", "name", "birthday_month", "birthday_day", "birth_year",
                           "referral_code", "marketing_consent", "consent_at"})
"""Payload keys that hold personal data (nested ``fields`` of an update included)."""

MEMBER_OPS = ("member.enroll", "member.update")
_BLANK = ("UPDATE members SET phone = '', phone_rev = '', name = '', birthday_month = NULL, "
          "birthday_day = NULL, birth_year = NULL, marketing_consent = NULL, consent_at = NULL, "
          "status = 'erased' WHERE id = ?")

Runner = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]
"""Runs one SQL statement (qmark parameters) and returns its rows."""


def runner(conn: Connection | Any) -> Runner:
    """A :data:`Runner` over an SQLAlchemy connection or a DB-API (sqlite3) connection."""
    if isinstance(conn, Connection):
        def run_sa(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
            result = conn.exec_driver_sql(sql, tuple(params))
            return [tuple(r) for r in result] if result.returns_rows else []
        return run_sa

    def run_raw(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in conn.execute(sql, tuple(params)).fetchall()]
    return run_raw


def tables(run: Runner) -> set[str]:
    """Table names of the database."""
    return {str(r[0]) for r in run("SELECT name FROM sqlite_master WHERE type = 'table'", ())}


def record(conn: Connection, member_id: str, now: datetime) -> None:
    """After the member row was blanked: list the erasure and scrub what else names it."""
    run = runner(conn)
    run("INSERT OR IGNORE INTO erasures (member_id, erased_at) VALUES (?, ?)",
        (member_id, _iso(now)))
    scrub_outbox(run, [member_id], acknowledged_only=True)
    _drop_quarantined(run, [member_id])


def scrub_outbox(run: Runner, member_ids: Iterable[str], *, acknowledged_only: bool,
                 seqs: Sequence[int] | None = None) -> int:
    """Null the personal fields of member operations about ``member_ids``; how many rows."""
    ids = set(member_ids)
    if not ids:
        return 0
    where = "kind IN (?, ?)"
    params: list[Any] = list(MEMBER_OPS)
    if acknowledged_only:
        where += " AND state != 'pending'"
    if seqs is not None:
        where += f" AND seq IN ({','.join('?' * len(seqs))})"
        params += list(seqs)
    rewritten = 0
    for seq, payload in run(f"SELECT seq, payload FROM outbox WHERE {where}", params):
        doc = json.loads(payload)
        if str(doc.get("member_id")) not in ids:
            continue
        clean = _scrubbed(doc)
        if clean != doc:
            run("UPDATE outbox SET payload = ? WHERE seq = ?",
                (json.dumps(clean, ensure_ascii=False, separators=(",", ":")), seq))
            rewritten += 1
    return rewritten


def scrub_acknowledged(conn: Connection, seqs: Sequence[int]) -> int:
    """Outbox rows ``seqs`` were just acknowledged: scrub those about erased members."""
    run = runner(conn)
    if not seqs or not run("SELECT 1 FROM erasures LIMIT 1", ()):
        return 0
    erased = [str(r[0]) for r in run("SELECT member_id FROM erasures", ())]
    return scrub_outbox(run, erased, acknowledged_only=True, seqs=list(seqs))


def apply_list(run: Runner, member_ids: Sequence[str], now: datetime) -> int:
    """Erase ``member_ids`` in a database (a backup, or a store restored from one): rows
    blanked, outbox scrubbed (sent or not: a backup is never pushed as is), quarantine
    dropped, the list recorded. Returns the members blanked."""
    have = tables(run)
    blanked = 0
    if "members" in have:
        for member_id in member_ids:
            if run("SELECT 1 FROM members WHERE id = ? AND (phone != '' OR name != '' "
                   "OR birthday_month IS NOT NULL OR status != 'erased')", (member_id,)):
                run(_BLANK, (member_id,))
                blanked += 1
    if "outbox" in have:
        scrub_outbox(run, member_ids, acknowledged_only=False)
    if "pull_quarantine" in have:
        _drop_quarantined(run, member_ids)
    if "erasures" in have:
        for member_id in member_ids:
            run("INSERT OR IGNORE INTO erasures (member_id, erased_at) VALUES (?, ?)",
                (member_id, _iso(now)))
    return blanked


def listed(run: Runner, *, pending_backups: bool = False) -> list[str]:
    """The erasure list (only the entries older backups still hold, if asked)."""
    if "erasures" not in tables(run):
        return []
    where = " WHERE backups_done_at IS NULL" if pending_backups else ""
    return [str(r[0]) for r in run(f"SELECT member_id FROM erasures{where} ORDER BY 1", ())]


def reapply(conn: Connection, now: datetime) -> int:
    """Re-apply the whole erasure list to this store (after a restore); members blanked."""
    run = runner(conn)
    return apply_list(run, listed(run), now)


def _drop_quarantined(run: Runner, member_ids: Iterable[str]) -> None:
    for member_id in member_ids:
        run("DELETE FROM pull_quarantine WHERE data LIKE ?", (f"%{member_id}%",))


def _scrubbed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (None if k in PERSONAL_KEYS else _scrubbed(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(v) for v in value]
    return value


def _iso(moment: datetime) -> str:  # as loyalty.store.schema.UtcDateTime stores times
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
