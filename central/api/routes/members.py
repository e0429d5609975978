"""The online channel's member endpoints: sign-up and lookup (phones only in bodies)."""

from __future__ import annotations

from fastapi import APIRouter

from central.api.deps import CallerDep, EngineDep, SettingsDep
from central.api.responses import ERRORS
from central.db import read_session, run_transaction
from central.errors import ApiError, not_found
from central.online import lookup, sign_up
from central.records import member_record
from central.schemas import MemberLookup, SignUp, SignUpOut
from loyalty.phone import normalise_phone
from sync.protocol import MemberRecord

router = APIRouter(prefix="/v1/members", tags=["members"], responses=ERRORS)


@router.post("", response_model=SignUpOut, status_code=201)
def create_member(body: SignUp, caller: CallerDep, engine: EngineDep,
                  settings: SettingsDep) -> SignUpOut:
    """Sign up from the web shop or app; an existing phone merges as at a counter."""
    phone = normalise_phone(body.phone, settings.market)
    return run_transaction(engine, lambda s: sign_up(s, body, phone, settings.code_block_size))


@router.post("/lookup", response_model=MemberRecord)
def find_member(body: MemberLookup, caller: CallerDep, engine: EngineDep,
                settings: SettingsDep) -> MemberRecord:
    """Look a member up by phone (as typed, read in the chain's market) or member code.

    A POST with the phone in its body: a phone in a URL would reach access logs."""
    if (body.phone is None) == (body.code is None):
        raise ApiError(422, "phone_or_code", "Give exactly one of phone and code.")
    e164 = normalise_phone(body.phone, settings.market) if body.phone is not None else None
    with read_session(engine) as session:
        member = lookup(session, phone=e164, code=body.code)
        if member is None:
            raise not_found("member")
        return member_record(member)
