"""The generated phone-screen set is fixed (same images every run) and sane."""

from __future__ import annotations

import hashlib
from itertools import islice

from desktop.camera.decode import ALL_PASSES, decode_frame
from tests.helpers.phone_screen_images import GRID, SYMBOLOGIES, degraded_set


def digest(count: int) -> str:
    h = hashlib.sha256()
    for shot in islice(degraded_set(per_cell=2), count):
        h.update(shot.code.encode() + shot.image.tobytes())
    return h.hexdigest()


def test_the_set_is_the_same_every_time() -> None:
    assert digest(6) == digest(6)


def test_the_set_covers_every_category_and_symbology() -> None:
    shots = list(degraded_set(per_cell=1))
    assert len(shots) == len(GRID) * len(SYMBOLOGIES)
    assert {s.category for s in shots} >= {"rotation", "blur", "glare", "contrast", "size",
                                            "dark mode", "moiré/noise"}
    assert all(s.image.size == (1280, 720) for s in shots)


def test_clean_shots_all_decode() -> None:
    clean = [s for s in degraded_set(per_cell=3) if s.category == "clean"]
    assert clean
    for shot in clean:
        assert decode_frame(shot.image, ALL_PASSES).codes == (shot.code,)
