"""The manager's member report screen: ``ReportWindow(service, cashier)``.

A non-manager gets :class:`loyalty.errors.NotPermitted` from the constructor; the counter's
manager-only action catches nothing and simply opens it.
"""

from desktop.report.segments_view import SegmentsView
from desktop.report.window import ReportWindow, figure

__all__ = ["ReportWindow", "SegmentsView", "figure"]
