"""A PNG of every slip beside the printer (the demo's file printer: slips to look at).

Rendering takes a few tens of milliseconds, so it runs on a thread of its own; the newest
:data:`KEEP` images are kept.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from printing.document import Document
from printing.preview import render_preview
from printing.profile import PrinterProfile

log = logging.getLogger(__name__)
KEEP = 50
PNG_DIR_SETTING = "printer.png_dir"  # a counter setting: where the copies go (the demo)


class PngCopies:
    """Writes ``slip-<local time>.png`` into ``folder`` for each slip submitted."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slip-png")

    def save(self, document: Document, profile: PrinterProfile) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]
        self._pool.submit(self._write, document, profile, self.folder / f"slip-{stamp}.png")

    def _write(self, document: Document, profile: PrinterProfile, path: Path) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            render_preview(document, profile).save(path)
            for old in sorted(self.folder.glob("slip-*.png"))[:-KEEP]:
                old.unlink(missing_ok=True)
        except Exception:  # a copy to look at must never disturb printing
            log.exception("slip PNG not written")

    def close(self) -> None:
        self._pool.shutdown(wait=True)
