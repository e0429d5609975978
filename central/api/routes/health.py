"""``GET /v1/health``: is this worker up and its database reachable (for proxies, monitors
and anything waiting for central to start). Anonymous, and it says nothing else."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from central.api.deps import EngineDep
from central.api.responses import ERRORS

router = APIRouter(prefix="/v1", tags=["health"], responses=ERRORS)


class HealthOut(BaseModel):
    status: str


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def health(engine: EngineDep) -> HealthOut | JSONResponse:
    """``ok`` when the database answers; 503 ``database_unavailable`` when it does not."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return JSONResponse({"status": "database_unavailable"}, status_code=503)
    return HealthOut(status="ok")
