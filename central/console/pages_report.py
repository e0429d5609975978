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
from central.console import audit, report
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

router = APIRouter()
Reader = Annotated[Viewer, Depends(need("reports.view"))]
StoreQuery = Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9_.-]*$")]
CHART_W, CHART_H = 720, 180


def _range(request: Request, first: date | None, last: date | None) -> tuple[date, date]:
    today = now().astimezone(chain_zone(request)).date()
    last = last or today
    # A week by default: the report runs reporting.daily per store and day (see the docs).
    return first or last - timedelta(days=6), last


@router.get("/report")
def report_page(request: Request, viewer: Reader, first: date | None = None,
                last: date | None = None, store: StoreQuery = "") -> Response:
    """Totals per store, the chain's points by day, tier mix and liability."""
    first, last = _range(request, first, last)
    zh = language(request) == "zh_TW"
    with read_session(engine_of(request)) as session:
        stores = list(session.scalars(select(Store).order_by(Store.id)))
        tiers = {t.code: t.name_zh if zh else t.name_en for t in current_rules(session).tiers}
        try:
            built = report.build(session, first, last, store or None,
                                 ReportCache(engine_of(request)))
        except report.RangeError as exc:
            return render(request, viewer, "report.html", 422, title="report_title",
                          stores=stores, first=first, last=last, store=store, data=None,
                          problem=exc.code, bars=[], chart=(CHART_W, CHART_H), tiers=tiers)
    return render(request, viewer, "report.html", title="report_title", stores=stores,
                  first=first, last=last, store=store, data=built, problem=None,
                  bars=_bars(built), chart=(CHART_W, CHART_H), tiers=tiers)


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


@router.get("/report.csv")
def report_csv(request: Request, viewer: Reader, first: date | None = None,
               last: date | None = None, store: StoreQuery = "") -> Response:
    """The day-by-store rows as a CSV download (audited)."""
    first, last = _range(request, first, last)

    def work(session: Session) -> str | None:
        try:
            built = report.build(session, first, last, store or None,
                                 ReportCache(engine_of(request)))
        except report.RangeError:
            return None
        audit.record(session, actor(viewer, request), "report_exported", store or "chain",
                     first=first.isoformat(), last=last.isoformat())
        return report.to_csv(built)

    body = run_transaction(engine_of(request), work)
    if body is None:
        return Response("invalid range", status_code=422, headers=SECURITY_HEADERS)
    name = f"regulars-report-{store or 'chain'}-{first}-{last}.csv"
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})
