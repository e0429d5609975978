"""The manager's member report, computed from the local store (no Qt).

    with reader(engine).begin() as conn:
        report = daily_report(conn, "S001", date(2026, 11, 1), date(2026, 11, 30),
                              "Asia/Taipei", rules, today)

Segments for follow-up campaigns are in :mod:`loyalty.store.report.segments`; CSV export in
:mod:`loyalty.report.export`.
"""

from loyalty.report.model import (
    NAPL_ORDER,
    Activity,
    Base,
    DayPoint,
    MemberReport,
    Napl,
    TopMember,
    change,
    share,
)
from loyalty.report.periods import Period

__all__ = ["NAPL_ORDER", "Activity", "Base", "DayPoint", "MemberReport", "Napl", "Period",
           "TopMember", "change", "share"]
