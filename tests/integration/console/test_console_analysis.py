"""The member analysis beside the chain report, its consented-only segment export and the
report as PDF, against the real central: members who bought through a till's push show in
NAPL and RFM; marketing exports only the members who agreed to marketing, each export is in
the audit log with its count; store operations cannot export; the PDF is a PDF and audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account


def test_segments_are_counted_and_only_consented_members_exported(
        central: CentralServer) -> None:
    reg = central.new_terminal()
    consent_at = datetime.now(UTC).isoformat()
    with central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        mei = term.enroll("+886912345678", name="陳美玲", marketing_consent=True,
                          consent_at=consent_at)
        wang = term.enroll("+886922333444", name="=HYPERLINK(1)", marketing_consent=True,
                           consent_at=consent_at)
        lin = term.enroll("+886933444555", name="林志明", marketing_consent=False,
                          consent_at=consent_at)
        ids = [op["payload"]["member_id"] for op in (mei, wang, lin)]
        term.push_ok(mei, wang, lin, *(term.entry(m, 100) for m in ids),
                     term.entry(ids[0], 500))
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Taipei")).date()
    days = f"first={today - timedelta(days=6)}&last={today}"
    add_account(central, "mk", "marketing")
    add_account(central, "ops", "store_ops")
    with ConsoleBrowser(central).signed_in_as("mk") as browser:
        report = browser.get(f"/console/report?{days}")
        assert 'id="report-analysis"' in report.text and 'id="report-pdf"' in report.text
        page = browser.get(f"/console/report/members?{days}")
        assert page.status_code == 200
        new_row = page.text.split('data-napl="N"')[1].split("</tr>")[0]
        assert '<td class="num">3</td>' in new_row  # three first-time buyers this week
        assert "RFM segments of the period&#39;s 3 buyers" in page.text
        assert "Export consented (CSV)" in page.text
        exported = browser.post("/console/report/segment.csv", segment="napl_N",
                                first=str(today - timedelta(days=6)), last=str(today),
                                store="")
        assert exported.status_code == 200
        assert exported.headers["content-disposition"].startswith("attachment;")
        rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
        assert sorted(r["phone"] for r in rows) == ["+886912345678", "+886922333444"]
        assert "'=HYPERLINK(1)" in {r["name"] for r in rows}  # never a formula
        refused = browser.post("/console/report/segment.csv", csrf="", segment="napl_N",
                               first=str(today), last=str(today), store="")
        assert refused.status_code == 403
        assert browser.post("/console/report/segment.csv", segment="rfm_nobody",
                            first=str(today), last=str(today), store="").status_code == 422
        pdf = browser.get(f"/console/report.pdf?{days}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["content-type"] == "application/pdf"
    with ConsoleBrowser(central).signed_in_as("ops") as browser:
        page = browser.get(f"/console/report/members?{days}")
        assert page.status_code == 200 and "Export consented" not in page.text
        denied = browser.post("/console/report/segment.csv", segment="napl_N",
                              first=str(today), last=str(today), store="")
        assert denied.status_code == 403
    add_account(central, "aud", "auditor")
    with ConsoleBrowser(central).signed_in_as("aud") as browser:
        log = browser.get("/console/audit").text
    assert log.count("exported a segment&#39;s consented members") == 1
    assert "downloaded a report" in log
