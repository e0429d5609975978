"""Terminal sync: push, pull, snapshot, rules, online redemption authorisation."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, BinaryIO

import anyio.to_thread
from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central import audit_chain
from central.api.deps import CallerDep, EngineDep, SettingsDep, TerminalDep
from central.api.responses import ERRORS
from central.clock import now
from central.db import read_session, run_transaction
from central.errors import ApiError
from central.feed import page_json
from central.models import Terminal
from central.push import push
from central.push_parse import parse_body
from central.redeem import authorise
from central.redeem import status as redemption_status
from central.rules_schedule import DueWatch
from central.rules_store import current_version
from central.snapshot_files import SnapshotFiles
from central.terminal_health import TillReport, needs_touch, touch
from sync.audit_protocol import AuditAck, AuditShipment
from sync.protocol import (
    SNAPSHOT_BUCKETS,
    UUID_PATTERN,
    ChangesPage,
    PushResponse,
    RedemptionRequest,
    RedemptionResponse,
    RedemptionStatus,
    RulesDocument,
    SnapshotManifest,
    part_buckets,
)

router = APIRouter(prefix="/v1", tags=["sync"], responses=ERRORS)


async def _body(request: Request) -> bytes:
    return await request.body()


TerminalClockHeader = Annotated[str | None, Header(
    alias="X-Terminal-Time", max_length=64,
    description="The terminal's clock (ISO-8601 with offset) when it sent the request: "
                "central flags a terminal whose clock disagrees with its own. Optional; "
                "a value it cannot read is ignored, never a reason to refuse.")]


def terminal_time(value: str | None) -> datetime | None:
    """The reported terminal clock, or None when absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


TillQueueHeader = Annotated[str | None, Header(
    alias="X-Terminal-Queue", max_length=12,
    description="Operations waiting in the terminal's outbox, this batch included (shown "
                "to head office). Optional; unreadable values are ignored.")]
TillVersionHeader = Annotated[str | None, Header(
    alias="X-Terminal-Version", max_length=64,
    description="The terminal's app version (shown to head office). Optional.")]
TillRulesHeader = Annotated[str | None, Header(
    alias="X-Terminal-Rules", max_length=12,
    description="The newest rules version the terminal holds. Optional.")]
_VERSION = re.compile(r"[0-9A-Za-z.+-]{1,32}")


def till_report(queue: str | None, version: str | None, rules: str | None) -> TillReport:
    """What a till said about itself; a value that does not read right is left out."""
    def count(value: str | None) -> int | None:
        if value and value.isascii() and value.isdigit() and len(value) <= 9:  # not "²"
            return int(value)
        return None

    return TillReport(count(queue), version if version and _VERSION.fullmatch(version)
                      else None, count(rules))


def due_rules(request: Request, engine: Engine) -> None:
    """Publish a scheduled rules version whose time has come (central.rules_schedule)."""
    watch: DueWatch = request.app.state.rules_watch
    watch.poll(engine, now())


@router.post("/sync/push", response_model=PushResponse, openapi_extra={"requestBody": {
    "required": True,
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}}}})
def push_operations(body: Annotated[bytes, Depends(_body)], caller: TerminalDep,
                    engine: EngineDep, settings: SettingsDep,
                    clock: TerminalClockHeader = None, queue: TillQueueHeader = None,
                    version: TillVersionHeader = None, rules: TillRulesHeader = None
                    ) -> Response:
    """Apply a bounded, ordered batch of this terminal's outbox operations."""
    # The body (a PushRequest) is read from its bytes in one pass by central.push_parse.
    if caller.terminal_id is None:
        raise ApiError(403, "terminal_only", "Only a registered terminal may do this.")
    terminal_id = caller.terminal_id
    ops, parsed = parse_body(body)
    received_at = now()
    result = run_transaction(engine, lambda s: push(
        s, terminal_id, ops, settings.code_block_size, received_at, parsed,
        reported_clock=terminal_time(clock), skew_tolerance_s=settings.clock_skew_tolerance_s,
        report=till_report(queue, version, rules)))
    return Response(result.json(), media_type="application/json")


