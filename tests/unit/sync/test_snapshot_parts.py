"""A snapshot part is written only when it matches its own trailer (rows and checksum)."""

from __future__ import annotations

import hashlib
import json

import pytest

from sync.bootstrap import _checked
from sync.errors import SnapshotCorrupt


def part_body(lines: list[bytes], *, part: int = 3, rows: int | None = None,
              sha: str | None = None) -> bytes:
    members = b"".join(line + b"\n" for line in lines)
    trailer = {"part": part, "rows": len(lines) if rows is None else rows,
               "sha256": sha or hashlib.sha256(members).hexdigest(), "cursor": 41}
    return members + json.dumps(trailer).encode() + b"\n"


LINES = [json.dumps({"id": f"m{k}", "name": "王小明"}, ensure_ascii=False).encode()
         for k in range(3)]


def test_a_whole_part_gives_its_lines_and_cursor() -> None:
    assert _checked(part_body(LINES), 3) == (LINES, 41)
    assert _checked(part_body([]), 3) == ([], 41)  # an empty part is still a part


@pytest.mark.parametrize("body", [
    part_body(LINES)[:-1],  # cut short inside the trailer
    part_body(LINES)[:len(LINES[0]) + 1],  # cut short after a member line
    part_body(LINES, rows=2),
    part_body(LINES, sha="0" * 64),
    part_body(LINES, part=4),
    part_body(LINES).replace("王".encode(), "汪".encode(), 1),  # a flipped member byte
    b"",
], ids=["trailer-cut", "line-cut", "rows", "sha", "other-part", "damaged", "empty"])
def test_a_damaged_part_is_refused(body: bytes) -> None:
    with pytest.raises(SnapshotCorrupt):
        _checked(body, 3)
