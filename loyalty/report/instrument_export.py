"""The programs section as tables (title, header, rows): for the CSV files of the till and of
central, and for the PDFs. Values are plain (ISO times, plain decimals); labels in ``lang``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from loyalty.report.instruments import InstrumentReport
from loyalty.report.labels import label

Row = tuple[str, ...]
Table = tuple[str, Row, Sequence[Row]]

LINE_FIGURES = ("issued", "issued_units", "stamps", "redeemed", "expired", "refunded",
                "sold_amount", "refund_amount", "outstanding", "outstanding_units")


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    amount = getattr(value, "amount", None)
    return f"{amount:f}" if isinstance(amount, Decimal) else str(value)


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    """``2026-12-07T14:05:09`` in ``zone`` (a naive time is UTC, as stored)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).replace(tzinfo=None).isoformat(timespec="seconds")


def kind_label(kind: str, lang: str) -> str:
    return label(f"kind_{kind}", lang) if kind else ""


def reason_label(reason: str, lang: str) -> str:
    return label(f"conflict_{reason}", lang)


def instrument_tables(report: InstrumentReport, lang: str, tz: ZoneInfo | None = None,
                      *, by_store: bool = True) -> Iterator[Table]:
    """Per program (and store), the funnels, the prepaid liability and the conflicts.
    Conflict times are shown in ``tz`` (UTC when none)."""
    zone = tz or ZoneInfo("UTC")
    head = ("program_id", label("program", lang), label("program_kind", lang))
    figures = tuple(label(k, lang) for k in LINE_FIGURES)
    lines = report.lines if by_store else report.programs
    yield (label("programs", lang),
           (*head, label("store", lang), *figures),
           [(p.program_id, p.name(lang), kind_label(p.kind, lang),
             p.store_id or label("all_stores", lang),
             *(_plain(getattr(p, k)) for k in LINE_FIGURES)) for p in lines])
    if report.stamp_funnels:
        yield (label("stamp_funnel", lang),
               (*head[:2], *(label(k, lang) for k, _ in report.stamp_funnels[0].steps())),
               [(f.program_id, f.name_zh if lang.startswith("zh") else f.name_en,
                 *(str(v) for _, v in f.steps())) for f in report.stamp_funnels])
    if report.referral_funnels:
        yield (label("referral_funnel", lang),
               (*head[:2], *(label(k, lang) for k, _ in report.referral_funnels[0].steps())),
               [(f.program_id, f.name_zh if lang.startswith("zh") else f.name_en,
                 *(_plain(v) for _, v in f.steps()))
                for f in report.referral_funnels])
    liability_rows: list[Row] = [
        (x.store_id, x.program_id, x.name_zh if lang.startswith("zh") else x.name_en,
         str(x.cups), _plain(x.unit_price), _plain(x.value)) for x in report.liability]
    if liability_rows:
        liability_rows.append(("", "", label("chain_total", lang) if by_store else "",
                               str(report.liability_cups), "", _plain(report.liability_total)))
    yield (label("prepaid_liability", lang),
           (label("store", lang), "program_id", label("program", lang), label("cups", lang),
            label("unit_price", lang), label("liability", lang)), liability_rows)
    yield (label("conflicts", lang),
           (label("occurred_at", lang), label("store", lang), label("terminal", lang),
            "program_id", label("instrument", lang), "reason", label("reason", lang),
            label("resolved", lang)),
           [(local_time(c.occurred_at, zone), c.store_id, c.terminal_id, c.program_id,
             c.instrument_id, c.reason, reason_label(c.reason, lang), "Y" if c.resolved else "N")
            for c in report.conflicts])


COMPACT_FIGURES = ("issued", "stamps", "redeemed", "expired", "refunded", "outstanding",
                   "outstanding_units")


def compact_tables(report: InstrumentReport, lang: str, tz: ZoneInfo | None = None
                   ) -> Iterator[Table]:
    """The same section for a printed page: names rather than ids, the figures a manager
    reads first, conflicts with short ids (the CSV has everything)."""
    zone = tz or ZoneInfo("UTC")
    zh = lang.startswith("zh")
    yield (label("programs", lang),
           (label("program", lang), label("store", lang),
            *(label(k, lang) for k in COMPACT_FIGURES)),
           [(p.name(lang), p.store_id, *(_plain(getattr(p, k)) for k in COMPACT_FIGURES))
            for p in report.lines])
    funnels: list[Row] = [
        (f.name_zh if zh else f.name_en, *(f"{label(k, lang)} {v:,}" for k, v in f.steps()))
        for f in report.stamp_funnels]
    funnels += [
        (f.name_zh if zh else f.name_en, *(f"{label(k, lang)} {v:,}" for k, v in f.steps()))
        for f in report.referral_funnels]
    if funnels:
        width = max(len(r) for r in funnels)
        yield (f"{label('stamp_funnel', lang)} · {label('referral_funnel', lang)}",
               (label("program", lang), *("→" for _ in range(width - 1))),
               [(*r, *("" for _ in range(width - len(r)))) for r in funnels])
    tables = list(instrument_tables(report, lang, zone))
    yield next(t for t in tables if t[0] == label("prepaid_liability", lang))
    yield (label("conflicts", lang),
           (label("occurred_at", lang), label("store", lang), label("terminal", lang),
            label("program", lang), label("instrument", lang), label("reason", lang),
            label("resolved", lang)),
           [(local_time(c.occurred_at, zone)[:16].replace("T", " "), c.store_id,
             short_id(c.terminal_id), c.program_id, short_id(c.instrument_id),
             reason_label(c.reason, lang), "Y" if c.resolved else "")
            for c in report.conflicts])


def short_id(ident: str) -> str:
    """An id as a table shows it: its last 12 characters (ids are time-ordered UUIDs, so
    their beginnings are alike and their ends tell them apart)."""
    return ident[-12:]
