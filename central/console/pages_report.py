"""The chain report page (any range up to :data:`~central.console.report.MAX_DAYS` days, one
store or all, a bar chart drawn as SVG on the server) and its CSV."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.clock import now
from central.console import audit, programs_pdf, programs_view, report
from central.console.i18n import translator
from central.console.sessions import Viewer
from central.console.web import (
    SECURITY_HEADERS,
    actor,
    chain_zone,
    engine_of,
    language,
    need,
    render,
)
from central.db import read_session, run_transaction
from central.models import Store
from central.report_cache import ReportCache
from central.rules_store import current_rules
from loyalty.money import format_money
from loyalty.report.labels import label

router = APIRouter()
Reader = Annotated[Viewer, Depends(need("reports.view"))]
StoreQuery = Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9_.-]*$")]
CHART_W, CHART_H = 720, 180


def _today(request: Request) -> date:
    return now().astimezone(chain_zone(request)).date()


def _range(request: Request, first: date | None, last: date | None) -> tuple[date, date]:
    last = last or _today(request)
    # A week by default: the report runs reporting.daily per store and day (see the docs).
    return first or last - timedelta(days=6), last


def build_report(request: Request, session: Session, first: date, last: date,
                 store: str) -> report.ChainReport:
    """The chain report the console shows for ``store`` (all when blank), cached days used."""
    return report.build(session, first, last, store or None, current_rules(session),
                        _today(request), chain_zone(request).key,
                        ReportCache(engine_of(request)))


@router.get("/report")
def report_page(request: Request, viewer: Reader, first: date | None = None,
                last: date | None = None, store: StoreQuery = "") -> Response:
    """Totals per store, the chain's points by day, tier mix and liability."""
    return show_report(request, viewer, first, last, store)


def show_report(request: Request, viewer: Viewer, first: date | None, last: date | None,
                store: str, problem: str | None = None, status: int = 200) -> Response:
    """The report page (``problem``: a message id to show over it, with ``status``)."""
    first, last = _range(request, first, last)
    zh = language(request) == "zh_TW"
    with read_session(engine_of(request)) as session:
        stores = list(session.scalars(select(Store).order_by(Store.id)))
        tiers = {t.code: t.name_zh if zh else t.name_en for t in current_rules(session).tiers}
        try:
            built = build_report(request, session, first, last, store)
        except report.RangeError as exc:
            return render(request, viewer, "report.html", 422, title="report_title",
                          stores=stores, first=first, last=last, store=store, data=None,
                          problem=exc.code, bars=[], chart=(CHART_W, CHART_H), tiers=tiers)
    lang = "zh" if zh else "en"
    return render(request, viewer, "report.html", status, title="report_title", stores=stores,
                  first=first, last=last, store=store, data=built, problem=problem,
                  bars=_bars(built), chart=(CHART_W, CHART_H), tiers=tiers,
                  programs=programs_view.view(built.programs, lang, CHART_W, CHART_H),
                  label=lambda key: label(key, lang), format_money=format_money)


def _bars(data: report.ChainReport) -> list[dict[str, float | str | int]]:
    """Bar geometry: issued (up) and redeemed (beside it) per day, scaled to the tallest."""
    if not data.bars:
        return []
    top = max(max(b.issued, b.redeemed) for b in data.bars) or 1
    step = CHART_W / len(data.bars)
    width = max(1.0, step / 2 - 1)
    out: list[dict[str, float | str | int]] = []
    for i, bar in enumerate(data.bars):
        for k, value in enumerate((bar.issued, bar.redeemed)):
            height = (CHART_H - 20) * value / top
            out.append({"x": round(i * step + k * width, 1), "y": round(CHART_H - height, 1),
                        "w": round(width, 1), "h": round(height, 1), "kind": k,
                        "label": f"{bar.day.isoformat()}: {value}"})
    return out


EXPORTS: dict[str, tuple[str, str]] = {  # what → (file suffix, media type)
    "days": ("csv", "text/csv; charset=utf-8"),
    "programs": ("programs.csv", "text/csv; charset=utf-8"),
    "programs-pdf": ("programs.pdf", "application/pdf"),
}


def _export(request: Request, viewer: Viewer, first: date | None, last: date | None,
            store: str, what: str) -> Response:
    """Build the report and hand it over as a file (audited, with what was taken)."""
    first, last = _range(request, first, last)
    lang = language(request)
    t = translator(lang)

    def work(session: Session) -> str | bytes | None:
        try:
            built = build_report(request, session, first, last, store)
        except report.RangeError:
            return None
        audit.record(session, actor(viewer, request), "report_exported", store or "chain",
                     first=first.isoformat(), last=last.isoformat(), file=what)
        if what == "programs":
            return report.programs_csv(built, "zh" if lang == "zh_TW" else "en")
        if what == "programs-pdf":
            return programs_pdf.render(built, lang, t, store)
        return report.to_csv(built)

    body = run_transaction(engine_of(request), work)
    if body is None:
        return Response("invalid range", status_code=422, headers=SECURITY_HEADERS)
    suffix, media = EXPORTS[what]
    name = f"regulars-report-{store or 'chain'}-{first}-{last}.{suffix}"
    return Response(body, media_type=media, headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/report.csv")
def report_csv(request: Request, viewer: Reader, first: date | None = None,
               last: date | None = None, store: StoreQuery = "") -> Response:
    """The day-by-store rows as a CSV download (audited)."""
    return _export(request, viewer, first, last, store, "days")


@router.get("/report-programs.csv")
def report_programs_csv(request: Request, viewer: Reader, first: date | None = None,
                        last: date | None = None, store: StoreQuery = "") -> Response:
    """The programs section (instruments per program and store, funnels, prepaid
    liability, conflicts) as CSV tables (audited)."""
    return _export(request, viewer, first, last, store, "programs")


@router.get("/report-programs.pdf")
def report_programs_pdf(request: Request, viewer: Reader, first: date | None = None,
                        last: date | None = None, store: StoreQuery = "") -> Response:
    """The totals per store and the programs section, with their charts, as a PDF
    (audited); the member analysis PDF is ``/console/report.pdf``."""
    return _export(request, viewer, first, last, store, "programs-pdf")
