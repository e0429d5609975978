"""Unit tests: backoff, error mapping, floor limits, the token file, replica merges."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from loyalty.offline import OfflineUsage, check_floor, worst_case_exposure
from loyalty.rules import OfflineLimits, default_rules
from loyalty.store import replica
from loyalty.store.lookup import find_members
from loyalty.store.members import resolve_id
from sync.client import Backoff, CentralClient
from sync.credentials import load_token, save_token
from sync.errors import Offline, Rejected, Unauthorised
from tests.helpers.records import as_feed_entry, as_member_record
from tests.helpers.store import make_store

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
LIMITS = OfflineLimits(enabled=True, max_points_per_sale=1000, max_redemptions_per_member=1,
                       max_hours_since_sync=72, terminal_budget_points=2000)


@given(st.integers(min_value=0, max_value=40))
def test_backoff_is_jittered_within_the_exponential_cap(attempt: int) -> None:
    backoff = Backoff(base=0.2, cap=30.0)
    delay = backoff.delay(attempt, random.Random(attempt))
    assert 0 <= delay <= min(30.0, 0.2 * 2 ** attempt)


def _client(handler: httpx.MockTransport, attempts: int = 3) -> CentralClient:
    return CentralClient("https://central.test", "t", transport=handler, attempts=attempts,
                         sleep=lambda _s: None, seed=1)


def test_5xx_and_timeouts_are_retried_then_offline() -> None:
    calls: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(503)

    with _client(httpx.MockTransport(answer)) as client, pytest.raises(Offline) as err:
        client.rules()
    assert len(calls) == 3 and client.retries == 2 and err.value.maybe_sent


def test_a_retry_that_succeeds_is_invisible() -> None:
    calls: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) < 3:
            raise httpx.ConnectError("down", request=request)
        return httpx.Response(200, json={"version": 2, "document": default_rules().to_document()})

    with _client(httpx.MockTransport(answer)) as client:
        assert client.rules().version == 2


@pytest.mark.parametrize(("status", "error"), [(401, Unauthorised), (403, Unauthorised),
                                               (409, Rejected), (410, Rejected)])
def test_4xx_map_to_kinds_without_retrying(status: int, error: type[Exception]) -> None:
    calls: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(status, json={"reason": "cursor_expired", "message": "m"})

    with _client(httpx.MockTransport(answer)) as client, pytest.raises(error):
        client.changes(0, 10)
    assert calls == [1]


def test_floor_limits_name_every_broken_limit() -> None:
    fine = OfflineUsage(NOW - timedelta(hours=1), 0, 0)
    assert check_floor(LIMITS, 1000, fine, NOW).allowed
    broken = check_floor(LIMITS, 1100, OfflineUsage(NOW - timedelta(hours=73), 1, 1500), NOW)
    assert broken.reasons == ("over_sale_limit", "member_count", "too_long_offline",
                              "budget_spent")
    never = check_floor(LIMITS, 100, OfflineUsage(None, 0, 0), NOW)
    assert never.reasons == ("too_long_offline",)
    off = OfflineLimits(False, 1000, 1, 72, 2000)
    assert check_floor(off, 100, fine, NOW).reasons == ("offline_disabled",)
    assert worst_case_exposure(LIMITS, 3) == 3000


def test_token_file_is_private(tmp_path: Path) -> None:
    path = save_token(tmp_path / "data", "rt_secret")
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_token(tmp_path / "data") == "rt_secret"
    assert load_token(tmp_path / "nothing") is None


def _record(member_id: str, phone: str, code: str, **extra: object) -> dict[str, object]:
    return {"id": member_id, "phone": phone, "member_code": code, "name": "王小明",
            "birthday_month": None, "birthday_day": None, "birth_year": None,
            "marketing_consent": None, "consent_at": None, "origin": "S001",
            "enrolled_at": "2026-11-01T00:00:00Z", "tier": "general",
            "tier_since": "2026-11-01", "balance": 0, "status": "active", **extra}


def _entry(entry_id: str, member_id: str, points: int) -> dict[str, object]:
    return {"entry_id": entry_id, "member_id": member_id, "account_id": member_id,
            "kind": "bonus", "points": points, "store_id": "S002", "terminal_id": "T2",
            "occurred_at": "2026-11-01T00:00:00Z", "rules_version": 1}


def test_a_merge_moves_entries_and_old_ids_and_codes_still_find_the_member(
        tmp_path: Path) -> None:
    fixture = make_store(tmp_path / "store.db")
    a, b = "01a20a00-0000-7000-8000-00000000000a", "01a20a00-0000-7000-8000-00000000000b"
    with fixture.engine.begin() as conn:
        replica.apply_member(conn, as_member_record(_record(a, "+886912345678", "1000000018")), NOW)
        replica.apply_entry(conn,
            as_feed_entry(conn, _entry("01a20a00-0000-7000-8000-0000000000e1", a, 50)), NOW)
        replica.apply_entry(conn,
            as_feed_entry(conn, _entry("01a20a00-0000-7000-8000-0000000000e1", a, 50)), NOW)
        replica.apply_member(conn,
            as_member_record(_record(b, "+886912345678", "1000000026")), NOW)  # same phone
        assert conn.execute(replica.members.select()
                            .where(replica.members.c.id == a)).one().status == "review"
        replica.apply_entry(conn,
            as_feed_entry(conn, _entry("01a20a00-0000-7000-8000-0000000000e2", b, 30)), NOW)
        replica.apply_alias(conn, a, "1000000018", b, "1000000026", NOW)
        replica.apply_alias(conn, a, "1000000018", b, "1000000026", NOW)  # idempotent
        assert resolve_id(conn, a) == b
        assert replica.ledger_sum_mismatches(conn) == []
    with fixture.engine.connect() as conn:
        [found] = find_members(conn, "1000000018").members
        assert found.id == b and found.balance == 80
        assert [m.id for m in find_members(conn, "0912345678").members] == [b]
    fixture.engine.dispose()
