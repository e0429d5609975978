"""Head office's review cases: merge the two records, or keep them apart."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.clock import now
from central.errors import ApiError, not_found
from central.feed import FeedWriter
from central.identity import merge
from central.models import Member, ReviewCase
from central.schemas import ReviewCaseOut
from loyalty.phone import mask_phone


def case_out(case: ReviewCase) -> ReviewCaseOut:
    """A review case for the API (the phone masked)."""
    return ReviewCaseOut(id=case.id, kind=case.kind, member_id=case.member_id,
                         other_member_id=case.other_member_id, phone_masked=_mask(case.phone),
                         status=case.status, opened_at=case.opened_at,
                         resolved_at=case.resolved_at, resolution=case.resolution)


def _mask(phone: str) -> str:
    try:
        return mask_phone(phone)
    except Exception:  # a number phonenumbers cannot format: hide all but the end
        return "*" * max(0, len(phone) - 3) + phone[-3:]


def list_cases(session: Session, status: str | None) -> list[ReviewCase]:
    """Review cases, oldest first, optionally by status."""
    query = select(ReviewCase).order_by(ReviewCase.opened_at)
    if status:
        query = query.where(ReviewCase.status == status)
    return list(session.scalars(query))


def resolve_case(session: Session, feed: FeedWriter, case_id: str, action: str) -> ReviewCase:
    """``merge``: the case's member becomes an alias of the other. ``keep_apart``: for a
    recycled phone the newcomer takes the number (the old member keeps everything else);
    for a refused phone change nothing changes."""
    feed.lock()
    case = session.get(ReviewCase, case_id, with_for_update=True)
    if case is None:
        raise not_found("review case")
    if case.status != "open":
        raise ApiError(409, "case_closed", "This review case is already resolved.")
    if action == "merge":
        try:
            merge(session, feed, case.member_id, case.other_member_id)
        except ValueError as exc:
            raise ApiError(409, "merge_refused", str(exc)) from None
        case.status = "merged"
    else:
        if case.kind == "recycled_phone":
            _hand_over_phone(session, feed, case)
        case.status = "kept_apart"
    case.resolution, case.resolved_at = action, now()
    return case


def _hand_over_phone(session: Session, feed: FeedWriter, case: ReviewCase) -> None:
    newcomer = session.get(Member, case.member_id, with_for_update=True)
    old = session.get(Member, case.other_member_id, with_for_update=True)
    if newcomer is None or newcomer.status != "review":
        return
    if old is not None and old.phone == case.phone and old.status == "active":
        old.phone, old.updated_at = None, now()
        session.flush()
        feed.append("member.upsert", old.id)
    newcomer.status, newcomer.updated_at = "active", now()
    session.flush()
    feed.append("member.upsert", newcomer.id)
