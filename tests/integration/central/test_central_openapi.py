"""Schemathesis over the published OpenAPI document: no 5xx, no schema violation.

Runs on PostgreSQL, the stricter backend (it refuses NUL characters, out-of-range integers).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.helpers.central_db import reset
from tests.helpers.central_server import CentralServer, running_central

TERMINAL_PATHS = ("/v1/sync/", "/v1/redemptions", "/v1/terminals/code-block",
                  "/v1/instruments/")


@pytest.fixture(scope="module")
def api(pg_database: str) -> Iterator[tuple[CentralServer, str]]:
    reset(pg_database)
    with running_central(pg_database) as central:
        token = central.new_terminal()["token"]
        yield central, token


@pytest.mark.postgres
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
# fuzzed requests provoke broken-chain and clock-skew warnings
@pytest.mark.expect_log_warnings("central.audit_chain", "central.terminal_health")
def test_api_conforms(mode: GenerationMode, api: tuple[CentralServer, str]) -> None:
    central, terminal_token = api
    schema = schemathesis.openapi.from_url(central.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    calls = [0]
    fuzzed = 0
    for operation in operations:
        if mode == GenerationMode.NEGATIVE and not list(operation.iter_parameters()) \
                and not list(operation.get_request_payload_content_types()):
            continue  # nothing to send wrong (GET /v1/health)
        token = terminal_token if operation.path.startswith(TERMINAL_PATHS) \
            else central.admin_token
        _fuzz(operation, mode, token, calls)
        fuzzed += 1
    assert fuzzed >= len(operations) - 2
    assert calls[0] >= 2 * fuzzed


def _fuzz(operation: Any, mode: GenerationMode, token: str, calls: list[int]) -> None:
    @settings(max_examples=8, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        calls[0] += 1
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                               checks=[not_a_server_error, response_schema_conformance,
                                       status_code_conformance, content_type_conformance])

    run()
