"""Members' mobile-carrier barcodes in the store: link one (with consent), find by a scan.

Only a keyed hash and a hint are stored (:mod:`loyalty.carrier`); the key is this store's
own, made at the first link (setting ``carrier.key``, inside the encrypted store file).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Connection, insert, select

from loyalty.carrier import carrier_hash, carrier_hint
from loyalty.errors import InvalidInput, LoyaltyError
from loyalty.store.context import TillContext
from loyalty.store.journal import audit
from loyalty.store.keyvalue import get_setting, put_setting
from loyalty.store.members import resolve_id
from loyalty.store.schema import member_carriers

KEY_SETTING = "carrier.key"


class CarrierTaken(LoyaltyError):
    """The carrier barcode is already linked to another member."""

    code = "carrier_taken"


def _key(conn: Connection, create: bool) -> bytes | None:
    key = get_setting(conn, KEY_SETTING)
    if key is None and create:
        key = secrets.token_hex(32)
        put_setting(conn, KEY_SETTING, key)
    return None if key is None else bytes.fromhex(str(key))


def find_member_by_carrier(conn: Connection, code: str) -> str | None:
    """The member id the carrier barcode is linked to, or None."""
    key = _key(conn, create=False)
    if key is None:
        return None
    member_id = conn.execute(select(member_carriers.c.member_id).where(
        member_carriers.c.carrier_hash == carrier_hash(code, key))).scalar_one_or_none()
    return None if member_id is None else resolve_id(conn, member_id)


def carrier_hints(conn: Connection, member_id: str) -> list[str]:
    return list(conn.execute(select(member_carriers.c.hint).where(
        member_carriers.c.member_id == member_id).order_by(member_carriers.c.linked_at)
    ).scalars())


def link_carrier(conn: Connection, ctx: TillContext, member_id: str, code: str,
                 now: datetime, *, consent: bool) -> str:
    """Link ``code`` to the member (audited, without the code); returns its hint.

    Raises:
        InvalidInput: no consent (``carrier_consent``) or not a carrier barcode.
        CarrierTaken: linked to someone else already.
    """
    if not consent:
        raise InvalidInput("Ask the customer first: may we keep their carrier barcode to "
                           "find them?", code="carrier_consent")
    key = _key(conn, create=True)
    assert key is not None
    digest = carrier_hash(code, key)
    held = conn.execute(select(member_carriers.c.member_id).where(
        member_carriers.c.carrier_hash == digest)).scalar_one_or_none()
    canonical = resolve_id(conn, member_id)
    hint = carrier_hint(code)
    if held is not None:
        if resolve_id(conn, held) == canonical:
            return hint
        raise CarrierTaken("This carrier barcode is linked to another member.")
    conn.execute(insert(member_carriers).values(carrier_hash=digest, member_id=canonical,
                                                hint=hint, linked_at=now,
                                                linked_by=ctx.cashier_id))
    audit(conn, ctx, "member.carrier_linked", canonical, now, hint=hint, consent=True)
    return hint
