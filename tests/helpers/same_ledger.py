"""One ledger at the till and at central: the till's outbox (enrollments and ledger entries,
as the till wrote them) applied to a central database, so a rule can be computed on both
sides of the same history and compared."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central.db import run_transaction
from central.feed import FeedWriter
from central.identity import enroll
from central.ledger_apply import EntryItem, apply_entries
from central.models import Store
from loyalty.store.schema import outbox
from sync.protocol import LedgerEntry, MemberEnroll

APPLIED_AT = datetime(2030, 1, 1, tzinfo=UTC)


def copy_to_central(till: Engine, central: Engine, *, store_id: str = "S001",
                    timezone: str = "Asia/Taipei") -> int:
    """Apply every enrollment and ledger entry in the till's outbox to ``central`` (the
    store registered there in ``timezone``); returns how many operations were applied."""
    with till.connect() as conn:
        ops = conn.execute(select(outbox.c.kind, outbox.c.payload).order_by(outbox.c.seq)
                           ).all()

    def work(session: Session) -> None:
        if session.get(Store, store_id) is None:
            session.add(Store(id=store_id, name=store_id, timezone=timezone,
                              created_at=APPLIED_AT))
            session.flush()
        feed = FeedWriter(session)
        for kind, payload in ops:
            data = json.loads(payload)
            if kind == "member.enroll":
                enroll(session, feed, MemberEnroll.model_validate(data), 100_000)
            elif kind == "ledger.entry":
                apply_entries(session, feed, [EntryItem(LedgerEntry.model_validate(data))],
                              APPLIED_AT)
        feed.flush()

    run_transaction(central, work)
    return len(ops)
