"""Write PNG previews of every sample slip at 58 and 80 mm.

Usage: ``python -m printing.preview_cli --out tests/artifacts/slips``
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from printing.preview import render_preview_png
from printing.samples import sample_documents

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    """Render the previews; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("tests/artifacts/slips"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, document in sample_documents().items():
        for width in (58, 80):
            path = args.out / f"{name}_{width}mm.png"
            path.write_bytes(render_preview_png(document, width))
            log.info("wrote %s", path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
