"""The rolling 12-month qualifying spend that decides tiers: one definition for the till's
provisional tier (``loyalty.store.points``) and central's tier job (``central.jobs``).

**The window** at a moment ``at`` in a store's time zone runs from the start of the local
calendar day twelve calendar months before ``at``'s local date up to ``at`` (exclusive):
asked on 1 March 2024 at 14:00 in Taipei, it starts at 1 March 2023 00:00 Taipei.

Why calendar months from the start of a local day, and not "now minus 365 days":

* the rules promise "rolling 12-month spend", and every other period in them (the tier term,
  points expiry) is counted in calendar months (:func:`loyalty.dates.add_months`); 365 days
  leave the oldest day out in a year with a 29 February;
* a customer and a cashier count in dates, in the store's time: a purchase is either in or
  out for the whole of a day, whatever the hour the till asks, and the same at central, whose
  job runs once a day (at the start of the day: ``at`` = local midnight of the job's date)
  and not in UTC (Taipei's day starts at 16:00 UTC the day before).

**What counts**: ``earn`` entries in the window that no ``reverse`` undid (whenever the void
was written) and that central did not reject, by the sale amount they carry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from loyalty.dates import add_months, ensure_utc

WINDOW_MONTHS = 12


def spend_window(at: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` of the qualifying spend window at the moment ``at``."""
    end = ensure_utc(at)
    first_day = add_months(end.astimezone(tz).date(), -WINDOW_MONTHS)
    start = datetime.combine(first_day, time.min, tzinfo=tz).astimezone(UTC)
    return start, end


@dataclass(frozen=True, slots=True)
class SpendEntry:
    """What the window needs of a ledger entry."""

    entry_id: str
    kind: str
    occurred_at: datetime
    sale_amount: Decimal | None
    ref_entry_id: str | None = None
    rejected: bool = False


def qualifying_spend(entries: Iterable[SpendEntry], at: datetime, tz: ZoneInfo) -> Decimal:
    """The rule itself over one member's entries (the stores compute the same in SQL;
    tests hold them to this)."""
    history = [e for e in entries if not e.rejected]
    undone = {e.ref_entry_id for e in history if e.kind == "reverse"}
    start, end = spend_window(at, tz)
    return sum((e.sale_amount or Decimal(0) for e in history
                if e.kind == "earn" and e.entry_id not in undone
                and start <= ensure_utc(e.occurred_at) < end), Decimal(0))
