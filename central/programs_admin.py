"""Head office's programs: read and edit them in the rules document (each edit publishes a
new rules version, so tills receive programs with the rules), and issue coupons to members
(only head office issues coupons; a till never can)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import ApiError
from central.feed import FeedWriter
from central.identity import resolve
from central.instruments import CENTRAL, InstrumentDesk
from central.models import Instrument
from central.rules_store import current_version, publish
from loyalty.ids import new_id
from loyalty.programs import Program

ISSUE_MAX = 1000  # members per issue request


def programs(session: Session) -> list[dict[str, Any]]:
    """The programs of the rules in force, as documents."""
    return list(current_version(session).document.get("programs") or [])


def put_program(session: Session, feed: FeedWriter, program_id: str, doc: dict[str, Any],
                author: str) -> tuple[int, dict[str, Any]]:
    """Create or replace one program; returns the new rules version and the program.

    Raises:
        ApiError: 422 ``invalid_program`` (also when the id in the body differs).
    """
    try:
        program = Program.from_document(doc | {"program_id": program_id})
    except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
        raise ApiError(422, "invalid_program", f"Not a valid program: {exc}"[:300]) from None
    if doc.get("program_id", program_id) != program_id:
        raise ApiError(422, "invalid_program", "The body names another program id.")
    current = dict(current_version(session).document)
    listed = [p for p in current.get("programs") or [] if p.get("program_id") != program_id]
    current["programs"] = [*listed, program.to_document()]
    try:
        version = publish(session, feed, current, author)
    except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
        raise ApiError(422, "invalid_program", f"Not a valid program: {exc}"[:300]) from None
    return version, program.to_document()


def issue_coupons(session: Session, feed: FeedWriter, program_id: str, member_ids: list[str],
                  at: datetime) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Issue one instrument of ``program_id`` to each member (head office's coupons and
    gifts). Central refuses beyond the program's limits: ``(issued, refused)``."""
    if len(member_ids) > ISSUE_MAX:
        raise ApiError(422, "too_many", f"At most {ISSUE_MAX} members per request.")
    desk = InstrumentDesk(session, feed, at)
    program = desk.rules.program(program_id)
    if program is None:
        raise ApiError(404, "not_found", "No such program.")
    if program.kind in ("stamp_card", "prepaid_pass"):
        raise ApiError(422, "invalid_program", "Stamp cards fill up and passes are sold; "
                                               "they are not issued.")
    day = at.date()
    if not program.running_on(day):
        raise ApiError(422, "program_not_running", "This program is not running today.")
    feed.lock()
    issued, refused = [], []
    total = int(session.scalar(select(func.count()).select_from(Instrument).where(
        Instrument.program_id == program_id)) or 0)
    for member_id in dict.fromkeys(member_ids):
        account = resolve(session, member_id)
        if account is None or account.status != "active":
            refused.append({"member_id": member_id, "reason": "unknown_member"})
            continue
        if program.tiers and account.tier not in program.tiers:
            refused.append({"member_id": member_id, "reason": "not_eligible"})
            continue
        if desk._limits(program, account) is not None or (
                program.global_limit is not None and total >= program.global_limit):
            refused.append({"member_id": member_id, "reason": "limit_exceeded"})
            continue
        instrument_id = new_id()
        desk.issue(program, instrument_id, account.id, account, CENTRAL, day)
        total += 1
        issued.append({"member_id": account.id, "instrument_id": instrument_id})
    return issued, refused
