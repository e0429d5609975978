"""The push answer is written by hand on the hot path; it must be what the model writes."""

from __future__ import annotations

from central.push import PushOutcome
from sync.protocol import IdMapping, OpResult

OP = "0193a0b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b"


def test_the_hand_written_answer_is_the_protocol_answer() -> None:
    results: list[OpResult | dict[str, object]] = [
        {"seq": 7, "op_id": OP, "status": "applied"},
        OpResult(seq=8, op_id=OP, status="rejected", reason="invalid_payload",
                 message='points: "ten" is not an integer'),
        OpResult(seq=9, op_id=OP, status="applied", mappings=[
            IdMapping(alias_id="a", canonical_id="b", canonical_code="0000000017")]),
    ]
    for gap in (False, True):
        outcome = PushOutcome(results, 10, gap)
        assert outcome.json() == outcome.response().model_dump_json().encode()
