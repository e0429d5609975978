"""Qt Multimedia's harmless start-up and software-rendering warnings on a headless machine
(no VA-API or PipeWire libraries, no GPU): ignored by the camera tests, which otherwise fail
on any Qt warning."""

from __future__ import annotations

import pytest

MEDIA_NOISE = (
    r"Couldn't (load|resolve) .* (library|symbols)",
    r"No RHI backend",
    r"No HW decoder found",
)
ignore_media_noise = pytest.mark.qt_log_ignore(*MEDIA_NOISE)
