"""Member codes: check digits catch typos, blocks never collide."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loyalty.errors import InvalidMemberCode
from loyalty.member_code import (
    CodeBlock,
    code_for_serial,
    is_valid_code,
    looks_like_member_code,
    parse_member_code,
)

serials = st.integers(min_value=10**8, max_value=10**9 - 1)


@given(serials)
def test_every_single_digit_error_is_caught(serial: int) -> None:
    code = code_for_serial(serial)
    assert is_valid_code(code)
    for pos, digit in itertools.product(range(10), "0123456789"):
        typo = code[:pos] + digit + code[pos + 1:]
        if typo != code:
            assert not is_valid_code(typo), typo


@given(serials)
def test_every_adjacent_swap_is_caught(serial: int) -> None:
    code = code_for_serial(serial)
    for pos in range(9):
        swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2:]
        if swapped != code:
            assert not is_valid_code(swapped)


def test_parse_accepts_spaces_and_full_width() -> None:
    code = code_for_serial(123_456_789)
    assert parse_member_code(f" {code[:5]} {code[5:]} ") == code
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert parse_member_code(full_width) == code


@pytest.mark.parametrize(("text", "reason"), [
    ("12345", "code_length"),
    ("12345678901", "code_length"),
    ("0912345678", "code_length"),  # a Taiwanese mobile is never a code
    ("abcdefghij", "code_length"),
])
def test_malformed_codes_are_refused(text: str, reason: str) -> None:
    with pytest.raises(InvalidMemberCode) as err:
        parse_member_code(text)
    assert err.value.code == reason


def test_a_mistyped_digit_is_refused_with_a_clear_message() -> None:
    code = code_for_serial(100_200_300)
    typo = code[:3] + str((int(code[3]) + 1) % 10) + code[4:]
    with pytest.raises(InvalidMemberCode, match="check digit") as err:
        parse_member_code(typo)
    assert err.value.code == "code_check_digit"


def test_blocks_of_different_terminals_never_overlap() -> None:
    a, b = CodeBlock.numbered(1), CodeBlock.numbered(2)
    codes_a = {a.code_at(i) for i in range(0, len(a), 997)}
    codes_b = {b.code_at(i) for i in range(0, len(b), 997)}
    assert not codes_a & codes_b
    assert a.end <= b.start


def test_exhausted_block_refuses_to_mint() -> None:
    block = CodeBlock(10**8, 10**8 + 2)
    block.code_at(1)
    with pytest.raises(OverflowError):
        block.code_at(2)


def test_codes_never_look_like_phones() -> None:
    assert not looks_like_member_code("0912345678")
    assert looks_like_member_code(code_for_serial(10**8))
