"""Beside the chain report: the member analysis page (NAPL, RFM, 80/20 for the same range
and store), the consented-only export of one segment's members (marketing and admin; POST
with the CSRF token; audited with how many were exported) and the report as PDF (audited).

Kept apart from :mod:`central.console.pages_report` so the report page stays fast (the
analysis reads every purchase since the chain began; on PostgreSQL the page shows it kept,
:mod:`central.console.analysis_kept`) and each page has one job."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.clock import now
from central.console import analysis, analysis_kept, audit, report, report_pdf
from central.console.i18n import translator
from central.console.pages_report import StoreQuery, build_report
from central.console.sessions import Viewer
from central.console.web import (
    SECURITY_HEADERS,
    FormDep,
    actor,
    chain_zone,
    engine_of,
    language,
    need,
    render,
)
from central.db import read_session, run_transaction
from central.models import Store
from central.rules_store import current_rules
from loyalty.report.export import safe_cell
from loyalty.report.labels import label
from loyalty.report.model import NAPL_ORDER
from loyalty.report.periods import Period

router = APIRouter()
Reader = Annotated[Viewer, Depends(need("reports.view"))]
Exporter = Annotated[Viewer, Depends(need("segments.export"))]
STORE = re.compile(r"[A-Za-z0-9_.-]{0,64}")  # as the report page's store query


def _range(request: Request, first: date | None, last: date | None) -> tuple[date, date]:
    """The days asked for; the report page's default (the last 7) when not given."""
    last = last or now().astimezone(chain_zone(request)).date()
    return first or last - timedelta(days=6), last


def _period(request: Request, first: date | None, last: date | None) -> Period:
    first, last = _range(request, first, last)
    report.check_range(first, last)
    return Period(first, last, str(chain_zone(request).key))


def _attachment(body: str | bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media, headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/report/members")
def members_page(request: Request, viewer: Reader, first: date | None = None,
                 last: date | None = None, store: StoreQuery = "") -> Response:
    """NAPL now and at the previous period's end with the flows, RFM segments, 80/20."""
    lang = language(request)
    with read_session(engine_of(request)) as session:
        stores = list(session.scalars(select(Store).order_by(Store.id)))
        try:
            period = _period(request, first, last)
        except report.RangeError as exc:
            f, l_ = _range(request, first, last)
            return render(request, viewer, "report_members.html", 422, title="analysis_title",
                          stores=stores, first=f, last=l_, store=store, data=None,
                          problem=exc.code, label=label, code="", napl=NAPL_ORDER,
                          as_of=None, updating=False, refresh=False)
    data, as_of, updating = analysis_kept.show(engine_of(request), request.app.state.analyses,
                                               period, store or None)
    return render(request, viewer, "report_members.html", title="analysis_title",
                  stores=stores, first=period.start, last=period.end, store=store, data=data,
                  problem=None, label=label, code="zh" if lang == "zh_TW" else "en",
                  napl=NAPL_ORDER, as_of=as_of, updating=updating,
                  refresh=updating and data is None)


@router.post("/report/segment.csv")
def segment_csv(request: Request, viewer: Exporter, form: FormDep) -> Response:
    """The members of one segment who agreed to marketing, as CSV (audited)."""
    segment, store = form.get("segment", ""), form.get("store", "")
    try:
        first, last = date.fromisoformat(form.get("first", "")), date.fromisoformat(
            form.get("last", ""))
        period = _period(request, first, last)
    except (ValueError, report.RangeError):
        return Response("invalid range", status_code=422, headers=SECURITY_HEADERS)
    if not analysis.known_segment(segment) or not STORE.fullmatch(store):
        return Response("unknown segment", status_code=422, headers=SECURITY_HEADERS)

    def work(session: Session) -> str:
        found = analysis.segment_members(session, period, store or None, segment)
        audit.record(session, actor(viewer, request), "segment_exported", segment,
                     store=store or "chain", first=first.isoformat(), last=last.isoformat(),
                     members=len(found))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(("member_code", "name", "phone", "tier", "segment"))
        for m in found:
            # The phone is central's E.164 (digits after a +): a number, not a formula, and
            # left as it is for the texting tool; free text gets the formula guard.
            writer.writerow([safe_cell(m.member_code or ""), safe_cell(m.name or ""),
                             m.phone or "", m.tier, segment])
        return "\ufeff" + out.getvalue()

    body = run_transaction(engine_of(request), work)
    name = f"regulars-{segment}-{store or 'chain'}-{first}-{last}-consented.csv"
    return _attachment(body, "text/csv; charset=utf-8", name)


@router.get("/report.pdf")
def report_pdf_download(request: Request, viewer: Reader, first: date | None = None,
                        last: date | None = None, store: StoreQuery = "") -> Response:
    """The chain report with its member analysis as a PDF (audited)."""
    lang = language(request)
    zh = lang == "zh_TW"
    try:
        period = _period(request, first, last)
    except report.RangeError:
        return Response("invalid range", status_code=422, headers=SECURITY_HEADERS)

    def work(session: Session) -> list[report_pdf.Line]:
        built = build_report(request, session, period.start, period.end, store)
        found = analysis_kept.current(session, period, store or None)
        tiers = {t.code: t.name_zh if zh else t.name_en for t in current_rules(session).tiers}
        audit.record(session, actor(viewer, request), "report_exported", store or "chain",
                     first=period.start.isoformat(), last=period.end.isoformat(), format="pdf")
        scope = store or translator(lang)("report_all_stores")
        return report_pdf.lines(built, found, scope, tiers, translator(lang), lang)

    lines = run_transaction(engine_of(request), work)
    body = report_pdf.render_lines(lines, f"Regulars report {period.start} – {period.end}")
    return _attachment(body, "application/pdf",
                       f"regulars-report-{store or 'chain'}-{period.start}-{period.end}.pdf")
