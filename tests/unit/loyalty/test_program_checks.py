"""What ``loyalty.programs.Program`` refuses, with the reason the console shows."""

from __future__ import annotations

from typing import Any

import pytest

from loyalty.programs import Program, ProgramError

COUPON: dict[str, Any] = {"program_id": "welcome", "kind": "coupon", "name_zh": "迎新券",
                          "name_en": "Welcome coupon"}


@pytest.mark.parametrize(("change", "reason"), [
    ({"valid_from": "2027-02-01", "valid_until": "2027-01-31"}, "validity"),
    ({"per_member_limit": -1}, "limits"),
    ({"global_limit": -3}, "limits"),
    ({"valid_days": 0}, "valid_days"),
    ({"name_en": "  "}, "names"),
    ({"offline": {"mode": "always"}}, "offline"),
])
def test_a_program_that_cannot_be_is_refused_with_its_reason(change: dict[str, Any],
                                                             reason: str) -> None:
    with pytest.raises(ProgramError) as refused:
        Program.from_document(COUPON | change)
    assert refused.value.reason == reason


def test_a_one_day_program_and_zero_limits_stand() -> None:
    program = Program.from_document(COUPON | {"valid_from": "2027-01-01",
                                              "valid_until": "2027-01-01",
                                              "global_limit": 0, "valid_days": 1})
    assert program.valid_from == program.valid_until and program.global_limit == 0
