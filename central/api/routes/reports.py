"""Chain reports."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from central.api.deps import CallerDep, EngineDep
from central.api.responses import ERRORS
from central.db import read_session
from central.errors import ApiError
from central.reporting import daily
from central.schemas import DailyReportRow

router = APIRouter(prefix="/v1/reports", tags=["reports"], responses=ERRORS)


@router.get("/daily", response_model=list[DailyReportRow])
def daily_report(day: date, caller: CallerDep, engine: EngineDep,
                 store_id: Annotated[str | None, Query(max_length=64,
                                                       pattern=r"^[^\x00]+$")] = None
                 ) -> list[DailyReportRow]:
    """Per store for one day: new members, points issued/redeemed/expired, overdrafts.

    Head office sees every store; a terminal sees only its own.
    """
    if caller.kind == "terminal":
        if store_id not in (None, caller.store_id):
            raise ApiError(403, "other_store", "A terminal sees only its own store.")
        store_id = caller.store_id
    elif caller.kind != "admin":
        raise ApiError(403, "admin_only", "Reports are for head office and stores.")
    with read_session(engine) as session:
        return daily(session, day, store_id)
