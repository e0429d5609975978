"""Shipping the till's chains to central (``POST /v1/sync/audit``) after each push.

What central holds of each chain is kept in ``sync_state`` (``audit_shipped``) from its
answers; links after it are sent in batches of :data:`~sync.audit_protocol.MAX_AUDIT_LINKS`
per chain. A central that does not know the endpoint yet (older version) is skipped with a
log line: audit shipping never stops sync.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine

from loyalty.store.chain import Link, audit_links, ledger_links
from loyalty.store.keyvalue import get_state, put_state
from sync.audit_protocol import MAX_AUDIT_LINKS, AuditShipment, ChainLink
from sync.client import CentralClient
from sync.errors import Rejected

log = logging.getLogger(__name__)
SHIPPED_KEY = "audit_shipped"


@dataclass
class ShipReport:
    """Links central acknowledged in this round."""

    audit: int = 0
    ledger: int = 0


def ship_chains(engine: Engine, client: CentralClient, *,
                batch: int = MAX_AUDIT_LINKS) -> ShipReport:
    """Send every link central does not hold yet."""
    report = ShipReport()
    while True:
        with engine.connect() as conn:
            held = dict(get_state(conn, SHIPPED_KEY, {}) or {})
            audit = audit_links(conn, int(held.get("audit", 0)), batch)
            ledger = ledger_links(conn, int(held.get("ledger", 0)), batch)
        if not audit and not ledger:
            return report
        try:
            ack = client.ship_audit(AuditShipment(audit=_wire(audit), ledger=_wire(ledger)))
        except Rejected as exc:
            if exc.status in (404, 405):
                log.warning("central does not take audit links yet; not shipped")
                return report
            raise
        moved = (ack.audit_through - int(held.get("audit", 0)),
                 ack.ledger_through - int(held.get("ledger", 0)))
        report.audit += max(0, moved[0])
        report.ledger += max(0, moved[1])
        with engine.begin() as conn:
            put_state(conn, SHIPPED_KEY, {"audit": ack.audit_through,
                                          "ledger": ack.ledger_through})
        if (len(audit) < batch and len(ledger) < batch) or max(moved) <= 0:
            return report


def _wire(links: list[Link]) -> list[ChainLink]:
    return [ChainLink.model_validate({"seq": k.seq, "hash": k.hash, "content": k.content})
            for k in links]
