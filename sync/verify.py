"""Checksum verification: is the local member base what central holds, part by part?

The local store renders every member exactly as a snapshot line (confirmed balance, i.e.
without what is pending here), hashes the lines of each part and compares them with
central's manifest at the same cursor. Only the parts that differ are fetched again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from loyalty.store.bulk import load_members
from loyalty.store.schema import aliases, members
from sync.bootstrap import _fetch_part
from sync.client import CentralClient
from sync.protocol import SNAPSHOT_BUCKETS, snapshot_bucket, snapshot_line_from_json
from sync.pull import pull_changes
from sync.pull_check import checked_rows, quarantine
from sync.state import SnapshotCursors, cursor

log = logging.getLogger(__name__)


def _pairs(rows: Any) -> dict[Any, Any]:
    return {r[0]: r[1] for r in rows}


@dataclass
class VerifyReport:
    """The outcome of one verification."""

    cursor: int = 0
    parts: int = 0
    drifted: list[int] | None = None
    refetched_rows: int = 0
    compared: bool = False


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def local_part_hashes(conn: Connection, parts: int) -> list[str]:
    """sha256 of each part's lines as central would render this store's members."""
    size = SNAPSHOT_BUCKETS // parts
    canon = _pairs(conn.execute(select(aliases.c.alias_id, aliases.c.canonical_id)))
    lines: list[tuple[int, str, bytes]] = []
    for r in conn.execute(select(members)).mappings():
        if r["member_code"].startswith("E") and r["status"] != "erased":
            continue  # a placeholder not yet known to central
        doc: dict[str, Any] = {
            "id": r["id"], "phone": r["phone"] or None, "member_code": r["member_code"],
            "name": r["name"] or None, "birthday_month": r["birthday_month"],
            "birthday_day": r["birthday_day"], "birth_year": r["birth_year"],
            "marketing_consent": r["marketing_consent"], "consent_at": _iso(r["consent_at"]),
            "origin": r["origin"] or None, "enrolled_at": _iso(r["created_at"]),
            "tier": r["tier"], "tier_since": _day(r["tier_since"]),
            "balance": r["balance"] - r["pending_points"], "status": r["status"],
            "canonical_id": canon.get(r["id"]) if r["status"] == "merged" else None,
        }
        lines.append((snapshot_bucket(r["id"]), r["id"], snapshot_line_from_json(doc)))
    lines.sort()
    digests = [hashlib.sha256() for _ in range(parts)]
    for bucket, _, line in lines:
        digests[bucket // size].update(line)
    return [d.hexdigest() for d in digests]


def verify(engine: Engine, client: CentralClient, now: Callable[[], datetime],
           attempts: int = 3) -> VerifyReport:
    """Compare with central at one cursor; re-fetch only drifted parts, then catch up.

    The caller has pushed first (nothing of ours is in flight). When central moves on while
    we line up with its manifest, the comparison is retried (up to ``attempts``).
    """
    report = VerifyReport()
    for _ in range(attempts):
        manifest = client.manifest()
        pull_changes(engine, client, now, until=manifest.cursor)
        with engine.connect() as conn:
            if cursor(conn) != manifest.cursor:
                continue  # we are past the manifest (or it is past central's feed): retry
            hashes = local_part_hashes(conn, manifest.parts)
        report.cursor, report.parts, report.compared = manifest.cursor, manifest.parts, True
        report.drifted = [p.part for p in manifest.part_list if hashes[p.part] != p.sha256]
        if report.drifted:
            log.warning("verification: %d of %d parts drifted; fetching them again",
                        len(report.drifted), manifest.parts)
            report.refetched_rows = _refetch(engine, client, manifest.parts, report.drifted,
                                             manifest.cursor, now)
            pull_changes(engine, client, now)
        return report
    return report


def _refetch(engine: Engine, client: CentralClient, parts: int, drifted: list[int],
             at: int, now: Callable[[], datetime]) -> int:
    rows = 0
    cursors = [at] * parts
    for part in drifted:
        lines, part_cursor = _fetch_part(client, part, parts)
        with engine.begin() as conn:
            good, bad = checked_rows(lines, part)
            quarantine(conn, bad, now())
            rows += load_members(conn, good, now()) + len(bad)
            snap = SnapshotCursors.load(conn)
            if snap.active() and snap.parts == parts:
                cursors = [max(a, b) for a, b in zip(cursors, snap.cursors, strict=True)]
            cursors[part] = part_cursor
            SnapshotCursors({"parts": parts, "cursors": cursors}).save(conn)
    return rows
