"""The online channel's member endpoints: sign-up, lookup and linking by proof of the phone
(phones only in bodies).

The web shop's credential (``online``) sees only what sign-up needs: a lookup says whether
the phone or code is a member, nothing more; a sign-up onto a phone that is already a
member is refused, and linking that member needs the one-time code sent to the phone
(:mod:`central.phone_proof`). Head office and terminals get member records as before, and
each such read is in the personal-data access log.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from central import access_log, phone_proof
from central.api.deps import CallerDep, EngineDep, SettingsDep
from central.api.responses import ERRORS
from central.auth import Caller
from central.db import read_session, run_transaction
from central.errors import ApiError, not_found
from central.online import lookup, sign_up
from central.otp import OtpSender, OtpUnavailable
from central.profile import find_active
from central.records import member_record
from central.schemas import (
    LinkConfirm,
    LinkedMember,
    LinkStart,
    LinkStarted,
    MemberLookup,
    OnlineLookupOut,
    SignUp,
    SignUpOut,
)
from loyalty.phone import normalise_phone
from sync.protocol import MemberRecord

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/members", tags=["members"], responses=ERRORS)


@router.post("", response_model=SignUpOut, status_code=201)
def create_member(body: SignUp, caller: CallerDep, engine: EngineDep,
                  settings: SettingsDep) -> SignUpOut:
    """Sign up from the web shop or app. From the online channel a phone that is already a
    member is refused (409 ``phone_registered``): link it with a one-time code instead."""
    phone = normalise_phone(body.phone, settings.market)

    def work(session: Session) -> SignUpOut:
        if caller.kind == "online" and find_active(session, phone) is not None:
            raise ApiError(409, "phone_registered", "This phone is already a member. Link "
                           "the membership with a one-time code sent to the phone "
                           "(POST /v1/members/link).")
        return sign_up(session, body, phone, settings.code_block_size)

    return run_transaction(engine, work)


@router.post("/lookup", response_model=MemberRecord | OnlineLookupOut)
def find_member(body: MemberLookup, caller: CallerDep, engine: EngineDep,
                settings: SettingsDep) -> MemberRecord | OnlineLookupOut:
    """Look a member up by phone (as typed, read in the chain's market) or member code.

    The online channel learns only ``registered``; others get the record (logged). A POST
    with the phone in its body: a phone in a URL would reach access logs."""
    if (body.phone is None) == (body.code is None):
        raise ApiError(422, "phone_or_code", "Give exactly one of phone and code.")
    e164 = normalise_phone(body.phone, settings.market) if body.phone is not None else None
    with read_session(engine) as session:
        member = lookup(session, phone=e164, code=body.code)
        if caller.kind == "online":
            return OnlineLookupOut(registered=member is not None)
        if member is None:
            raise not_found("member")
        record = member_record(member)
    access_log.record_now(engine, caller, "lookup", record.id)
    return record


def _online(caller: Caller) -> Caller:
    if caller.kind != "online":
        raise ApiError(403, "online_only", "Only the web shop or app links members.")
    return caller


@router.post("/link", response_model=LinkStarted, status_code=202)
def link_start(body: LinkStart, caller: CallerDep, engine: EngineDep, settings: SettingsDep,
               request: Request) -> LinkStarted:
    """Send a one-time code to the phone of an existing member (10 minutes, 5 tries; at
    most 3 codes per phone in 15 minutes). Confirm with ``/v1/members/link/confirm``."""
    client = _online(caller)
    phone = normalise_phone(body.phone, settings.market)
    challenge = run_transaction(engine, lambda s: phone_proof.start(
        s, client.terminal_id or "", phone, settings.otp_pepper))
    sender: OtpSender = request.app.state.otp_sender
    try:
        sender.send(challenge.phone, phone_proof.message(challenge.code, settings.market))
    except OtpUnavailable as err:
        run_transaction(engine, lambda s: phone_proof.cancel(s, challenge.id))
        log.warning("one-time code not sent: %s", err)
        raise ApiError(503, "otp_unavailable", "The code could not be sent; try again "
                       "later.") from None
    return LinkStarted(challenge_id=challenge.id, expires_at=challenge.expires_at)


@router.post("/link/confirm", response_model=LinkedMember)
def link_confirm(body: LinkConfirm, caller: CallerDep, engine: EngineDep) -> LinkedMember:
    """The membership the proven phone holds (id, code, tier), logged as a link."""
    client = _online(caller)

    def work(session: Session) -> LinkedMember | ApiError:
        found = phone_proof.confirm(session, client.terminal_id or "", body.challenge_id,
                                    body.code)
        if isinstance(found, ApiError):
            return found
        access_log.record(session, client, "link", found.id)
        return LinkedMember(member_id=found.id, member_code=found.member_code, tier=found.tier)

    result = run_transaction(engine, work)
    if isinstance(result, ApiError):
        raise result
    return result
