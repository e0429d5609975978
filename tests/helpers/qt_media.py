"""Qt Multimedia's harmless start-up and software-rendering warnings on a headless machine
(no VA-API or PipeWire libraries, no GPU). Whichever test first touches multimedia in a
worker gets them, so they are ignored everywhere: by pytest-qt (``qt_log_ignore`` in
pyproject.toml, the same patterns) and by tests/conftest.py's log check."""

from __future__ import annotations

MEDIA_NOISE = (
    r"Couldn't (load|resolve) .* (library|symbols)",
    r"No RHI backend",
    r"No HW decoder found",
)
