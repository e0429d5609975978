"""Reading a push body: the envelope and every payload validated once, before the transaction.

A push is nearly always a run of ledger entries (a backlog drains in batches of them), so the
body is first read in one pass straight from its JSON bytes as exactly that. Any other body
(enrollments, edits, unknown kinds, a malformed payload) takes the general path: the envelope
as :class:`~sync.protocol.PushRequest`, then each payload for its kind, so one bad payload is
rejected on its own. Both paths accept and refuse the same bodies.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Protocol

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from central.errors import ApiError
from sync.protocol import (
    MAX_PUSH_OPERATIONS,
    PAYLOAD_MODELS,
    EntryOperation,
    Operation,
    OpResult,
    PushRequest,
)


class PushedOp(Protocol):
    """What the push needs of an operation's envelope."""

    @property
    def seq(self) -> int: ...
    @property
    def op_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


Parsed = BaseModel | OpResult
"""A validated payload, or the rejection to record for its operation."""


class _EntryPush(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    operations: Annotated[list[EntryOperation], Field(max_length=MAX_PUSH_OPERATIONS)]


def parse_body(body: bytes) -> tuple[Sequence[PushedOp], list[Parsed]]:
    """The operations of a push body and their parsed payloads.

    Raises:
        RequestValidationError: the body is not a valid ``PushRequest`` (answered 422).
        ApiError: 422 ``batch_not_contiguous``.
    """
    try:
        fast = _EntryPush.model_validate_json(body)
    except ValidationError:
        pass
    else:
        _check_contiguous(fast.operations)
        return fast.operations, [op.payload for op in fast.operations]
    try:
        request = PushRequest.model_validate_json(body)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False, include_input=False)
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]
                                     ) from None
    return request.operations, parse_operations(request.operations)


def parse_operations(ops: Sequence[Operation]
                     ) -> list[Parsed]:
    """Each operation's payload validated for its kind, or the rejection to record."""
    _check_contiguous(ops)
    return [_parse(op) for op in ops]


def _check_contiguous(ops: Sequence[PushedOp]) -> None:
    for a, b in itertools.pairwise(ops):
        if b.seq != a.seq + 1:
            raise ApiError(422, "batch_not_contiguous",
                           "Operations in a push must have consecutive sequence numbers.")


def _parse(op: Operation) -> Parsed:
    model = PAYLOAD_MODELS.get(op.kind)
    if model is None:
        return OpResult(seq=op.seq, op_id=op.op_id, status="rejected", reason="unknown_kind",
                        message="This central does not know this kind of operation.")
    try:
        return model.model_validate(op.payload)
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                           for e in exc.errors(include_input=False, include_url=False))
        return OpResult(seq=op.seq, op_id=op.op_id, status="rejected",
                        reason="invalid_payload", message=detail[:500])
