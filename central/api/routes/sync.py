"""Terminal sync: push, pull, snapshot, rules, online redemption authorisation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from central import snapshot
from central.api.deps import CallerDep, EngineDep, SettingsDep, TerminalDep
from central.api.responses import ERRORS
from central.clock import now
from central.db import read_session, run_transaction
from central.errors import ApiError
from central.feed import read_page
from central.models import Terminal
from central.push import push
from central.redeem import authorise
from central.rules_store import current_version
from sync.protocol import (
    SNAPSHOT_BUCKETS,
    ChangesPage,
    PushRequest,
    PushResponse,
    RedemptionRequest,
    RedemptionResponse,
    RulesDocument,
    SnapshotManifest,
    part_buckets,
)

router = APIRouter(prefix="/v1", tags=["sync"], responses=ERRORS)


@router.post("/sync/push", response_model=PushResponse)
def push_operations(body: PushRequest, caller: TerminalDep, engine: EngineDep,
                    settings: SettingsDep) -> Response:
    """Apply a bounded, ordered batch of this terminal's outbox operations."""
    terminal_id = caller.terminal_id or ""
    result = run_transaction(engine, lambda s: push(
        s, terminal_id, body.operations, settings.code_block_size, now()))
    # Serialised straight from the model (already valid): no second validation pass.
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/sync/changes", response_model=ChangesPage)
def changes(caller: CallerDep, engine: EngineDep, settings: SettingsDep,
            after: Annotated[int, Query(ge=0, le=2**62)] = 0,
            limit: Annotated[int, Query(ge=1, le=100_000)] = 1000) -> ChangesPage:
    """Changes after cursor ``after``, in sequence order (410: bootstrap again)."""
    if caller.kind not in ("terminal", "admin"):
        raise ApiError(403, "terminal_only", "Only terminals and head office read the feed.")
    with read_session(engine) as session:
        return read_page(session, after, min(limit, settings.feed_page_max), caller.terminal_id)


@router.get("/sync/snapshot", response_model=SnapshotManifest)
def snapshot_manifest(caller: TerminalDep, engine: EngineDep,
                      settings: SettingsDep) -> SnapshotManifest:
    """The member base in checksummed parts, as of one feed cursor."""
    return snapshot.manifest(engine, settings.snapshot_parts)


@router.get("/sync/snapshot/parts/{part}", response_class=StreamingResponse,
            responses={200: {"content": {"application/x-ndjson": {}},
                             "description": "Member lines, then a trailer line."}})
def snapshot_part(part: Annotated[int, Path(ge=0, lt=SNAPSHOT_BUCKETS)], caller: TerminalDep,
                  engine: EngineDep,
                  parts: Annotated[int, Query(ge=1, le=SNAPSHOT_BUCKETS)] = 1
                  ) -> StreamingResponse:
    """One part of the snapshot, streamed as NDJSON (resumable part by part)."""
    try:
        part_buckets(part, parts)
    except ValueError:
        raise ApiError(422, "invalid_part", "No such part for this split.") from None
    return StreamingResponse(snapshot.stream_part(engine, part, parts),
                             media_type="application/x-ndjson")


@router.get("/rules", response_model=RulesDocument)
def rules(caller: CallerDep, engine: EngineDep) -> RulesDocument:
    """The current loyalty rules document and its version."""
    with read_session(engine) as session:
        row = current_version(session)
        return RulesDocument(version=row.version, document=row.document)


@router.post("/redemptions", response_model=RedemptionResponse)
def redeem(body: RedemptionRequest, caller: TerminalDep,
           engine: EngineDep) -> RedemptionResponse:
    """Authorise a redemption online; the same ``entry_id`` always gets the same answer."""
    def work(session: Session) -> RedemptionResponse:
        terminal = session.get_one(Terminal, caller.terminal_id)
        return authorise(session, terminal, body, now())

    return run_transaction(engine, work)
