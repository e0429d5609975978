"""The programs section of the manager's report from the till's store: a few grouped
queries over ``instrument_ledger`` and ``instruments`` (store migration 0012), folded by
:func:`loyalty.report.instruments.build`.

The till counts what happened *at this store* (entries whose ``store_id`` is this store's,
from any of its tills — other tills' entries arrive with the feed) and what is outstanding of
the instruments this store issued; entries central rejected count for nothing. Referred
sign-ups are central's to count (the till does not keep referral codes).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Connection, bindparam, text

from loyalty.programs import Program
from loyalty.report.instruments import (
    Conflict,
    Holding,
    InstrumentReport,
    Movement,
    build,
    stamp_reward_ids,
)
from loyalty.report.periods import Period
from loyalty.rules import Rules

STANDING = "l.state != 'rejected'"
CONFLICTS_SHOWN = 200
# Every kind, spelled out: with an index on (store_id, kind, occurred_at) each query is a few
# range scans over the store's entries of the period (see docs/programs.md, Reports).
ALL_KINDS = "('issue', 'stamp', 'redeem', 'reverse', 'expire', 'refund')"
AT_STORE = ("l.store_id = :store AND l.kind IN {kinds} AND l.occurred_at >= :t0"
            " AND l.occurred_at < :t1")


def _stamps_now(programs: tuple[Program, ...]) -> tuple[str, dict[str, object]]:
    """SQL for what an instrument holds now: its remaining units, except a stamp card's
    stamps towards the next reward (its balance counts every stamp ever earned)."""
    cards = [p for p in programs if p.kind == "stamp_card"]
    if not cards:
        return "i.remaining", {}
    whens = " ".join(f"WHEN :card{n} THEN i.remaining % :units{n}" for n in range(len(cards)))
    params: dict[str, object] = {}
    for n, p in enumerate(cards):
        params[f"card{n}"], params[f"units{n}"] = p.program_id, p.units
    return f"(CASE i.program_id {whens} ELSE i.remaining END)", params


def movements(conn: Connection, store_id: str, period: Period) -> list[Movement]:
    """The period's entries at this store by program and kind; a reverse under the kind of
    the entry it undoes (found by its id: one index lookup per reverse)."""
    rows = conn.execute(text(f"""
        SELECT l.program_id, coalesce(r.kind, l.kind) AS k,
               sum(CASE WHEN l.kind = 'reverse' THEN -1 ELSE 1 END), sum(l.units),
               sum(CASE WHEN l.kind = 'reverse' THEN -coalesce(r.amount_cents, 0)
                        ELSE coalesce(l.amount_cents, 0) END)
        FROM instrument_ledger l
        LEFT JOIN instrument_ledger r ON l.kind = 'reverse' AND r.id = l.ref_entry_id
        WHERE {AT_STORE.format(kinds=ALL_KINDS)} AND {STANDING}
        GROUP BY l.program_id, k"""),
        {"store": store_id, "t0": period.utc_start, "t1": period.utc_end})
    return [Movement(store_id, r[0], r[1], int(r[2]), int(r[3]),
                     Decimal(int(r[4])) / 100) for r in rows]


def holdings(conn: Connection, store_id: str, today: date, programs: tuple[Program, ...]
             ) -> list[Holding]:
    """Instruments this store issued that hold something now and have not expired."""
    held, params = _stamps_now(programs)
    rows = conn.execute(text(f"""
        SELECT program_id, count(*), sum(held) FROM (
            SELECT i.program_id, {held} AS held
            FROM instrument_ledger l JOIN instruments i ON i.id = l.instrument_id
            WHERE l.kind = 'issue' AND l.store_id = :store AND {STANDING}
              AND i.remaining > 0 AND (i.expires_on IS NULL OR i.expires_on >= :today))
        WHERE held > 0 GROUP BY program_id"""),
        {"store": store_id, "today": today.isoformat(), **params})
    return [Holding(store_id, r[0], int(r[1]), int(r[2])) for r in rows]


def cards_stamped(conn: Connection, store_id: str, period: Period) -> dict[str, int]:
    """Stamp cards given a stamp here in the period, per program."""
    rows = conn.execute(text(f"""
        SELECT l.program_id, count(DISTINCT l.instrument_id) FROM instrument_ledger l
        WHERE {AT_STORE.format(kinds="('stamp')")} AND {STANDING}
        GROUP BY l.program_id"""),
        {"store": store_id, "t0": period.utc_start, "t1": period.utc_end})
    return {r[0]: int(r[1]) for r in rows}


def stamp_rewards(conn: Connection, store_id: str, period: Period,
                  programs: tuple[Program, ...]) -> dict[str, tuple[int, int]]:
    """Per stamp-card program: rewards of the cards stamped here in the period that were
    issued here in the period, and units of them redeemed here in the period. Rewards are
    known by their derived ids; only cards that reached a reward and the reward program's
    own entries in the period are read."""
    out: dict[str, tuple[int, int]] = {}
    base = {"store": store_id, "t0": period.utc_start, "t1": period.utc_end}
    for p in programs:
        if p.kind != "stamp_card" or not p.reward_program:
            continue
        # Cards stamped here since the period began that crossed a reward since: only
        # those can have rewards issued in the period (stamps after it only widen the set).
        cards = conn.execute(text(f"""
            SELECT s.instrument_id, i.remaining, s.given FROM (
                SELECT l.instrument_id, sum(l.units) AS given FROM instrument_ledger l
                WHERE {AT_STORE.format(kinds="('stamp')")} AND {STANDING}
                  AND l.program_id = :p
                GROUP BY l.instrument_id) s
            JOIN instruments i ON i.id = s.instrument_id
            WHERE i.remaining / :units > max(i.remaining - s.given, 0) / :units"""),
            {**base, "t1": "9999", "p": p.program_id, "units": p.units}).all()
        rewards = stamp_reward_ids(((r[0], int(r[1]), int(r[2])) for r in cards), p.units)
        if not rewards:
            continue
        issued = redeemed = 0
        for instrument_id, kind, units in conn.execute(text(f"""
                SELECT l.instrument_id, l.kind, sum(l.units) FROM instrument_ledger l
                WHERE {AT_STORE.format(kinds="('issue', 'redeem')")} AND {STANDING}
                  AND l.program_id = :p
                GROUP BY l.instrument_id, l.kind"""), {**base, "p": p.reward_program}):
            if instrument_id in rewards:
                if kind == "issue":
                    issued += 1
                else:
                    redeemed -= int(units)
        out[p.program_id] = (issued, redeemed)
    return out


def conflicts(conn: Connection, store_id: str, period: Period
              ) -> tuple[list[Conflict], dict[str, int]]:
    """Entries at this store central found in conflict in the period (the latest
    :data:`CONFLICTS_SHOWN`), and how many per reason."""
    params = {"store": store_id, "t0": period.utc_start, "t1": period.utc_end}
    where = f"{AT_STORE.format(kinds=ALL_KINDS)} AND l.conflict IS NOT NULL"
    counts = {r[0]: int(r[1]) for r in conn.execute(text(
        f"SELECT l.conflict, count(*) FROM instrument_ledger l WHERE {where}"
        " GROUP BY l.conflict"), params)}
    rows = conn.execute(text(f"""
        SELECT l.occurred_at, l.terminal_id, l.program_id, l.instrument_id, l.conflict
        FROM instrument_ledger l WHERE {where}
        ORDER BY l.occurred_at DESC LIMIT :n""").bindparams(bindparam("n")),
        {**params, "n": CONFLICTS_SHOWN})
    return [Conflict(datetime.fromisoformat(r[0]).replace(tzinfo=UTC), store_id, r[1], r[2],
                     r[3], r[4]) for r in rows], counts


def has_instruments(conn: Connection) -> bool:
    """Whether the store ever saw an instrument (a store file older than migration 0012,
    such as an old backup read for its report, has none)."""
    if conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                         "AND name = 'instrument_ledger'")).first() is None:
        return False
    return conn.execute(text("SELECT 1 FROM instrument_ledger LIMIT 1")).first() is not None


def instrument_report(conn: Connection, store_id: str, period: Period, rules: Rules,
                      today: date) -> InstrumentReport | None:
    """The programs section for this store, or ``None`` when the chain runs no programs
    and the store never saw an instrument (the report then has no such section)."""
    if not rules.programs and not has_instruments(conn):
        return None
    found, counts = conflicts(conn, store_id, period)
    return build(period, rules.currency, rules.programs, movements(conn, store_id, period),
                 holdings(conn, store_id, today, rules.programs),
                 cards_stamped=cards_stamped(conn, store_id, period),
                 stamp_rewards=stamp_rewards(conn, store_id, period, rules.programs),
                 conflicts=found, conflict_counts=counts)
