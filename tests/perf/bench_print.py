"""Bytes per slip (Big5 text vs raster), render time, and print-call latency.

Run: ``.venv/bin/python tests/perf/bench_print.py``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from printing import PrinterProfile, PrintQueue, TextMode
from printing.escpos_render import render_escpos
from printing.samples import sample_documents
from tests.helpers.printer_server import printer_server


def slip_sizes() -> None:
    print(f"{'slip':12} {'paper':>5} {'hybrid B':>9} {'raster B':>9} {'render ms':>10}")
    for name, doc in sample_documents().items():
        for paper in (58, 80):
            text = PrinterProfile(paper_mm=paper)
            raster = PrinterProfile(paper_mm=paper, text_mode=TextMode.RASTER)
            start = time.perf_counter()
            raster_len = len(render_escpos(doc, raster))
            ms = (time.perf_counter() - start) * 1000
            print(f"{name:12} {paper:>5} {len(render_escpos(doc, text)):>9} "
                  f"{raster_len:>9} {ms:>10.1f}")


def submit_latency() -> None:
    doc = sample_documents()["award"]
    with printer_server("silent") as server, tempfile.TemporaryDirectory() as tmp:
        profile = PrinterProfile(host="127.0.0.1", port=server.port, status_timeout_s=0.2)
        queue = PrintQueue(Path(tmp) / "jobs.sqlite3", profile)
        timings = []
        for _ in range(200):
            start = time.perf_counter()
            queue.submit(doc)
            timings.append((time.perf_counter() - start) * 1000)
        queue.close(timeout=1)
    print(f"submit() with a hung printer: median {statistics.median(timings):.2f} ms, "
          f"p99 {sorted(timings)[197]:.2f} ms, max {max(timings):.2f} ms")


if __name__ == "__main__":
    slip_sizes()
    submit_latency()
