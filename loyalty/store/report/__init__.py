"""The manager's member report computed from the till's store (SQL over its tables).

    with reader(engine).begin() as conn:
        report = daily_report(conn, "S001", date(2026, 11, 1), date(2026, 11, 30),
                              "Asia/Taipei", rules, today)

The report's shapes, periods, labels and CSV export are pure and live in
:mod:`loyalty.report`; segments for follow-up campaigns are in
:mod:`loyalty.store.report.segments`; the counter's use cases in
:mod:`loyalty.store.report.service`.
"""
