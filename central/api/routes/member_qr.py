"""Members' signed QR codes: the web shop fetches a member's current code; head office
rotates and revokes the signing keys (:mod:`central.member_qr_keys`).

Only the online channel gets codes, and only for a member it linked by proof of the phone
(``POST /v1/members/link/confirm``, in the personal-data access log): the web shop's
credential cannot mint a code — the counter's proof of identity — for any member id it
guesses. A till never gets codes: it verifies them with the public keys in the rules.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy import select
from sqlalchemy.orm import Session

from central import member_qr_keys
from central.api.deps import AdminDep, CallerDep, EngineDep, SettingsDep
from central.api.responses import ERRORS
from central.auth import Caller
from central.db import read_session, run_transaction
from central.errors import ApiError, not_found
from central.feed import FeedWriter
from central.identity import resolve
from central.models import PersonalDataAccess
from central.schemas import MemberQrKeyChange, MemberQrKeyOut, MemberQrOut

router = APIRouter(tags=["member-qr"], responses=ERRORS)
MemberIdPath = Annotated[str, Path(min_length=36, max_length=36,
                                   pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                           r"[0-9a-f]{4}-[0-9a-f]{12}$")]
KeyIdPath = Annotated[str, Path(min_length=8, max_length=8, pattern=r"^[0-9a-f]{8}$")]


def _unavailable(err: member_qr_keys.KeyUnavailable) -> ApiError:
    # 409: central's set-up does not allow it yet (no secret, no key) — nothing to retry.
    return ApiError(409, err.reason, str(err))


def linked_by(session: Session, caller: Caller, member_id: str) -> bool:
    """Whether this online client linked ``member_id`` by a one-time code to its phone."""
    return session.scalar(select(PersonalDataAccess.id).where(
        PersonalDataAccess.member_id == member_id, PersonalDataAccess.action == "link",
        PersonalDataAccess.actor_kind == "online",
        PersonalDataAccess.actor == caller.actor[:200]).limit(1)) is not None


@router.get("/v1/members/{member_id}/qr", response_model=MemberQrOut)
def member_qr(member_id: MemberIdPath, caller: CallerDep, engine: EngineDep,
              settings: SettingsDep) -> MemberQrOut:
    """The member's signed QR text, valid ``member_qr_minutes`` (default 10): the web shop
    shows it as a QR code (alphanumeric mode, version ≤ 7, level M) and fetches a new one
    when it lapses. Web shop or app only, for a member it linked."""
    if caller.kind != "online":
        raise ApiError(403, "online_only", "Only the web shop or app gets member QR codes.")
    lifetime = timedelta(minutes=settings.member_qr_minutes)
    with read_session(engine) as session:
        if not linked_by(session, caller, member_id):
            raise not_found("member")  # the same answer as an unknown id: nothing to probe
        account = resolve(session, member_id)
        if account is None or account.status != "active":
            raise not_found("member")
        try:
            text, not_after = member_qr_keys.issue(
                session, settings.member_qr_secret, account.id, lifetime,
                timedelta(minutes=settings.member_qr_key_lead_minutes))
        except member_qr_keys.KeyUnavailable as err:
            raise _unavailable(err) from None
    key_id = member_qr_keys.key_id_of(text)
    return MemberQrOut(member_id=account.id, text=text, not_after=not_after, key_id=key_id)


@router.get("/v1/admin/member-qr/keys", response_model=list[MemberQrKeyOut])
def qr_keys(_: AdminDep, engine: EngineDep, settings: SettingsDep) -> list[MemberQrKeyOut]:
    """Every signing key, newest first (public halves only); ``signing``: the one that
    signs now (a new key after ``member_qr_key_lead_minutes``)."""
    lead = timedelta(minutes=settings.member_qr_key_lead_minutes)
    with read_session(engine) as session:
        return [MemberQrKeyOut(key_id=k.key_id, public_key=k.public_key,
                               created_at=k.created_at, revoked_at=k.revoked_at,
                               signing=k.signing) for k in member_qr_keys.keys(session, lead)]


@router.post("/v1/admin/member-qr/keys", response_model=MemberQrKeyChange, status_code=201)
def rotate(caller: AdminDep, engine: EngineDep, settings: SettingsDep) -> MemberQrKeyChange:
    """A new signing key; earlier keys keep verifying until revoked. Tills get its public
    half with the rules version returned; it signs once ``member_qr_key_lead_minutes``
    have passed (the previous key signs until then)."""
    def work(session: Session) -> MemberQrKeyChange:
        feed = FeedWriter(session)
        try:
            key_id, version = member_qr_keys.rotate(session, feed, settings.member_qr_secret,
                                                    caller.actor)
        except member_qr_keys.KeyUnavailable as err:
            raise _unavailable(err) from None
        session.flush()
        feed.flush()
        return MemberQrKeyChange(key_id=key_id, rules_version=version)

    return run_transaction(engine, work)


@router.post("/v1/admin/member-qr/keys/{key_id}/revoke", response_model=MemberQrKeyChange)
def revoke(key_id: KeyIdPath, caller: AdminDep, engine: EngineDep) -> MemberQrKeyChange:
    """Revoke a key (lost, leaked, or simply retired): its private half is wiped and tills
    refuse its codes once they hold the rules version returned. Rotate first if it signs."""
    def work(session: Session) -> MemberQrKeyChange:
        feed = FeedWriter(session)
        version = member_qr_keys.revoke(session, feed, key_id, caller.actor)
        if version is None:
            raise not_found("key")
        session.flush()
        feed.flush()
        return MemberQrKeyChange(key_id=key_id, rules_version=version)

    return run_transaction(engine, work)