@router.post("/sync/audit", response_model=AuditAck)
def audit_links(body: AuditShipment, caller: TerminalDep, engine: EngineDep) -> AuditAck:
    """Links of this terminal's audit and ledger chains, verified and kept; a break is
    flagged on the terminal (``GET /v1/admin/terminals``), never refused."""
    terminal_id, at = str(caller.terminal_id), now()
    return run_transaction(engine, lambda s: audit_chain.receive(s, terminal_id, body, at))


@router.get("/sync/changes", response_model=ChangesPage)
def changes(request: Request, caller: CallerDep, engine: EngineDep, settings: SettingsDep,
            after: Annotated[int, Query(ge=0, le=2**62)] = 0,
            limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
            clock: TerminalClockHeader = None) -> Response:
    """Changes after cursor ``after``, in sequence order (410: bootstrap again).

    The page is built of typed records, each serialised once per process and kept
    (``central.feed_cache``), not dumped and validated again against ``response_model``
    (which documents it). A stored entry that no longer fits its model is served as it is
    (no serializer warning): the tills quarantine it."""
    if caller.kind not in ("terminal", "admin"):
        raise ApiError(403, "terminal_only", "Only terminals and head office read the feed.")
    due_rules(request, engine)
    reported = terminal_time(clock)
    with read_session(engine) as session:
        page = page_json(session, request.app.state.rendered_feed, after,
                         min(limit, settings.feed_page_max), caller.terminal_id)
        stale = caller.terminal_id is not None and needs_touch(
            session, caller.terminal_id, now(), reported)
    if stale and caller.terminal_id is not None:
        terminal_id, at = caller.terminal_id, now()
        run_transaction(engine, lambda s: touch(s, terminal_id, at, reported,
                                                settings.clock_skew_tolerance_s))
    return Response(page, media_type="application/json")


@router.get("/sync/snapshot", response_model=SnapshotManifest)
async def snapshot_manifest(caller: TerminalDep, request: Request, settings: SettingsDep,
                            checksums: bool = True) -> SnapshotManifest:
    """The member base in checksummed parts, as of one feed cursor (``checksums=false``:
    row counts only, for a bootstrap — each part's trailer carries its checksum)."""
    return await _snapshots(request).manifest(settings.snapshot_parts, checksums)


@router.get("/sync/snapshot/parts/{part}", response_class=StreamingResponse,
            responses={200: {"content": {"application/x-ndjson": {}},
                             "description": "Member lines, then a trailer line."}})
async def snapshot_part(part: Annotated[int, Path(ge=0, lt=SNAPSHOT_BUCKETS)],
                        caller: TerminalDep, request: Request,
                        parts: Annotated[int, Query(ge=1, le=SNAPSHOT_BUCKETS)] = 1
                        ) -> StreamingResponse:
    """One part of the snapshot, streamed as NDJSON (resumable part by part) from the file
    built for the feed head: no database connection is held while it is sent."""
    try:
        part_buckets(part, parts)
    except ValueError:
        raise ApiError(422, "invalid_part", "No such part for this split.") from None
    file = await _snapshots(request).open_part(part, parts)
    return StreamingResponse(_file_chunks(file), media_type="application/x-ndjson")


def _snapshots(request: Request) -> SnapshotFiles:
    files: SnapshotFiles = request.app.state.snapshots
    return files


async def _file_chunks(file: BinaryIO) -> AsyncIterator[bytes]:
    try:
        while chunk := await anyio.to_thread.run_sync(file.read, 256 * 1024):
            yield chunk
    finally:
        file.close()


@router.get("/rules", response_model=RulesDocument)
def rules(request: Request, caller: CallerDep, engine: EngineDep) -> RulesDocument:
    """The current loyalty rules document and its version."""
    due_rules(request, engine)
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


@router.get("/redemptions/{entry_id}", response_model=RedemptionStatus)
def redemption(entry_id: Annotated[str, Path(pattern=UUID_PATTERN)], caller: TerminalDep,
               engine: EngineDep) -> RedemptionStatus:
    """What central holds of one of this terminal's online redemptions: ``approved`` (the
    entry stands), ``cancelled`` (refused for ever, reversed if it had been approved) or
    ``unknown`` (never approved; another terminal's ids are unknown too)."""
    with read_session(engine) as session:
        terminal = session.get_one(Terminal, caller.terminal_id)
        return redemption_status(session, terminal, entry_id)
