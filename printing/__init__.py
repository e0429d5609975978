"""Receipt printing for the counter: documents, ESC/POS, previews and a print queue. No Qt.

Public API (what ``desktop/`` calls)
====================================

Building slips (pure; inputs in :mod:`printing.slip_data`)::

    from printing import (StoreInfo, SaleRef, MemberRef, AwardSlip, RedemptionSlip,
                          WelcomeSlip, MemberCardSlip, DailySummarySlip,
                          build_award, build_redemption, build_welcome, build_member_card,
                          build_daily_summary)
    doc = build_award(AwardSlip(store=..., sale=SaleRef(receipt_no, terminal, cashier,
                      at=utc_datetime), member=MemberRef(name, phone_e164, code, tier_name),
                      sale_amount=Money(...), points_earned=128, balance=3456, ...))

``Document`` (:mod:`printing.document`) is the slip: blocks ``Text``, ``Pair``, ``Rule``,
``Barcode`` (CODE128), ``QrCode``, ``Feed``; ``doc.as_copy()`` marks a reprint 副本 COPY;
``to_json()``/``from_json()``. Phones are masked and times shown in the store's zone by the
builders.

Preview (same layout as paper; one pixel = one printer dot)::

    png: bytes = render_preview_png(doc, 80)          # or 58; QPixmap.loadFromData(png)
    image = render_preview(doc, profile)              # PIL image, the profile's paper/glyphs

Printer settings: ``PrinterProfile`` (frozen dataclass; ``to_dict``/``from_dict`` for the
settings store). Fields: ``kind`` (``PrinterKind.NETWORK/USB/SERIAL/FILE``), ``host``,
``port`` (9100), ``device`` (serial port or file path), ``baudrate``, ``usb_vendor_id``,
``usb_product_id``, ``paper_mm`` (58/80), ``text_mode`` (``TextMode.HYBRID`` default: the
printer's Chinese mode, lines it cannot print rastered; ``TextMode.RASTER``: the whole slip
as an image), ``charset`` (``Charset.BIG5`` Taiwan, ``BIG5_HKSCS`` Hong Kong, ``GB18030``),
``font_region`` (TC/HK), ``model`` (python-escpos profile name, list: ``model_names()``),
``columns`` override, ``timeout_s``, ``status_timeout_s``, ``require_status``, ``cut``.
``profile.paper`` gives dots and columns (32 at 58 mm; 48, or 42 on 512-dot models, at 80).

Test print (blocking, a few seconds at most: run it off the GUI thread)::

    test_print(profile)   # raises PrinterError(str(err) = cashier message, err.fault)

Print queue (never blocks the caller; jobs persist in SQLite)::

    queue = PrintQueue(data_dir / "print-jobs.sqlite3", lambda: current_profile(),
                       resume_within=timedelta(minutes=10))   # optional, see below
    unsubscribe = queue.subscribe(on_event)   # JobEvent(job_id, title, status, message);
                                              # called on the worker thread: re-emit as a
                                              # Qt signal to reach the GUI thread
    job_id = queue.submit(doc)                # returns in about a millisecond
    queue.retry(job_id)                       # "Reprint" on a FAILED job
    queue.reprint_last()                      # copy of the last printed receipt, or None
    queue.jobs(50); queue.unprinted(); queue.job(job_id)    # PrintJob rows for lists
    queue.close()

``JobStatus``: QUEUED → PRINTING → PRINTED, or FAILED with a plain message (printer off or
unreachable, not answering, stopped mid-slip, out of paper, cover open, error), waiting for
Reprint. Without ``resume_within`` nothing is retried behind the cashier's back: a slip
that prints an hour later, after the customer left, is worse than a Reprint button. With
it (the counter uses 10 minutes, and says the slip is waiting), a job the printer refused
(off, out of paper, cover open...) made within that time prints by itself once the idle
worker's status probe (``transport.probe``: connect and ``DLE EOT``, nothing printed) finds
the printer ready; the waiting jobs' messages follow the printer's current fault. After a
restart, jobs caught mid-print (``jobs.INTERRUPTED``) or queued over 10 minutes earlier
wait as FAILED for Reprint.

Chinese strategy (see :mod:`printing.escpos_render`): python-escpos sends hanzi as GB18030
without entering Chinese mode, garbage on Taiwanese Big5 printers. In HYBRID mode we send
``FS &`` and encode each line ourselves; a line with any character the printer's charset
lacks (堃 in Big5, 𠮷 anywhere) is rastered on the same column grid. RASTER mode prints the
whole slip as an image with Noto Sans Mono CJK: works on any printer, ~20x the bytes
(measured, ``tests/perf/bench_print.py``: an all-Big5 daily summary 1.1 KB as text vs 58 KB
raster at 58 mm; an award slip with one rastered name line 2.3 KB vs 41 KB).

PNG previews of every slip: ``python -m printing.preview_cli --out tests/artifacts/slips``.
"""

from printing import _env  # noqa: F401  (must run before anything imports escpos)
from printing.document import Align, Barcode, Document, Feed, Pair, QrCode, Rule, Text
from printing.encoding import Charset
from printing.jobs import JobStatus, PrintJob
from printing.preview import render_preview, render_preview_png
from printing.print_queue import JobEvent, PrintQueue
from printing.profile import FontRegion, PrinterKind, PrinterProfile, TextMode, model_names
from printing.slip_data import (
    AwardSlip,
    DailySummarySlip,
    MemberCardSlip,
    MemberRef,
    RedemptionSlip,
    SaleRef,
    StoreInfo,
    WelcomeSlip,
)
from printing.slips import (
    build_award,
    build_daily_summary,
    build_member_card,
    build_redemption,
    build_welcome,
)
from printing.testprint import test_print
from printing.transport import PrinterError, PrinterFault

__all__ = [
    "Align", "AwardSlip", "Barcode", "Charset", "DailySummarySlip", "Document", "Feed",
    "FontRegion", "JobEvent", "JobStatus", "MemberCardSlip", "MemberRef", "Pair", "PrintJob",
    "PrintQueue", "PrinterError", "PrinterFault", "PrinterKind", "PrinterProfile", "QrCode",
    "RedemptionSlip", "Rule", "SaleRef", "StoreInfo", "Text", "TextMode", "WelcomeSlip",
    "build_award", "build_daily_summary", "build_member_card", "build_redemption",
    "build_welcome", "model_names", "render_preview", "render_preview_png", "test_print",
]
