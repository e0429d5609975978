"""What the counter's report pages ask of the store, without Qt: the figures, the store's
name, the member segments and the audited campaign export. The pages call these (the figures
and segments on a worker thread); no widget opens a transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from loyalty.report import MemberReport
from loyalty.report.export import write_report_csv
from loyalty.rules import Rules
from loyalty.store.cashiers import Cashier
from loyalty.store.engine import reader
from loyalty.store.keyvalue import get_setting
from loyalty.store.report.report import daily_report
from loyalty.store.report.segments import (
    SegmentFilter,
    SegmentMember,
    export_consented,
    find_segment,
)
from loyalty.store.service import CounterService


class ReportService:
    """The report's store operations for one counter's :class:`CounterService`."""

    def __init__(self, service: CounterService) -> None:
        self.service = service

    def rules(self) -> Rules:
        return self.service.rules()

    def today(self) -> date:
        """The store's local date."""
        return self.service.now().astimezone(self.service.ctx.tz).date()

    def store_name(self) -> str:
        """The store's name as the header shows it (its id when none was set)."""
        with self.service.read_engine.connect() as conn:
            name = get_setting(conn, "store_name", "")
        return str(name or self.service.ctx.store_id)

    def compute(self, start: date, end: date, today: date) -> MemberReport:
        """The report for local days ``start``..``end`` (safe on a worker thread)."""
        ctx = self.service.ctx
        with reader(self.service.engine).begin() as conn:
            return daily_report(conn, ctx.store_id, start, end, ctx.tz_name, self.rules(),
                                today)

    def export_csv(self, report: MemberReport, path: Path, lang: str) -> None:
        """Write ``report`` as the manager's CSV file (labels in ``lang``)."""
        write_report_csv(report, path, lang, self.rules())

    def find_segment(self, wanted: SegmentFilter, today: date) -> list[SegmentMember]:
        """The store's members matching ``wanted`` (safe on a worker thread)."""
        ctx = self.service.ctx
        with reader(self.service.engine).begin() as conn:
            return find_segment(conn, ctx.store_id, wanted, today, ctx.tz_name, self.rules())

    def export_consented(self, cashier: Cashier, members: Iterable[SegmentMember],
                         path: Path, description: str) -> int:
        """Write the consented members (full phones) and audit it; returns the count."""
        ctx = self.service.ctx.signed_in(cashier.id, cashier.role)
        with self.service.engine.begin() as conn:
            return export_consented(conn, ctx, members, path, self.service.now(), description)
