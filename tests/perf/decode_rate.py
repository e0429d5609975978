"""Decode rate over the fixed phone-screen set: ``python tests/perf/decode_rate.py``.

For every degradation (rotation, blur, glare, contrast, size, dark mode, moiré/noise) and
symbology, the share of images whose member code is read:
- ``frame``: one frame, the cheap passes every live frame runs (normal, then inverted);
- ``showing``: a code held up for several frames, so the live pipeline also gets to try
  each extra pass (sharpened, median, turned 45°) on it.
The set is seeded: every run prints the same table (``--per-cell`` images per cell).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.camera.decode import ALL_PASSES, FAST_PASSES, decode_frame
from tests.helpers.phone_screen_images import GRID, SYMBOLOGIES, degraded_set


def table(per_cell: int) -> list[str]:
    frame: dict[tuple[str, str, str], int] = defaultdict(int)
    showing: dict[tuple[str, str, str], int] = defaultdict(int)
    for shot in degraded_set(per_cell=per_cell):
        key = (shot.category, shot.level, shot.symbology)
        frame[key] += shot.code in decode_frame(shot.image, FAST_PASSES).codes
        showing[key] += shot.code in decode_frame(shot.image, ALL_PASSES).codes
    head = "| degradation | level | " + " | ".join(
        f"{s} frame | {s} showing" for s in SYMBOLOGIES) + " |"
    lines = [head, "|" + "---|" * (2 + 2 * len(SYMBOLOGIES))]
    totals = defaultdict(int)
    for category, level, _parameter in GRID:
        cells = []
        for symbology in SYMBOLOGIES:
            key = (category, level, symbology)
            cells += [f"{frame[key]}/{per_cell}", f"{showing[key]}/{per_cell}"]
            totals[(symbology, "f")] += frame[key]
            totals[(symbology, "s")] += showing[key]
        lines.append(f"| {category} | {level} | " + " | ".join(cells) + " |")
    n = per_cell * len(GRID)
    lines.append("| **all** | | " + " | ".join(
        f"{100 * totals[(s, k)] / n:.0f}%" for s in SYMBOLOGIES for k in ("f", "s")) + " |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-cell", type=int, default=10)
    args = parser.parse_args()
    for line in table(args.per_cell):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
