"""A till cannot take the member-code space (issue 16, point 6).

The attack: one till asked for a new block in a loop and took 8,992 blocks in 56 s; from
then on every registration answered 500. Now a terminal gets another block only once central
has seen most of its current one used, at most ``code_blocks_per_terminal`` in all; a refusal
is a 4xx with a reason that changes nothing, and other terminals still register.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from loyalty.member_code import CodeBlock
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.central_state import database_state

BLOCK = 10  # small blocks, so a test can use one up: a new one from 8 codes seen used
CAP = 3
_phones = itertools.count(10_000_000)


@pytest.fixture
def small_blocks(db_url: str) -> Iterator[CentralServer]:
    """Central handing out blocks of 10 codes, at most 3 per terminal."""
    with running_central(db_url, code_block_size=BLOCK, code_block_refill_percent=80,
                         code_blocks_per_terminal=CAP) as server:
        yield server


def _enroll(term: TerminalClient, count: int) -> None:
    ops = [term.enroll(f"+8869{next(_phones):08d}", name=None) for _ in range(count)]
    statuses = [r["status"] for r in term.push_ok(*ops)["results"]]
    assert statuses == ["applied"] * count


def _take_block(term: TerminalClient, answer: dict[str, Any]) -> None:
    term.block = CodeBlock(answer["start"], answer["end"])
    term._codes = itertools.count()


def test_a_rogue_terminal_asking_for_blocks_in_a_loop_gets_a_reason_and_changes_nothing(
        small_blocks: CentralServer) -> None:
    central = small_blocks
    reg = central.new_terminal()
    before = database_state(central.db_url)
    with central.client(reg["token"]) as http:
        answers = [http.post("/v1/terminals/code-block") for _ in range(200)]
    assert {(a.status_code, a.json()["reason"]) for a in answers} == {
        (409, "code_block_not_used_up")}
    assert answers[0].json()["message"] == (
        "Central has seen 0 of this terminal's 10 member codes used; a new block is given "
        "from 80%. Push the waiting enrollments first.")
    assert database_state(central.db_url) == before
    newcomer = central.new_terminal()
    assert newcomer["code_block"]["index"] == reg["code_block"]["index"] + 1


def test_a_terminal_gets_a_block_once_most_of_its_own_is_used_up_to_its_cap(
        small_blocks: CentralServer) -> None:
    central = small_blocks
    reg = central.new_terminal()
    indexes = [reg["code_block"]["index"]]
    with central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        _enroll(term, 7)
        early = http.post("/v1/terminals/code-block")
        assert (early.status_code, early.json()["reason"]) == (409, "code_block_not_used_up")
        _enroll(term, 1)  # 8 of 10 seen used: 80 %
        for _ in range(CAP - 1):
            granted = http.post("/v1/terminals/code-block")
            assert granted.status_code == 200, granted.text
            indexes.append(granted.json()["index"])
            _take_block(term, granted.json())
            _enroll(term, 8)
        before = database_state(central.db_url)
        refused = [http.post("/v1/terminals/code-block") for _ in range(20)]
    assert len(set(indexes)) == CAP
    assert {(r.status_code, r.json()["reason"]) for r in refused} == {
        (403, "code_block_cap_reached")}
    assert refused[0].json()["message"] == (
        "This terminal has had its 3 member-code blocks; head office must raise the limit "
        "(code_blocks_per_terminal).")
    assert database_state(central.db_url) == before
    other = central.new_terminal()
    assert other["code_block"]["index"] not in indexes


def test_when_the_code_space_runs_out_registration_says_so_and_spends_no_code(
        db_url: str) -> None:
    # Blocks of 300,000,000 serials: central's block 0 and two terminals' fill the space.
    with running_central(db_url, code_block_size=300_000_000) as central:
        central.new_terminal()
        central.new_terminal()
        chain = central.demo_chain()
        before = database_state(central.db_url)
        with central.client() as http:
            answer = http.post("/v1/terminals/register",
                               json={"enrollment_code": chain.enrollment_code})
        assert (answer.status_code, answer.json()["reason"]) == (409, "code_space_exhausted")
        assert database_state(central.db_url) == before
